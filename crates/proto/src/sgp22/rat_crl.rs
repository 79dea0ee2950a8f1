//! The Rules Authorisation Table (ES10b.GetRAT, SGP.22 2.9.2 and 5.7.22) and CRL loading
//! (ES10b.LoadCRL, SGP.22 5.7.12 and 4.5.2.2).

use super::common::{CertificateList, named_bits};
use super::metadata::{OperatorId, PprIds};
use crate::der::Asn1;

/// ES10b.GetRAT request (SGP.22 5.7.22).
///
/// ```text
/// GetRatRequest ::= [67] SEQUENCE { } -- Tag 'BF43'
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 67, extensible)]
pub struct GetRatRequest {}

/// ES10b.GetRAT response (SGP.22 5.7.22).
///
/// ```text
/// GetRatResponse ::= [67] SEQUENCE { rat RulesAuthorisationTable } -- Tag 'BF43'
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 67, automatic, extensible)]
pub struct GetRatResponse {
    pub rat: RulesAuthorisationTable,
}

/// Which operators may set which PPRs (SGP.22 2.9.2).
///
/// ```text
/// RulesAuthorisationTable ::= SEQUENCE OF ProfilePolicyAuthorisationRule
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
pub struct RulesAuthorisationTable(pub Vec<ProfilePolicyAuthorisationRule>);

/// One rule of the RAT (SGP.22 2.9.2).
///
/// ```text
/// ProfilePolicyAuthorisationRule ::= SEQUENCE {
///    pprIds PprIds, allowedOperators SEQUENCE OF OperatorId,
///    pprFlags BIT STRING {consentRequired(0)} }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(automatic, extensible)]
pub struct ProfilePolicyAuthorisationRule {
    pub ppr_ids: PprIds,
    pub allowed_operators: Vec<OperatorId>,
    pub ppr_flags: PprFlags,
}

named_bits! {
    /// `ProfilePolicyAuthorisationRule.pprFlags` (SGP.22 2.9.2).
    PprFlags {
        /// The end user must consent before the PPR is set.
        CONSENT_REQUIRED = 0,
    }
}

/// The segments of a partial CRL (SGP.22 4.5.2.2).
///
/// ```text
/// SegmentedCrlList ::= SEQUENCE OF CertificateList
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
pub struct SegmentedCrlList(pub Vec<CertificateList>);

/// ES10b.LoadCRL request (SGP.22 5.7.12).
///
/// ```text
/// LoadCRLRequest ::= [53] SEQUENCE { crl CertificateList } -- Tag 'BF35'
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 53, automatic, extensible, name = "LoadCRLRequest")]
pub struct LoadCRLRequest {
    /// Implicitly tagged `[0]` (`A0`); kept as a complete `30 ...` CRL.
    pub crl: CertificateList,
}

/// ES10b.LoadCRL response (SGP.22 5.7.12).
///
/// ```text
/// LoadCRLResponse ::= [53] CHOICE { -- Tag 'BF35'
///    loadCRLResponseOk LoadCRLResponseOk, loadCRLResponseError LoadCRLResponseError }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 53, automatic, name = "LoadCRLResponse")]
pub enum LoadCRLResponse {
    #[asn1(name = "loadCRLResponseOk")]
    LoadCrlResponseOk(LoadCRLResponseOk),
    #[asn1(name = "loadCRLResponseError")]
    LoadCrlResponseError(LoadCRLResponseError),
}

/// CRL loaded; for a partial CRL, the numbers of the parts still missing (SGP.22 5.7.12).
///
/// ```text
/// LoadCRLResponseOk ::= SEQUENCE { missingParts SEQUENCE OF INTEGER OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "LoadCRLResponseOk")]
pub struct LoadCRLResponseOk {
    pub missing_parts: Option<Vec<i64>>,
}

/// Why a CRL was refused (SGP.22 5.7.12).
///
/// ```text
/// LoadCRLResponseError ::= INTEGER {invalidSignature(1), invalidCRLFormat(2),
///    notEnoughMemorySpace(3), verificationKeyNotFound(4), fresherCrlAlreadyLoaded(5),
///    baseCrlMissing(6), undefinedError(127)}
/// ```
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "LoadCRLResponseError")]
pub enum LoadCRLResponseError {
    #[asn1(value = 1)]
    InvalidSignature,
    #[asn1(name = "invalidCRLFormat")]
    #[asn1(value = 2)]
    InvalidCrlFormat,
    #[asn1(value = 3)]
    NotEnoughMemorySpace,
    #[asn1(value = 4)]
    VerificationKeyNotFound,
    #[asn1(value = 5)]
    FresherCrlAlreadyLoaded,
    #[asn1(value = 6)]
    BaseCrlMissing,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}
