//! The other IoT ES10b functions: AddInitialEim (SGP.32 v1.2 5.9.4),
//! GetEimConfigurationData (5.9.18), GetCerts (5.9.10), EUICCInfo2 (5.9.2),
//! eUICCMemoryReset (5.9.5), immediate enabling (5.9.15, 5.9.17), SetDefaultDpAddress
//! (5.9.25), GetConnectivityParameters (5.9.24) and the Emergency Profile (5.9.22, 5.9.23).

use crate::common;
use crate::iot_common;

use euicc_sim::state::{EimConfig, EimKey, ProfileStatus};
use euicc_sim::{Euicc, EuiccError, EuiccOptions, Preload};
use iot_common::*;
use proto::der::{Asn1, Null, RawSequence};
use proto::sgp22::{
    AuthenticateServerResponse, DeviceInfo, GetEuiccInfo2Request, SubjectPublicKeyInfo,
};
use proto::sgp32::{
    AddInitialEimError, AddInitialEimOkItem, AddInitialEimRequest, AddInitialEimResponse,
    ConfigImmediateEnableResult, ConfigureImmediateProfileEnablingRequest,
    ConfigureImmediateProfileEnablingResponse, ConnectivityParametersError,
    DisableEmergencyProfileRequest, DisableEmergencyProfileResponse, DisableEmergencyProfileResult,
    EimConfigurationData, EimPublicKeyData, EimSearchCriteria, EnableEmergencyProfileRequest,
    EnableEmergencyProfileResponse, EnableEmergencyProfileResult, EuiccPackageErrorCode,
    EuiccPackageResult, GetCertsError, GetCertsRequest, GetCertsResponse,
    GetConnectivityParametersRequest, GetConnectivityParametersResponse,
    GetEimConfigurationDataRequest, GetEimConfigurationDataResponse, ImmediateEnableRequest,
    ImmediateEnableResponse, ImmediateEnableResult, IpaMode, ResetEimResult,
    ResetImmediateEnableConfigResult, SGP32AuthenticateServerResponse, SGP32EUICCInfo2,
    SGP32EuiccMemoryResetRequest, SGP32EuiccMemoryResetResponse, SGP32ResetOptions,
    SGP32ResetResult, SGP32SetDefaultDpAddressRequest, SGP32SetDefaultDpAddressResponse,
    StateChangeCause,
};

fn plain_iot_euicc() -> Euicc {
    Euicc::in_memory(
        common::credentials(),
        EuiccOptions {
            iot: true,
            ..EuiccOptions::default()
        },
    )
    .unwrap()
}

fn eim_data(eim: &Eim, id: &str) -> EimConfigurationData {
    EimConfigurationData {
        eim_id: id.into(),
        eim_fqdn: Some("eim.rsp-lab.test".into()),
        counter_value: Some(0),
        eim_public_key_data: Some(EimPublicKeyData::EimPublicKey(SubjectPublicKeyInfo(
            RawSequence(eim.key.public_key().to_spki_der()),
        ))),
        ..EimConfigurationData::default()
    }
}

fn add_initial(euicc: &mut Euicc, list: Vec<EimConfigurationData>) -> AddInitialEimResponse {
    AddInitialEimResponse::from_der(&es10(
        euicc,
        &AddInitialEimRequest {
            eim_configuration_data_list: list,
        },
    ))
    .unwrap()
}

