//! Settings of one eUICC, fixed when it is created and kept in its state file.

use serde::{Deserialize, Serialize};

use super::eim::EimConfig;
use super::hex_bytes;
pub use crate::ppr::Ppr;

/// How an eUICC is set up. [`EuiccOptions::default`] gives a lab eUICC.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EuiccOptions {
    /// `rootDsAddress` of ES10a.GetEuiccConfiguredAddresses (SGP.22 5.7.3).
    pub root_ds_address: String,
    /// `defaultDpAddress` set at creation (ES10a.SetDefaultDpAddress changes it later).
    pub default_dp_address: Option<String>,
    /// Octets available for profiles. The memory a profile takes is the size of its
    /// profile package; the rest is reported as free in `extCardResource` (SGP.22 5.7.8)
    /// and a profile that does not fit is refused with
    /// `installFailedDueToInsufficientMemoryForProfile(10)`.
    pub memory_capacity: u64,
    /// `euiccFirmwareVer` (SGP.22 5.7.8).
    pub firmware_version: [u8; 3],
    /// `sasAcreditationNumber` (SGP.22 5.7.8). A lab eUICC has no SAS accreditation, so
    /// the default is empty.
    pub sas_accreditation_number: String,
    /// The Rules Authorisation Table (SGP.22 2.9.2): which operators may set which PPRs.
    pub rat: Vec<RatRule>,
    /// Keep the credentials as a path to their directory instead of a copy in the state
    /// file (only for credentials loaded from a directory).
    pub credentials_by_reference: bool,
    /// An IoT eUICC (SGP.32 v1.2): the ES10b functions of SGP.32 5.9 are offered and
    /// EUICCInfo2 is the IoT form (ipaMode, iotSpecificInfo). Off for a consumer eUICC.
    pub iot: bool,
    /// An M2M eUICC (SGP.02 v4.2): the ISD-R takes the GlobalPlatform commands of ES5
    /// (SGP.02 4.1.1) instead of ES10; exclusive with `iot`. Created with
    /// [`crate::Euicc::create_m2m`].
    pub m2m: bool,
    /// The SGP.32 version of an IoT eUICC: v1.2, or v1.0 as most IoT eUICCs in the field
    /// (it then declares `iotVersion` 1.0.0 and answers the ES10b functions of v1.0 where
    /// they differ: eUICCMemoryReset at `BF34`, EnableUsingDD; v1.2's fallback, emergency
    /// and connectivity functions are unknown to it).
    pub sgp32: Sgp32Version,
    /// eIM Configuration Data the eUICC is created with (as a manufacturer would put the
    /// initial eIM, SGP.32 v1.2 5.9.4): identity, FQDN, key, initial counter, association
    /// token, protocols. Only for an IoT eUICC.
    pub eims: Vec<EimConfig>,
}

impl EuiccOptions {
    /// An IoT eUICC associated with `eim` from the start.
    pub fn iot_with_eim(eim: EimConfig) -> EuiccOptions {
        EuiccOptions {
            iot: true,
            eims: vec![eim],
            ..EuiccOptions::default()
        }
    }
}

impl Default for EuiccOptions {
    fn default() -> Self {
        EuiccOptions {
            root_ds_address: "smds.rsp-lab.test".into(),
            default_dp_address: None,
            memory_capacity: 1 << 20,
            firmware_version: [0, 1, 0],
            sas_accreditation_number: String::new(),
            rat: vec![RatRule::any_operator()],
            credentials_by_reference: false,
            iot: false,
            m2m: false,
            sgp32: Sgp32Version::V1_2,
            eims: Vec::new(),
        }
    }
}

/// A version of SGP.32 an IoT eUICC or an IPA implements.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sgp32Version {
    /// SGP.32 v1.0 (with v1.0.1's corrections): most IoT devices in the field.
    #[serde(rename = "1.0")]
    V1_0,
    /// SGP.32 v1.2.
    #[default]
    #[serde(rename = "1.2")]
    V1_2,
    /// SGP.32 v1.3: v1.2's octets on ESipa and ES10b, plus what v1.3 adds
    /// ([`proto::sgp32::v1_3`]).
    #[serde(rename = "1.3")]
    V1_3,
}

impl Sgp32Version {
    /// `iotVersion` as an eUICC declares it (SGP.32 5.9.2).
    pub fn version_type(self) -> [u8; 3] {
        match self {
            Sgp32Version::V1_0 => [1, 0, 0],
            Sgp32Version::V1_2 => crate::SGP32_VERSION,
            Sgp32Version::V1_3 => [1, 3, 0],
        }
    }

    /// `1.0`, `1.2` or `1.3`.
    pub fn parse(s: &str) -> Option<Sgp32Version> {
        match s {
            "1.0" => Some(Sgp32Version::V1_0),
            "1.2" => Some(Sgp32Version::V1_2),
            "1.3" => Some(Sgp32Version::V1_3),
            _ => None,
        }
    }
}

impl std::fmt::Display for Sgp32Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Sgp32Version::V1_0 => "1.0",
            Sgp32Version::V1_2 => "1.2",
            Sgp32Version::V1_3 => "1.3",
        })
    }
}

/// One rule of the RAT (SGP.22 2.9.2, `ProfilePolicyAuthorisationRule`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatRule {
    /// The PPRs this rule allows.
    pub pprs: Vec<Ppr>,
    /// Operators allowed to set them; a nibble `E` in `mcc_mnc` matches any digit.
    pub allowed_operators: Vec<RatOperator>,
    /// `pprFlags.consentRequired`.
    pub consent_required: bool,
}

impl RatRule {
    /// PPR1 and PPR2 for every operator without end-user consent: the lab default.
    pub fn any_operator() -> RatRule {
        RatRule {
            pprs: vec![Ppr::Ppr1, Ppr::Ppr2],
            allowed_operators: vec![RatOperator {
                mcc_mnc: vec![0xEE, 0xEE, 0xEE],
                gid1: None,
                gid2: None,
            }],
            consent_required: false,
        }
    }
}

/// `OperatorId` in a RAT rule (SGP.22 2.9.2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatOperator {
    /// MCC and MNC as in 3GPP TS 24.008 (3 octets), `E` nibbles as wildcards.
    #[serde(with = "hex_bytes")]
    pub mcc_mnc: Vec<u8>,
    #[serde(default, with = "hex_bytes::option")]
    pub gid1: Option<Vec<u8>>,
    #[serde(default, with = "hex_bytes::option")]
    pub gid2: Option<Vec<u8>>,
}
