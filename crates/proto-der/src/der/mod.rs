//! A small DER codec (ITU-T X.690) shaped for the GSMA modules.
//!
//! Why not a general ASN.1 crate: SGP.22 and SGP.32 modules are `EXTENSIBILITY IMPLIED`, so a
//! decoder must skip unknown trailing components that newer peers send; signatures are
//! checked over received octets, so signed components keep their raw TLV ([`Preserved`]);
//! and a tester needs errors that name the byte offset and the component. Types are plain
//! Rust structs and enums with `#[derive(Asn1)]`.
//!
//! Derive attributes (`#[asn1(...)]`):
//! - type level: `tag = N` (context), `tag = "application N"`, `"universal N"`, `"private N"`;
//!   `explicit` (the type-level tag is EXPLICIT); `extensible` (skip unknown trailing
//!   components); `automatic` (AUTOMATIC TAGS: component i gets `[i]`); `choice`;
//!   `enumerated`; `integer` (INTEGER with named numbers); `name = "SpecName"`.
//! - component level: `tag = ...`, `explicit`, `default = "expr"`, `name = "asn1Name"`;
//!   `Option<T>` components are OPTIONAL. A `default` component is left out when it holds
//!   its default, and refused when received with it (X.690 11.5).
//!
//! Strict DER (ITU-T X.690 clauses 10 and 11): the reader refuses tag numbers below 31 in
//! the long form and leading zero tag groups, the indefinite length, lengths not in the
//! fewest octets; the types refuse constructed strings, BOOLEAN TRUE other than `FF`,
//! INTEGERs with a redundant first octet, BIT STRING padding bits set, DEFAULT values
//! encoded and SET OF elements out of order. Each refusal is
//! [`DecodeErrorKind::NotDer`] with the [`DerRule`] and the offset of the offending TLV (of
//! the length octets for lengths). One exception can be chosen per decode,
//! [`Asn1::from_der_with`] with a [`Leniency`]: a DEFAULT value encoded, for values no
//! signature covers that the receiver only displays, relays or stores by meaning (the
//! LPA's and the eUICC's profile metadata, SGP.22 5.6.3 and 5.5.3). Profile packages (TCA PEDefinitions) model their
//! DEFAULT components as OPTIONAL instead, keeping an encoded default as received: packages
//! in the field spell defaults out (see `saip::file`).
//! - enumeration variants: `value = N` (or a discriminant); `other` marks a catch-all
//!   `Variant(i64)` for unnamed values.

mod asn1;
mod error;
#[cfg(fuzzing)]
#[doc(hidden)]
pub mod fuzzing;
mod reader;
pub mod types;

pub use asn1::{
    Asn1, component_accepts, component_expected, decode_component, encode_component,
    refuse_default, sequence_missing, tag_for, unexpected_tag,
};
pub use error::{DecodeError, DecodeErrorKind, DecodeResult, DerRule};
pub use proto_derive::Asn1;
pub use reader::{
    Leniency, MAX_DEPTH, Reader, Tlv, encode_length, header, write_constructed, write_tlv,
};
pub use tag::{Class, Tag};
pub use types::*;

/// JSON value and map types used by generated `to_json` code.
pub use serde_json::{Map as JsonMap, Value as JsonValue};

/// INTEGER contents helpers used by generated enumeration code.
pub use types::integer::{decode_i128 as decode_integer, encode_i128 as encode_integer};

mod tag;
