//! A representative value of every `RSPDefinitions` type, with every OPTIONAL component
//! present and every CHOICE alternative used at least once: the corpus for the cross-check
//! against asn1play and the seeds of the robustness test.

#![allow(dead_code)]

use proto::der::{
    Asn1, BitString, GeneralizedTime, Preserved, RawSequence, UtcTime, encode_length,
};
use proto::sgp22::*;

fn tlv(tag: &[u8], contents: &[u8]) -> Vec<u8> {
    let mut out = tag.to_vec();
    encode_length(contents.len(), &mut out);
    out.extend_from_slice(contents);
    out
}

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

fn name(cn: &str) -> Vec<u8> {
    let atv = tlv(
        &[0x30],
        &cat(&[
            &tlv(&[0x06], &[0x55, 0x04, 0x03]),
            &tlv(&[0x0C], cn.as_bytes()),
        ]),
    );
    tlv(&[0x30], &tlv(&[0x31], &atv))
}

fn ecdsa_sha256() -> Vec<u8> {
    tlv(
        &[0x30],
        &tlv(&[0x06], &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02]),
    )
}

fn signature_bits() -> Vec<u8> {
    let mut sig = vec![0x00];
    sig.extend_from_slice(&tlv(
        &[0x30],
        &cat(&[&tlv(&[0x02], &[0x11; 32]), &tlv(&[0x02], &[0x22; 32])]),
    ));
    tlv(&[0x03], &sig)
}

/// A small, well-formed X.509 v3 certificate (not signed by anything).
pub fn certificate_der(cn: &str) -> Vec<u8> {
    let version = tlv(&[0xA0], &tlv(&[0x02], &[0x02]));
    let serial = tlv(&[0x02], &[0x01]);
    let validity = tlv(
        &[0x30],
        &cat(&[
            &tlv(&[0x17], b"250101000000Z"),
            &tlv(&[0x17], b"350101000000Z"),
        ]),
    );
    let alg = tlv(
        &[0x30],
        &cat(&[
            &tlv(&[0x06], &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01]),
            &tlv(&[0x06], &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]),
        ]),
    );
    let mut point = vec![0x00, 0x04];
    point.extend_from_slice(&[0x5A; 64]);
    let spki = tlv(&[0x30], &cat(&[&alg, &tlv(&[0x03], &point)]));
    let tbs = tlv(
        &[0x30],
        &cat(&[
            &version,
            &serial,
            &ecdsa_sha256(),
            &name("Test CI"),
            &validity,
            &name(cn),
            &spki,
        ]),
    );
    tlv(&[0x30], &cat(&[&tbs, &ecdsa_sha256(), &signature_bits()]))
}

/// A small, well-formed X.509 v2 CRL.
pub fn crl_der() -> Vec<u8> {
    let tbs = tlv(
        &[0x30],
        &cat(&[
            &tlv(&[0x02], &[0x01]),
            &ecdsa_sha256(),
            &name("Test CI"),
            &tlv(&[0x17], b"250101000000Z"),
            &tlv(&[0x17], b"250201000000Z"),
        ]),
    );
    tlv(&[0x30], &cat(&[&tbs, &ecdsa_sha256(), &signature_bits()]))
}

pub fn cert(cn: &str) -> Certificate {
    Certificate(RawSequence(certificate_der(cn)))
}

pub fn crl() -> CertificateList {
    CertificateList(RawSequence(crl_der()))
}

pub fn tid() -> TransactionId {
    (1..=16).collect()
}

pub fn iccid() -> Iccid {
    Iccid([0x98, 0x00, 0x10, 0x32, 0x54, 0x76, 0x98, 0x10, 0x32, 0x14])
}

pub fn ski() -> SubjectKeyIdentifier {
    vec![
        0xF5, 0x41, 0x72, 0xBD, 0xF9, 0x8A, 0x95, 0xD6, 0x5C, 0xBE, 0xB8, 0x8A, 0x38, 0xA1, 0xC1,
        0x1D, 0x80, 0x0A, 0x85, 0xC3,
    ]
}

pub fn sig() -> Vec<u8> {
    vec![0xAB; 64]
}

pub fn otpk() -> Vec<u8> {
    let mut v = vec![0x04];
    v.extend_from_slice(&[0x33; 64]);
    v
}

pub fn euicc_info1() -> EUICCInfo1 {
    EUICCInfo1 {
        svn: [2, 5, 0],
        euicc_ci_pkid_list_for_verification: vec![ski()],
        euicc_ci_pkid_list_for_signing: vec![ski(), vec![0x01; 20]],
    }
}

