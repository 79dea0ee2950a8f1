//! The IoT ES10b additions (SGP.32 v1.2 5.9).

use proto::der::{Asn1, Null};
use proto::sgp22::{EUICCInfo2, NotificationsListResultError};
use proto::sgp32::*;

use super::*;

#[test]
fn sgp32_5_9_2_euicc_info2_iot_components() {
    let info = sgp32_samples::euicc_info2();
    let der = info.to_der();
    let iot = "b40b a0050403010200 8100 8200";
    assert!(
        hex::encode(&der).ends_with(&iot.replace(' ', "")),
        "iotSpecificInfo last, tag B4"
    );
    assert!(hex::encode(&der).contains("900100"), "ipaMode [16] ipad");
    round_trip(&info, &hex::encode(&der));
    // An SGP.22 reader skips the IoT components as extensions.
    let consumer = EUICCInfo2::from_der(&der).expect("SGP.22 EUICCInfo2 decodes");
    assert_eq!(consumer.svn, info.svn);
}

#[test]
fn sgp32_5_9_iot_es10b_functions() {
    round_trip(
        &ImmediateEnableRequest { refresh_flag: true },
        "bf5a03 8001ff",
    );
    round_trip(
        &ImmediateEnableResponse {
            immediate_enable_result: ImmediateEnableResult::ImmediateEnableNotAvailable,
        },
        "bf5a03 800101",
    );
    round_trip(
        &ProfileRollbackResponse {
            cmd_result: RollbackCmdResult::Ok,
            euicc_package_result: None,
        },
        "bf5803 020100",
    );
    round_trip(
        &ExecuteFallbackMechanismResponse {
            execute_fallback_mechanism_result: ExecuteFallbackMechanismResult::FallbackNotAvailable,
        },
        "bf5d03 800106",
    );
    round_trip(
        &ReturnFromFallbackRequest {
            refresh_flag: false,
        },
        "bf5e03 800100",
    );
    round_trip(
        &EnableEmergencyProfileResponse {
            enable_emergency_profile_result: EnableEmergencyProfileResult::EcallNotAvailable,
        },
        "bf5b03 800108",
    );
    round_trip(
        &DisableEmergencyProfileRequest { refresh_flag: true },
        "bf5c03 8001ff",
    );
    round_trip(
        &GetCertsRequest {
            euicc_ci_pkid: None,
        },
        "bf5600",
    );
    round_trip(
        &GetCertsResponse::GetCertsError(GetCertsError::InvalidCiPkId),
        "bf5603 810101",
    );
    assert_eq!(
        GetCertsError::UndefinedError.to_json(),
        serde_json::json!("undfinedError"),
        "the module's spelling"
    );
    round_trip(
        &AddInitialEimResponse::AddInitialEimOk(vec![
            AddInitialEimOkItem::AssociationToken(5),
            AddInitialEimOkItem::AddOk(Null),
        ]),
        "bf5707 a005 840105 0500",
    );
    round_trip(
        &ConfigureImmediateProfileEnablingRequest {
            immediate_enable_flag: Some(Null),
            ..Default::default()
        },
        "bf5902 8000",
    );
    round_trip(
        &GetEimConfigurationDataRequest {
            search_criteria: Some(EimSearchCriteria::EimId("e".to_string())),
        },
        "bf5505 a003 800165",
    );
    round_trip(
        &SGP32EuiccMemoryResetRequest {
            reset_options: SGP32ResetOptions::from_bits(&[
                SGP32ResetOptions::DELETE_OPERATIONAL_PROFILES,
                SGP32ResetOptions::RESET_EIM_CONFIG_DATA,
            ]),
        },
        "bf6404 82020284",
    );
    round_trip(
        &SGP32EuiccMemoryResetResponse {
            reset_result: SGP32ResetResult::Ok,
            reset_eim_result: None,
            reset_immediate_enable_config_result: Some(ResetImmediateEnableConfigResult::Ok),
        },
        "bf6406 800100 820100",
    );
    round_trip(
        &GetConnectivityParametersResponse::ConnectivityParameters(ConnectivityParameters {
            http_params: Some(vec![0xAA]),
        }),
        "bf5f05 a003 8101aa",
    );
    round_trip(
        &SGP32SetDefaultDpAddressRequest {
            default_dp_address: "a.b".to_string(),
        },
        "bf6505 8003612e62",
    );
    round_trip(
        &ISDRProprietaryApplicationTemplateIoT {
            euicc_configuration: EuiccConfiguration::from_bits(&[
                EuiccConfiguration::IPAE_SUPPORTED,
                EuiccConfiguration::ENABLED_PROFILE,
            ]),
        },
        "e104 800206c0",
    );
    round_trip(
        &IpaeActivationRequest {
            ipae_option: IpaeOption::from_bits(&[IpaeOption::ACTIVATE_IPAE]),
        },
        "bf4204 80020780",
    );
}

#[test]
fn sgp32_5_9_11_retrieve_notifications_list() {
    round_trip(
        &SGP32RetrieveNotificationsListRequest {
            search_criteria: Some(SGP32NotificationSearchCriteria::EuiccPackageResults(Null)),
        },
        "bf2b04 a002 8200",
    );
    round_trip(
        &SGP32RetrieveNotificationsListResponse::NotificationsListResultError(
            NotificationsListResultError::UndefinedError,
        ),
        "bf2b03 81017f",
    );
    round_trip(
        &SGP32RetrieveNotificationsListResponse::EuiccPackageResultList(vec![
            EuiccPackageResult::EuiccPackageErrorUnsigned(EuiccPackageErrorUnsigned {
                eim_id: "eim".to_string(),
                eim_transaction_id: None,
                association_token: None,
                euicc_package_unsigned_error_code: None,
            }),
        ]),
        "bf2b0c a20a bf5107 a205 800365696d",
    );
}
