//! Samples of the IoT ES10b types, EUICCInfo2 and IPAe.

use proto::der::{Asn1, Null};
use proto::sgp32::*;

use super::values::*;
use crate::sgp22_samples as s22;

pub(super) fn add(s: &mut Vec<(&'static str, Vec<u8>)>) {
    macro_rules! add {
        ($name:literal, $($v:expr),+ $(,)?) => {$( s.push(($name, Asn1::to_der(&$v))); )+};
    }
    // GetEUICCInfo
    add!(
        "SGP32-EUICCInfo2",
        euicc_info2(),
        SGP32EUICCInfo2 {
            ipa_mode: Some(IpaMode::Ipae),
            euicc_ci_pkid_list_for_signing_v3: None,
            additional_euicc_info: None,
            highest_svn: None,
            ..euicc_info2()
        },
    );
    add!(
        "IoTSpecificInfo",
        iot_specific_info(),
        IoTSpecificInfo {
            iot_version: vec![[1, 0, 0], [1, 2, 0]],
            ecall_supported: None,
            fallback_supported: None,
        },
    );
    add!("IpaMode", IpaMode::Ipae);
    // IPAe
    add!(
        "ISDRProprietaryApplicationTemplateIoT",
        ISDRProprietaryApplicationTemplateIoT {
            euicc_configuration: EuiccConfiguration::from_bits(&[
                EuiccConfiguration::IPAE_SUPPORTED,
                EuiccConfiguration::ENABLED_PROFILE,
            ]),
        }
    );
    add!(
        "IpaeActivationRequest",
        IpaeActivationRequest {
            ipae_option: IpaeOption::from_bits(&[IpaeOption::ACTIVATE_IPAE]),
        }
    );
    add!(
        "IpaeActivationResponse",
        IpaeActivationResponse {
            ipae_activation_result: IpaeActivationResult::NotSupported,
        }
    );
    // AddInitialEim, memory reset, GetCerts
    add!(
        "AddInitialEimRequest",
        AddInitialEimRequest {
            eim_configuration_data_list: vec![
                eim_configuration_data(),
                EimConfigurationData {
                    eim_id: "second.eim.example.com".to_string(),
                    ..EimConfigurationData::default()
                },
            ],
        }
    );
    add!(
        "AddInitialEimResponse",
        AddInitialEimResponse::AddInitialEimOk(vec![
            AddInitialEimOkItem::AssociationToken(5),
            AddInitialEimOkItem::AddOk(Null),
        ]),
        AddInitialEimResponse::AddInitialEimError(AddInitialEimError::InvalidAssociationToken),
    );
    add!(
        "SGP32-EuiccMemoryResetRequest",
        SGP32EuiccMemoryResetRequest {
            reset_options: SGP32ResetOptions::from_bits(&[
                SGP32ResetOptions::DELETE_OPERATIONAL_PROFILES,
                SGP32ResetOptions::RESET_EIM_CONFIG_DATA,
                SGP32ResetOptions::RESET_IMMEDIATE_ENABLE_CONFIG,
            ]),
        }
    );
    add!(
        "SGP32-EuiccMemoryResetResponse",
        SGP32EuiccMemoryResetResponse {
            reset_result: SGP32ResetResult::EcallActive,
            reset_eim_result: Some(ResetEimResult::EimResetNotSupported),
            reset_immediate_enable_config_result: Some(
                ResetImmediateEnableConfigResult::ResetIecNotSupported
            ),
        },
        SGP32EuiccMemoryResetResponse {
            reset_result: SGP32ResetResult::Ok,
            reset_eim_result: None,
            reset_immediate_enable_config_result: Some(ResetImmediateEnableConfigResult::Ok),
        },
    );
    add!(
        "GetCertsRequest",
        GetCertsRequest {
            euicc_ci_pkid: Some(s22::ski())
        },
        GetCertsRequest {
            euicc_ci_pkid: None
        },
    );
    add!(
        "GetCertsResponse",
        GetCertsResponse::Certs(EuiccCerts {
            eum_certificate: s22::cert("EUM"),
            euicc_certificate: s22::cert("eUICC"),
        }),
        GetCertsResponse::GetCertsError(GetCertsError::InvalidCiPkId),
        GetCertsResponse::GetCertsError(GetCertsError::UndefinedError),
    );
    // Immediate enable, rollback, fallback, emergency profile
    add!(
        "ImmediateEnableRequest",
        ImmediateEnableRequest { refresh_flag: true }
    );
    add!(
        "ImmediateEnableResponse",
        ImmediateEnableResponse {
            immediate_enable_result: ImmediateEnableResult::ImmediateEnableNotAvailable,
        }
    );
    add!(
        "ProfileRollbackRequest",
        ProfileRollbackRequest {
            refresh_flag: false
        }
    );
    add!(
        "ProfileRollbackResponse",
        ProfileRollbackResponse {
            cmd_result: RollbackCmdResult::Ok,
            euicc_package_result: Some(result_signed()),
        },
        ProfileRollbackResponse {
            cmd_result: RollbackCmdResult::RollbackNotAllowed,
            euicc_package_result: None,
        },
    );
    add!(
        "ConfigureImmediateProfileEnablingRequest",
        configure_immediate(),
        ConfigureImmediateProfileEnablingRequest::default(),
    );
    add!(
        "ConfigureImmediateProfileEnablingResponse",
        ConfigureImmediateProfileEnablingResponse {
            config_immediate_enable_result: ConfigImmediateEnableResult::AssociatedEimAlreadyExists,
        }
    );
    add!(
        "GetEimConfigurationDataRequest",
        GetEimConfigurationDataRequest {
            search_criteria: Some(EimSearchCriteria::EimId(eim_id())),
        },
        GetEimConfigurationDataRequest {
            search_criteria: None
        },
    );
    add!(
        "GetEimConfigurationDataResponse",
        GetEimConfigurationDataResponse {
            eim_configuration_data_list: vec![eim_configuration_data()],
        }
    );
    add!(
        "ExecuteFallbackMechanismRequest",
        ExecuteFallbackMechanismRequest { refresh_flag: true }
    );
    add!(
        "ExecuteFallbackMechanismResponse",
        ExecuteFallbackMechanismResponse {
            execute_fallback_mechanism_result: ExecuteFallbackMechanismResult::FallbackNotAvailable,
        }
    );
    add!(
        "ReturnFromFallbackRequest",
        ReturnFromFallbackRequest {
            refresh_flag: false
        }
    );
    add!(
        "ReturnFromFallbackResponse",
        ReturnFromFallbackResponse {
            return_from_fallback_result: ReturnFromFallbackResult::CommandError,
        }
    );
    add!(
        "EnableEmergencyProfileRequest",
        EnableEmergencyProfileRequest { refresh_flag: true }
    );
    add!(
        "EnableEmergencyProfileResponse",
        EnableEmergencyProfileResponse {
            enable_emergency_profile_result: EnableEmergencyProfileResult::EcallNotAvailable,
        }
    );
    add!(
        "DisableEmergencyProfileRequest",
        DisableEmergencyProfileRequest {
            refresh_flag: false
        }
    );
    add!(
        "DisableEmergencyProfileResponse",
        DisableEmergencyProfileResponse {
            disable_emergency_profile_result:
                DisableEmergencyProfileResult::ProfileNotInEnabledState,
        }
    );
    // Connectivity parameters, default SM-DP+ address
    add!(
        "GetConnectivityParametersRequest",
        GetConnectivityParametersRequest {}
    );
    add!(
        "GetConnectivityParametersResponse",
        GetConnectivityParametersResponse::ConnectivityParameters(ConnectivityParameters {
            http_params: Some(vec![0x01, 0x02, 0x03]),
        }),
        GetConnectivityParametersResponse::ConnectivityParametersError(
            ConnectivityParametersError::ParametersNotAvailable
        ),
    );
    add!(
        "ConnectivityParameters",
        ConnectivityParameters {
            http_params: Some(vec![0xAA]),
        },
        ConnectivityParameters { http_params: None },
    );
    add!(
        "ConnectivityParametersError",
        ConnectivityParametersError::UndefinedError
    );
    add!(
        "SGP32-SetDefaultDpAddressRequest",
        SGP32SetDefaultDpAddressRequest {
            default_dp_address: "smdp.example.com".to_string(),
        }
    );
    add!(
        "SGP32-SetDefaultDpAddressResponse",
        SGP32SetDefaultDpAddressResponse {
            set_default_dp_address_result: proto::sgp22::SetDefaultDpAddressResult::UndefinedError,
        }
    );
}
