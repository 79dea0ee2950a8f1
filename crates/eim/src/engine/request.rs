//! What an operator can ask the eIM to do for one device, and the eIM Package each request
//! becomes (SGP.32 v1.2 2.11.1): PSMOs and eCOs in a signed eUICC Package, a profile
//! download trigger, or an eUICC data request. A localization is several packages, run by
//! [`super::localize`].

use base64::Engine as _;
use proto::der::{Asn1, DecodeError, Null, RawSequence};
use proto::ids::{ActivationCode, Iccid};
use proto::sgp22::{Certificate, ProfileInfoListRequest};
use proto::sgp32::{
    ConfigureImmediateProfileEnablingRequest, ContactSmds, DeleteEim, Eco, EimConfigurationData,
    EimIdType, EimPublicKeyData, EimSupportedProtocol, EmptySequence, EuiccPackage,
    IpaEuiccDataRequest, ProfileDownloadData, ProfileDownloadTriggerRequest, Psmo, PsmoEnable,
    PsmoIccid, SGP32SetDefaultDpAddressRequest, TrustedPublicKeyDataTls,
};
use serde::{Deserialize, Serialize};

use crate::config::Target;
use crate::store::PackageKind;

/// An operation request (operator API body, `type` names the operation).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase", deny_unknown_fields)]
pub enum OperationRequest {
    /// PSMO enable (SGP.32 v1.2 2.11.1.1.3); `rollback` sets rollbackFlag (default true).
    #[serde(rename_all = "camelCase")]
    Enable {
        iccid: String,
        #[serde(default = "yes")]
        rollback: bool,
    },
    /// PSMO disable.
    Disable { iccid: String },
    /// PSMO delete.
    Delete { iccid: String },
    /// PSMO listProfileInfo (all profiles).
    ListProfiles,
    /// PSMO getRAT.
    GetRat,
    /// PSMO configureImmediateEnable.
    #[serde(rename_all = "camelCase")]
    ConfigureImmediateEnable {
        immediate_enable: bool,
        #[serde(default)]
        default_smdp_oid: Option<String>,
        #[serde(default)]
        default_smdp_address: Option<String>,
    },
    /// PSMO setFallbackAttribute.
    SetFallback { iccid: String },
    /// PSMO unsetFallbackAttribute.
    UnsetFallback,
    /// PSMO setDefaultDpAddress.
    SetDefaultDpAddress { address: String },
    /// eCO addEim.
    AddEim { eim: EimConfig },
    /// eCO deleteEim.
    #[serde(rename_all = "camelCase")]
    DeleteEim { eim_id: String },
    /// eCO updateEim.
    UpdateEim { eim: EimConfig },
    /// eCO listEim.
    ListEim,
    /// ProfileDownloadTriggerRequest (SGP.32 v1.2 2.11.1): with an activation code, or
    /// telling the IPA to contact the eUICC's default SM-DP+ (`contactDefaultSmdp: true`)
    /// or an SM-DS (`contactSmds: {smdsAddress?}`, the eUICC's root SM-DS without an
    /// address); exactly one of the three.
    #[serde(rename_all = "camelCase")]
    Download {
        #[serde(default)]
        activation_code: Option<String>,
        #[serde(default)]
        contact_default_smdp: bool,
        #[serde(default)]
        contact_smds: Option<ContactSmdsRequest>,
    },
    /// IpaEuiccDataRequest (SGP.32 v1.2 2.11.1.2); `tags` in hex (`A5`, `BF22`, ...),
    /// default: certificates, EUICCInfo1/2, association token.
    EuiccData {
        #[serde(default)]
        tags: Option<Vec<String>>,
    },
    /// Order a local profile over ES2+, trigger its download, enable it with rollback;
    /// `targets` are tried in order (default: the configured ones for `country`).
    Localize {
        #[serde(default)]
        country: Option<String>,
        #[serde(default)]
        targets: Vec<Target>,
    },
}

fn yes() -> bool {
    true
}

/// `contactSmds` of a download request: the SM-DS to ask, or the eUICC's root SM-DS.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContactSmdsRequest {
    #[serde(default)]
    pub smds_address: Option<String>,
}

