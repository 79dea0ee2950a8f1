//! What the eUICC says about itself: EUICCInfo1/2 (SGP.22 5.7.8), the EID (5.7.20), the
//! configured addresses (5.7.3, 5.7.4), the RAT (5.7.22), and LPAe activation (5.7, not
//! supported).

use proto::der::{Asn1, DecodeError, Null};
use proto::ids::SmdpAddress;
use proto::sgp22::{
    EUICCInfo1, EUICCInfo2, EuiccConfiguredAddressesRequest, EuiccConfiguredAddressesResponse,
    GetEuiccDataRequest, GetEuiccDataResponse, GetEuiccInfo1Request, GetEuiccInfo2Request,
    GetRatRequest, GetRatResponse, LpaeActivationRequest, LpaeActivationResponse,
    LpaeActivationResult, PprIds, RspCapability, SetDefaultDpAddressRequest,
    SetDefaultDpAddressResponse, SetDefaultDpAddressResult, UICCCapability,
};

use proto::sgp32::{IoTSpecificInfo, IpaMode, SGP32EUICCInfo2};

use crate::es10_error::Es10Error;
use crate::euicc::Euicc;
use crate::policy;
use crate::session::PROFILE_PACKAGE_VERSION;
use crate::{SGP32_VERSION, Sgp32Version};

use crate::SGP22_VERSION as SVN;

/// Free volatile memory reported in `extCardResource`: the simulator has no such limit, so
/// a fixed, plausible figure.
const FREE_VOLATILE_MEMORY: u32 = 32 * 1024;

/// `extCardResource` (ETSI TS 102 226 8.2.1.3.2.1): number of installed applications
/// (`81`), free non-volatile memory (`82`), free volatile memory (`83`).
pub(crate) fn ext_card_resource(installed: usize, free_nv: u64) -> Vec<u8> {
    let mut out = vec![0x81, 0x01, u8::try_from(installed).unwrap_or(u8::MAX)];
    out.extend([0x82, 0x04]);
    out.extend(u32::try_from(free_nv).unwrap_or(u32::MAX).to_be_bytes());
    out.extend([0x83, 0x04]);
    out.extend(FREE_VOLATILE_MEMORY.to_be_bytes());
    out
}

/// What the eUICC's profile runtime implements (SGP.22 5.7.8 `uiccCapability`, the TCA
/// PEDefinitions bits), and nothing it does not: the USIM and the ISIM (files, PINs,
/// AUTHENTICATE, [`crate::uicc`]), MILENAGE, TUAK with K of 128 and 256 bits, the TS
/// 34.108 test algorithm. Not offered: the CSIM and CAVE (no CDMA authentication), BER-TLV
/// files (created from a package, but RETRIEVE DATA and SET DATA are not implemented), DF
/// links (linked EFs are honoured, linked DFs not).
fn uicc_capability() -> UICCCapability {
    UICCCapability::from_bits(&[
        UICCCapability::USIM_SUPPORT,
        UICCCapability::ISIM_SUPPORT,
        UICCCapability::AKA_MILENAGE,
        UICCCapability::AKA_TUAK128,
        UICCCapability::AKA_TUAK256,
        UICCCapability::USIM_TEST_ALGORITHM,
    ])
}

/// RSP features: several profiles, test profiles, device info extensions tolerated,
/// service-specific data kept. No CRL (ES10b.LoadCRL is not offered), no RPM.
fn rsp_capability() -> RspCapability {
    RspCapability::from_bits(&[
        RspCapability::ADDITIONAL_PROFILE,
        RspCapability::TEST_PROFILE_SUPPORT,
        RspCapability::DEVICE_INFO_EXTENSIBILITY_SUPPORT,
        RspCapability::SERVICE_SPECIFIC_DATA_SUPPORT,
    ])
}

/// The default SM-DP+ address to store for a SetDefaultDpAddress request: `Some(None)` to
/// remove it (empty string), `None` when the address is not an FQDN.
pub(crate) fn default_dp_address(requested: &str) -> Option<Option<String>> {
    match requested {
        "" => Some(None),
        a if SmdpAddress::parse(a).is_ok() => Some(Some(a.to_string())),
        _ => None,
    }
}

impl Euicc {
    /// EUICCInfo2 as it is now (free memory and forbidden PPRs follow the profiles).
    pub(crate) fn euicc_info2(&self) -> EUICCInfo2 {
        let forbidden: Vec<usize> = policy::forbidden_pprs(&self.state)
            .iter()
            .map(|p| p.bit())
            .collect();
        EUICCInfo2 {
            profile_version: PROFILE_PACKAGE_VERSION,
            svn: SVN,
            euicc_firmware_ver: self.state.options.firmware_version,
            ext_card_resource: ext_card_resource(
                self.state.profiles.len(),
                self.state.free_memory(),
            ),
            uicc_capability: uicc_capability(),
            ts102241_version: None,
            globalplatform_version: None,
            rsp_capability: rsp_capability(),
            euicc_ci_pkid_list_for_verification: self.creds.ci_pkids_for_verification(),
            euicc_ci_pkid_list_for_signing: self.creds.ci_pkids_for_signing(),
            euicc_category: None,
            forbidden_profile_policy_rules: Some(PprIds::from_bits(&forbidden)),
            // No Protection Profile certification.
            pp_version: [0, 0, 0],
            sas_acreditation_number: self.state.options.sas_accreditation_number.clone(),
            certification_data_object: None,
            tre_properties: None,
            tre_product_reference: None,
            additional_euicc_profile_package_versions: None,
        }
    }