pub fn euicc_info2() -> EUICCInfo2 {
    EUICCInfo2 {
        profile_version: [2, 3, 1],
        svn: [2, 5, 0],
        euicc_firmware_ver: [1, 2, 3],
        ext_card_resource: vec![0x81, 0x01, 0x00, 0x82, 0x04, 0x00, 0x04, 0x00, 0x00],
        uicc_capability: UICCCapability::from_bits(&[1, 2, 4, 6, 7, 19, 21, 24]),
        ts102241_version: Some([9, 2, 0]),
        globalplatform_version: Some([2, 3, 0]),
        rsp_capability: RspCapability::from_bits(&[0, 1, 3, 4, 5]),
        euicc_ci_pkid_list_for_verification: vec![ski()],
        euicc_ci_pkid_list_for_signing: vec![ski()],
        euicc_category: Some(EuiccCategory::MediumEuicc),
        forbidden_profile_policy_rules: Some(PprIds::from_bits(&[PprIds::PPR1])),
        pp_version: [0, 1, 0],
        sas_acreditation_number: "GI-BA-UP-0419".to_string(),
        certification_data_object: Some(certification_data_object()),
        tre_properties: Some(TreProperties::from_bits(&[TreProperties::IS_INTEGRATED])),
        tre_product_reference: Some("TRE-REF-1".to_string()),
        additional_euicc_profile_package_versions: Some(vec![[3, 1, 0], [3, 3, 1]]),
    }
}

pub fn certification_data_object() -> CertificationDataObject {
    CertificationDataObject {
        platform_label: "1.2.840.1234567/myPlatformLabel".to_string(),
        discovery_base_url: "https://dloa.example.com/".to_string(),
    }
}

pub fn device_capabilities() -> DeviceCapabilities {
    let v = Some([15, 0, 0]);
    DeviceCapabilities {
        gsm_supported_release: v,
        utran_supported_release: v,
        cdma2000onex_supported_release: v,
        cdma2000hrpd_supported_release: v,
        cdma2000ehrpd_supported_release: v,
        eutran_epc_supported_release: v,
        contactless_supported_release: v,
        rsp_crl_supported_version: v,
        nr_epc_supported_release: v,
        nr5gc_supported_release: v,
        eutran5gc_supported_release: v,
        lpa_svn: Some([2, 5, 0]),
        cat_supported_classes: Some(BitString::new(vec![0xA5, 0x80], 9)),
        euicc_form_factor_type: Some(3),
        device_additional_feature_support: Some(DeviceAdditionalFeatureSupport {
            nai_support: Some([1, 0, 0]),
        }),
    }
}

pub fn device_info() -> DeviceInfo {
    DeviceInfo {
        tac: [0x35, 0x29, 0x06, 0x11],
        device_capabilities: device_capabilities(),
        imei: Some([0x35, 0x29, 0x06, 0x11, 0x22, 0x33, 0x44, 0x55]),
    }
}

pub fn ctx_params1() -> CtxParams1 {
    CtxParams1::CtxParamsForCommonAuthentication(CtxParamsForCommonAuthentication {
        matching_id: Some("ABCD-1234".to_string()),
        device_info: device_info(),
    })
}

pub fn server_signed1() -> ServerSigned1 {
    ServerSigned1 {
        transaction_id: tid(),
        euicc_challenge: [0x11; 16],
        server_address: "smdp.example.com".to_string(),
        server_challenge: [0x22; 16],
    }
}

pub fn euicc_signed1() -> EuiccSigned1 {
    EuiccSigned1 {
        transaction_id: tid(),
        server_address: "smdp.example.com".to_string(),
        server_challenge: [0x22; 16],
        euicc_info2: euicc_info2(),
        ctx_params1: ctx_params1(),
    }
}

pub fn authenticate_server_request() -> AuthenticateServerRequest {
    AuthenticateServerRequest {
        server_signed1: Preserved::new(server_signed1()),
        server_signature1: sig(),
        euicc_ci_pkid_to_be_used: ski(),
        server_certificate: cert("DPauth"),
        ctx_params1: ctx_params1(),
    }
}

pub fn authenticate_response_ok() -> AuthenticateResponseOk {
    AuthenticateResponseOk {
        euicc_signed1: Preserved::new(euicc_signed1()),
        euicc_signature1: sig(),
        euicc_certificate: cert("eUICC"),
        eum_certificate: cert("EUM"),
    }
}

pub fn authenticate_response_error() -> AuthenticateResponseError {
    AuthenticateResponseError {
        transaction_id: tid(),
        authenticate_error_code: AuthenticateErrorCode::CiPkUnknown,
    }
}

pub fn smdp_signed2() -> SmdpSigned2 {
    SmdpSigned2 {
        transaction_id: tid(),
        cc_required_flag: true,
        bpp_euicc_otpk: Some(otpk()),
    }
}

pub fn euicc_signed2() -> EUICCSigned2 {
    EUICCSigned2 {
        transaction_id: tid(),
        euicc_otpk: otpk(),
        hash_cc: Some([0x44; 32]),
    }
}

pub fn prepare_download_request() -> PrepareDownloadRequest {
    PrepareDownloadRequest {
        smdp_signed2: Preserved::new(smdp_signed2()),
        smdp_signature2: sig(),
        hash_cc: Some([0x44; 32]),
        smdp_certificate: cert("DPpb"),
    }
}

pub fn prepare_download_ok() -> PrepareDownloadResponseOk {
    PrepareDownloadResponseOk {
        euicc_signed2: Preserved::new(euicc_signed2()),
        euicc_signature2: sig(),
    }
}

