//! ETSI over-the-air security for SMS (SCP80) and what carries it: the secured command
//! packet and its Proof of Receipt (ETSI TS 102 225, 3GPP TS 31.115), the remote command
//! scripts inside (ETSI TS 102 226), the SMS TPDUs and their concatenation (3GPP TS 23.040)
//! and the SMS-PP data download envelope (3GPP TS 31.111).
//!
//! A pure library: no I/O. The SM-SR secures commands with [`secure`] and checks the answer
//! with [`open_por`]; the eUICC opens commands with [`open`], checks the counter with
//! [`check_counter`] and answers with [`secure_por`].
//!
//! ```
//! use ota::command::ApplicationKeys;
//! use ota::spi::MinimumSecurityLevel;
//! use ota::{Algorithm, CommandHeader, Counter, KeySet, PorStatus, SecretKey, Spi};
//!
//! let key = |b: u8| SecretKey::new(Algorithm::Aes, &[b; 16]).expect("AES-128");
//! let keys = KeySet::new(1, key(1), key(2)).expect("KVN 1");
//! let isd_r = [0x00, 0x00, 0x01];
//!
//! // SM-SR: secure a command script for the ISD-R with the SGP.02 SPI.
//! let header = CommandHeader::for_keys(Spi::SGP02_ES5, &keys, isd_r);
//! let sent = Counter::new(1).expect("counter");
//! let packet = ota::secure(&header, sent, &keys, b"\xAA\x00").expect("secured");
//!
//! // eUICC: open it, check and store the counter, answer with a PoR.
//! let card = ApplicationKeys {
//!     tar: isd_r,
//!     security_level: MinimumSecurityLevel(0x16),
//!     key_sets: vec![keys.clone()],
//! };
//! let opened = ota::open(&packet, &card).expect("authentic");
//! ota::check_counter(opened.header.spi.counter_mode(), Counter::ZERO, opened.counter)
//!     .expect("fresh");
//! let por = ota::secure_por(&opened.header, opened.counter, PorStatus::Ok, Some(&keys), b"")
//!     .expect("PoR");
//!
//! // SM-SR: check the PoR.
//! let answer = ota::open_por(&por, &header, sent, &keys).expect("authentic PoR");
//! assert_eq!(answer.status, PorStatus::Ok);
//! ```
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
