//! Values of the main structures with every OPTIONAL component present.

use proto::der::{BitString, Preserved, RawSequence};
use proto::sgp22::*;

use super::pki::{certificate_der, crl_der};

pub(crate) fn cert(cn: &str) -> Certificate {
    Certificate(RawSequence(certificate_der(cn)))
}

pub(crate) fn crl() -> CertificateList {
    CertificateList(RawSequence(crl_der()))
}

pub(crate) fn tid() -> TransactionId {
    (1..=16).collect()
}

pub(crate) fn iccid() -> Iccid {
    Iccid([0x98, 0x00, 0x10, 0x32, 0x54, 0x76, 0x98, 0x10, 0x32, 0x14])
}

pub(crate) fn ski() -> SubjectKeyIdentifier {
    vec![
        0xF5, 0x41, 0x72, 0xBD, 0xF9, 0x8A, 0x95, 0xD6, 0x5C, 0xBE, 0xB8, 0x8A, 0x38, 0xA1, 0xC1,
        0x1D, 0x80, 0x0A, 0x85, 0xC3,
    ]
}

pub(crate) fn sig() -> Vec<u8> {
    vec![0xAB; 64]
}

pub(crate) fn otpk() -> Vec<u8> {
    let mut v = vec![0x04];
    v.extend_from_slice(&[0x33; 64]);
    v
}

pub(crate) fn euicc_info1() -> EUICCInfo1 {
    EUICCInfo1 {
        svn: [2, 5, 0],
        euicc_ci_pkid_list_for_verification: vec![ski()],
        euicc_ci_pkid_list_for_signing: vec![ski(), vec![0x01; 20]],
    }
}