#[test]
fn sgp32_5_9_4_add_initial_eim_hands_out_association_tokens_once() {
    let eim = Eim::new();
    let mut euicc = plain_iot_euicc();
    let with_token = EimConfigurationData {
        association_token: Some(0),
        ..eim_data(&eim, EIM_ID)
    };
    let r = add_initial(&mut euicc, vec![with_token, eim_data(&eim, "eim2")]);
    assert_eq!(
        r,
        AddInitialEimResponse::AddInitialEimOk(vec![
            AddInitialEimOkItem::AssociationToken(1),
            AddInitialEimOkItem::AddOk(Null),
        ])
    );
    assert_eq!(
        add_initial(&mut euicc, vec![eim_data(&eim, "eim3")]),
        AddInitialEimResponse::AddInitialEimError(AddInitialEimError::AssociatedEimAlreadyExists)
    );

    // The eUICC now takes packages from that eIM, signed with the token it handed out.
    let mut signer = Eim::new();
    signer.token = Some(1);
    preload(&mut euicc, LOCAL, false, false);
    let r = exec(&mut euicc, &mut signer, vec![enable(LOCAL, false)]);
    assert!(verifies(&euicc, &r, 1));

    let all = GetEimConfigurationDataResponse::from_der(&es10(
        &mut euicc,
        &GetEimConfigurationDataRequest::default(),
    ))
    .unwrap();
    assert_eq!(all.eim_configuration_data_list.len(), 2);
    assert_eq!(
        all.eim_configuration_data_list[0].association_token,
        Some(1)
    );
    assert_eq!(all.eim_configuration_data_list[0].counter_value, Some(1));
    let one = GetEimConfigurationDataResponse::from_der(&es10(
        &mut euicc,
        &GetEimConfigurationDataRequest {
            search_criteria: Some(EimSearchCriteria::EimId("eim2".into())),
        },
    ))
    .unwrap();
    assert_eq!(one.eim_configuration_data_list, [eim_data(&eim, "eim2")]);
}

#[test]
fn sgp32_5_9_4_add_initial_eim_refusals_leave_nothing_behind() {
    let eim = Eim::new();
    let mut euicc = plain_iot_euicc();
    let cases = [
        (
            EimConfigurationData {
                euicc_ci_pkid: Some(vec![0xDE, 0xAD]),
                ..eim_data(&eim, EIM_ID)
            },
            AddInitialEimError::CiPkUnknown,
        ),
        (
            EimConfigurationData {
                counter_value: Some(8_388_608),
                ..eim_data(&eim, EIM_ID)
            },
            AddInitialEimError::CounterValueOutOfRange,
        ),
        (
            EimConfigurationData {
                eim_public_key_data: None,
                ..eim_data(&eim, EIM_ID)
            },
            AddInitialEimError::CommandError,
        ),
    ];
    for (data, code) in cases {
        assert_eq!(
            add_initial(&mut euicc, vec![eim_data(&eim, "fine"), data]),
            AddInitialEimResponse::AddInitialEimError(code)
        );
        assert!(euicc.eims().is_empty(), "{code:?}: nothing stored");
    }
    assert_eq!(
        add_initial(&mut euicc, vec![eim_data(&eim, "a"), eim_data(&eim, "a")]),
        AddInitialEimResponse::AddInitialEimError(AddInitialEimError::CommandError),
        "eimIds are unique"
    );
    let ours = euicc.credentials().ci_pkids_for_signing()[0].clone();
    let r = add_initial(
        &mut euicc,
        vec![EimConfigurationData {
            euicc_ci_pkid: Some(ours),
            ..eim_data(&eim, EIM_ID)
        }],
    );
    assert!(matches!(r, AddInitialEimResponse::AddInitialEimOk(_)));
}

#[test]
fn sgp32_5_9_4_initial_configuration_is_checked_at_creation() {
    let eim = Eim::new();
    let mut no_key = eim.config();
    no_key.eim_key = None;
    let err =
        Euicc::in_memory(common::credentials(), EuiccOptions::iot_with_eim(no_key)).unwrap_err();
    assert!(matches!(err, EuiccError::EimConfig { .. }), "{err}");
    let bad_key = EimConfig {
        eim_key: Some(EimKey::PublicKey {
            spki: vec![0x30, 0x00],
        }),
        ..eim.config()
    };
    assert!(Euicc::in_memory(common::credentials(), EuiccOptions::iot_with_eim(bad_key)).is_err());
    let consumer = EuiccOptions {
        eims: vec![eim.config()],
        ..EuiccOptions::default()
    };
    assert!(Euicc::in_memory(common::credentials(), consumer).is_err());
}

