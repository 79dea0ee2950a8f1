//! v1.2 → v1.0: the v1.2 model in the octets a v1.0 peer reads.
//!
//! Signed parts keep their octets (an eUICC Package Request or Result is read again as
//! v1.0's type from the octets, which v1.0 reads whole: v1.2's new operations decode as
//! `Unknown` there). What v1.0 cannot say is left out: eidValue and eimTransactionId where
//! v1.0 has none, stateChangeCause, the reason of a download error, the seqNumber criterion
//! for package results. Error values v1.0 does not name become `undefinedError(127)`.
//! v1.0's ProvideEimPackageResultResponse has no error at all: [`ProvideEimPackageResultResponse::from_v1_2`]
//! gives `None` for v1.2's error, and the eIM answers with an HTTP error status instead.

use super::es10b::{NotificationAndEprList, SGP32RetrieveNotificationsListResponse};
use super::esep::{EuiccPackageRequest, EuiccPackageResult};
use super::esipa::{
    EimPackageError, EprAndNotifications, EsipaMessageFromIpaToEim, GetEimPackageRequest,
    GetEimPackageResponse, HandleNotificationEsipa, ProfileDownloadError,
    ProfileDownloadTriggerResult, ProfileDownloadTriggerResultData, ProvideEimPackageResult,
    ProvideEimPackageResultResponse, TransferEimPackageResponse,
};
use super::euicc_data::{
    IpaEuiccData, IpaEuiccDataError, IpaEuiccDataRequest, IpaEuiccDataResponse, SearchCriteria,
};
use super::tag_list;
use super::up::reread;
use crate::der::{DecodeResult, Null};
use crate::sgp32 as v12;

impl GetEimPackageRequest {
    /// The v1.0 request: `rPLMN` at `[1]`; stateChangeCause has no place (notifyStateChange
    /// still says that something changed).
    pub fn from_v1_2(r: &v12::GetEimPackageRequest) -> GetEimPackageRequest {
        GetEimPackageRequest {
            eid_value: r.eid_value,
            notify_state_change: r.notify_state_change.or(r.state_change_cause.map(|_| Null)),
            r_plmn: r.r_plmn,
        }
    }
}

impl EimPackageError {
    /// v1.0's value: the EID problems v1.2 names are `undefinedError` in v1.0.
    pub fn from_v1_2(e: v12::EimPackageError) -> EimPackageError {
        match e {
            v12::EimPackageError::NoEimPackageAvailable => EimPackageError::NoEimPackageAvailable,
            v12::EimPackageError::EidNotFound
            | v12::EimPackageError::InvalidEid
            | v12::EimPackageError::MissingEid
            | v12::EimPackageError::UndefinedError
            | v12::EimPackageError::Other(_) => EimPackageError::UndefinedError,
        }
    }
}

impl IpaEuiccDataRequest {
    /// The v1.0 request: v1.0's tags, one search criterion, no eimTransactionId.
    pub fn from_v1_2(r: &v12::IpaEuiccDataRequest) -> IpaEuiccDataRequest {
        let notifications = tag_list::names(&r.tag_list, tag_list::NOTIFICATIONS_V1_2);
        let results = tag_list::names(&r.tag_list, tag_list::RESULTS_V1_2);
        let search_criteria = match (notifications, results) {
            (false, true) => Some(SearchCriteria::EuiccPackageResults(Null)),
            (true, false) => r.search_criteria_notification.as_ref().map(|c| match c {
                v12::SearchCriteriaNotification::SeqNumber(n) => SearchCriteria::SeqNumber(*n),
                v12::SearchCriteriaNotification::ProfileManagementOperation(e) => {
                    SearchCriteria::ProfileManagementOperation(e.clone())
                }
            }),
            _ => None,
        };
        IpaEuiccDataRequest {
            tag_list: tag_list::to_v1_0(&r.tag_list),
            euicc_ci_pkid: r.euicc_ci_pk_identifier_to_be_used.clone(),
            search_criteria,
        }
    }
}

impl GetEimPackageResponse {
    /// The v1.0 answer.
    pub fn from_v1_2(r: &v12::GetEimPackageResponse) -> DecodeResult<GetEimPackageResponse> {
        use v12::GetEimPackageResponse as R;
        Ok(match r {
            R::EuiccPackageRequest(p) => {
                Self::EuiccPackageRequest(EuiccPackageRequest::from_v1_2(p)?)
            }
            R::IpaEuiccDataRequest(d) => {
                Self::IpaEuiccDataRequest(IpaEuiccDataRequest::from_v1_2(d))
            }
            R::ProfileDownloadTriggerRequest(t) => Self::ProfileDownloadTriggerRequest(t.clone()),
            R::EimPackageError(e) => Self::EimPackageError(EimPackageError::from_v1_2(*e)),
        })
    }
}

impl EuiccPackageRequest {
    /// The v1.0 request, from the octets the eIM signed.
    pub fn from_v1_2(p: &v12::EuiccPackageRequest) -> DecodeResult<EuiccPackageRequest> {
        reread(p)
    }
}

