//! The eUICC's report on the PEs it processed, returned in `simaResponse` of the SGP.22
//! ProfileInstallationResult (TCA eUICC Profile Package v3.3.1, `EUICCResponse`).

use crate::der::{Asn1, Null};

/// Status of one PE.
///
/// ```text
/// status INTEGER {
///     ok(0), pe-not-supported(1), memory-failure(2), bad-values(3),
///     not-enough-memory(4), invalid-request-format(5), invalid-parameter(6),
///     runtime-not-supported(7), lib-not-supported(8), template-not-supported(9),
///     feature-not-supported(10), pin-code-missing(11), unsupported-profile-version(31)
/// }
/// ```
/// ISO 7816 status words '6xxx'/'9xxx' and proprietary values (40960..65535) also occur.
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq)]
#[asn1(integer, name = "status")]
pub enum PEStatusCode {
    #[asn1(value = 0)]
    Ok,
    #[asn1(value = 1, name = "pe-not-supported")]
    PeNotSupported,
    #[asn1(value = 2, name = "memory-failure")]
    MemoryFailure,
    #[asn1(value = 3, name = "bad-values")]
    BadValues,
    #[asn1(value = 4, name = "not-enough-memory")]
    NotEnoughMemory,
    #[asn1(value = 5, name = "invalid-request-format")]
    InvalidRequestFormat,
    #[asn1(value = 6, name = "invalid-parameter")]
    InvalidParameter,
    #[asn1(value = 7, name = "runtime-not-supported")]
    RuntimeNotSupported,
    #[asn1(value = 8, name = "lib-not-supported")]
    LibNotSupported,
    #[asn1(value = 9, name = "template-not-supported")]
    TemplateNotSupported,
    #[asn1(value = 10, name = "feature-not-supported")]
    FeatureNotSupported,
    #[asn1(value = 11, name = "pin-code-missing")]
    PinCodeMissing,
    #[asn1(value = 31, name = "unsupported-profile-version")]
    UnsupportedProfileVersion,
    #[asn1(other)]
    Other(i64),
}

/// ```text
/// PEStatus ::= SEQUENCE {
///     status INTEGER { ... },
///     identification UInt15 OPTIONAL,
///     additional-information UInt8 OPTIONAL,
///     offset UInt31 OPTIONAL
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "PEStatus")]
pub struct PEStatus {
    pub status: PEStatusCode,
    /// Identification number of the PE the status is about.
    pub identification: Option<u16>,
    #[asn1(name = "additional-information")]
    pub additional_information: Option<u16>,
    /// Position within the PE that caused the status.
    pub offset: Option<u32>,
}

/// ```text
/// EUICCResponse ::= SEQUENCE {
///     peStatus SEQUENCE OF PEStatus,
///     profileInstallationAborted NULL OPTIONAL,
///     statusMessage UTF8String (SIZE (2..64)) OPTIONAL
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "EUICCResponse")]
pub struct EUICCResponse {
    pub pe_status: Vec<PEStatus>,
    pub profile_installation_aborted: Option<Null>,
    pub status_message: Option<String>,
}