/// eIM Configuration Data of an addEim / updateEim eCO (SGP.32 v1.2 2.11.1.1.1).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EimConfig {
    pub eim_id: String,
    #[serde(default)]
    pub eim_fqdn: Option<String>,
    /// 1 OID, 2 FQDN, 3 proprietary.
    #[serde(default)]
    pub eim_id_type: Option<i64>,
    #[serde(default)]
    pub counter_value: Option<i64>,
    #[serde(default)]
    pub association_token: Option<i64>,
    /// CERT.EIM.ECDSA, base64 DER.
    #[serde(default)]
    pub eim_certificate: Option<String>,
    /// The eIM's TLS certificate (or its CA), base64 DER.
    #[serde(default)]
    pub tls_certificate: Option<String>,
    #[serde(default)]
    pub indirect_profile_download: bool,
}

/// Why a request is refused before anything is queued.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidRequest(pub String);

fn invalid(s: impl Into<String>) -> InvalidRequest {
    InvalidRequest(s.into())
}

/// An ICCID as given (19 or 20 digits, `F` padding allowed), in its eUICC coding.
pub fn iccid(s: &str) -> Result<(Iccid, proto::sgp22::Iccid), InvalidRequest> {
    let i = Iccid::parse_lenient(s).map_err(|e| invalid(format!("iccid {s:?}: {e}")))?;
    let coded = proto::sgp22::Iccid(i.to_swapped_bcd());
    Ok((i, coded))
}

fn b64(member: &str, s: &str) -> Result<Vec<u8>, InvalidRequest> {
    base64::engine::general_purpose::STANDARD
        .decode(s)
        .map_err(|e| invalid(format!("{member}: {e}")))
}

impl EimConfig {
    /// The ASN.1 value.
    pub fn to_asn1(&self) -> Result<EimConfigurationData, InvalidRequest> {
        if self.eim_id.is_empty() || self.eim_id.len() > 128 {
            return Err(invalid("eimId must have 1 to 128 characters"));
        }
        Ok(EimConfigurationData {
            eim_id: self.eim_id.clone(),
            eim_fqdn: self.eim_fqdn.clone(),
            eim_id_type: match self.eim_id_type {
                None => None,
                Some(1) => Some(EimIdType::EimIdTypeOid),
                Some(2) => Some(EimIdType::EimIdTypeFqdn),
                Some(3) => Some(EimIdType::EimIdTypeProprietary),
                Some(n) => return Err(invalid(format!("eimIdType {n}: 1, 2 or 3"))),
            },
            counter_value: self.counter_value,
            association_token: self.association_token,
            eim_public_key_data: self
                .eim_certificate
                .as_deref()
                .map(|c| {
                    b64("eimCertificate", c)
                        .map(|d| EimPublicKeyData::EimCertificate(Certificate(RawSequence(d))))
                })
                .transpose()?,
            trusted_public_key_data_tls: self
                .tls_certificate
                .as_deref()
                .map(|c| {
                    b64("tlsCertificate", c).map(|d| {
                        TrustedPublicKeyDataTls::TrustedCertificateTls(Certificate(RawSequence(d)))
                    })
                })
                .transpose()?,
            eim_supported_protocol: Some(EimSupportedProtocol::from_bits(&[
                EimSupportedProtocol::EIM_RETRIEVE_HTTPS,
            ])),
            euicc_ci_pkid: None,
            indirect_profile_download: self.indirect_profile_download.then_some(Null),
        })
    }
}

/// The tags an eUICC data request asks for by default: eUICC and EUM certificates,
/// EUICCInfo1, EUICCInfo2, association token (SGP.32 v1.2 2.11.1.2).
pub const DEFAULT_DATA_TAGS: &[u8] = &[0xA5, 0xA6, 0xBF, 0x20, 0xBF, 0x22, 0x84];

/// What a (non-composite) request becomes: a package kind and its body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackagePlan {
    pub kind: PackageKind,
    /// EuiccPackage DER (eUICC Packages), else the whole request DER (without an
    /// eimTransactionId: it is set when queued, see [`with_transaction_id`]).
    pub body: Vec<u8>,
}

