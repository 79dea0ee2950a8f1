//! GlobalPlatform SCP03 and SGP.02's SCP03t.
#![forbid(unsafe_code)]

pub mod apdu;
pub mod card;
mod channel;
mod crypto;
mod error;
pub mod host;
pub mod initialize_update;
pub mod kdf;
pub mod key_establishment;
mod protect;
pub mod scp03t;
pub mod security;
pub mod session_keys;

pub use crypto::AesKey;
pub use error::Scp03Error;
pub use protect::Framing;
