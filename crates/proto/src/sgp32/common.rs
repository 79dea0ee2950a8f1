//! Pieces shared by several interfaces of `SGP32Definitions`.

use crate::der::{Asn1, Null};

/// `AsnNull ::= NULL`: not a GSMA type. The reference module adds it as a TTCN-3 workaround
/// ("NULL cannot be used as a type when defining template parameters") and no component
/// refers to it; SGP.32's own components say `NULL`, which is [`Null`] here. The alias keeps
/// the registry complete for that module.
pub type AsnNull = Null;

/// An empty SEQUENCE used as a marker: the PSMOs `getRAT` and `unsetFallbackAttribute`,
/// the eCO `listEim` and `ProvideEimPackageResultResponse.emptyResponse`
/// (SGP.32 v1.2 2.11.1.1, 6.3.2). Extensible, so components of later versions are skipped.
///
/// ```text
/// SEQUENCE {}
/// ```
#[derive(Asn1, Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[asn1(extensible, name = "SEQUENCE {}")]
pub struct EmptySequence {}
