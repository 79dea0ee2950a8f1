//! Samples of the basic types, EUICCInfo, ES10b and ES8+ types.

use proto::der::{Asn1, BitString};
use proto::sgp22::*;

use super::values::*;

pub(super) fn add(s: &mut Vec<(&'static str, Vec<u8>)>) {
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
}
