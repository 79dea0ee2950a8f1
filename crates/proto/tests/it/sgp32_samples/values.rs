//! Values of the main SGP.32 structures with every OPTIONAL component present.

use proto::der::{Null, Preserved};
use proto::sgp22::{
    FinalResult, Iccid, NotificationEvent, PprFlags, PprIds, ProfilePolicyAuthorisationRule,
    RulesAuthorisationTable, UICCCapability,
};
use proto::sgp32::*;

use crate::sgp22_samples as s22;

pub(crate) const EID: [u8; 16] = [
    0x89, 0x04, 0x90, 0x32, 0x12, 0x34, 0x51, 0x23, 0x45, 0x12, 0x34, 0x56, 0x78, 0x90, 0x12, 0x34,
];

pub(crate) fn eim_id() -> String {
    "eim.example.com".to_string()
}

pub(crate) fn eim_tid() -> Vec<u8> {
    vec![0xE1, 0x01, 0x02, 0x03]
}

pub(crate) fn other_iccid() -> Iccid {
    Iccid([0x98, 0x00, 0x10, 0x32, 0x54, 0x76, 0x98, 0x10, 0x32, 0x24])
}

pub(crate) fn eim_configuration_data() -> EimConfigurationData {
    EimConfigurationData {
        eim_id: eim_id(),
        eim_fqdn: Some("eim.example.com".to_string()),
        eim_id_type: Some(EimIdType::EimIdTypeFqdn),
        counter_value: Some(10),
        association_token: Some(5),
        eim_public_key_data: Some(EimPublicKeyData::EimCertificate(s22::cert("eIM"))),
        trusted_public_key_data_tls: Some(TrustedPublicKeyDataTls::TrustedCertificateTls(
            s22::cert("eIM TLS CA"),
        )),
        eim_supported_protocol: Some(EimSupportedProtocol::from_bits(&[
            EimSupportedProtocol::EIM_RETRIEVE_HTTPS,
            EimSupportedProtocol::EIM_INJECT_COAPS,
        ])),
        euicc_ci_pkid: Some(s22::ski()),
        indirect_profile_download: Some(Null),
    }
}

pub(crate) fn psmos() -> Vec<Psmo> {
    vec![
        Psmo::Enable(PsmoEnable {
            iccid: s22::iccid(),
            rollback_flag: Some(Null),
        }),
        Psmo::Disable(PsmoIccid {
            iccid: other_iccid(),
        }),
        Psmo::Delete(PsmoIccid {
            iccid: other_iccid(),
        }),
        Psmo::ListProfileInfo(proto::sgp22::ProfileInfoListRequest {
            search_criteria: None,
            tag_list: Some(vec![0x5A, 0x9F, 0x70, 0x9F, 0x26]),
        }),
        Psmo::GetRat(EmptySequence {}),
        Psmo::ConfigureImmediateEnable(configure_immediate()),
        Psmo::SetFallbackAttribute(PsmoIccid {
            iccid: s22::iccid(),
        }),
        Psmo::UnsetFallbackAttribute(EmptySequence {}),
        Psmo::SetDefaultDpAddress(SGP32SetDefaultDpAddressRequest {
            default_dp_address: "smdp.example.com".to_string(),
        }),
    ]
}

pub(crate) fn ecos() -> Vec<Eco> {
    vec![
        Eco::AddEim(eim_configuration_data()),
        Eco::DeleteEim(DeleteEim {
            eim_id: "old.eim.example.com".to_string(),
        }),
        Eco::UpdateEim(EimConfigurationData {
            eim_public_key_data: Some(EimPublicKeyData::EimPublicKey(spki())),
            trusted_public_key_data_tls: Some(TrustedPublicKeyDataTls::TrustedEimPkTls(spki())),
            ..eim_configuration_data()
        }),
        Eco::ListEim(EmptySequence {}),
    ]
}