impl OperationRequest {
    /// The operation kind as stored and shown.
    pub fn kind(&self) -> &'static str {
        match self {
            OperationRequest::Enable { .. } => "enable",
            OperationRequest::Disable { .. } => "disable",
            OperationRequest::Delete { .. } => "delete",
            OperationRequest::ListProfiles => "listProfiles",
            OperationRequest::GetRat => "getRat",
            OperationRequest::ConfigureImmediateEnable { .. } => "configureImmediateEnable",
            OperationRequest::SetFallback { .. } => "setFallback",
            OperationRequest::UnsetFallback => "unsetFallback",
            OperationRequest::SetDefaultDpAddress { .. } => "setDefaultDpAddress",
            OperationRequest::AddEim { .. } => "addEim",
            OperationRequest::DeleteEim { .. } => "deleteEim",
            OperationRequest::UpdateEim { .. } => "updateEim",
            OperationRequest::ListEim => "listEim",
            OperationRequest::Download { .. } => "download",
            OperationRequest::EuiccData { .. } => "euiccData",
            OperationRequest::Localize { .. } => "localize",
        }
    }

    /// The package of a single-package request; `None` for a localization.
    pub fn plan(&self) -> Result<Option<PackagePlan>, InvalidRequest> {
        let euicc_package = |p: EuiccPackage| PackagePlan {
            kind: PackageKind::EuiccPackage,
            body: p.to_der(),
        };
        if let Some(p) = self.psmo()? {
            return Ok(Some(euicc_package(EuiccPackage::PsmoList(vec![p]))));
        }
        if let Some(e) = self.eco()? {
            return Ok(Some(euicc_package(EuiccPackage::EcoList(vec![e]))));
        }
        Ok(match self {
            OperationRequest::Download {
                activation_code,
                contact_default_smdp,
                contact_smds,
            } => Some(download_plan(
                activation_code.as_deref(),
                *contact_default_smdp,
                contact_smds.as_ref(),
            )?),
            OperationRequest::EuiccData { tags } => Some(data_plan(tags.as_deref())?),
            OperationRequest::Localize { country, targets } => {
                if let Some(c) = country {
                    if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_alphabetic()) {
                        return Err(invalid(format!("country {c:?}: ISO 3166 alpha-2")));
                    }
                }
                if targets.iter().any(|t| t.profile_type.is_empty()) {
                    return Err(invalid("targets: empty profileType"));
                }
                None
            }
            _ => None,
        })
    }

    /// The PSMO of a profile-state request (SGP.32 v1.2 2.11.1.1.3), else `None`.
    fn psmo(&self) -> Result<Option<Psmo>, InvalidRequest> {
        Ok(Some(match self {
            OperationRequest::Enable { iccid: i, rollback } => Psmo::Enable(PsmoEnable {
                iccid: iccid(i)?.1,
                rollback_flag: rollback.then_some(Null),
            }),
            OperationRequest::Disable { iccid: i } => {
                Psmo::Disable(PsmoIccid { iccid: iccid(i)?.1 })
            }
            OperationRequest::Delete { iccid: i } => Psmo::Delete(PsmoIccid { iccid: iccid(i)?.1 }),
            OperationRequest::ListProfiles => {
                Psmo::ListProfileInfo(ProfileInfoListRequest::default())
            }
            OperationRequest::GetRat => Psmo::GetRat(EmptySequence {}),
            OperationRequest::ConfigureImmediateEnable {
                immediate_enable,
                default_smdp_oid,
                default_smdp_address,
            } => Psmo::ConfigureImmediateEnable(ConfigureImmediateProfileEnablingRequest {
                immediate_enable_flag: immediate_enable.then_some(Null),
                default_smdp_oid: default_smdp_oid
                    .as_deref()
                    .map(|o| {
                        o.parse::<proto::der::Oid>()
                            .map_err(|_| invalid(format!("defaultSmdpOid {o:?} is not an OID")))
                    })
                    .transpose()?,
                default_smdp_address: default_smdp_address.clone(),
            }),
            OperationRequest::SetFallback { iccid: i } => {
                Psmo::SetFallbackAttribute(PsmoIccid { iccid: iccid(i)?.1 })
            }
            OperationRequest::UnsetFallback => Psmo::UnsetFallbackAttribute(EmptySequence {}),
            OperationRequest::SetDefaultDpAddress { address } => {
                proto::ids::SmdpAddress::parse(address)
                    .map_err(|e| invalid(format!("address {address:?}: {e}")))?;
                Psmo::SetDefaultDpAddress(SGP32SetDefaultDpAddressRequest {
                    default_dp_address: address.clone(),
                })
            }
            _ => return Ok(None),
        }))
    }

    /// The eCO of an eIM-configuration request (SGP.32 v1.2 2.11.1.1.2), else `None`.
    fn eco(&self) -> Result<Option<Eco>, InvalidRequest> {
        Ok(Some(match self {
            OperationRequest::AddEim { eim } => Eco::AddEim(eim.to_asn1()?),
            OperationRequest::DeleteEim { eim_id } => Eco::DeleteEim(DeleteEim {
                eim_id: eim_id.clone(),
            }),
            OperationRequest::UpdateEim { eim } => Eco::UpdateEim(eim.to_asn1()?),
            OperationRequest::ListEim => Eco::ListEim(EmptySequence {}),
            _ => return Ok(None),
        }))
    }
}