impl EuiccPackageResult {
    /// The v1.0 result, from the octets the eUICC signed.
    pub fn from_v1_2(r: &v12::EuiccPackageResult) -> DecodeResult<EuiccPackageResult> {
        reread(r)
    }
}

impl SGP32RetrieveNotificationsListResponse {
    /// The v1.0 answer holding `notifications` and `results` (either may be absent).
    pub fn from_v1_2_lists(
        notifications: Option<&v12::PendingNotificationList>,
        results: Option<&v12::EuiccPackageResultList>,
    ) -> DecodeResult<Option<SGP32RetrieveNotificationsListResponse>> {
        let results = results
            .map(|l| l.iter().map(EuiccPackageResult::from_v1_2).collect())
            .transpose()?;
        Ok(match (notifications, results) {
            (None, None) => None,
            (Some(n), None) => Some(Self::NotificationList(n.clone())),
            (None, Some(r)) => Some(Self::EuiccPackageResultList(r)),
            (Some(n), Some(r)) => Some(Self::NotificationAndEprList(NotificationAndEprList {
                notification_list: n.clone(),
                euicc_package_result_list: r,
            })),
        })
    }
}

impl IpaEuiccData {
    /// The v1.0 data: the lists in one `BF2B`, no eimTransactionId.
    pub fn from_v1_2(d: &v12::IpaEuiccData) -> DecodeResult<IpaEuiccData> {
        Ok(IpaEuiccData {
            default_smdp_address: d.default_smdp_address.clone(),
            euicc_info1: d.euicc_info1.clone(),
            euicc_info2: d.euicc_info2.as_ref().map(reread).transpose()?,
            root_smds_address: d.root_smds_address.clone(),
            association_token: d.association_token,
            eum_certificate: d.eum_certificate.clone(),
            euicc_certificate: d.euicc_certificate.clone(),
            ipa_capabilities: d.ipa_capabilities.clone(),
            device_info: d.device_info.clone(),
            notifications_list: SGP32RetrieveNotificationsListResponse::from_v1_2_lists(
                d.notifications_list.as_ref(),
                d.euicc_package_result_list.as_ref(),
            )?,
        })
    }
}

impl IpaEuiccDataError {
    /// v1.0's code: values v1.0 does not name are `undefinedError`.
    pub fn from_v1_2(e: v12::IpaEuiccDataErrorCode) -> IpaEuiccDataError {
        match e {
            v12::IpaEuiccDataErrorCode::IncorrectTagList => Self::IncorrectTagList,
            v12::IpaEuiccDataErrorCode::EuiccCiPkIdNotFound => Self::EuiccCiPkIdNotFound,
            _ => Self::UndefinedError,
        }
    }
}

impl IpaEuiccDataResponse {
    /// The v1.0 answer.
    pub fn from_v1_2(r: &v12::IpaEuiccDataResponse) -> DecodeResult<IpaEuiccDataResponse> {
        Ok(match r {
            v12::IpaEuiccDataResponse::IpaEuiccData(d) => {
                Self::IpaEuiccData(IpaEuiccData::from_v1_2(d)?)
            }
            v12::IpaEuiccDataResponse::IpaEuiccDataResponseError(e) => {
                Self::IpaEuiccDataError(IpaEuiccDataError::from_v1_2(e.ipa_euicc_data_error_code))
            }
        })
    }
}

impl ProfileDownloadTriggerResult {
    /// The v1.0 result: an error loses its reason.
    pub fn from_v1_2(r: &v12::ProfileDownloadTriggerResult) -> ProfileDownloadTriggerResult {
        use v12::ProfileDownloadTriggerResultData as D;
        ProfileDownloadTriggerResult {
            eim_transaction_id: r.eim_transaction_id.clone(),
            profile_download_trigger_result_data: match &r.profile_download_trigger_result_data {
                D::ProfileInstallationResult(p) => {
                    ProfileDownloadTriggerResultData::ProfileInstallationResult(p.clone())
                }
                D::ProfileDownloadError(e) => {
                    ProfileDownloadTriggerResultData::ProfileDownloadError(ProfileDownloadError {
                        error_response: e.error_response.clone(),
                    })
                }
            },
        }
    }
}

impl ProvideEimPackageResult {
    /// The v1.0 request for a v1.2 result (the eidValue is not sent).
    pub fn from_v1_2(r: &v12::EimPackageResult) -> DecodeResult<ProvideEimPackageResult> {
        use v12::EimPackageResult as R;
        Ok(match r {
            R::EuiccPackageResult(e) => Self::EuiccPackageResult(EuiccPackageResult::from_v1_2(e)?),
            R::EprAndNotifications(e) => Self::EprAndNotifications(EprAndNotifications {
                euicc_package_result: EuiccPackageResult::from_v1_2(&e.euicc_package_result)?,
                notification_list: SGP32RetrieveNotificationsListResponse::NotificationList(
                    e.notification_list.clone(),
                ),
            }),
            R::IpaEuiccDataResponse(d) => {
                Self::IpaEuiccDataResponse(IpaEuiccDataResponse::from_v1_2(d)?)
            }
            R::ProfileDownloadTriggerResult(t) => {
                Self::ProfileDownloadTriggerResult(ProfileDownloadTriggerResult::from_v1_2(t))
            }
            R::EimPackageResultResponseError(e) => {
                Self::EimPackageError(e.eim_package_result_error_code)
            }
        })
    }
}