/// An EC public key (P-256, the generator point) as SubjectPublicKeyInfo.
pub(crate) fn spki() -> proto::sgp22::SubjectPublicKeyInfo {
    let point = "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c2964fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5";
    let der = hex::decode(format!(
        "3059301306072a8648ce3d020106082a8648ce3d030107034200{point}"
    ))
    .expect("test hex");
    proto::sgp22::SubjectPublicKeyInfo(proto::der::RawSequence(der))
}

pub(crate) fn configure_immediate() -> ConfigureImmediateProfileEnablingRequest {
    ConfigureImmediateProfileEnablingRequest {
        immediate_enable_flag: Some(Null),
        default_smdp_oid: Some("2.999.10".parse().expect("oid")),
        default_smdp_address: Some("smdp.example.com".to_string()),
    }
}

pub(crate) fn euicc_package_signed(package: EuiccPackage) -> EuiccPackageSigned {
    EuiccPackageSigned {
        eim_id: eim_id(),
        eid_value: EID,
        counter_value: 11,
        eim_transaction_id: Some(eim_tid()),
        euicc_package: package,
    }
}

pub(crate) fn euicc_package_request() -> EuiccPackageRequest {
    EuiccPackageRequest {
        euicc_package_signed: Preserved::new(euicc_package_signed(EuiccPackage::PsmoList(psmos()))),
        eim_signature: s22::sig(),
    }
}

pub(crate) fn rat() -> RulesAuthorisationTable {
    RulesAuthorisationTable(vec![ProfilePolicyAuthorisationRule {
        ppr_ids: PprIds::from_bits(&[PprIds::PPR1]),
        allowed_operators: vec![s22::operator_id()],
        ppr_flags: PprFlags::from_bits(&[PprFlags::CONSENT_REQUIRED]),
    }])
}

pub(crate) fn profile_info() -> SGP32ProfileInfo {
    let p = s22::profile_info();
    SGP32ProfileInfo {
        iccid: p.iccid,
        isdp_aid: p.isdp_aid,
        profile_state: p.profile_state,
        profile_nickname: p.profile_nickname,
        service_provider_name: p.service_provider_name,
        profile_name: p.profile_name,
        icon_type: p.icon_type,
        icon: p.icon,
        profile_class: p.profile_class,
        notification_configuration_info: p.notification_configuration_info,
        profile_owner: p.profile_owner,
        dp_proprietary_data: p.dp_proprietary_data,
        profile_policy_rules: p.profile_policy_rules,
        service_specific_data_stored_in_euicc: p.service_specific_data_stored_in_euicc,
        ecall_indication: Some(false),
        fallback_attribute: true,
        fallback_allowed: Some(true),
    }
}

pub(crate) fn store_metadata() -> SGP32StoreMetadataRequest {
    let m = s22::store_metadata();
    SGP32StoreMetadataRequest {
        iccid: m.iccid,
        service_provider_name: m.service_provider_name,
        profile_name: m.profile_name,
        icon_type: m.icon_type,
        icon: m.icon,
        profile_class: m.profile_class,
        notification_configuration_info: m.notification_configuration_info,
        profile_owner: m.profile_owner,
        profile_policy_rules: m.profile_policy_rules,
        service_specific_data_stored_in_euicc: m.service_specific_data_stored_in_euicc,
        service_specific_data_not_stored_in_euicc: m.service_specific_data_not_stored_in_euicc,
        ecall_indication: Some(true),
        fallback_allowed: Some(false),
    }
}

