//! GlobalPlatform SCP03 (Card Specification v2.3 Amendment D v1.1/v1.2) on both sides, the
//! SCP03t transport of SGP.02 4.1.3.3, and the off-card side of the ISD-P key establishment
//! (SGP.02 ES8, GP Amendment E Scenario #3). A pure library: no I/O, no randomness (the
//! caller supplies challenges and one-time keys), no panics on any input.
//!
//! # The handshake (Amd D 7.1.1, 7.1.2)
//!
//! ```text
//! host                                                   card (Security Domain)
//!  80 50 KVN 00 08 | host challenge (8) | 00  ─────────▶  INITIALIZE UPDATE
//!                                                        card challenge: random, or
//!                                                        KDF(K-ENC, 02, seq counter | AID)
//!  ◀──── div. data (10) | KVN | 03 | i | card challenge (8) | card cryptogram (8)
//!        | [seq counter (3)] | 90 00
//!  session keys (6.2.1), context = host challenge | card challenge:
//!    S-ENC  = KDF(K-ENC, 04)   S-MAC = KDF(K-MAC, 06)   S-RMAC = KDF(K-MAC, 07)
//!    card cryptogram = KDF(S-MAC, 00, 64 bits)   host cryptogram = KDF(S-MAC, 01, 64 bits)
//!  KDF (4.1.5) = AES-CMAC(key, 00×11 | const | 00 | L (2) | i (1) | context)
//!  84 82 level 00 10 | host cryptogram (8) | C-MAC (8) ─▶  EXTERNAL AUTHENTICATE
//!  ◀──── 90 00                                           (chaining value 00×16 for its MAC)
//! ```
//!
//! # One wrapped command and its response (Amd D 6.2.4–6.2.7)
//!
//! ```text
//!  84 INS P1 P2 Lc' | AES-CBC(S-ENC, ICV, data | 80 00…) | C-MAC (8) | [Le]
//!    ICV   = AES(S-ENC, counter (16)), the counter from 1, one step per command
//!    C-MAC = CMAC(S-MAC, chaining value | 84 INS P1 P2 Lc' | data')   (chains on)
//!  ◀──── AES-CBC(S-ENC, ICV', data | 80 00…) | R-MAC (8) | SW
//!    ICV'  = AES(S-ENC, 80 | counter's last 15 octets)
//!    R-MAC = CMAC(S-RMAC, chaining value | data' | SW); none on an error SW
//! ```
//!
//! # SCP03t TLVs (SGP.02 4.1.3.3; layouts \[unconfirmed\], from the lab's SGP.02 map 5.4)
//!
//! ```text
//!  84 0A KVN | key id | host challenge        ◀─ 84 L <INITIALIZE UPDATE response data>
//!  85 11 level 33 | host cryptogram | C-MAC   ◀─ 85 08 R-MAC
//!  86 L  AES-CBC(segment | 80 00…) | C-MAC    ◀─ 86 L [data'] | R-MAC
//!                                             ◀─ 9F 84|85|86 02 SW1 SW2   (refusal)
//!  C-MAC over chaining value | tag | BER length | value without the MAC
//! ```
//!
//! [`host`] and [`card`] hold the two sides of an APDU session, [`scp03t`] the TLV
//! transport, [`key_establishment`] the SM-DP's ECKA, KDF and receipt check.
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