#[test]
fn sgp32_5_9_10_get_certs() {
    let eim = Eim::new();
    let mut euicc = iot_euicc(&eim);
    match GetCertsResponse::from_der(&es10(&mut euicc, &GetCertsRequest::default())).unwrap() {
        GetCertsResponse::Certs(c) => {
            assert_eq!(
                c.euicc_certificate.as_bytes(),
                euicc.credentials().euicc_certificate()
            );
            assert_eq!(
                c.eum_certificate.as_bytes(),
                euicc.credentials().eum_certificate()
            );
        }
        other => panic!("{other:?}"),
    }
    let r = GetCertsResponse::from_der(&es10(
        &mut euicc,
        &GetCertsRequest {
            euicc_ci_pkid: Some(vec![1, 2, 3]),
        },
    ))
    .unwrap();
    assert_eq!(
        r,
        GetCertsResponse::GetCertsError(GetCertsError::InvalidCiPkId)
    );
}

#[test]
fn sgp32_5_9_2_iot_euicc_info2_and_euicc_signed1() {
    let eim = Eim::new();
    let mut euicc = iot_euicc(&eim);
    let info = SGP32EUICCInfo2::from_der(&es10(&mut euicc, &GetEuiccInfo2Request {})).unwrap();
    assert_eq!(info.ipa_mode, Some(IpaMode::Ipad));
    let iot = info.iot_specific_info.expect("iotSpecificInfo");
    assert_eq!(iot.iot_version, [[1, 2, 0]]);
    assert_eq!(iot.fallback_supported, Some(Null));

    // AuthenticateServer signs the IoT EUICCInfo2; SGP.22 readers still decode it.
    let smdp = common::Smdp::new();
    let c = common::challenge(&mut euicc);
    let der = es10(&mut euicc, &smdp.authenticate_server_request(c, &[1, 2, 3]));
    match SGP32AuthenticateServerResponse::from_der(&der).unwrap() {
        SGP32AuthenticateServerResponse::AuthenticateResponseOk(ok) => {
            assert_eq!(ok.euicc_signed1.euicc_info2.ipa_mode, Some(IpaMode::Ipad));
            let key = common::euicc_key(&euicc);
            let sig = proto::crypto::Signature::from_raw(&ok.euicc_signature1).unwrap();
            key.verify(ok.euicc_signed1.raw(), &sig).unwrap();
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        AuthenticateServerResponse::from_der(&der).unwrap(),
        AuthenticateServerResponse::AuthenticateResponseOk(_)
    ));
    let _ = DeviceInfo::default();
}

fn reset(euicc: &mut Euicc, bits: &[usize]) -> SGP32EuiccMemoryResetResponse {
    SGP32EuiccMemoryResetResponse::from_der(&es10(
        euicc,
        &SGP32EuiccMemoryResetRequest {
            reset_options: SGP32ResetOptions::from_bits(bits),
        },
    ))
    .unwrap()
}

