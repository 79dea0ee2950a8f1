//! One ASN.1 type the crate implements, as the registry lists it ([`crate::registry`]): the
//! module it belongs to, its name, whether it is a message on an interface, and how it
//! decodes. Each type module (`sgp22`, `sgp32`, `saip`) exports a table of them.

use serde_json::Value;

use crate::der::{Asn1, DecodeResult, Tag};

/// The ASN.1 module a type belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Module {
    /// SGP.22 v2.5 `RSPDefinitions`.
    Rsp,
    /// SGP.32 v1.2 `SGP32Definitions`.
    Sgp32,
    /// SGP.32 v1.0 `SGP32Definitions`: the types that differ from v1.2
    /// ([`crate::sgp32::v1_0`]), named `SGP32Definitions-v1.0` here.
    Sgp32V1_0,
    /// SGP.32 v1.3 `SGP32Definitions`: the types v1.3 adds or changes
    /// ([`crate::sgp32::v1_3`]), named `SGP32Definitions-v1.3` here.
    Sgp32V1_3,
    /// TCA eUICC Profile Package `PEDefinitions`.
    Pe,
}

impl Module {
    /// The module name as written in the ASN.1 source (v1.0 of SGP.32 has the name of
    /// v1.2 there, so it gets its version as a suffix).
    pub fn asn1_name(self) -> &'static str {
        match self {
            Module::Rsp => "RSPDefinitions",
            Module::Sgp32 => "SGP32Definitions",
            Module::Sgp32V1_0 => "SGP32Definitions-v1.0",
            Module::Sgp32V1_3 => "SGP32Definitions-v1.3",
            Module::Pe => "PEDefinitions",
        }
    }
}

/// A decoded value: its JSON form and its DER re-encoding.
#[derive(Clone, Debug)]
pub struct Decoded {
    pub json: Value,
    pub reencoded: Vec<u8>,
}

/// One implemented type.
#[derive(Clone, Copy)]
pub struct TypeEntry {
    pub module: Module,
    pub name: &'static str,
    /// Whether the type is a message on an interface (ES9+, ES10x, ESipa, ES8+ …) that
    /// `decode` may detect from its outermost tag.
    pub message: bool,
    pub accepts: fn(Tag) -> bool,
    pub decode: fn(&[u8]) -> DecodeResult<Decoded>,
}

/// Decodes `data` as `T`.
pub fn decode_as<T: Asn1>(data: &[u8]) -> DecodeResult<Decoded> {
    let value = T::from_der(data)?;
    Ok(Decoded {
        json: value.to_json(),
        reencoded: value.to_der(),
    })
}

/// A registry entry for `T`: `entry::<T>(Module::Rsp, true)`.
pub const fn entry<T: Asn1>(module: Module, message: bool) -> TypeEntry {
    TypeEntry {
        module,
        name: T::NAME,
        message,
        accepts: T::accepts,
        decode: decode_as::<T>,
    }
}
