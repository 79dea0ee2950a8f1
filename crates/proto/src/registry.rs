//! Every ASN.1 type the crate implements, by module and name: for `rsp-lab decode`
//! (detection by outermost tag, or an explicit type name) and for the cross-check against
//! an independent codec. Each type module lists its own types ([`crate::asn1_type`]).

use crate::asn1_type::{Decoded, TypeEntry};
use crate::der::{DecodeError, DecodeErrorKind, DecodeResult, Reader};

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
    crate::sgp32::v1_3::TYPES,
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
/// the input wins at once. Otherwise the most specific match wins: among the candidates that
/// only decode (the input has components this version skips, or is not DER), the one whose
/// re-encoding keeps the most octets of the input; and a candidate that failed after reading
/// further into the input than that says more, so its error is returned instead. An
/// extensible type with few or no known components decodes almost anything by skipping it
/// (`SEQUENCE {}` takes any content) but keeps almost nothing, so it wins only where nothing
/// more specific exists, as on empty input, which it re-encodes exactly. Ties go to registry
/// order. On failure, returns the error of the candidate that got furthest.
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
    // the decoded candidate whose re-encoding keeps the most of the input
    let mut closest: Option<(TypeEntry, Decoded)> = None;
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
                if closest
                    .as_ref()
                    .is_none_or(|(_, b)| kept(data, &d) > kept(data, b))
                {
                    closest = Some((e, d));
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
    match (closest, best) {
        // A failure inside the input, past what the best decoding kept, says more than that
        // decoding; one at the very end (a trailing mandatory field missing) read no further
        // than a decoding that succeeded.
        (Some((_, d)), Some(err)) if err.offset > kept(data, &d) && err.offset < data.len() => {
            return Err(err);
        }
        (Some(found), _) => return Ok(found),
        (None, Some(err)) => return Err(err),
        (None, None) => {}
    }
    // A message that fails inside says more than a catch-all that keeps it whole.
    catch_all.ok_or_else(|| DecodeError::new(0, DecodeErrorKind::UnknownMessage(tag)))
}

/// How much of `data` a decoding kept: the octets of its re-encoding, less any excess over
/// the input.
fn kept(data: &[u8], d: &Decoded) -> usize {
    let n = d.reencoded.len();
    n.min(data.len())
        .saturating_sub(n.saturating_sub(data.len()))
}

/// Whether the value is a CHOICE holding only its catch-all alternative for unknown tags
/// (`{"unknown": ...}`), which accepts any TLV of its class.
fn is_catch_all(d: &Decoded) -> bool {
    d.json
        .as_object()
        .is_some_and(|m| m.len() == 1 && m.contains_key("unknown"))
}
