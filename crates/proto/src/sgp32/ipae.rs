//! The IPA in the eUICC (IPAe): the ISD-R's IoT proprietary template and IPAe activation
//! (SGP.32 v1.2 5.9; the IoT counterparts of SGP.22's LPAe functions).

use crate::der::Asn1;
use crate::sgp22::common::named_bits;

/// Proprietary data an IoT ISD-R returns on SELECT (SGP.32 v1.2 5.9). Automatic tagging
/// gives the single component `[0]`: `E1 { 80 .. }`.
///
/// ```text
/// ISDRProprietaryApplicationTemplateIoT ::= [PRIVATE 1] SEQUENCE { -- Tag 'E1'
///    euiccConfiguration BIT STRING { ipaeSupported(0), enabledProfile(1) } }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(
    tag = "private 1",
    automatic,
    extensible,
    name = "ISDRProprietaryApplicationTemplateIoT"
)]
pub struct ISDRProprietaryApplicationTemplateIoT {
    pub euicc_configuration: EuiccConfiguration,
}

named_bits! {
    /// `ISDRProprietaryApplicationTemplateIoT.euiccConfiguration` (SGP.32 v1.2 5.9).
    EuiccConfiguration {
        /// An IPA in the eUICC (IPAe) is supported.
        IPAE_SUPPORTED = 0,
        /// The eUICC contains an Enabled Profile.
        ENABLED_PROFILE = 1,
    }
}

/// IPAe activation request (SGP.32 v1.2 5.9), sharing `BF42` with SGP.22's LPAe
/// activation.
///
/// ```text
/// IpaeActivationRequest ::= [66] SEQUENCE { -- Tag 'BF42'
///    ipaeOption BIT STRING { activateIpae(0) } }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 66, automatic, extensible)]
pub struct IpaeActivationRequest {
    pub ipae_option: IpaeOption,
}

named_bits! {
    /// `IpaeActivationRequest.ipaeOption` (SGP.32 v1.2 5.9).
    IpaeOption {
        ACTIVATE_IPAE = 0,
    }
}

/// IPAe activation response (SGP.32 v1.2 5.9).
///
/// ```text
/// IpaeActivationResponse ::= [66] SEQUENCE { -- Tag 'BF42'
///    ipaeActivationResult INTEGER {ok(0), notSupported(1)} }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 66, automatic, extensible)]
pub struct IpaeActivationResponse {
    pub ipae_activation_result: IpaeActivationResult,
}

/// `IpaeActivationResponse.ipaeActivationResult` (SGP.32 v1.2 5.9).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "ipaeActivationResult")]
pub enum IpaeActivationResult {
    #[asn1(value = 0)]
    Ok,
    #[asn1(value = 1)]
    NotSupported,
    #[asn1(other)]
    Other(i64),
}