pub fn prepare_download_error() -> PrepareDownloadResponseError {
    PrepareDownloadResponseError {
        transaction_id: tid(),
        download_error_code: DownloadErrorCode::InvalidTransactionId,
    }
}

pub fn euicc_cancel_session_signed() -> EuiccCancelSessionSigned {
    EuiccCancelSessionSigned {
        transaction_id: tid(),
        smdp_oid: "2.999.10".parse().unwrap(),
        reason: CancelSessionReason::Postponed,
    }
}

pub fn cancel_session_response_ok() -> CancelSessionResponseOk {
    CancelSessionResponseOk {
        euicc_cancel_session_signed: Preserved::new(euicc_cancel_session_signed()),
        euicc_cancel_session_signature: sig(),
    }
}

pub fn operator_id() -> OperatorId {
    OperatorId {
        mcc_mnc: [0x00, 0xF1, 0x10],
        gid1: Some(vec![0x01]),
        gid2: Some(vec![0x02, 0x03]),
    }
}

pub fn vendor_extension() -> VendorSpecificExtension {
    VendorSpecificExtension(vec![VendorSpecificExtensionItem {
        vendor_oid: "2.999.1.2".parse().unwrap(),
        vendor_specific_data: proto::der::RawTlv(vec![0x04, 0x02, 0xCA, 0xFE]),
    }])
}

pub fn notification_configuration() -> NotificationConfigurationInformation {
    NotificationConfigurationInformation {
        profile_management_operation: NotificationEvent::from_bits(&[
            NotificationEvent::NOTIFICATION_INSTALL,
            NotificationEvent::NOTIFICATION_DELETE,
        ]),
        notification_address: "notify.example.com".to_string(),
    }
}

pub fn store_metadata() -> StoreMetadataRequest {
    StoreMetadataRequest {
        iccid: iccid(),
        service_provider_name: "Lab Operator".to_string(),
        profile_name: "Lab Profile".to_string(),
        icon_type: Some(IconType::Png),
        icon: Some(vec![0x89, 0x50, 0x4E, 0x47]),
        profile_class: ProfileClass::Provisioning,
        notification_configuration_info: Some(vec![notification_configuration()]),
        profile_owner: Some(operator_id()),
        profile_policy_rules: Some(PprIds::from_bits(&[PprIds::PPR2])),
        service_specific_data_stored_in_euicc: Some(vendor_extension()),
        service_specific_data_not_stored_in_euicc: Some(vendor_extension()),
    }
}

pub fn profile_info() -> ProfileInfo {
    ProfileInfo {
        iccid: Some(iccid()),
        isdp_aid: Some(vec![
            0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x89, 0x00, 0x00,
            0x10, 0x00,
        ]),
        profile_state: Some(ProfileState::Enabled),
        profile_nickname: Some("Work".to_string()),
        service_provider_name: Some("Lab Operator".to_string()),
        profile_name: Some("Lab Profile".to_string()),
        icon_type: Some(IconType::Jpg),
        icon: Some(vec![0xFF, 0xD8]),
        profile_class: Some(ProfileClass::Operational),
        notification_configuration_info: Some(vec![notification_configuration()]),
        profile_owner: Some(operator_id()),
        dp_proprietary_data: Some(DpProprietaryData {
            dp_oid: "2.999.10".parse().unwrap(),
        }),
        profile_policy_rules: Some(PprIds::from_bits(&[PprIds::PPR1, PprIds::PPR2])),
        service_specific_data_stored_in_euicc: Some(vendor_extension()),
    }
}

pub fn notification_metadata(seq: i64) -> NotificationMetadata {
    NotificationMetadata {
        seq_number: seq,
        profile_management_operation: NotificationEvent::from_bits(&[
            NotificationEvent::NOTIFICATION_INSTALL,
        ]),
        notification_address: "smdp.example.com".to_string(),
        iccid: Some(iccid()),
    }
}

pub fn success_result() -> SuccessResult {
    SuccessResult {
        aid: vec![
            0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x89, 0x00, 0x00,
            0x10, 0x00,
        ],
        sima_response: vec![0x30, 0x07, 0xA0, 0x05, 0x30, 0x03, 0x80, 0x01, 0x00],
    }
}

pub fn error_result() -> ErrorResult {
    ErrorResult {
        bpp_command_id: BppCommandId::LoadProfileElements,
        error_reason: ErrorReason::InstallFailedDueToPeProcessingError,
        sima_response: Some(vec![0x30, 0x03, 0x80, 0x01, 0x0C]),
    }
}

pub fn pir_data(final_result: FinalResult) -> ProfileInstallationResultData {
    ProfileInstallationResultData {
        transaction_id: tid(),
        notification_metadata: notification_metadata(1),
        smdp_oid: "2.999.10".parse().unwrap(),
        final_result,
    }
}

pub fn pir(final_result: FinalResult) -> ProfileInstallationResult {
    ProfileInstallationResult {
        profile_installation_result_data: Preserved::new(pir_data(final_result)),
        euicc_sign_pir: EuiccSignPIR(sig()),
    }
}

