//! Protocol core of rsp-lab.
//!
//! Wire types and codecs for GSMA SGP.22 v2.5 (consumer RSP) and SGP.32 v1.2 (IoT RSP), the
//! JSON bindings of ES9+/ES2+/ESipa, identifiers, the cryptography of a profile download
//! (ECDSA, ECKA, KDF, BSP) and TCA profile packages. No role logic lives here: the SM-DP+,
//! the eIM and the eUICC are built on top of this crate and meet on the wire.

#![forbid(unsafe_code)]
// Public items of this crate still lack documentation; the workspace's `missing_docs`
// applies once they have it and this line is gone.
#![allow(missing_docs)]

// Lets the derive macro name `::proto::der` from inside this crate as well.
extern crate self as proto;

pub mod asn1_type;
pub mod bpp;
pub mod crypto;
pub use proto_der::der;
pub mod ids;
pub mod json;
pub mod registry;
pub mod saip;
pub mod sgp22;
pub mod sgp32;