/// One result of every kind.
pub(crate) fn euicc_results() -> Vec<EuiccResultData> {
    vec![
        EuiccResultData::EnableResult(EnableProfileResult::RollbackNotAvailable),
        EuiccResultData::DisableResult(DisableProfileResult::Ok),
        EuiccResultData::DeleteResult(DeleteProfileResult::ReturnFallbackProfile),
        EuiccResultData::ListProfileInfoResult(SGP32ProfileInfoListResponse::ProfileInfoListOk(
            vec![profile_info()],
        )),
        EuiccResultData::GetRatResult(rat()),
        EuiccResultData::ConfigureImmediateEnableResult(ConfigureImmediateEnableResult::Ok),
        EuiccResultData::AddEimResult(AddEimResult::AssociationToken(7)),
        EuiccResultData::AddEimResult(AddEimResult::AddEimResultCode(
            AddEimResultCode::CounterValueOutOfRange,
        )),
        EuiccResultData::DeleteEimResult(DeleteEimResult::LastEimDeleted),
        EuiccResultData::UpdateEimResult(UpdateEimResult::CiPkUnknown),
        EuiccResultData::ListEimResult(ListEimResult::EimIdList(vec![eim_id_info()])),
        EuiccResultData::RollbackResult(RollbackProfileResult::Ok),
        EuiccResultData::SetFallbackAttributeResult(SetFallbackAttributeResult::FallbackNotAllowed),
        EuiccResultData::UnsetFallbackAttributeResult(
            UnsetFallbackAttributeResult::NoFallbackAttribute,
        ),
        EuiccResultData::SetDefaultDpAddressResult(SGP32SetDefaultDpAddressResponse {
            set_default_dp_address_result: proto::sgp22::SetDefaultDpAddressResult::Ok,
        }),
        EuiccResultData::ProcessingTerminated(ProcessingTerminated::ResultSizeOverflow),
    ]
}

pub(crate) fn eim_id_info() -> EimIdInfo {
    EimIdInfo {
        eim_id: eim_id(),
        eim_id_type: Some(EimIdType::EimIdTypeOid),
    }
}

pub(crate) fn result_data() -> EuiccPackageResultDataSigned {
    EuiccPackageResultDataSigned {
        eim_id: eim_id(),
        counter_value: 11,
        eim_transaction_id: Some(eim_tid()),
        seq_number: 3,
        euicc_result: euicc_results(),
    }
}

pub(crate) fn error_data() -> EuiccPackageErrorDataSigned {
    EuiccPackageErrorDataSigned {
        eim_id: eim_id(),
        counter_value: 11,
        eim_transaction_id: Some(eim_tid()),
        euicc_package_error_code: EuiccPackageErrorCode::ReplayError,
    }
}

pub(crate) fn result_signed() -> EuiccPackageResult {
    EuiccPackageResult::EuiccPackageResultSigned(EuiccPackageResultSigned {
        euicc_package_result_data_signed: Preserved::new(result_data()),
        euicc_sign_epr: s22::sig(),
    })
}

pub(crate) fn error_signed() -> EuiccPackageResult {
    EuiccPackageResult::EuiccPackageErrorSigned(EuiccPackageErrorSigned {
        euicc_package_error_data_signed: Preserved::new(error_data()),
        euicc_sign_epe: s22::sig(),
    })
}

pub(crate) fn error_unsigned() -> EuiccPackageResult {
    EuiccPackageResult::EuiccPackageErrorUnsigned(EuiccPackageErrorUnsigned {
        eim_id: eim_id(),
        eim_transaction_id: Some(eim_tid()),
        association_token: Some(5),
        euicc_package_unsigned_error_code: None,
    })
}

pub(crate) fn compact_pir() -> CompactProfileInstallationResult {
    CompactProfileInstallationResult {
        compact_profile_installation_result_data: CompactProfileInstallationResultData {
            transaction_id: s22::tid(),
            seq_number: 8,
            iccid_present: false,
            compact_final_result: CompactFinalResult::CompactSuccessResult(CompactSuccessResult {
                compact_aid: [0x10, 0x00],
                sima_response: Some(vec![0x30, 0x03, 0x80, 0x01, 0x00]),
            }),
        },
        euicc_sign_pir: proto::sgp22::EuiccSignPIR(s22::sig()),
    }
}

pub(crate) fn compact_other() -> CompactOtherSignedNotification {
    CompactOtherSignedNotification {
        eid_value: Some(EID),
        tbs_other_notification: Preserved::new(s22::notification_metadata(9)),
        euicc_notification_signature: s22::sig(),
    }
}