pub(crate) fn euicc_info2() -> EUICCInfo2 {
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

pub(crate) fn certification_data_object() -> CertificationDataObject {
    CertificationDataObject {
        platform_label: "1.2.840.1234567/myPlatformLabel".to_string(),
        discovery_base_url: "https://dloa.example.com/".to_string(),
    }
}

pub(crate) fn device_capabilities() -> DeviceCapabilities {
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

pub(crate) fn device_info() -> DeviceInfo {
    DeviceInfo {
        tac: [0x35, 0x29, 0x06, 0x11],
        device_capabilities: device_capabilities(),
        imei: Some([0x35, 0x29, 0x06, 0x11, 0x22, 0x33, 0x44, 0x55]),
    }
}

pub(crate) fn ctx_params1() -> CtxParams1 {
    CtxParams1::CtxParamsForCommonAuthentication(CtxParamsForCommonAuthentication {
        matching_id: Some("ABCD-1234".to_string()),
        device_info: device_info(),
    })
}

pub(crate) fn server_signed1() -> ServerSigned1 {
    ServerSigned1 {
        transaction_id: tid(),
        euicc_challenge: [0x11; 16],
        server_address: "smdp.example.com".to_string(),
        server_challenge: [0x22; 16],
    }
}

pub(crate) fn euicc_signed1() -> EuiccSigned1 {
    EuiccSigned1 {
        transaction_id: tid(),
        server_address: "smdp.example.com".to_string(),
        server_challenge: [0x22; 16],
        euicc_info2: euicc_info2(),
        ctx_params1: ctx_params1(),
    }
}

pub(crate) fn authenticate_server_request() -> AuthenticateServerRequest {
    AuthenticateServerRequest {
        server_signed1: Preserved::new(server_signed1()),
        server_signature1: sig(),
        euicc_ci_pkid_to_be_used: ski(),
        server_certificate: cert("DPauth"),
        ctx_params1: ctx_params1(),
    }
}

pub(crate) fn authenticate_response_ok() -> AuthenticateResponseOk {
    AuthenticateResponseOk {
        euicc_signed1: Preserved::new(euicc_signed1()),
        euicc_signature1: sig(),
        euicc_certificate: cert("eUICC"),
        eum_certificate: cert("EUM"),
    }
}

pub(crate) fn authenticate_response_error() -> AuthenticateResponseError {
    AuthenticateResponseError {
        transaction_id: tid(),
        authenticate_error_code: AuthenticateErrorCode::CiPkUnknown,
    }
}

pub(crate) fn smdp_signed2() -> SmdpSigned2 {
    SmdpSigned2 {
        transaction_id: tid(),
        cc_required_flag: true,
        bpp_euicc_otpk: Some(otpk()),
    }
}

pub(crate) fn euicc_signed2() -> EUICCSigned2 {
    EUICCSigned2 {
        transaction_id: tid(),
        euicc_otpk: otpk(),
        hash_cc: Some([0x44; 32]),
    }
}

pub(crate) fn prepare_download_request() -> PrepareDownloadRequest {
    PrepareDownloadRequest {
        smdp_signed2: Preserved::new(smdp_signed2()),
        smdp_signature2: sig(),
        hash_cc: Some([0x44; 32]),
        smdp_certificate: cert("DPpb"),
    }
}

pub(crate) fn prepare_download_ok() -> PrepareDownloadResponseOk {
    PrepareDownloadResponseOk {
        euicc_signed2: Preserved::new(euicc_signed2()),
        euicc_signature2: sig(),
    }
}

pub(crate) fn prepare_download_error() -> PrepareDownloadResponseError {
    PrepareDownloadResponseError {
        transaction_id: tid(),
        download_error_code: DownloadErrorCode::InvalidTransactionId,
    }
}

pub(crate) fn euicc_cancel_session_signed() -> EuiccCancelSessionSigned {
    EuiccCancelSessionSigned {
        transaction_id: tid(),
        smdp_oid: "2.999.10".parse().unwrap(),
        reason: CancelSessionReason::Postponed,
    }
}

pub(crate) fn cancel_session_response_ok() -> CancelSessionResponseOk {
    CancelSessionResponseOk {
        euicc_cancel_session_signed: Preserved::new(euicc_cancel_session_signed()),
        euicc_cancel_session_signature: sig(),
    }
}

pub(crate) fn operator_id() -> OperatorId {
    OperatorId {
        mcc_mnc: [0x00, 0xF1, 0x10],
        gid1: Some(vec![0x01]),
        gid2: Some(vec![0x02, 0x03]),
    }
}

pub(crate) fn vendor_extension() -> VendorSpecificExtension {
    VendorSpecificExtension(vec![VendorSpecificExtensionItem {
        vendor_oid: "2.999.1.2".parse().unwrap(),
        vendor_specific_data: proto::der::RawTlv(vec![0x04, 0x02, 0xCA, 0xFE]),
    }])
}

pub(crate) fn notification_configuration() -> NotificationConfigurationInformation {
    NotificationConfigurationInformation {
        profile_management_operation: NotificationEvent::from_bits(&[
            NotificationEvent::NOTIFICATION_INSTALL,
            NotificationEvent::NOTIFICATION_DELETE,
        ]),
        notification_address: "notify.example.com".to_string(),
    }
}

pub(crate) fn store_metadata() -> StoreMetadataRequest {
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

pub(crate) fn profile_info() -> ProfileInfo {
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

pub(crate) fn notification_metadata(seq: i64) -> NotificationMetadata {
    NotificationMetadata {
        seq_number: seq,
        profile_management_operation: NotificationEvent::from_bits(&[
            NotificationEvent::NOTIFICATION_INSTALL,
        ]),
        notification_address: "smdp.example.com".to_string(),
        iccid: Some(iccid()),
    }
}

pub(crate) fn success_result() -> SuccessResult {
    SuccessResult {
        aid: vec![
            0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x89, 0x00, 0x00,
            0x10, 0x00,
        ],
        sima_response: vec![0x30, 0x07, 0xA0, 0x05, 0x30, 0x03, 0x80, 0x01, 0x00],
    }
}

pub(crate) fn error_result() -> ErrorResult {
    ErrorResult {
        bpp_command_id: BppCommandId::LoadProfileElements,
        error_reason: ErrorReason::InstallFailedDueToPeProcessingError,
        sima_response: Some(vec![0x30, 0x03, 0x80, 0x01, 0x0C]),
    }
}

pub(crate) fn pir_data(final_result: FinalResult) -> ProfileInstallationResultData {
    ProfileInstallationResultData {
        transaction_id: tid(),
        notification_metadata: notification_metadata(1),
        smdp_oid: "2.999.10".parse().unwrap(),
        final_result,
    }
}

pub(crate) fn pir(final_result: FinalResult) -> ProfileInstallationResult {
    ProfileInstallationResult {
        profile_installation_result_data: Preserved::new(pir_data(final_result)),
        euicc_sign_pir: EuiccSignPIR(sig()),
    }
}

pub(crate) fn other_signed_notification() -> OtherSignedNotification {
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

pub(crate) fn control_ref_template() -> ControlRefTemplate {
    ControlRefTemplate {
        key_type: [ControlRefTemplate::KEY_TYPE_AES],
        key_len: [ControlRefTemplate::KEY_LEN_16],
        host_id: b"mahlzeit".to_vec(),
    }
}

pub(crate) fn initialise_secure_channel() -> InitialiseSecureChannelRequest {
    InitialiseSecureChannelRequest {
        remote_op_id: RemoteOpId::InstallBoundProfilePackage,
        transaction_id: tid(),
        control_ref_template: control_ref_template(),
        smdp_otpk: otpk(),
        smdp_sign: sig(),
    }
}

pub(crate) fn bound_profile_package() -> BoundProfilePackage {
    BoundProfilePackage {
        initialise_secure_channel_request: Preserved::new(initialise_secure_channel()),
        first_sequence_of87: vec![Segment87(vec![0x01; 24])],
        sequence_of88: vec![Segment88(vec![0x02; 40]), Segment88(vec![0x03; 8])],
        second_sequence_of87: Some(vec![Segment87(vec![0x04; 56])]),
        sequence_of86: vec![Segment86(vec![0x05; 200]), Segment86(vec![0x06; 16])],
    }
}

pub(crate) fn initiate_authentication_ok() -> InitiateAuthenticationOkEs9 {
    InitiateAuthenticationOkEs9 {
        transaction_id: tid(),
        server_signed1: Preserved::new(server_signed1()),
        server_signature1: sig(),
        euicc_ci_pkid_to_be_used: ski(),
        server_certificate: cert("DPauth"),
    }
}

pub(crate) fn authenticate_client_ok() -> AuthenticateClientOk {
    AuthenticateClientOk {
        transaction_id: tid(),
        profile_meta_data: store_metadata(),
        smdp_signed2: Preserved::new(smdp_signed2()),
        smdp_signature2: sig(),
        smdp_certificate: cert("DPpb"),
    }
}

pub(crate) fn authenticate_client_ok_es11() -> AuthenticateClientOkEs11 {
    AuthenticateClientOkEs11 {
        transaction_id: tid(),
        event_entries: vec![EventEntries {
            event_id: "EVENT-1".to_string(),
            rsp_server_address: "smdp.example.com".to_string(),
        }],
    }
}