pub fn other_signed_notification() -> OtherSignedNotification {
    OtherSignedNotification {
        tbs_other_notification: Preserved::new(NotificationMetadata {
            profile_management_operation: NotificationEvent::from_bits(&[
                NotificationEvent::NOTIFICATION_DELETE,
            ]),
            ..notification_metadata(5)
        }),
        euicc_notification_signature: sig(),
        euicc_certificate: cert("eUICC"),
        eum_certificate: cert("EUM"),
    }
}

pub fn control_ref_template() -> ControlRefTemplate {
    ControlRefTemplate {
        key_type: [ControlRefTemplate::KEY_TYPE_AES],
        key_len: [ControlRefTemplate::KEY_LEN_16],
        host_id: b"mahlzeit".to_vec(),
    }
}

pub fn initialise_secure_channel() -> InitialiseSecureChannelRequest {
    InitialiseSecureChannelRequest {
        remote_op_id: RemoteOpId::InstallBoundProfilePackage,
        transaction_id: tid(),
        control_ref_template: control_ref_template(),
        smdp_otpk: otpk(),
        smdp_sign: sig(),
    }
}

pub fn bound_profile_package() -> BoundProfilePackage {
    BoundProfilePackage {
        initialise_secure_channel_request: Preserved::new(initialise_secure_channel()),
        first_sequence_of87: vec![Segment87(vec![0x01; 24])],
        sequence_of88: vec![Segment88(vec![0x02; 40]), Segment88(vec![0x03; 8])],
        second_sequence_of87: Some(vec![Segment87(vec![0x04; 56])]),
        sequence_of86: vec![Segment86(vec![0x05; 200]), Segment86(vec![0x06; 16])],
    }
}

pub fn initiate_authentication_ok() -> InitiateAuthenticationOkEs9 {
    InitiateAuthenticationOkEs9 {
        transaction_id: tid(),
        server_signed1: Preserved::new(server_signed1()),
        server_signature1: sig(),
        euicc_ci_pkid_to_be_used: ski(),
        server_certificate: cert("DPauth"),
    }
}

pub fn authenticate_client_ok() -> AuthenticateClientOk {
    AuthenticateClientOk {
        transaction_id: tid(),
        profile_meta_data: store_metadata(),
        smdp_signed2: Preserved::new(smdp_signed2()),
        smdp_signature2: sig(),
        smdp_certificate: cert("DPpb"),
    }
}

pub fn authenticate_client_ok_es11() -> AuthenticateClientOkEs11 {
    AuthenticateClientOkEs11 {
        transaction_id: tid(),
        event_entries: vec![EventEntries {
            event_id: "EVENT-1".to_string(),
            rsp_server_address: "smdp.example.com".to_string(),
        }],
    }
}