#[test]
fn sgp32_5_9_5_memory_reset_options() {
    let mut eim = Eim::new();
    let mut euicc = fleet_euicc(&eim);
    euicc
        .preload_profile(&Preload::new(common::profile(OTHER), test_meta(OTHER)))
        .unwrap();

    let r = reset(
        &mut euicc,
        &[SGP32ResetOptions::DELETE_FIELD_LOADED_TEST_PROFILES],
    );
    assert_eq!(r.reset_result, SGP32ResetResult::Ok);
    assert_eq!(
        (r.reset_eim_result, r.reset_immediate_enable_config_result),
        (None, None)
    );
    assert!(euicc.state().profile_by_iccid(OTHER).is_none());
    assert_eq!(euicc.state().profiles.len(), 2, "operational profiles stay");
    assert_eq!(euicc.pending_state_change(), Some(StateChangeCause::Reset));

    let r = reset(
        &mut euicc,
        &[SGP32ResetOptions::DELETE_PROVISIONING_PROFILES],
    );
    assert_eq!(r.reset_result, SGP32ResetResult::NothingToDelete);

    let r = reset(
        &mut euicc,
        &[
            SGP32ResetOptions::DELETE_OPERATIONAL_PROFILES,
            SGP32ResetOptions::RESET_IMMEDIATE_ENABLE_CONFIG,
        ],
    );
    assert_eq!(r.reset_result, SGP32ResetResult::Ok);
    assert_eq!(r.reset_eim_result, None);
    assert_eq!(
        r.reset_immediate_enable_config_result,
        Some(ResetImmediateEnableConfigResult::Ok)
    );
    assert!(
        euicc.state().profiles.is_empty(),
        "the enabled one too, whatever its state"
    );
    assert_eq!(
        common::notifications(&mut euicc).len(),
        3,
        "one delete notification each"
    );

    // The eIM still manages the eUICC until its configuration is reset.
    let r = exec(&mut euicc, &mut eim, vec![]);
    assert!(verifies(&euicc, &r, TOKEN));
    let r = reset(&mut euicc, &[SGP32ResetOptions::RESET_EIM_CONFIG_DATA]);
    assert_eq!(
        (r.reset_result, r.reset_eim_result),
        (SGP32ResetResult::Ok, Some(ResetEimResult::Ok))
    );
    assert!(euicc.eims().is_empty());
    let r = reset(&mut euicc, &[SGP32ResetOptions::RESET_EIM_CONFIG_DATA]);
    assert_eq!(
        (r.reset_result, r.reset_eim_result),
        (
            SGP32ResetResult::NothingToDelete,
            Some(ResetEimResult::NothingToDelete)
        )
    );
    assert!(matches!(
        exec(&mut euicc, &mut eim, vec![]),
        EuiccPackageResult::EuiccPackageErrorUnsigned(_)
    ));
}

#[test]
fn sgp32_5_9_17_immediate_enable_of_a_profile_from_the_default_smdp() {
    let mut euicc = plain_iot_euicc();
    let ie = |euicc: &mut Euicc| {
        ImmediateEnableResponse::from_der(&es10(
            euicc,
            &ImmediateEnableRequest {
                refresh_flag: false,
            },
        ))
        .unwrap()
        .immediate_enable_result
    };
    assert_eq!(
        ie(&mut euicc),
        ImmediateEnableResult::ImmediateEnableNotAvailable
    );
    let configure = ConfigureImmediateProfileEnablingRequest {
        immediate_enable_flag: Some(Null),
        default_smdp_oid: Some("2.999.10".parse().unwrap()),
        default_smdp_address: Some("smdp.rsp-lab.test".into()),
    };
    let r =
        ConfigureImmediateProfileEnablingResponse::from_der(&es10(&mut euicc, &configure)).unwrap();
    assert_eq!(
        r.config_immediate_enable_result,
        ConfigImmediateEnableResult::Ok
    );
    assert_eq!(ie(&mut euicc), ImmediateEnableResult::NoSessionContext);

    // Refused while immediate enabling is configured.
    let set = SGP32SetDefaultDpAddressRequest {
        default_dp_address: "other.rsp-lab.test".into(),
    };
    let r = SGP32SetDefaultDpAddressResponse::from_der(&es10(&mut euicc, &set)).unwrap();
    assert_eq!(
        r.set_default_dp_address_result,
        proto::sgp22::SetDefaultDpAddressResult::UndefinedError
    );

    let pir = common::download(
        &mut euicc,
        &common::Smdp::new(),
        &meta(LOCAL),
        &common::profile(LOCAL),
    );
    assert!(matches!(
        pir.profile_installation_result_data.final_result,
        proto::sgp22::FinalResult::SuccessResult(_)
    ));
    assert_eq!(ie(&mut euicc), ImmediateEnableResult::Ok);
    assert_eq!(
        euicc.state().profile_by_iccid(LOCAL).unwrap().state,
        ProfileStatus::Enabled
    );
    assert_eq!(
        euicc.pending_state_change(),
        Some(StateChangeCause::ImmediateEnableProfile)
    );
    assert_eq!(
        ie(&mut euicc),
        ImmediateEnableResult::NoSessionContext,
        "once"
    );

    // With an eIM associated, only the eIM configures it.
    let eim = Eim::new();
    let mut managed = iot_euicc(&eim);
    let r = ConfigureImmediateProfileEnablingResponse::from_der(&es10(&mut managed, &configure))
        .unwrap();
    assert_eq!(
        r.config_immediate_enable_result,
        ConfigImmediateEnableResult::AssociatedEimAlreadyExists
    );
}

