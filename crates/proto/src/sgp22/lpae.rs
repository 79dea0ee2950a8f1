//! The LPA in the eUICC (LPAe): the ISD-R's proprietary application template and LPAe
//! activation (SGP.22 3.4, 5.7).

use super::common::{VersionType, named_bits};
use crate::der::Asn1;

/// Proprietary data the ISD-R returns on SELECT (SGP.22 5.7).
///
/// ```text
/// ISDRProprietaryApplicationTemplate ::= [PRIVATE 0] SEQUENCE { -- Tag 'E0'
///    svn [2] VersionType, -- GSMA SGP.22 version supported (SVN)
///    lpaeSupport BIT STRING { lpaeUsingCat(0), lpaeUsingScws(1) } OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(
    tag = "private 0",
    extensible,
    name = "ISDRProprietaryApplicationTemplate"
)]
pub struct ISDRProprietaryApplicationTemplate {
    #[asn1(tag = 2)]
    pub svn: VersionType,
    pub lpae_support: Option<LpaeSupport>,
}

named_bits! {
    /// `ISDRProprietaryApplicationTemplate.lpaeSupport` (SGP.22 5.7).
    LpaeSupport {
        /// LPAe using the Card Application Toolkit.
        LPAE_USING_CAT = 0,
        /// LPAe using the Smartcard Web Server.
        LPAE_USING_SCWS = 1,
    }
}

/// LPAe activation request (SGP.22 5.7).
///
/// ```text
/// LpaeActivationRequest ::= [66] SEQUENCE { -- Tag 'BF42'
///    lpaeOption BIT STRING { activateCatBasedLpae(0), activateScwsBasedLpae(1) } }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 66, automatic, extensible)]
pub struct LpaeActivationRequest {
    pub lpae_option: LpaeOption,
}

named_bits! {
    /// `LpaeActivationRequest.lpaeOption` (SGP.22 5.7).
    LpaeOption {
        /// LPAe with LUIe based on CAT.
        ACTIVATE_CAT_BASED_LPAE = 0,
        /// LPAe with LUIe based on SCWS.
        ACTIVATE_SCWS_BASED_LPAE = 1,
    }
}

/// LPAe activation response (SGP.22 5.7).
///
/// ```text
/// LpaeActivationResponse ::= [66] SEQUENCE { -- Tag 'BF42'
///    lpaeActivationResult INTEGER {ok(0), notSupported(1)} }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 66, automatic, extensible)]
pub struct LpaeActivationResponse {
    pub lpae_activation_result: LpaeActivationResult,
}

/// `LpaeActivationResponse.lpaeActivationResult` (SGP.22 5.7).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "lpaeActivationResult")]
pub enum LpaeActivationResult {
    #[asn1(value = 0)]
    Ok,
    #[asn1(value = 1)]
    NotSupported,
    #[asn1(other)]
    Other(i64),
}