/// `(type name, DER)` for every type, several values for CHOICEs.
pub fn samples() -> Vec<(&'static str, Vec<u8>)> {
    let mut s: Vec<(&'static str, Vec<u8>)> = Vec::new();
    macro_rules! add {
        ($name:literal, $($v:expr),+ $(,)?) => {$( s.push(($name, Asn1::to_der(&$v))); )+};
    }
    // basic types
    add!("Octet8", [1u8, 2, 3, 4, 5, 6, 7, 8]);
    add!("Octet4", [9u8, 8, 7, 6]);
    add!("Octet16", [0x10u8; 16]);
    add!("OctetTo16", vec![1u8, 2, 3]);
    add!("Octet32", [0x20u8; 32]);
    add!("Octet1", [0x88u8]);
    add!("Octet2", [0x12u8, 0x34]);
    add!("VersionType", [2u8, 5, 0]);
    add!("Iccid", iccid());
    add!("RemoteOpId", RemoteOpId::InstallBoundProfilePackage);
    add!("TransactionId", tid());
    // EUICCInfo
    add!("GetEuiccInfo1Request", GetEuiccInfo1Request {});
    add!("EUICCInfo1", euicc_info1());
    add!("GetEuiccInfo2Request", GetEuiccInfo2Request {});
    add!("EUICCInfo2", euicc_info2());
    add!("RspCapability", RspCapability::from_bits(&[0, 2, 5]));
    add!("CertificationDataObject", certification_data_object());
    add!(
        "CertificateInfo",
        CertificateInfo::from_bits(&[
            CertificateInfo::CERT_SIGNING_X509,
            CertificateInfo::CERT_VERIFICATION_X509
        ])
    );
    add!("DeviceInfo", device_info());
    add!(
        "DeviceCapabilities",
        device_capabilities(),
        DeviceCapabilities::default()
    );
    add!(
        "DeviceAdditionalFeatureSupport",
        DeviceAdditionalFeatureSupport {
            nai_support: Some([1, 0, 0])
        }
    );
    add!("CatSupportedClasses", BitString::new(vec![0xF0], 8));
    add!("EuiccFormFactorType", 2i64);
    // ES10c.GetProfilesInfo and metadata
    add!(
        "ProfileInfoListRequest",
        ProfileInfoListRequest {
            search_criteria: Some(ProfileSearchCriteria::Iccid(iccid())),
            tag_list: Some(vec![0x5A, 0x4F, 0x9F, 0x70]),
        },
        ProfileInfoListRequest {
            search_criteria: Some(ProfileSearchCriteria::IsdpAid(vec![
                0xA0, 0x00, 0x00, 0x05, 0x59
            ])),
            tag_list: None,
        },
        ProfileInfoListRequest {
            search_criteria: Some(ProfileSearchCriteria::ProfileClass(ProfileClass::Test)),
            tag_list: None,
        },
    );
    add!(
        "ProfileInfoListResponse",
        ProfileInfoListResponse::ProfileInfoListOk(vec![profile_info(), ProfileInfo::default()]),
        ProfileInfoListResponse::ProfileInfoListError(ProfileInfoListError::IncorrectInputValues),
    );
    add!("ProfileInfo", profile_info());
    add!(
        "PprIds",
        PprIds::from_bits(&[PprIds::PPR_UPDATE_CONTROL, PprIds::PPR2])
    );
    add!("OperatorId", operator_id());
    add!("ProfileInfoListError", ProfileInfoListError::UndefinedError);
    add!("StoreMetadataRequest", store_metadata());
    add!(
        "NotificationEvent",
        NotificationEvent::from_bits(&[NotificationEvent::NOTIFICATION_ENABLE])
    );
    add!(
        "NotificationConfigurationInformation",
        notification_configuration()
    );
    add!("VendorSpecificExtension", vendor_extension());
    add!("IconType", IconType::Png);
    add!("ProfileState", ProfileState::Disabled);
    add!("ProfileClass", ProfileClass::Test);
    add!(
        "UpdateMetadataRequest",
        UpdateMetadataRequest {
            service_provider_name: Some("New SP".to_string()),
            profile_name: Some("New name".to_string()),
            icon_type: Some(IconType::Jpg),
            icon: Some(vec![0xFF, 0xD8, 0xFF]),
            profile_policy_rules: Some(PprIds::from_bits(&[1])),
            service_specific_data_stored_in_euicc: Some(vendor_extension()),
        }
    );
    // ES10b.PrepareDownload
    add!("PrepareDownloadRequest", prepare_download_request());
    add!("SmdpSigned2", smdp_signed2());
    add!(
        "PrepareDownloadResponse",
        PrepareDownloadResponse::DownloadResponseOk(prepare_download_ok()),
        PrepareDownloadResponse::DownloadResponseError(prepare_download_error()),
    );
    add!("PrepareDownloadResponseOk", prepare_download_ok());
    add!("EUICCSigned2", euicc_signed2());
    add!("PrepareDownloadResponseError", prepare_download_error());
    add!("DownloadErrorCode", DownloadErrorCode::NoSessionContext);
    // ES10b.AuthenticateServer
    add!("AuthenticateServerRequest", authenticate_server_request());
    add!("ServerSigned1", server_signed1());
    add!("CtxParams1", ctx_params1());
    add!(
        "CtxParamsForCommonAuthentication",
        CtxParamsForCommonAuthentication {
            matching_id: None,
            device_info: device_info()
        }
    );
    add!(
        "AuthenticateServerResponse",
        AuthenticateServerResponse::AuthenticateResponseOk(authenticate_response_ok()),
        AuthenticateServerResponse::AuthenticateResponseError(authenticate_response_error()),
    );
    add!("AuthenticateResponseOk", authenticate_response_ok());
    add!("EuiccSigned1", euicc_signed1());
    add!("AuthenticateResponseError", authenticate_response_error());
    add!(
        "AuthenticateErrorCode",
        AuthenticateErrorCode::EuiccChallengeMismatch
    );
    // ES10b.CancelSession
    add!(
        "CancelSessionRequest",
        CancelSessionRequest {
            transaction_id: tid(),
            reason: CancelSessionReason::EndUserRejection
        }
    );
    add!(
        "CancelSessionReason",
        CancelSessionReason::LoadBppExecutionError
    );
    add!(
        "CancelSessionResponse",
        CancelSessionResponse::CancelSessionResponseOk(cancel_session_response_ok()),
        CancelSessionResponse::CancelSessionResponseError(
            CancelSessionResponseError::InvalidTransactionId
        ),
    );
    add!("CancelSessionResponseOk", cancel_session_response_ok());
    add!("EuiccCancelSessionSigned", euicc_cancel_session_signed());
    // ES8+
    add!("BoundProfilePackage", bound_profile_package());
    add!("GetEuiccChallengeRequest", GetEuiccChallengeRequest {});
    add!(
        "GetEuiccChallengeResponse",
        GetEuiccChallengeResponse {
            euicc_challenge: [0x5C; 16]
        }
    );
    add!(
        "ProfileInstallationResult",
        pir(FinalResult::SuccessResult(success_result())),
        pir(FinalResult::ErrorResult(error_result())),
    );
    add!(
        "ProfileInstallationResultData",
        pir_data(FinalResult::SuccessResult(success_result()))
    );
    add!("EuiccSignPIR", EuiccSignPIR(sig()));
    add!("SuccessResult", success_result());
    add!("ErrorResult", error_result());
    add!("BppCommandId", BppCommandId::ConfigureIsdp);
    add!("ErrorReason", ErrorReason::PprNotAllowed);
    // notifications
    add!(
        "ListNotificationRequest",
        ListNotificationRequest {
            profile_management_operation: Some(NotificationEvent::from_bits(&[
                NotificationEvent::NOTIFICATION_DISABLE
            ])),
        }
    );
    add!(
        "ListNotificationResponse",
        ListNotificationResponse::NotificationMetadataList(vec![
            notification_metadata(1),
            notification_metadata(2)
        ]),
        ListNotificationResponse::ListNotificationsResultError(
            ListNotificationsResultError::UndefinedError
        ),
    );
    add!("NotificationMetadata", notification_metadata(300));
    add!(
        "SetNicknameRequest",
        SetNicknameRequest {
            iccid: iccid(),
            profile_nickname: "Travel".to_string()
        }
    );
    add!(
        "SetNicknameResponse",
        SetNicknameResponse {
            set_nickname_result: SetNicknameResult::IccidNotFound
        }
    );
    // ES8+ commands
    add!(
        "InitialiseSecureChannelRequest",
        initialise_secure_channel()
    );
    add!("ControlRefTemplate", control_ref_template());
    add!(
        "ConfigureISDPRequest",
        ConfigureISDPRequest {
            dp_proprietary_data: Some(DpProprietaryData {
                dp_oid: "2.999.10".parse().unwrap()
            }),
        }
    );
    add!(
        "DpProprietaryData",
        DpProprietaryData {
            dp_oid: "2.999.10.1".parse().unwrap()
        }
    );
    add!(
        "ReplaceSessionKeysRequest",
        ReplaceSessionKeysRequest {
            initial_mac_chaining_value: vec![0x22; 16],
            ppk_enc: vec![0x00; 16],
            ppk_cmac: vec![0x11; 16],
        }
    );
    add!(
        "RetrieveNotificationsListRequest",
        RetrieveNotificationsListRequest {
            search_criteria: Some(NotificationSearchCriteria::SeqNumber(4))
        },
        RetrieveNotificationsListRequest {
            search_criteria: Some(NotificationSearchCriteria::ProfileManagementOperation(
                NotificationEvent::from_bits(&[0])
            )),
        },
    );
    add!(
        "RetrieveNotificationsListResponse",
        RetrieveNotificationsListResponse::NotificationList(vec![
            PendingNotification::ProfileInstallationResult(pir(FinalResult::SuccessResult(
                success_result()
            ))),
            PendingNotification::OtherSignedNotification(other_signed_notification()),
        ]),
        RetrieveNotificationsListResponse::NotificationsListResultError(
            NotificationsListResultError::UndefinedError
        ),
    );
    add!(
        "PendingNotification",
        PendingNotification::ProfileInstallationResult(pir(FinalResult::ErrorResult(
            error_result()
        ))),
        PendingNotification::OtherSignedNotification(other_signed_notification()),
    );
    add!("OtherSignedNotification", other_signed_notification());
    add!(
        "NotificationSentRequest",
        NotificationSentRequest { seq_number: 4 }
    );
    add!(
        "NotificationSentResponse",
        NotificationSentResponse {
            delete_notification_status: DeleteNotificationStatus::NothingToDelete
        }
    );
    // ES10c
    add!(
        "EnableProfileRequest",
        EnableProfileRequest {
            profile_identifier: ProfileIdentifier::Iccid(iccid()),
            refresh_flag: true
        },
        EnableProfileRequest {
            profile_identifier: ProfileIdentifier::IsdpAid(vec![
                0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10
            ]),
            refresh_flag: false,
        },
    );
    add!(
        "EnableProfileResponse",
        EnableProfileResponse {
            enable_result: EnableResult::CatBusy
        }
    );
    add!(
        "DisableProfileRequest",
        DisableProfileRequest {
            profile_identifier: ProfileIdentifier::Iccid(iccid()),
            refresh_flag: false
        }
    );
    add!(
        "DisableProfileResponse",
        DisableProfileResponse {
            disable_result: DisableResult::ProfileNotInEnabledState
        }
    );
    add!(
        "DeleteProfileRequest",
        DeleteProfileRequest::Iccid(iccid()),
        DeleteProfileRequest::IsdpAid(vec![0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10]),
    );
    add!(
        "DeleteProfileResponse",
        DeleteProfileResponse {
            delete_result: DeleteResult::DisallowedByPolicy
        }
    );
    add!(
        "EuiccMemoryResetRequest",
        EuiccMemoryResetRequest {
            reset_options: ResetOptions::from_bits(&[
                ResetOptions::DELETE_OPERATIONAL_PROFILES,
                ResetOptions::RESET_DEFAULT_SMDP_ADDRESS
            ]),
        }
    );
    add!(
        "EuiccMemoryResetResponse",
        EuiccMemoryResetResponse {
            reset_result: ResetResult::Ok
        }
    );
    add!("GetEuiccDataRequest", GetEuiccDataRequest::default());
    add!(
        "GetEuiccDataResponse",
        GetEuiccDataResponse {
            eid_value: [
                0x89, 0x04, 0x90, 0x32, 0x12, 0x34, 0x51, 0x23, 0x45, 0x12, 0x34, 0x56, 0x78, 0x90,
                0x12, 0x35
            ]
        }
    );
    add!("GetRatRequest", GetRatRequest {});
    let rule = ProfilePolicyAuthorisationRule {
        ppr_ids: PprIds::from_bits(&[PprIds::PPR1]),
        allowed_operators: vec![operator_id()],
        ppr_flags: PprFlags::from_bits(&[PprFlags::CONSENT_REQUIRED]),
    };
    add!(
        "GetRatResponse",
        GetRatResponse {
            rat: RulesAuthorisationTable(vec![rule.clone()])
        }
    );
    add!(
        "RulesAuthorisationTable",
        RulesAuthorisationTable(vec![rule.clone(), rule.clone()])
    );
    add!("ProfilePolicyAuthorisationRule", rule);
    // CRL
    add!("SegmentedCrlList", SegmentedCrlList(vec![crl(), crl()]));
    add!("LoadCRLRequest", LoadCRLRequest { crl: crl() });
    add!(
        "LoadCRLResponse",
        LoadCRLResponse::LoadCrlResponseOk(LoadCRLResponseOk {
            missing_parts: Some(vec![2, 3])
        }),
        LoadCRLResponse::LoadCrlResponseError(LoadCRLResponseError::FresherCrlAlreadyLoaded),
    );
    add!(
        "LoadCRLResponseOk",
        LoadCRLResponseOk {
            missing_parts: Some(vec![1])
        }
    );
    add!(
        "LoadCRLResponseError",
        LoadCRLResponseError::InvalidCrlFormat
    );
    add!(
        "ExpirationDate",
        Time::UtcTime(UtcTime("300101000000Z".to_string())),
        Time::GeneralTime(GeneralizedTime("20500101000000Z".to_string())),
    );
    add!("TotalPartialCrlNumber", 4i64);
    add!("PartialCrlNumber", 2i64);
    // ES9+
    let initiate = InitiateAuthenticationRequest {
        euicc_challenge: [0x11; 16],
        smdp_address: "smdp.example.com".to_string(),
        euicc_info1: euicc_info1(),
    };
    let authenticate_client = AuthenticateClientRequest {
        transaction_id: tid(),
        authenticate_server_response: AuthenticateServerResponse::AuthenticateResponseOk(
            authenticate_response_ok(),
        ),
    };
    let get_bpp = GetBoundProfilePackageRequest {
        transaction_id: tid(),
        prepare_download_response: PrepareDownloadResponse::DownloadResponseOk(
            prepare_download_ok(),
        ),
    };
    let cancel_es9 = CancelSessionRequestEs9 {
        transaction_id: tid(),
        cancel_session_response: CancelSessionResponse::CancelSessionResponseOk(
            cancel_session_response_ok(),
        ),
    };
    let handle = HandleNotification {
        pending_notification: PendingNotification::ProfileInstallationResult(pir(
            FinalResult::SuccessResult(success_result()),
        )),
    };
    add!(
        "RemoteProfileProvisioningRequest",
        RemoteProfileProvisioningRequest::InitiateAuthenticationRequest(initiate.clone()),
        RemoteProfileProvisioningRequest::AuthenticateClientRequest(authenticate_client.clone()),
        RemoteProfileProvisioningRequest::GetBoundProfilePackageRequest(get_bpp.clone()),
        RemoteProfileProvisioningRequest::CancelSessionRequestEs9(cancel_es9.clone()),
        RemoteProfileProvisioningRequest::HandleNotification(handle.clone()),
    );
    let initiate_response =
        InitiateAuthenticationResponse::InitiateAuthenticationOk(initiate_authentication_ok());
    let authenticate_client_response =
        AuthenticateClientResponseEs9::AuthenticateClientOk(authenticate_client_ok());
    let get_bpp_response =
        GetBoundProfilePackageResponse::GetBoundProfilePackageOk(GetBoundProfilePackageOk {
            transaction_id: tid(),
            bound_profile_package: bound_profile_package(),
        });
    add!(
        "RemoteProfileProvisioningResponse",
        RemoteProfileProvisioningResponse::InitiateAuthenticationResponse(
            initiate_response.clone()
        ),
        RemoteProfileProvisioningResponse::AuthenticateClientResponseEs9(
            authenticate_client_response.clone()
        ),
        RemoteProfileProvisioningResponse::GetBoundProfilePackageResponse(get_bpp_response.clone()),
        RemoteProfileProvisioningResponse::CancelSessionResponseEs9(
            CancelSessionResponseEs9::CancelSessionOk(CancelSessionOk {})
        ),
        RemoteProfileProvisioningResponse::AuthenticateClientResponseEs11(
            AuthenticateClientResponseEs11::AuthenticateClientOk(authenticate_client_ok_es11())
        ),
    );
    add!("InitiateAuthenticationRequest", initiate);
    add!(
        "InitiateAuthenticationResponse",
        initiate_response,
        InitiateAuthenticationResponse::InitiateAuthenticationError(
            InitiateAuthenticationError::CiPkNotSupported
        ),
    );
    add!("InitiateAuthenticationOkEs9", initiate_authentication_ok());
    add!(
        "AuthenticateClientRequest",
        authenticate_client,
        AuthenticateClientRequest {
            transaction_id: tid(),
            authenticate_server_response: AuthenticateServerResponse::AuthenticateResponseError(
                authenticate_response_error()
            ),
        },
    );
    add!(
        "AuthenticateClientResponseEs9",
        authenticate_client_response,
        AuthenticateClientResponseEs9::AuthenticateClientError(
            AuthenticateClientErrorEs9::EidMismatch
        ),
    );
    add!("AuthenticateClientOk", authenticate_client_ok());
    add!(
        "GetBoundProfilePackageRequest",
        get_bpp,
        GetBoundProfilePackageRequest {
            transaction_id: tid(),
            prepare_download_response: PrepareDownloadResponse::DownloadResponseError(
                prepare_download_error()
            ),
        },
    );
    add!(
        "GetBoundProfilePackageResponse",
        get_bpp_response,
        GetBoundProfilePackageResponse::GetBoundProfilePackageError(
            GetBoundProfilePackageError::InvalidTransactionId
        ),
    );
    add!(
        "GetBoundProfilePackageOk",
        GetBoundProfilePackageOk {
            transaction_id: tid(),
            bound_profile_package: bound_profile_package()
        }
    );
    add!(
        "HandleNotification",
        handle,
        HandleNotification {
            pending_notification: PendingNotification::OtherSignedNotification(
                other_signed_notification()
            )
        },
    );
    add!(
        "CancelSessionRequestEs9",
        cancel_es9,
        CancelSessionRequestEs9 {
            transaction_id: tid(),
            cancel_session_response: CancelSessionResponse::CancelSessionResponseError(
                CancelSessionResponseError::UndefinedError
            ),
        },
    );
    add!(
        "CancelSessionResponseEs9",
        CancelSessionResponseEs9::CancelSessionOk(CancelSessionOk {}),
        CancelSessionResponseEs9::CancelSessionError(CancelSessionErrorEs9::EuiccSignatureInvalid),
    );
    add!("CancelSessionOk", CancelSessionOk {});
    // ES10a
    add!(
        "EuiccConfiguredAddressesRequest",
        EuiccConfiguredAddressesRequest {}
    );
    add!(
        "EuiccConfiguredAddressesResponse",
        EuiccConfiguredAddressesResponse {
            default_dp_address: Some("smdp.example.com".to_string()),
            root_ds_address: "lpa.ds.gsma.com".to_string(),
        }
    );
    add!(
        "SetDefaultDpAddressRequest",
        SetDefaultDpAddressRequest {
            default_dp_address: "smdp.example.com".to_string()
        }
    );
    add!(
        "SetDefaultDpAddressResponse",
        SetDefaultDpAddressResponse {
            set_default_dp_address_result: SetDefaultDpAddressResult::Ok
        }
    );
    // LPAe
    add!(
        "ISDRProprietaryApplicationTemplate",
        ISDRProprietaryApplicationTemplate {
            svn: [2, 5, 0],
            lpae_support: Some(LpaeSupport::from_bits(&[LpaeSupport::LPAE_USING_CAT])),
        }
    );
    add!(
        "LpaeActivationRequest",
        LpaeActivationRequest {
            lpae_option: LpaeOption::from_bits(&[LpaeOption::ACTIVATE_SCWS_BASED_LPAE])
        }
    );
    add!(
        "LpaeActivationResponse",
        LpaeActivationResponse {
            lpae_activation_result: LpaeActivationResult::NotSupported
        }
    );
    // ES11
    add!(
        "AuthenticateClientResponseEs11",
        AuthenticateClientResponseEs11::AuthenticateClientOk(authenticate_client_ok_es11()),
        AuthenticateClientResponseEs11::AuthenticateClientError(
            AuthenticateClientErrorEs11::EventIdUnknown
        ),
    );
    add!("AuthenticateClientOkEs11", authenticate_client_ok_es11());
    add!(
        "EventEntries",
        EventEntries {
            event_id: "EVENT-2".to_string(),
            rsp_server_address: "smds.example.com".to_string()
        }
    );
    // Not in asn1play's module (an aid of the reference module only).
    add!(
        "InitialiseSecureChannelRequest-ver",
        InitialiseSecureChannelRequestVer {
            remote_op_id: RemoteOpId::InstallBoundProfilePackage,
            transaction_id: tid(),
            control_ref_template: control_ref_template(),
            smdp_otpk: otpk(),
            euicc_otpk: otpk(),
        }
    );
    s
}