/// One notification of every kind.
pub(crate) fn notifications() -> Vec<SGP32PendingNotification> {
    vec![
        SGP32PendingNotification::ProfileInstallationResult(s22::pir(FinalResult::SuccessResult(
            s22::success_result(),
        ))),
        SGP32PendingNotification::OtherSignedNotification(s22::other_signed_notification()),
        SGP32PendingNotification::CompactProfileInstallationResult(compact_pir()),
        SGP32PendingNotification::CompactOtherSignedNotification(compact_other()),
    ]
}

pub(crate) fn euicc_info2() -> SGP32EUICCInfo2 {
    let i = s22::euicc_info2();
    SGP32EUICCInfo2 {
        profile_version: i.profile_version,
        svn: i.svn,
        euicc_firmware_ver: i.euicc_firmware_ver,
        ext_card_resource: i.ext_card_resource,
        uicc_capability: UICCCapability::from_bits(&[1, 2, 4, 24, 31]),
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
        euicc_ci_pkid_list_for_signing_v3: Some(vec![s22::ski()]),
        additional_euicc_info: Some(vec![0x01, 0x02]),
        highest_svn: Some([2, 5, 0]),
        iot_specific_info: Some(iot_specific_info()),
    }
}

pub(crate) fn iot_specific_info() -> IoTSpecificInfo {
    IoTSpecificInfo {
        iot_version: vec![[1, 2, 0]],
        ecall_supported: Some(Null),
        fallback_supported: Some(Null),
    }
}

pub(crate) fn ipa_capabilities() -> IpaCapabilities {
    IpaCapabilities {
        ipa_features: IpaFeatures::from_bits(&[
            IpaFeatures::DIRECT_RSP_SERVER_COMMUNICATION,
            IpaFeatures::INDIRECT_RSP_SERVER_COMMUNICATION,
            IpaFeatures::MINIMIZE_ESIPA_BYTES,
        ]),
        ipa_supported_protocols: Some(IpaSupportedProtocols::from_bits(&[
            IpaSupportedProtocols::IPA_RETRIEVE_HTTPS,
        ])),
    }
}

pub(crate) fn ipa_euicc_data() -> IpaEuiccData {
    IpaEuiccData {
        notifications_list: Some(notifications()),
        default_smdp_address: Some("smdp.example.com".to_string()),
        euicc_package_result_list: Some(vec![result_signed(), error_unsigned()]),
        euicc_info1: Some(s22::euicc_info1()),
        euicc_info2: Some(euicc_info2()),
        root_smds_address: Some("lpa.ds.example.com".to_string()),
        association_token: Some(5),
        eum_certificate: Some(s22::cert("EUM")),
        euicc_certificate: Some(s22::cert("eUICC")),
        eim_transaction_id: Some(eim_tid()),
        ipa_capabilities: Some(ipa_capabilities()),
        device_info: Some(s22::device_info()),
    }
}

pub(crate) fn ipa_euicc_data_request() -> IpaEuiccDataRequest {
    IpaEuiccDataRequest {
        tag_list: vec![0xA0, 0x81, 0xBF, 0x20, 0xBF, 0x22, 0xA5, 0xA6],
        euicc_ci_pk_identifier_to_be_used: Some(s22::ski()[..8].to_vec()),
        search_criteria_notification: Some(SearchCriteriaNotification::ProfileManagementOperation(
            NotificationEvent::from_bits(&[NotificationEvent::NOTIFICATION_ENABLE]),
        )),
        search_criteria_euicc_package_result: Some(SearchCriteriaEuiccPackageResult::SeqNumber(2)),
        eim_transaction_id: Some(eim_tid()),
    }
}

pub(crate) fn download_trigger() -> ProfileDownloadTriggerRequest {
    ProfileDownloadTriggerRequest {
        profile_download_data: Some(ProfileDownloadData::ActivationCode(
            "1$smdp.example.com$MATCHING-ID-1".to_string(),
        )),
        eim_transaction_id: Some(eim_tid()),
    }
}

