//! A representative value of every SGP.32 v1.0 type of `proto::sgp32::v1_0`, with every
//! OPTIONAL component present and every CHOICE alternative used at least once, holding
//! only what v1.0 defines (the cross-check decodes them with asn1play's v1.0 module).
//! Builds on the SGP.22 and SGP.32 v1.2 sample values.

use proto::der::{Asn1, Null, Preserved};
use proto::sgp22::{FinalResult, NotificationEvent, NotificationsListResultError};
use proto::sgp32 as v12;
use proto::sgp32::v1_0::*;

use crate::sgp22_samples as s22;
use crate::sgp32_samples as s32;

/// `(type name, DER)` for every type, several values for CHOICEs.
pub(crate) fn samples() -> Vec<(&'static str, Vec<u8>)> {
    let mut s = Vec::new();
    esep(&mut s);
    euicc_data(&mut s);
    es10b(&mut s);
    esipa(&mut s);
    s
}

fn add<T: Asn1>(s: &mut Vec<(&'static str, Vec<u8>)>, name: &'static str, v: &T) {
    s.push((name, v.to_der()));
}

/// v1.0's notifications: the compact other notification has no eidValue there.
pub(crate) fn notifications() -> Vec<v12::SGP32PendingNotification> {
    let mut n = s32::notifications();
    for x in &mut n {
        if let v12::SGP32PendingNotification::CompactOtherSignedNotification(c) = x {
            c.eid_value = None;
        }
    }
    n
}

pub(crate) fn psmos() -> Vec<Psmo> {
    vec![
        Psmo::Enable(v12::PsmoEnable {
            iccid: s22::iccid(),
            rollback_flag: Some(Null),
        }),
        Psmo::Disable(v12::PsmoIccid {
            iccid: s32::other_iccid(),
        }),
        Psmo::Delete(v12::PsmoIccid {
            iccid: s32::other_iccid(),
        }),
        Psmo::ListProfileInfo(proto::sgp22::ProfileInfoListRequest {
            search_criteria: None,
            tag_list: Some(vec![0x5A, 0x9F, 0x70]),
        }),
        Psmo::GetRat(v12::EmptySequence {}),
        Psmo::ConfigureAutoEnable(configure_auto()),
    ]
}

pub(crate) fn configure_auto() -> ConfigureAutoProfileEnablingRequest {
    ConfigureAutoProfileEnablingRequest {
        auto_enable_flag: Some(Null),
        smdp_oid: Some("2.999.10".parse().expect("oid")),
        smdp_address: Some("smdp.example.com".to_string()),
    }
}

/// An eIM Configuration Data as v1.0 has it (no indirectProfileDownload).
pub(crate) fn eim_configuration_data() -> v12::EimConfigurationData {
    v12::EimConfigurationData {
        indirect_profile_download: None,
        ..s32::eim_configuration_data()
    }
}

pub(crate) fn package_request(package: EuiccPackage) -> EuiccPackageRequest {
    EuiccPackageRequest {
        euicc_package_signed: Preserved::new(EuiccPackageSigned {
            eim_id: s32::eim_id(),
            eid_value: s32::EID,
            counter_value: 12,
            transaction_id: Some(s32::eim_tid()),
            euicc_package: package,
        }),
        eim_signature: s22::sig(),
    }
}

pub(crate) fn results() -> Vec<EuiccResultData> {
    vec![
        EuiccResultData::EnableResult(EnableProfileResult::ProfileNotInDisabledState),
        EuiccResultData::DisableResult(DisableProfileResult::Ok),
        EuiccResultData::DeleteResult(DeleteProfileResult::IccidOrAidNotFound),
        EuiccResultData::ListProfileInfoResult(SGP32ProfileInfoListResponse::ProfileInfoListOk(
            vec![s22::profile_info()],
        )),
        EuiccResultData::ListProfileInfoResult(SGP32ProfileInfoListResponse::ProfileInfoListError(
            v12::SGP32ProfileInfoListError::ProfileChangeOngoing,
        )),
        EuiccResultData::GetRatResult(s32::rat()),
        EuiccResultData::ConfigureAutoEnableResult(v12::ConfigureImmediateEnableResult::Ok),
        EuiccResultData::AddEimResult(AddEimResult::AssociationToken(7)),
        EuiccResultData::AddEimResult(AddEimResult::AddEimResultCode(
            AddEimResultCode::CiPkUnknown,
        )),
        EuiccResultData::DeleteEimResult(v12::DeleteEimResult::LastEimDeleted),
        EuiccResultData::UpdateEimResult(v12::UpdateEimResult::EimNotFound),
        EuiccResultData::ListEimResult(ListEimResult::EimIdList(vec![EimIdInfo {
            eim_id: s32::eim_id(),
            eim_id_type: Some(v12::EimIdType::EimIdTypeFqdn),
        }])),
        EuiccResultData::ListEimResult(ListEimResult::ListEimError(ListEimError::CommandError)),
        EuiccResultData::RollbackResult(v12::RollbackProfileResult::Ok),
        EuiccResultData::ProcessingTerminated(v12::ProcessingTerminated::Interruption),
    ]
}

pub(crate) fn result_signed() -> EuiccPackageResult {
    EuiccPackageResult::EuiccPackageResultSigned(EuiccPackageResultSigned {
        euicc_package_result_data_signed: Preserved::new(EuiccPackageResultDataSigned {
            eim_id: s32::eim_id(),
            counter_value: 12,
            transaction_id: Some(s32::eim_tid()),
            seq_number: 4,
            euicc_result: results(),
        }),
        euicc_sign_epr: s22::sig(),
    })
}

pub(crate) fn error_signed() -> EuiccPackageResult {
    EuiccPackageResult::EuiccPackageErrorSigned(EuiccPackageErrorSigned {
        euicc_package_error_data_signed: Preserved::new(EuiccPackageErrorDataSigned {
            eim_id: s32::eim_id(),
            counter_value: 12,
            transaction_id: Some(s32::eim_tid()),
            euicc_package_error_code: EuiccPackageErrorCode::CounterValueOutOfRange,
        }),
        euicc_sign_epe: s22::sig(),
    })
}

pub(crate) fn error_unsigned() -> EuiccPackageResult {
    EuiccPackageResult::EuiccPackageErrorUnsigned(v12::EuiccPackageErrorUnsigned {
        eim_id: s32::eim_id(),
        eim_transaction_id: None,
        association_token: Some(5),
        euicc_package_unsigned_error_code: None,
    })
}

fn esep(s: &mut Vec<(&'static str, Vec<u8>)>) {
    let psmo = package_request(EuiccPackage::PsmoList(psmos()));
    add(s, "EuiccPackageRequest", &psmo);
    let eco = package_request(EuiccPackage::EcoList(vec![v12::Eco::AddEim(
        eim_configuration_data(),
    )]));
    add(s, "EuiccPackageRequest", &eco);
    add(s, "EuiccPackageSigned", psmo.euicc_package_signed.value());
    add(s, "EuiccPackage", &EuiccPackage::PsmoList(psmos()));
    let ecos = vec![
        v12::Eco::AddEim(eim_configuration_data()),
        v12::Eco::DeleteEim(v12::DeleteEim {
            eim_id: "old.eim.example.com".to_string(),
        }),
        v12::Eco::ListEim(v12::EmptySequence {}),
    ];
    add(s, "EuiccPackage", &EuiccPackage::EcoList(ecos));
    for p in psmos() {
        add(s, "Psmo", &p);
    }
    for r in [result_signed(), error_signed(), error_unsigned()] {
        add(s, "EuiccPackageResult", &r);
    }
    if let EuiccPackageResult::EuiccPackageResultSigned(r) = result_signed() {
        add(s, "EuiccPackageResultSigned", &r);
        add(
            s,
            "EuiccPackageResultDataSigned",
            r.euicc_package_result_data_signed.value(),
        );
    }
    if let EuiccPackageResult::EuiccPackageErrorSigned(e) = error_signed() {
        add(s, "EuiccPackageErrorSigned", &e);
        add(
            s,
            "EuiccPackageErrorDataSigned",
            e.euicc_package_error_data_signed.value(),
        );
    }
    add(
        s,
        "EuiccPackageErrorCode",
        &EuiccPackageErrorCode::SizeOverflow,
    );
    for r in results() {
        if let EuiccResultData::ListProfileInfoResult(l) = &r {
            add(s, "SGP32-ProfileInfoListResponse", l);
        }
        if let EuiccResultData::AddEimResult(a) = &r {
            add(s, "AddEimResult", a);
        }
        if let EuiccResultData::ListEimResult(l) = &r {
            add(s, "ListEimResult", l);
            if let ListEimResult::EimIdList(ids) = l {
                add(s, "EimIdInfo", &ids[0]);
            }
        }
        add(s, "EuiccResultData", &r);
    }
    add(
        s,
        "EnableProfileResult",
        &EnableProfileResult::IccidOrAidNotFound,
    );
    add(
        s,
        "DisableProfileResult",
        &DisableProfileResult::ProfileNotInEnabledState,
    );
    add(
        s,
        "DeleteProfileResult",
        &DeleteProfileResult::ProfileNotInDisabledState,
    );
    add(
        s,
        "ConfigureAutoEnableResult",
        &ConfigureAutoEnableResult::InsufficientMemory,
    );
}

pub(crate) fn euicc_info2() -> SGP32EUICCInfo2 {
    let i = s32::euicc_info2();
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
        ipa_mode: i.ipa_mode,
        rfu2: Some(vec![s22::ski()]),
        rfu3: Some(vec![0x01]),
        rfu4: Some([2, 2, 0]),
        iot_specific_info: Some(v12::IoTSpecificInfo {
            iot_version: vec![[1, 0, 0]],
            ecall_supported: None,
            fallback_supported: None,
        }),
    }
}

pub(crate) fn ipa_euicc_data() -> IpaEuiccData {
    IpaEuiccData {
        default_smdp_address: Some("smdp.example.com".to_string()),
        euicc_info1: Some(s22::euicc_info1()),
        euicc_info2: Some(euicc_info2()),
        root_smds_address: Some("lpa.ds.example.com".to_string()),
        association_token: Some(5),
        eum_certificate: Some(s22::cert("EUM")),
        euicc_certificate: Some(s22::cert("eUICC")),
        ipa_capabilities: Some(s32::ipa_capabilities()),
        device_info: Some(s22::device_info()),
        notifications_list: Some(
            SGP32RetrieveNotificationsListResponse::NotificationAndEprList(
                NotificationAndEprList {
                    notification_list: notifications(),
                    euicc_package_result_list: vec![result_signed(), error_unsigned()],
                },
            ),
        ),
    }
}

pub(crate) fn data_requests() -> Vec<IpaEuiccDataRequest> {
    let criteria = [
        SearchCriteria::SeqNumber(3),
        SearchCriteria::ProfileManagementOperation(NotificationEvent::from_bits(&[
            NotificationEvent::NOTIFICATION_ENABLE,
        ])),
        SearchCriteria::EuiccPackageResults(Null),
    ];
    criteria
        .into_iter()
        .map(|c| IpaEuiccDataRequest {
            tag_list: vec![0xBF, 0x2B, 0x80, 0xBF, 0x20, 0xBF, 0x22, 0xA5, 0xA6],
            euicc_ci_pkid: Some(s22::ski()),
            search_criteria: Some(c),
        })
        .collect()
}

fn euicc_data(s: &mut Vec<(&'static str, Vec<u8>)>) {
    for r in data_requests() {
        add(s, "IpaEuiccDataRequest", &r);
    }
    add(s, "IpaEuiccData", &ipa_euicc_data());
    add(
        s,
        "IpaEuiccDataResponse",
        &IpaEuiccDataResponse::IpaEuiccData(ipa_euicc_data()),
    );
    add(
        s,
        "IpaEuiccDataResponse",
        &IpaEuiccDataResponse::IpaEuiccDataError(IpaEuiccDataError::EuiccCiPkIdNotFound),
    );
    add(s, "SGP32-EUICCInfo2", &euicc_info2());
}

pub(crate) fn notification_lists() -> Vec<SGP32RetrieveNotificationsListResponse> {
    vec![
        SGP32RetrieveNotificationsListResponse::NotificationList(notifications()),
        SGP32RetrieveNotificationsListResponse::NotificationsListResultError(
            NotificationsListResultError::UndefinedError,
        ),
        SGP32RetrieveNotificationsListResponse::EuiccPackageResultList(vec![
            result_signed(),
            error_signed(),
        ]),
        SGP32RetrieveNotificationsListResponse::NotificationAndEprList(NotificationAndEprList {
            notification_list: notifications(),
            euicc_package_result_list: vec![error_unsigned()],
        }),
    ]
}

fn es10b(s: &mut Vec<(&'static str, Vec<u8>)>) {
    for l in notification_lists() {
        add(s, "SGP32-RetrieveNotificationsListResponse", &l);
    }
    add(
        s,
        "SGP32-EuiccMemoryResetRequest",
        &SGP32EuiccMemoryResetRequest {
            reset_options: ResetOptions::from_bits(&[
                ResetOptions::DELETE_OPERATIONAL_PROFILES,
                ResetOptions::RESET_AUTO_ENABLE_CONFIG,
            ]),
        },
    );
    add(
        s,
        "SGP32-EuiccMemoryResetResponse",
        &SGP32EuiccMemoryResetResponse {
            reset_result: proto::sgp22::ResetResult::Ok,
            reset_eim_result: Some(v12::ResetEimResult::EimResetNotSupported),
            reset_auto_enable_config_result: Some(
                ResetAutoEnableConfigResult::ResetAecNotSupported,
            ),
        },
    );
    add(s, "EnableUsingDDRequest", &EnableUsingDDRequest {});
    add(
        s,
        "EnableUsingDDResponse",
        &EnableUsingDDResponse {
            enable_using_dd_result: EnableUsingDDResult::AutoEnableNotAvailable,
        },
    );
    add(s, "ConfigureAutoProfileEnablingRequest", &configure_auto());
    add(
        s,
        "ConfigureAutoProfileEnablingResponse",
        &ConfigureAutoProfileEnablingResponse {
            config_auto_enable_result: ConfigAutoEnableResult::UnsignedAutoEnableConfigDisallowed,
        },
    );
    add(
        s,
        "AddInitialEimResponse",
        &AddInitialEimResponse::AddInitialEimOk(vec![
            v12::AddInitialEimOkItem::AssociationToken(3),
            v12::AddInitialEimOkItem::AddOk(Null),
        ]),
    );
    add(
        s,
        "AddInitialEimResponse",
        &AddInitialEimResponse::AddInitialEimError(AddInitialEimError::UnsignedEimConfigDisallowed),
    );
    add(
        s,
        "ProfileRollbackResponse",
        &ProfileRollbackResponse {
            cmd_result: v12::RollbackCmdResult::Ok,
            euicc_package_result: Some(result_signed()),
        },
    );
}

pub(crate) fn download_results() -> Vec<ProfileDownloadTriggerResult> {
    vec![
        ProfileDownloadTriggerResult {
            eim_transaction_id: Some(s32::eim_tid()),
            profile_download_trigger_result_data:
                ProfileDownloadTriggerResultData::ProfileInstallationResult(s22::pir(
                    FinalResult::SuccessResult(s22::success_result()),
                )),
        },
        ProfileDownloadTriggerResult {
            eim_transaction_id: Some(s32::eim_tid()),
            profile_download_trigger_result_data:
                ProfileDownloadTriggerResultData::ProfileDownloadError(ProfileDownloadError {
                    error_response: Some(vec![0xBF, 0x39, 0x03, 0x81, 0x01, 0x01]),
                }),
        },
    ]
}

/// One result of every kind, as a v1.0 IPA provides it.
pub(crate) fn provided() -> Vec<ProvideEimPackageResult> {
    let mut v = vec![
        ProvideEimPackageResult::EuiccPackageResult(result_signed()),
        ProvideEimPackageResult::IpaEuiccDataResponse(IpaEuiccDataResponse::IpaEuiccData(
            ipa_euicc_data(),
        )),
        ProvideEimPackageResult::EimPackageError(v12::EimPackageResultErrorCode::UnknownPackage),
    ];
    for l in notification_lists() {
        v.push(ProvideEimPackageResult::EprAndNotifications(
            EprAndNotifications {
                euicc_package_result: result_signed(),
                notification_list: l,
            },
        ));
    }
    for r in download_results() {
        v.push(ProvideEimPackageResult::ProfileDownloadTriggerResult(r));
    }
    v
}

fn get_eim_package_responses() -> Vec<GetEimPackageResponse> {
    let mut v = vec![
        GetEimPackageResponse::EuiccPackageRequest(package_request(
            EuiccPackage::PsmoList(psmos()),
        )),
        GetEimPackageResponse::ProfileDownloadTriggerRequest(s32::download_trigger()),
        GetEimPackageResponse::EimPackageError(EimPackageError::NoEimPackageAvailable),
    ];
    v.extend(
        data_requests()
            .into_iter()
            .map(GetEimPackageResponse::IpaEuiccDataRequest),
    );
    v
}

fn esipa(s: &mut Vec<(&'static str, Vec<u8>)>) {
    let poll = GetEimPackageRequest {
        eid_value: s32::EID,
        notify_state_change: Some(Null),
        r_plmn: Some([0x62, 0xF2, 0x10]),
    };
    add(s, "GetEimPackageRequest", &poll);
    let responses = get_eim_package_responses();
    for r in &responses {
        add(s, "GetEimPackageResponse", r);
    }
    for p in provided() {
        add(s, "ProvideEimPackageResult", &p);
        add(
            s,
            "HandleNotificationEsipa",
            &HandleNotificationEsipa::ProvideEimPackageResult(p.clone()),
        );
        add(
            s,
            "EsipaMessageFromIpaToEim",
            &EsipaMessageFromIpaToEim::ProvideEimPackageResult(p),
        );
    }
    for r in download_results() {
        add(s, "ProfileDownloadTriggerResult", &r);
    }
    for n in notifications() {
        add(
            s,
            "HandleNotificationEsipa",
            &HandleNotificationEsipa::PendingNotification(n),
        );
    }
    let acks = v12::EimAcknowledgements(vec![v12::SequenceNumber(4), v12::SequenceNumber(9)]);
    for r in [
        ProvideEimPackageResultResponse {
            eim_acknowledgements: Some(acks.clone()),
        },
        ProvideEimPackageResultResponse::default(),
    ] {
        add(s, "ProvideEimPackageResultResponse", &r);
        add(
            s,
            "EsipaMessageFromEimToIpa",
            &EsipaMessageFromEimToIpa::ProvideEimPackageResultResponse(r),
        );
    }
    add(
        s,
        "InitiateAuthenticationResponseEsipa",
        &InitiateAuthenticationResponseEsipa::InitiateAuthenticationOkEsipa(
            initiate_authentication_ok(),
        ),
    );
    add(
        s,
        "InitiateAuthenticationResponseEsipa",
        &InitiateAuthenticationResponseEsipa::InitiateAuthenticationErrorEsipa(
            InitiateAuthenticationErrorEsipa::SmdpOidMismatch,
        ),
    );
    add(
        s,
        "InitiateAuthenticationOkEsipa",
        &initiate_authentication_ok(),
    );
    add(
        s,
        "GetBoundProfilePackageResponseEsipa",
        &GetBoundProfilePackageResponseEsipa::GetBoundProfilePackageOkEsipa(
            v12::GetBoundProfilePackageOkEsipa {
                transaction_id: Some(s22::tid()),
                bound_profile_package: s22::bound_profile_package(),
            },
        ),
    );
    add(
        s,
        "GetBoundProfilePackageResponseEsipa",
        &GetBoundProfilePackageResponseEsipa::GetBoundProfilePackageErrorEsipa(
            GetBoundProfilePackageErrorEsipa::ProfileMetadataMismatch,
        ),
    );
    let transfers = [
        TransferEimPackageRequest::EuiccPackageRequest(package_request(EuiccPackage::PsmoList(
            psmos(),
        ))),
        TransferEimPackageRequest::IpaEuiccDataRequest(data_requests()[0].clone()),
        TransferEimPackageRequest::EimAcknowledgements(acks),
        TransferEimPackageRequest::ProfileDownloadTriggerRequest(s32::download_trigger()),
    ];
    for t in transfers {
        add(s, "TransferEimPackageRequest", &t);
        add(
            s,
            "EsipaMessageFromEimToIpa",
            &EsipaMessageFromEimToIpa::TransferEimPackageRequest(t),
        );
    }
    let transfer_responses = [
        TransferEimPackageResponse::EuiccPackageResult(error_signed()),
        TransferEimPackageResponse::EprAndNotifications(EprAndNotifications {
            euicc_package_result: result_signed(),
            notification_list: notification_lists().remove(0),
        }),
        TransferEimPackageResponse::IpaEuiccDataResponse(IpaEuiccDataResponse::IpaEuiccDataError(
            IpaEuiccDataError::IncorrectTagList,
        )),
        TransferEimPackageResponse::EimPackageReceived(Null),
        TransferEimPackageResponse::EimPackageError(
            v12::EimPackageResultErrorCode::InvalidPackageFormat,
        ),
    ];
    for t in transfer_responses {
        add(s, "TransferEimPackageResponse", &t);
        add(
            s,
            "EsipaMessageFromIpaToEim",
            &EsipaMessageFromIpaToEim::TransferEimPackageResponse(t),
        );
    }
    add(
        s,
        "EsipaMessageFromIpaToEim",
        &EsipaMessageFromIpaToEim::GetEimPackageRequest(poll),
    );
    add(
        s,
        "EsipaMessageFromIpaToEim",
        &EsipaMessageFromIpaToEim::HandleNotificationEsipa(
            HandleNotificationEsipa::PendingNotification(notifications().remove(0)),
        ),
    );
    for r in responses {
        add(
            s,
            "EsipaMessageFromEimToIpa",
            &EsipaMessageFromEimToIpa::GetEimPackageResponse(r),
        );
    }
}

pub(crate) fn initiate_authentication_ok() -> InitiateAuthenticationOkEsipa {
    let v = s32::initiate_authentication_ok();
    InitiateAuthenticationOkEsipa {
        transaction_id: v.transaction_id,
        server_signed1: v.server_signed1,
        server_signature1: v.server_signature1,
        euicc_ci_pkid_to_be_used: v.euicc_ci_pk_identifier_to_be_used,
        server_certificate: v.server_certificate,
        matching_id: v.matching_id,
        ctx_params1: v.ctx_params1,
    }
}
