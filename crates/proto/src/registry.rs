//! Every ASN.1 type the crate implements, by module and name: for `rsp-lab decode`
//! (detection by outermost tag, or an explicit type name) and for the cross-check against
//! an independent codec.

use serde_json::Value;

use crate::der::{Asn1, DecodeError, DecodeErrorKind, DecodeResult, Reader, Tag};

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

/// All implemented types.
pub fn all() -> Vec<TypeEntry> {
    let mut v = Vec::new();
    for part in PARTS {
        v.extend_from_slice(part);
    }
    v
}

/// Registries of the type modules; each module exports a `TYPES` table.
const PARTS: &[&[TypeEntry]] = &[
    crate::sgp22::TYPES,
    crate::sgp32::TYPES,
    crate::saip::TYPES,
    crate::sgp32::v1_0::TYPES,
];

/// Finds a type by name, optionally qualified by module (`RSPDefinitions.ProfileInfo`,
/// `SGP32Definitions-v1.0.ProvideEimPackageResult`); unqualified, the first module that
/// has it (v1.2 before v1.0).
pub fn by_name(name: &str) -> Option<TypeEntry> {
    let (module, ty) = match name.rsplit_once('.') {
        Some((m, t)) => (Some(m), t),
        None => (None, name),
    };
    all()
        .into_iter()
        .find(|e| e.name == ty && module.is_none_or(|m| m == e.module.asn1_name()))
}

/// Detects the message type from the outermost tag: tries every message type that accepts
/// the tag (requests and responses of ES10x share tags). A candidate whose re-encoding equals
/// the input wins over one that only decodes (an all-optional extensible type decodes almost
/// anything). On failure, returns the error of the candidate that got furthest.
pub fn detect(data: &[u8]) -> DecodeResult<(TypeEntry, Decoded)> {
    let tag = Reader::new(data).peek_tag()?.ok_or_else(|| {
        DecodeError::new(
            0,
            DecodeErrorKind::Truncated {
                needed: 1,
                available: 0,
            },
        )
    })?;
    let mut best: Option<DecodeError> = None;
    let mut first_decoded: Option<(TypeEntry, Decoded)> = None;
    let mut catch_all: Option<(TypeEntry, Decoded)> = None;
    for e in all().into_iter().filter(|e| e.message && (e.accepts)(tag)) {
        match (e.decode)(data) {
            // Only a CHOICE's catch-all alternative took it: a last resort (see below).
            Ok(d) if is_catch_all(&d) => {
                if catch_all.is_none() {
                    catch_all = Some((e, d));
                }
            }
            Ok(d) if d.reencoded == data => return Ok((e, d)),
            Ok(d) => {
                if first_decoded.is_none() {
                    first_decoded = Some((e, d));
                }
            }
            // A catch-all type that refuses the outermost tag after all does not count.
            Err(err)
                if err.offset == 0 && matches!(err.kind, DecodeErrorKind::UnexpectedTag { .. }) => {
            }
            Err(err) => {
                if best.as_ref().is_none_or(|b| err.offset > b.offset) {
                    best = Some(err);
                }
            }
        }
    }
    if let Some(found) = first_decoded {
        return Ok(found);
    }
    // A message that fails inside says more than a catch-all that keeps it whole.
    match (best, catch_all) {
        (Some(err), _) => Err(err),
        (None, Some(found)) => Ok(found),
        (None, None) => Err(DecodeError::new(0, DecodeErrorKind::UnknownMessage(tag))),
    }
}

/// Whether the value is a CHOICE holding only its catch-all alternative for unknown tags
/// (`{"unknown": ...}`), which accepts any TLV of its class.
fn is_catch_all(d: &Decoded) -> bool {
    d.json
        .as_object()
        .is_some_and(|m| m.len() == 1 && m.contains_key("unknown"))
}