/// The IpaEuiccDataRequest of the given tags (hex, one or two octets each), or of the
/// default list.
fn data_plan(tags: Option<&[String]>) -> Result<PackagePlan, InvalidRequest> {
    let tag_list = match tags {
        None => DEFAULT_DATA_TAGS.to_vec(),
        Some(list) => {
            let mut out = Vec::new();
            for t in list {
                let b = hex::decode(t).map_err(|e| invalid(format!("tag {t:?}: {e}")))?;
                if b.is_empty() || b.len() > 2 {
                    return Err(invalid(format!("tag {t:?}: one or two octets")));
                }
                out.extend(b);
            }
            out
        }
    };
    Ok(PackagePlan {
        kind: PackageKind::IpaEuiccData,
        body: IpaEuiccDataRequest {
            tag_list,
            ..IpaEuiccDataRequest::default()
        }
        .to_der(),
    })
}

/// The trigger package of an activation code.
pub fn trigger_plan(ac: &ActivationCode) -> PackagePlan {
    data_trigger(ProfileDownloadData::ActivationCode(ac.to_code_string()))
}

fn data_trigger(data: ProfileDownloadData) -> PackagePlan {
    PackagePlan {
        kind: PackageKind::DownloadTrigger,
        body: ProfileDownloadTriggerRequest {
            profile_download_data: Some(data),
            eim_transaction_id: None,
        }
        .to_der(),
    }
}

/// The trigger package of a download request: exactly one of an activation code,
/// contactDefaultSmdp and contactSmds (SGP.32 v1.2 2.11.1 `ProfileDownloadData`).
fn download_plan(
    activation_code: Option<&str>,
    contact_default_smdp: bool,
    contact_smds: Option<&ContactSmdsRequest>,
) -> Result<PackagePlan, InvalidRequest> {
    match (activation_code, contact_default_smdp, contact_smds) {
        (Some(ac), false, None) => {
            let ac =
                ActivationCode::parse(ac).map_err(|e| invalid(format!("activationCode: {e}")))?;
            Ok(trigger_plan(&ac))
        }
        (None, true, None) => Ok(data_trigger(ProfileDownloadData::ContactDefaultSmdp(Null))),
        (None, false, Some(c)) => {
            if let Some(a) = &c.smds_address {
                proto::ids::SmdpAddress::parse(a)
                    .map_err(|e| invalid(format!("contactSmds.smdsAddress {a:?}: {e}")))?;
            }
            Ok(data_trigger(ProfileDownloadData::ContactSmds(
                ContactSmds {
                    smds_address: c.smds_address.clone(),
                },
            )))
        }
        _ => Err(invalid(
            "download: exactly one of activationCode, contactDefaultSmdp, contactSmds",
        )),
    }
}

/// Why a queued body cannot take its package's eimTransactionId.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CompletionError {
    /// The stored body does not decode as its kind.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// An eUICC Package, which is signed at delivery instead.
    #[error("an eUICC Package is signed, not completed")]
    Signed,
}