    /// ES10b.GetEUICCInfo, EUICCInfo1 (SGP.22 5.7.8).
    pub(crate) fn get_euicc_info1(&self, _req: GetEuiccInfo1Request) -> Vec<u8> {
        EUICCInfo1 {
            svn: SVN,
            euicc_ci_pkid_list_for_verification: self.creds.ci_pkids_for_verification(),
            euicc_ci_pkid_list_for_signing: self.creds.ci_pkids_for_signing(),
        }
        .to_der()
    }

    /// EUICCInfo2 of an IoT eUICC (SGP.32 v1.2 5.9.2): SGP.22's, the IPA in the device
    /// (`ipaMode ipad`), SGP.32 v1.2 with the Fallback and Emergency Mechanisms.
    pub(crate) fn euicc_info2_iot(&self) -> SGP32EUICCInfo2 {
        let i = self.euicc_info2();
        SGP32EUICCInfo2 {
            profile_version: i.profile_version,
            svn: i.svn,
            euicc_firmware_ver: i.euicc_firmware_ver,
            ext_card_resource: i.ext_card_resource,
            uicc_capability: i.uicc_capability,
            ts102241_version: i.ts102241_version,
            globalplatform_version: i.globalplatform_version,
            rsp_capability: i.rsp_capability,
            euicc_ci_pkid_list_for_verification: i.euicc_ci_pkid_list_for_verification,
            euicc_ci_pkid_list_for_signing: i.euicc_ci_pkid_list_for_signing,
            euicc_category: i.euicc_category,
            forbidden_profile_policy_rules: i.forbidden_profile_policy_rules,
            pp_version: i.pp_version,
            sas_acreditation_number: i.sas_acreditation_number,
            certification_data_object: i.certification_data_object,
            tre_properties: i.tre_properties,
            tre_product_reference: i.tre_product_reference,
            additional_euicc_profile_package_versions: i.additional_euicc_profile_package_versions,
            ipa_mode: Some(IpaMode::Ipad),
            euicc_ci_pkid_list_for_signing_v3: None,
            additional_euicc_info: None,
            highest_svn: None,
            iot_specific_info: Some(match self.state.options.sgp32 {
                // v1.0's IoTSpecificInfo has only the version.
                Sgp32Version::V1_0 => IoTSpecificInfo {
                    iot_version: vec![Sgp32Version::V1_0.version_type()],
                    ecall_supported: None,
                    fallback_supported: None,
                },
                v => IoTSpecificInfo {
                    // Every version from 1.2 up that it implements (SGP.32 5.9.2).
                    iot_version: if v == Sgp32Version::V1_2 {
                        vec![SGP32_VERSION]
                    } else {
                        vec![SGP32_VERSION, v.version_type()]
                    },
                    ecall_supported: Some(Null),
                    fallback_supported: Some(Null),
                },
            }),
        }
    }

    /// ES10b.GetEUICCInfo, EUICCInfo2 (SGP.22 5.7.8; SGP.32 v1.2 5.9.2 on an IoT eUICC).
    pub(crate) fn get_euicc_info2(&self, _req: GetEuiccInfo2Request) -> Vec<u8> {
        if self.is_iot() {
            self.euicc_info2_iot().to_der()
        } else {
            self.euicc_info2().to_der()
        }
    }

    /// ES10c.GetEID (SGP.22 5.7.20): the tag list shall be `5A`.
    pub(crate) fn get_eid(&self, req: &GetEuiccDataRequest) -> Result<Vec<u8>, Es10Error> {
        if req.tag_list != [0x5A] {
            return Err(Es10Error::Malformed(DecodeError::invalid(
                0,
                "GetEuiccDataRequest tagList must be 5A",
            )));
        }
        let eid = proto::ids::Eid::parse_lenient(&self.state.eid)
            .map_err(|_| Es10Error::Internal("EID of the state"))?;
        Ok(GetEuiccDataResponse {
            eid_value: eid.to_bcd(),
        }
        .to_der())
    }

    /// ES10b.GetRAT (SGP.22 5.7.22).
    pub(crate) fn get_rat(&self, _req: GetRatRequest) -> Vec<u8> {
        GetRatResponse {
            rat: policy::rat(&self.state.options),
        }
        .to_der()
    }

    /// ES10a.GetEuiccConfiguredAddresses (SGP.22 5.7.3).
    pub(crate) fn get_configured_addresses(
        &self,
        _req: EuiccConfiguredAddressesRequest,
    ) -> Vec<u8> {
        EuiccConfiguredAddressesResponse {
            default_dp_address: self.state.default_dp_address.clone(),
            root_ds_address: self.state.options.root_ds_address.clone(),
        }
        .to_der()
    }

    /// ES10a.SetDefaultDpAddress (SGP.22 5.7.4): an FQDN, or empty to remove the address.
    pub(crate) fn set_default_dp_address(&mut self, req: &SetDefaultDpAddressRequest) -> Vec<u8> {
        let respond = |r| {
            SetDefaultDpAddressResponse {
                set_default_dp_address_result: r,
            }
            .to_der()
        };
        let Some(address) = default_dp_address(&req.default_dp_address) else {
            return respond(SetDefaultDpAddressResult::UndefinedError);
        };
        let mut next = self.state.clone();
        next.default_dp_address = address;
        match self.commit(next) {
            Ok(()) => respond(SetDefaultDpAddressResult::Ok),
            Err(_) => respond(SetDefaultDpAddressResult::UndefinedError),
        }
    }

    /// LPAe activation (SGP.22 5.7): this eUICC has no LPAe.
    pub(crate) fn lpae_activation(&self, _req: LpaeActivationRequest) -> Vec<u8> {
        LpaeActivationResponse {
            lpae_activation_result: LpaeActivationResult::NotSupported,
        }
        .to_der()
    }
}
