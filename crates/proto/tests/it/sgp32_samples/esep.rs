//! Samples of the ESep types: eUICC Packages, results, eIM configuration, eUICC data,
//! download trigger, acknowledgements, profile metadata.

use proto::der::{Asn1, Null, Preserved};
use proto::sgp22::{FinalResult, NotificationEvent, ProfileClass};
use proto::sgp32::*;

use super::values::*;
use crate::sgp22_samples as s22;

pub(super) fn add(s: &mut Vec<(&'static str, Vec<u8>)>) {
    macro_rules! add {
        ($name:literal, $($v:expr),+ $(,)?) => {$( s.push(($name, Asn1::to_der(&$v))); )+};
    }
    add!("AsnNull", Null);
    // eUICC Package Request
    add!(
        "EuiccPackageRequest",
        euicc_package_request(),
        EuiccPackageRequest {
            euicc_package_signed: Preserved::new(euicc_package_signed(EuiccPackage::EcoList(
                ecos()
            ))),
            eim_signature: s22::sig(),
        },
    );
    add!(
        "EuiccPackageSigned",
        euicc_package_signed(EuiccPackage::PsmoList(psmos())),
        EuiccPackageSigned {
            eim_transaction_id: None,
            ..euicc_package_signed(EuiccPackage::EcoList(vec![Eco::ListEim(EmptySequence {})]))
        },
    );
    add!(
        "EuiccPackage",
        EuiccPackage::PsmoList(psmos()),
        EuiccPackage::EcoList(ecos()),
    );
    add!(
        "EimConfigurationData",
        eim_configuration_data(),
        EimConfigurationData {
            eim_id: "1.2.3".to_string(),
            ..EimConfigurationData::default()
        },
    );
    add!("EimIdType", EimIdType::EimIdTypeProprietary);
    add!(
        "EimSupportedProtocol",
        EimSupportedProtocol::from_bits(&[
            EimSupportedProtocol::EIM_RETRIEVE_COAPS,
            EimSupportedProtocol::EIM_INJECT_HTTPS,
            EimSupportedProtocol::EIM_PROPRIETARY,
        ])
    );
    for eco in ecos() {
        add!("Eco", eco);
    }
    for psmo in psmos() {
        add!("Psmo", psmo);
    }
    // IpaEuiccDataRequest, download trigger, acknowledgements
    add!(
        "IpaEuiccDataRequest",
        ipa_euicc_data_request(),
        IpaEuiccDataRequest {
            tag_list: vec![0x84],
            search_criteria_notification: Some(SearchCriteriaNotification::SeqNumber(4)),
            ..IpaEuiccDataRequest::default()
        },
    );
    add!(
        "ProfileDownloadTriggerRequest",
        download_trigger(),
        ProfileDownloadTriggerRequest {
            profile_download_data: Some(ProfileDownloadData::ContactDefaultSmdp(Null)),
            eim_transaction_id: None,
        },
    );
    add!(
        "ProfileDownloadData",
        ProfileDownloadData::ActivationCode("1$smdp.example.com$".to_string()),
        ProfileDownloadData::ContactDefaultSmdp(Null),
        ProfileDownloadData::ContactSmds(ContactSmds {
            smds_address: Some("lpa.ds.example.com".to_string())
        }),
        ProfileDownloadData::ContactSmds(ContactSmds { smds_address: None }),
    );
    add!(
        "ProfileDownloadTriggerResult",
        download_result(),
        ProfileDownloadTriggerResult {
            eim_transaction_id: None,
            profile_download_trigger_result_data:
                ProfileDownloadTriggerResultData::ProfileDownloadError(ProfileDownloadError {
                    profile_download_error_reason: ProfileDownloadErrorReason::EcallActive,
                    error_response: Some(vec![0xBF, 0x39, 0x03, 0x81, 0x01, 0x32]),
                }),
        },
    );
    add!(
        "EimAcknowledgements",
        EimAcknowledgements(vec![SequenceNumber(1), SequenceNumber(300)]),
        EimAcknowledgements(vec![]),
    );
    add!("SequenceNumber", SequenceNumber(3));
    // eUICC Package Result
    add!(
        "EuiccPackageResult",
        result_signed(),
        error_signed(),
        error_unsigned()
    );
    if let EuiccPackageResult::EuiccPackageResultSigned(r) = result_signed() {
        add!("EuiccPackageResultSigned", r);
    }
    add!("EuiccPackageResultDataSigned", result_data());
    for r in euicc_results() {
        add!("EuiccResultData", r);
    }
    if let EuiccPackageResult::EuiccPackageErrorSigned(e) = error_signed() {
        add!("EuiccPackageErrorSigned", e);
    }
    add!("EuiccPackageErrorDataSigned", error_data());
    add!("EuiccPackageErrorCode", EuiccPackageErrorCode::EcallActive);
    if let EuiccPackageResult::EuiccPackageErrorUnsigned(e) = error_unsigned() {
        add!("EuiccPackageErrorUnsigned", e);
    }
    add!(
        "ConfigureImmediateEnableResult",
        ConfigureImmediateEnableResult::CommandError
    );
    add!("EnableProfileResult", EnableProfileResult::CatBusy);
    add!(
        "DisableProfileResult",
        DisableProfileResult::DisallowedByPolicy
    );
    add!(
        "DeleteProfileResult",
        DeleteProfileResult::RollbackNotAvailable
    );
    add!(
        "SGP32-ProfileInfoListResponse",
        SGP32ProfileInfoListResponse::ProfileInfoListOk(vec![
            profile_info(),
            SGP32ProfileInfo::default()
        ]),
        SGP32ProfileInfoListResponse::ProfileInfoListError(
            SGP32ProfileInfoListError::ProfileChangeOngoing
        ),
    );
    add!(
        "SGP32-ProfileInfoListError",
        SGP32ProfileInfoListError::IncorrectInputValues
    );
    add!(
        "RollbackProfileResult",
        RollbackProfileResult::UndefinedError
    );
    add!(
        "SetFallbackAttributeResult",
        SetFallbackAttributeResult::FallbackProfileEnabled
    );
    add!(
        "UnsetFallbackAttributeResult",
        UnsetFallbackAttributeResult::CommandError
    );
    add!(
        "AddEimResult",
        AddEimResult::AssociationToken(1000),
        AddEimResult::AddEimResultCode(AddEimResultCode::AssociatedEimAlreadyExists),
    );
    add!("DeleteEimResult", DeleteEimResult::EimNotFound);
    add!("UpdateEimResult", UpdateEimResult::CounterValueOutOfRange);
    add!(
        "ListEimResult",
        ListEimResult::EimIdList(vec![
            eim_id_info(),
            EimIdInfo {
                eim_id: "proprietary-eim".to_string(),
                eim_id_type: None
            }
        ]),
        ListEimResult::ListEimError(ListEimError::UndefinedError),
    );
    add!("EimIdInfo", eim_id_info());
    // IpaEuiccDataResponse
    add!(
        "IpaEuiccDataErrorCode",
        IpaEuiccDataErrorCode::EuiccCiPkIdNotFound
    );
    add!(
        "IpaEuiccDataResponseError",
        IpaEuiccDataResponseError {
            eim_transaction_id: Some(eim_tid()),
            ipa_euicc_data_error_code: IpaEuiccDataErrorCode::IncorrectTagList,
        }
    );
    add!(
        "IpaEuiccDataResponse",
        IpaEuiccDataResponse::IpaEuiccData(ipa_euicc_data()),
        IpaEuiccDataResponse::IpaEuiccData(IpaEuiccData::default()),
        IpaEuiccDataResponse::IpaEuiccDataResponseError(IpaEuiccDataResponseError {
            eim_transaction_id: None,
            ipa_euicc_data_error_code: IpaEuiccDataErrorCode::EcallActive,
        }),
    );
    add!("PendingNotificationList", notifications());
    add!(
        "EuiccPackageResultList",
        vec![result_signed(), error_signed(), error_unsigned()]
    );
    add!("IpaEuiccData", ipa_euicc_data());
    add!("IpaCapabilities", ipa_capabilities());
    // Profile metadata
    add!(
        "SGP32-ProfileInfo",
        profile_info(),
        SGP32ProfileInfo::default()
    );
    add!(
        "SGP32-StoreMetadataRequest",
        store_metadata(),
        SGP32StoreMetadataRequest {
            profile_class: ProfileClass::Operational,
            icon_type: None,
            icon: None,
            ecall_indication: None,
            fallback_allowed: None,
            ..store_metadata()
        },
    );
    // Notifications
    for n in notifications() {
        add!("SGP32-PendingNotification", n);
    }
    add!(
        "SGP32-ProfileInstallationResult",
        s22::pir(FinalResult::SuccessResult(s22::success_result()))
    );
    add!(
        "CompactProfileInstallationResult",
        compact_pir(),
        CompactProfileInstallationResult {
            compact_profile_installation_result_data: CompactProfileInstallationResultData {
                transaction_id: vec![0x01],
                seq_number: 9,
                iccid_present: true,
                compact_final_result: CompactFinalResult::ErrorResult(s22::error_result()),
            },
            euicc_sign_pir: proto::sgp22::EuiccSignPIR(s22::sig()),
        },
    );
    add!(
        "CompactProfileInstallationResultData",
        compact_pir().compact_profile_installation_result_data
    );
    add!(
        "CompactSuccessResult",
        CompactSuccessResult {
            compact_aid: [0x10, 0x00],
            sima_response: None,
        }
    );
    add!(
        "CompactOtherSignedNotification",
        compact_other(),
        CompactOtherSignedNotification {
            eid_value: None,
            ..compact_other()
        },
    );
    add!(
        "SGP32-RetrieveNotificationsListRequest",
        SGP32RetrieveNotificationsListRequest {
            search_criteria: Some(SGP32NotificationSearchCriteria::SeqNumber(7))
        },
        SGP32RetrieveNotificationsListRequest {
            search_criteria: Some(SGP32NotificationSearchCriteria::ProfileManagementOperation(
                NotificationEvent::from_bits(&[NotificationEvent::NOTIFICATION_DISABLE])
            ))
        },
        SGP32RetrieveNotificationsListRequest {
            search_criteria: Some(SGP32NotificationSearchCriteria::EuiccPackageResults(Null))
        },
        SGP32RetrieveNotificationsListRequest {
            search_criteria: None
        },
    );
    add!(
        "SGP32-RetrieveNotificationsListResponse",
        SGP32RetrieveNotificationsListResponse::NotificationList(notifications()),
        SGP32RetrieveNotificationsListResponse::NotificationsListResultError(
            proto::sgp22::NotificationsListResultError::UndefinedError
        ),
        SGP32RetrieveNotificationsListResponse::EuiccPackageResultList(vec![
            result_signed(),
            error_unsigned()
        ]),
    );
}