/// The request to deliver for a queued non-eUICC-Package body: the same value with the
/// package's eimTransactionId set.
pub fn with_transaction_id(
    kind: PackageKind,
    body: &[u8],
    tid: &[u8],
) -> Result<Vec<u8>, CompletionError> {
    match kind {
        PackageKind::DownloadTrigger => {
            let mut r = ProfileDownloadTriggerRequest::from_der(body)?;
            r.eim_transaction_id = Some(tid.to_vec());
            Ok(r.to_der())
        }
        PackageKind::IpaEuiccData => {
            let mut r = IpaEuiccDataRequest::from_der(body)?;
            r.eim_transaction_id = Some(tid.to_vec());
            Ok(r.to_der())
        }
        PackageKind::EuiccPackage => Err(CompletionError::Signed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_decode_from_the_documented_json() {
        let r: OperationRequest =
            serde_json::from_str(r#"{"type":"enable","iccid":"8949010000000000017"}"#).unwrap();
        assert_eq!(
            r,
            OperationRequest::Enable {
                iccid: "8949010000000000017".into(),
                rollback: true
            }
        );
        let plan = r.plan().unwrap().unwrap();
        assert_eq!(plan.kind, PackageKind::EuiccPackage);
        // psmoList [0] { enable [3] { 5A 0A ..., 05 00 } }
        assert_eq!(&plan.body[..4], &[0xA0, 0x10, 0xA3, 0x0E]);
        assert_eq!(&plan.body[plan.body.len() - 2..], &[0x05, 0x00]);
        let r: OperationRequest = serde_json::from_str(
            r#"{"type":"localize","country":"DE","targets":[{"profile_type":"de-a"}]}"#,
        )
        .unwrap();
        assert_eq!(r.kind(), "localize");
        assert!(r.plan().unwrap().is_none());
        assert!(
            serde_json::from_str::<OperationRequest>(r#"{"type":"reboot"}"#).is_err(),
            "unknown operation types are refused"
        );
        let bad = OperationRequest::Enable {
            iccid: "12".into(),
            rollback: false,
        };
        assert!(bad.plan().is_err());
    }

    #[test]
    fn sgp32_2_11_1_trigger_carries_the_activation_code_and_transaction_id() {
        let ac = ActivationCode::parse("LPA:1$smdp.rsp-lab.test$ABC-123").unwrap();
        let plan = trigger_plan(&ac);
        let der = with_transaction_id(plan.kind, &plan.body, &[1, 2, 3]).unwrap();
        let r = ProfileDownloadTriggerRequest::from_der(&der).unwrap();
        assert_eq!(r.eim_transaction_id, Some(vec![1, 2, 3]));
        assert_eq!(
            r.profile_download_data,
            Some(ProfileDownloadData::ActivationCode(
                "1$smdp.rsp-lab.test$ABC-123".into()
            ))
        );
    }

    #[test]
    fn sgp32_2_11_1_1_every_request_plans_a_package_that_decodes() {
        use proto::sgp32::EuiccPackage;
        let eim = EimConfig {
            eim_id: "eim2.example".into(),
            eim_fqdn: Some("eim2.example".into()),
            eim_id_type: Some(2),
            counter_value: Some(0),
            indirect_profile_download: true,
            ..EimConfig::default()
        };
        let iccid = "8949010000000000025".to_string();
        let requests = vec![
            OperationRequest::Enable {
                iccid: iccid.clone(),
                rollback: false,
            },
            OperationRequest::Disable {
                iccid: iccid.clone(),
            },
            OperationRequest::Delete {
                iccid: iccid.clone(),
            },
            OperationRequest::ListProfiles,
            OperationRequest::GetRat,
            OperationRequest::ConfigureImmediateEnable {
                immediate_enable: true,
                default_smdp_oid: Some("2.999.10".into()),
                default_smdp_address: Some("smdp.example".into()),
            },
            OperationRequest::SetFallback {
                iccid: iccid.clone(),
            },
            OperationRequest::UnsetFallback,
            OperationRequest::SetDefaultDpAddress {
                address: "smdp.example".into(),
            },
            OperationRequest::AddEim { eim: eim.clone() },
            OperationRequest::DeleteEim {
                eim_id: "eim2.example".into(),
            },
            OperationRequest::UpdateEim { eim },
            OperationRequest::ListEim,
        ];
        for r in requests {
            let plan = r.plan().unwrap().unwrap();
            assert_eq!(plan.kind, PackageKind::EuiccPackage);
            let p = EuiccPackage::from_der(&plan.body).unwrap();
            assert_eq!(p.to_der(), plan.body, "{}", r.kind());
            let json = serde_json::to_value(&r).unwrap();
            assert_eq!(json["type"], r.kind());
            assert_eq!(serde_json::from_value::<OperationRequest>(json).unwrap(), r);
        }
    }
}