impl ProvideEimPackageResultResponse {
    /// The v1.0 answer; `None` for v1.2's error, which v1.0 cannot say.
    pub fn from_v1_2(
        r: &v12::ProvideEimPackageResultResponse,
    ) -> Option<ProvideEimPackageResultResponse> {
        match r {
            v12::ProvideEimPackageResultResponse::EimAcknowledgements(a) => {
                Some(ProvideEimPackageResultResponse {
                    eim_acknowledgements: Some(a.clone()),
                })
            }
            v12::ProvideEimPackageResultResponse::EmptyResponse(_) => {
                Some(ProvideEimPackageResultResponse::default())
            }
            v12::ProvideEimPackageResultResponse::ProvideEimPackageResultError(_) => None,
        }
    }
}

impl HandleNotificationEsipa {
    /// The v1.0 message (a result inside goes without its eidValue).
    pub fn from_v1_2(h: &v12::HandleNotificationEsipa) -> DecodeResult<HandleNotificationEsipa> {
        Ok(match h {
            v12::HandleNotificationEsipa::PendingNotification(n) => {
                Self::PendingNotification(n.clone())
            }
            v12::HandleNotificationEsipa::ProvideEimPackageResult(p) => {
                Self::ProvideEimPackageResult(ProvideEimPackageResult::from_v1_2(
                    &p.eim_package_result,
                )?)
            }
        })
    }
}

impl TransferEimPackageResponse {
    /// The v1.0 answer to a pushed package.
    pub fn from_v1_2(
        r: &v12::TransferEimPackageResponse,
    ) -> DecodeResult<TransferEimPackageResponse> {
        use v12::TransferEimPackageResponse as R;
        Ok(match r {
            R::EuiccPackageResult(e) => Self::EuiccPackageResult(EuiccPackageResult::from_v1_2(e)?),
            R::EprAndNotifications(e) => Self::EprAndNotifications(EprAndNotifications {
                euicc_package_result: EuiccPackageResult::from_v1_2(&e.euicc_package_result)?,
                notification_list: SGP32RetrieveNotificationsListResponse::NotificationList(
                    e.notification_list.clone(),
                ),
            }),
            R::IpaEuiccDataResponse(d) => {
                Self::IpaEuiccDataResponse(IpaEuiccDataResponse::from_v1_2(d)?)
            }
            R::EimPackageReceived(n) => Self::EimPackageReceived(*n),
            R::EimPackageError(e) => Self::EimPackageError(*e),
            // v1.3's answers naming the package: v1.0 says the same without the name.
            R::EimPackageReceivedWithCid(_) => Self::EimPackageReceived(Null),
            R::EimPackageErrorWithCid(e) => Self::EimPackageError(e.eim_package_error),
        })
    }
}

impl EsipaMessageFromIpaToEim {
    /// The v1.0 message for a v1.2 one: what a v1.0 IPA sends. The download relay requests
    /// have v1.2's octets, less InitiateAuthentication's eimTransactionId.
    pub fn from_v1_2(m: &v12::EsipaMessageFromIpaToEim) -> DecodeResult<EsipaMessageFromIpaToEim> {
        use v12::EsipaMessageFromIpaToEim as M;
        Ok(match m {
            M::InitiateAuthenticationRequestEsipa(r) => {
                Self::InitiateAuthenticationRequestEsipa(v12::InitiateAuthenticationRequestEsipa {
                    eim_transaction_id: None,
                    ..r.clone()
                })
            }
            M::AuthenticateClientRequestEsipa(r) => Self::AuthenticateClientRequestEsipa(r.clone()),
            M::GetBoundProfilePackageRequestEsipa(r) => {
                Self::GetBoundProfilePackageRequestEsipa(r.clone())
            }
            M::CancelSessionRequestEsipa(r) => Self::CancelSessionRequestEsipa(r.clone()),
            M::HandleNotificationEsipa(h) => {
                Self::HandleNotificationEsipa(HandleNotificationEsipa::from_v1_2(h)?)
            }
            M::TransferEimPackageResponse(t) => {
                Self::TransferEimPackageResponse(TransferEimPackageResponse::from_v1_2(t)?)
            }
            M::GetEimPackageRequest(r) => {
                Self::GetEimPackageRequest(GetEimPackageRequest::from_v1_2(r))
            }
            M::ProvideEimPackageResult(p) => Self::ProvideEimPackageResult(
                ProvideEimPackageResult::from_v1_2(&p.eim_package_result)?,
            ),
            M::Unknown(raw) => Self::Unknown(raw.clone()),
        })
    }
}
