//! ETSI over-the-air security for SMS (SCP80) and what carries it: the secured command
//! packet and its Proof of Receipt (ETSI TS 102 225, 3GPP TS 31.115), the remote command
//! scripts inside (ETSI TS 102 226), the SMS TPDUs and their concatenation (3GPP TS 23.040)
//! and the SMS-PP data download envelope (3GPP TS 31.111).
//!
//! A pure library: no I/O. The SM-SR secures commands with [`secure`] and checks the answer
//! with [`open_por`]; the eUICC opens commands with [`open`], checks the counter with
//! [`check_counter`] and answers with [`secure_por`].
#![forbid(unsafe_code)]

pub mod command;
mod counter;
mod crypto;
pub mod envelope;
pub mod keys;
pub mod por;
pub mod script;
mod secured;
pub mod sms;
pub mod spi;
mod wire;

pub use command::{
    CommandHeader, KeyStore, OpenError, OpenedCommand, SecureError, Tar, open, secure,
};
pub use counter::{Counter, check_counter};
pub use keys::{Algorithm, KeyIdentifier, KeySet, SecretKey};
pub use por::{OpenedPor, PorError, PorStatus, open_por, secure_por};
pub use spi::Spi;