#[test]
fn sgp32_5_9_25_set_default_dp_address_and_5_9_24_connectivity_parameters() {
    let eim = Eim::new();
    let mut euicc = iot_euicc(&eim);
    let set = |euicc: &mut Euicc, a: &str| {
        SGP32SetDefaultDpAddressResponse::from_der(&es10(
            euicc,
            &SGP32SetDefaultDpAddressRequest {
                default_dp_address: a.into(),
            },
        ))
        .unwrap()
        .set_default_dp_address_result
    };
    use proto::sgp22::SetDefaultDpAddressResult as R;
    assert_eq!(set(&mut euicc, "smdp.rsp-lab.test"), R::Ok);
    assert_eq!(
        euicc.state().default_dp_address.as_deref(),
        Some("smdp.rsp-lab.test")
    );
    assert_eq!(set(&mut euicc, "not an fqdn"), R::UndefinedError);
    assert_eq!(set(&mut euicc, ""), R::Ok);
    assert_eq!(euicc.state().default_dp_address, None);

    let r = GetConnectivityParametersResponse::from_der(&es10(
        &mut euicc,
        &GetConnectivityParametersRequest {},
    ))
    .unwrap();
    assert_eq!(
        r,
        GetConnectivityParametersResponse::ConnectivityParametersError(
            ConnectivityParametersError::ParametersNotAvailable
        )
    );
}

#[test]
fn sgp32_5_9_22_emergency_profile() {
    let mut eim = Eim::new();
    let mut euicc = fleet_euicc(&eim);
    let on = |euicc: &mut Euicc| {
        EnableEmergencyProfileResponse::from_der(&es10(
            euicc,
            &EnableEmergencyProfileRequest {
                refresh_flag: false,
            },
        ))
        .unwrap()
        .enable_emergency_profile_result
    };
    let off = |euicc: &mut Euicc| {
        DisableEmergencyProfileResponse::from_der(&es10(
            euicc,
            &DisableEmergencyProfileRequest {
                refresh_flag: false,
            },
        ))
        .unwrap()
        .disable_emergency_profile_result
    };
    assert_eq!(
        on(&mut euicc),
        EnableEmergencyProfileResult::EcallNotAvailable
    );
    assert_eq!(
        off(&mut euicc),
        DisableEmergencyProfileResult::ProfileNotInEnabledState
    );
    euicc
        .preload_profile(&Preload {
            ecall_indication: true,
            ..Preload::new(common::profile(OTHER), meta(OTHER))
        })
        .unwrap();
    assert_eq!(on(&mut euicc), EnableEmergencyProfileResult::Ok);
    assert_eq!(
        on(&mut euicc),
        EnableEmergencyProfileResult::ProfileNotInDisabledState
    );
    assert_eq!(
        euicc.pending_state_change(),
        Some(StateChangeCause::EmergencyProfile)
    );
    let r = exec(&mut euicc, &mut eim, vec![enable(LOCAL, false)]);
    match r {
        EuiccPackageResult::EuiccPackageErrorSigned(e) => assert_eq!(
            e.euicc_package_error_data_signed.euicc_package_error_code,
            EuiccPackageErrorCode::EcallActive
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(off(&mut euicc), DisableEmergencyProfileResult::Ok);
    assert_eq!(
        euicc.state().profile_by_iccid(BOOTSTRAP).unwrap().state,
        ProfileStatus::Enabled,
        "back to the profile enabled before"
    );
}