pub(crate) fn download_result() -> ProfileDownloadTriggerResult {
    ProfileDownloadTriggerResult {
        eim_transaction_id: Some(eim_tid()),
        profile_download_trigger_result_data:
            ProfileDownloadTriggerResultData::ProfileInstallationResult(s22::pir(
                FinalResult::ErrorResult(s22::error_result()),
            )),
    }
}

pub(crate) fn euicc_signed1() -> SGP32EuiccSigned1 {
    SGP32EuiccSigned1 {
        transaction_id: s22::tid(),
        server_address: "smdp.example.com".to_string(),
        server_challenge: [0x22; 16],
        euicc_info2: euicc_info2(),
        ctx_params1: s22::ctx_params1(),
    }
}

pub(crate) fn authenticate_response_ok() -> SGP32AuthenticateResponseOk {
    SGP32AuthenticateResponseOk {
        euicc_signed1: Preserved::new(euicc_signed1()),
        euicc_signature1: s22::sig(),
        euicc_certificate: s22::cert("eUICC"),
        eum_certificate: s22::cert("EUM"),
    }
}

pub(crate) fn compact_authenticate_response_ok() -> CompactAuthenticateResponseOk {
    CompactAuthenticateResponseOk {
        signed_data: CompactSignedData::CompactEuiccSigned1(CompactEuiccSigned1 {
            ext_card_resource: vec![0x81, 0x01, 0x00],
            ctx_params1: Some(s22::ctx_params1()),
        }),
        euicc_signature1: s22::sig(),
        euicc_certificate: Some(s22::cert("eUICC")),
        eum_certificate: Some(s22::cert("EUM")),
    }
}

pub(crate) fn compact_prepare_download_ok() -> CompactPrepareDownloadResponseOk {
    CompactPrepareDownloadResponseOk {
        compact_euicc_signed2: CompactEuiccSigned2 {
            euicc_otpk: Some(s22::otpk()),
            hash_cc: Some([0x44; 32]),
        },
        euicc_signature2: s22::sig(),
    }
}

pub(crate) fn compact_cancel_ok() -> CompactCancelSessionResponseOk {
    CompactCancelSessionResponseOk {
        compact_euicc_cancel_session_signed: CompactEuiccCancelSessionSigned {
            reason: Some(proto::sgp22::CancelSessionReason::Timeout),
        },
        euicc_cancel_session_signature: s22::sig(),
    }
}

pub(crate) fn initiate_authentication_ok() -> InitiateAuthenticationOkEsipa {
    InitiateAuthenticationOkEsipa {
        transaction_id: Some(s22::tid()),
        server_signed1: Preserved::new(s22::server_signed1()),
        server_signature1: s22::sig(),
        euicc_ci_pk_identifier_to_be_used: s22::ski(),
        server_certificate: s22::cert("DPauth"),
        matching_id: Some("MATCHING-ID-1".to_string()),
        ctx_params1: Some(s22::ctx_params1()),
    }
}

pub(crate) fn authenticate_client_ok_dp() -> AuthenticateClientOkDPEsipa {
    AuthenticateClientOkDPEsipa {
        transaction_id: Some(s22::tid()),
        profile_meta_data: Some(store_metadata()),
        smdp_signed2: Preserved::new(s22::smdp_signed2()),
        smdp_signature2: s22::sig(),
        smdp_certificate: s22::cert("DPpb"),
        hash_cc: Some([0x44; 32]),
    }
}

pub(crate) fn authenticate_client_ok_ds() -> AuthenticateClientOkDSEsipa {
    AuthenticateClientOkDSEsipa {
        transaction_id: s22::tid(),
        profile_download_trigger: Some(download_trigger()),
    }
}

pub(crate) fn provide_result(result: EimPackageResult) -> ProvideEimPackageResult {
    ProvideEimPackageResult {
        eid_value: Some(EID),
        eim_package_result: result,
    }
}

pub(crate) fn epr_and_notifications() -> EprAndNotifications {
    EprAndNotifications {
        euicc_package_result: result_signed(),
        notification_list: notifications(),
    }
}
