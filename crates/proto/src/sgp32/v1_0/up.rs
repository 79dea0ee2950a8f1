//! v1.0 → v1.2: what a v1.0 IPA sends (and what a v1.0 eIM answers) as the v1.2 model.
//!
//! Signed parts are carried by their octets, never re-encoded: a v1.0 eUICC Package Result
//! is read again as v1.2's type from the octets received, so the signature still covers
//! exactly them (v1.2 reads every v1.0 result; only the `eimIdType` of a v1.0 `listEim`
//! result, at `[4]`, is skipped as an unknown extension). Where v1.0 has no
//! eimTransactionId (IpaEuiccData, the IPA's error), the caller supplies the one of the
//! package the result answers.

use super::es10b::SGP32RetrieveNotificationsListResponse;
use super::esep::{EuiccPackageRequest, EuiccPackageResult};
use super::esipa::{
    GetEimPackageRequest, GetEimPackageResponse, ProfileDownloadTriggerResult,
    ProfileDownloadTriggerResultData, ProvideEimPackageResult, ProvideEimPackageResultResponse,
};
use super::euicc_data::{
    IpaEuiccData, IpaEuiccDataError, IpaEuiccDataRequest, IpaEuiccDataResponse, SearchCriteria,
};
use super::tag_list::{self, NotificationsWanted};
use crate::der::{Asn1, DecodeResult};
use crate::sgp22::TransactionId;
use crate::sgp32 as v12;

/// The same octets read as another type.
pub(super) fn reread<A: Asn1, B: Asn1>(a: &A) -> DecodeResult<B> {
    B::from_der(&a.to_der())
}

impl GetEimPackageRequest {
    /// The v1.2 request: `rPLMN` moves from `[1]` to `[2]`; no stateChangeCause.
    pub fn to_v1_2(&self) -> v12::GetEimPackageRequest {
        v12::GetEimPackageRequest {
            eid_value: self.eid_value,
            notify_state_change: self.notify_state_change,
            state_change_cause: None,
            r_plmn: self.r_plmn,
        }
    }
}

impl EuiccPackageRequest {
    /// The v1.2 request, from the received octets (the eIM's signature covers them).
    pub fn to_v1_2(&self) -> DecodeResult<v12::EuiccPackageRequest> {
        reread(self)
    }
}

impl EuiccPackageResult {
    /// The v1.2 result, from the received octets (the eUICC's signature covers them).
    pub fn to_v1_2(&self) -> DecodeResult<v12::EuiccPackageResult> {
        reread(self)
    }
}

/// What a v1.0 RetrieveNotificationsList answer holds, as v1.2's two lists; `None` for a
/// list the answer does not carry.
pub type Lists = (
    Option<v12::PendingNotificationList>,
    Option<v12::EuiccPackageResultList>,
);

impl SGP32RetrieveNotificationsListResponse {
    /// The notifications and the eUICC Package Results it carries.
    pub fn to_v1_2_lists(&self) -> DecodeResult<Lists> {
        let results = |l: &[EuiccPackageResult]| -> DecodeResult<v12::EuiccPackageResultList> {
            l.iter().map(|r| r.to_v1_2()).collect()
        };
        Ok(match self {
            Self::NotificationList(n) => (Some(n.clone()), None),
            Self::NotificationsListResultError(_) => (None, None),
            Self::EuiccPackageResultList(r) => (None, Some(results(r)?)),
            Self::NotificationAndEprList(b) => (
                Some(b.notification_list.clone()),
                Some(results(&b.euicc_package_result_list)?),
            ),
        })
    }
}

impl IpaEuiccDataRequest {
    /// The v1.2 request: v1.2's tags; the search criterion split in two; no
    /// eimTransactionId (v1.0 has none).
    pub fn to_v1_2(&self) -> v12::IpaEuiccDataRequest {
        let wanted = match &self.search_criteria {
            None => NotificationsWanted::Both,
            Some(SearchCriteria::EuiccPackageResults(_)) => NotificationsWanted::PackageResults,
            Some(_) => NotificationsWanted::Notifications,
        };
        let notification = match &self.search_criteria {
            Some(SearchCriteria::SeqNumber(n)) => {
                Some(v12::SearchCriteriaNotification::SeqNumber(*n))
            }
            Some(SearchCriteria::ProfileManagementOperation(e)) => Some(
                v12::SearchCriteriaNotification::ProfileManagementOperation(e.clone()),
            ),
            _ => None,
        };
        v12::IpaEuiccDataRequest {
            tag_list: tag_list::to_v1_2(&self.tag_list, wanted),
            euicc_ci_pk_identifier_to_be_used: self.euicc_ci_pkid.clone(),
            search_criteria_notification: notification,
            search_criteria_euicc_package_result: None,
            eim_transaction_id: None,
        }
    }
}

impl IpaEuiccData {
    /// The v1.2 data, with the eimTransactionId of the request it answers.
    pub fn to_v1_2(
        &self,
        eim_transaction_id: Option<TransactionId>,
    ) -> DecodeResult<v12::IpaEuiccData> {
        let (notifications, results) = match &self.notifications_list {
            Some(l) => l.to_v1_2_lists()?,
            None => (None, None),
        };
        Ok(v12::IpaEuiccData {
            notifications_list: notifications,
            default_smdp_address: self.default_smdp_address.clone(),
            euicc_package_result_list: results,
            euicc_info1: self.euicc_info1.clone(),
            euicc_info2: self.euicc_info2.as_ref().map(reread).transpose()?,
            root_smds_address: self.root_smds_address.clone(),
            association_token: self.association_token,
            eum_certificate: self.eum_certificate.clone(),
            euicc_certificate: self.euicc_certificate.clone(),
            eim_transaction_id,
            ipa_capabilities: self.ipa_capabilities.clone(),
            device_info: self.device_info.clone(),
        })
    }
}

impl IpaEuiccDataError {
    /// v1.2's code of the same value.
    pub fn to_v1_2(self) -> v12::IpaEuiccDataErrorCode {
        match self {
            Self::IncorrectTagList => v12::IpaEuiccDataErrorCode::IncorrectTagList,
            Self::EuiccCiPkIdNotFound => v12::IpaEuiccDataErrorCode::EuiccCiPkIdNotFound,
            Self::UndefinedError => v12::IpaEuiccDataErrorCode::UndefinedError,
            Self::Other(n) => v12::IpaEuiccDataErrorCode::Other(n),
        }
    }
}

impl IpaEuiccDataResponse {
    /// The v1.2 answer, with the eimTransactionId of the request it answers.
    pub fn to_v1_2(&self, tid: Option<TransactionId>) -> DecodeResult<v12::IpaEuiccDataResponse> {
        Ok(match self {
            Self::IpaEuiccData(d) => v12::IpaEuiccDataResponse::IpaEuiccData(d.to_v1_2(tid)?),
            Self::IpaEuiccDataError(e) => v12::IpaEuiccDataResponse::IpaEuiccDataResponseError(
                v12::IpaEuiccDataResponseError {
                    eim_transaction_id: tid,
                    ipa_euicc_data_error_code: e.to_v1_2(),
                },
            ),
        })
    }
}

impl ProfileDownloadTriggerResult {
    /// The v1.2 result; an error without a reason gets `undefinedError(127)`.
    pub fn to_v1_2(&self) -> v12::ProfileDownloadTriggerResult {
        use v12::ProfileDownloadTriggerResultData as D;
        v12::ProfileDownloadTriggerResult {
            eim_transaction_id: self.eim_transaction_id.clone(),
            profile_download_trigger_result_data: match &self.profile_download_trigger_result_data {
                ProfileDownloadTriggerResultData::ProfileInstallationResult(p) => {
                    D::ProfileInstallationResult(p.clone())
                }
                ProfileDownloadTriggerResultData::ProfileDownloadError(e) => {
                    D::ProfileDownloadError(v12::ProfileDownloadError {
                        profile_download_error_reason:
                            v12::ProfileDownloadErrorReason::UndefinedError,
                        error_response: e.error_response.clone(),
                    })
                }
            },
        }
    }
}

impl ProvideEimPackageResult {
    /// The eimTransactionId the result names, if any: the signed result's, the download
    /// result's. IpaEuiccData and the IPA's error carry none in v1.0.
    pub fn transaction_id(&self) -> Option<&TransactionId> {
        match self {
            Self::EuiccPackageResult(r) => r.transaction_id(),
            Self::EprAndNotifications(e) => e.euicc_package_result.transaction_id(),
            Self::ProfileDownloadTriggerResult(t) => t.eim_transaction_id.as_ref(),
            Self::IpaEuiccDataResponse(_) | Self::EimPackageError(_) => None,
        }
    }

    /// The v1.2 results it carries: the result itself first, then the eUICC Package
    /// Results that came in its notification list (v1.2's ePRAndNotifications carries only
    /// notifications). `tid` is the eimTransactionId of the package it answers, for the
    /// parts that carry none in v1.0.
    pub fn to_v1_2(&self, tid: Option<TransactionId>) -> DecodeResult<Vec<v12::EimPackageResult>> {
        use v12::EimPackageResult as R;
        Ok(match self {
            Self::EuiccPackageResult(r) => vec![R::EuiccPackageResult(r.to_v1_2()?)],
            Self::EprAndNotifications(e) => {
                let (notifications, results) = e.notification_list.to_v1_2_lists()?;
                let mut out = vec![R::EprAndNotifications(v12::EprAndNotifications {
                    euicc_package_result: e.euicc_package_result.to_v1_2()?,
                    notification_list: notifications.unwrap_or_default(),
                })];
                out.extend(results.into_iter().flatten().map(R::EuiccPackageResult));
                out
            }
            Self::IpaEuiccDataResponse(d) => vec![R::IpaEuiccDataResponse(d.to_v1_2(tid)?)],
            Self::ProfileDownloadTriggerResult(t) => {
                vec![R::ProfileDownloadTriggerResult(t.to_v1_2())]
            }
            Self::EimPackageError(code) => vec![R::EimPackageResultResponseError(
                v12::EimPackageResultResponseError {
                    eim_transaction_id: tid,
                    eim_package_result_error_code: *code,
                },
            )],
        })
    }
}

impl ProvideEimPackageResultResponse {
    /// The v1.2 answer: the acknowledgements, or the empty response.
    pub fn to_v1_2(&self) -> v12::ProvideEimPackageResultResponse {
        match &self.eim_acknowledgements {
            Some(a) => v12::ProvideEimPackageResultResponse::EimAcknowledgements(a.clone()),
            None => v12::ProvideEimPackageResultResponse::EmptyResponse(v12::EmptySequence {}),
        }
    }
}

impl GetEimPackageResponse {
    /// The v1.2 answer (what a v1.0 IPA acts on).
    pub fn to_v1_2(&self) -> DecodeResult<v12::GetEimPackageResponse> {
        use super::esipa::EimPackageError as E;
        use v12::GetEimPackageResponse as R;
        Ok(match self {
            Self::EuiccPackageRequest(p) => R::EuiccPackageRequest(p.to_v1_2()?),
            Self::IpaEuiccDataRequest(r) => R::IpaEuiccDataRequest(r.to_v1_2()),
            Self::ProfileDownloadTriggerRequest(t) => R::ProfileDownloadTriggerRequest(t.clone()),
            Self::EimPackageError(e) => R::EimPackageError(match e {
                E::NoEimPackageAvailable => v12::EimPackageError::NoEimPackageAvailable,
                E::UndefinedError => v12::EimPackageError::UndefinedError,
                E::Other(n) => v12::EimPackageError::Other(*n),
            }),
        })
    }
}

impl super::esipa::TransferEimPackageRequest {
    /// The v1.2 request (what a v1.0 IPA that takes pushed packages acts on).
    pub fn to_v1_2(&self) -> DecodeResult<v12::TransferEimPackageRequest> {
        use v12::TransferEimPackageRequest as R;
        Ok(match self {
            Self::EuiccPackageRequest(p) => R::EuiccPackageRequest(p.to_v1_2()?),
            Self::IpaEuiccDataRequest(r) => R::IpaEuiccDataRequest(r.to_v1_2()),
            Self::EimAcknowledgements(a) => R::EimAcknowledgements(a.clone()),
            Self::ProfileDownloadTriggerRequest(t) => R::ProfileDownloadTriggerRequest(t.clone()),
        })
    }
}

impl super::esipa::EsipaMessageFromEimToIpa {
    /// The v1.2 message a v1.0 eIM's answer stands for. The download relay answers have
    /// v1.2's octets (v1.0 only names some values differently), so they are read again.
    pub fn to_v1_2(&self) -> DecodeResult<v12::EsipaMessageFromEimToIpa> {
        use v12::EsipaMessageFromEimToIpa as M;
        Ok(match self {
            Self::InitiateAuthenticationResponseEsipa(r) => {
                M::InitiateAuthenticationResponseEsipa(reread(r)?)
            }
            Self::AuthenticateClientResponseEsipa(r) => {
                M::AuthenticateClientResponseEsipa(r.clone())
            }
            Self::GetBoundProfilePackageResponseEsipa(r) => {
                M::GetBoundProfilePackageResponseEsipa(reread(r)?)
            }
            Self::CancelSessionResponseEsipa(r) => M::CancelSessionResponseEsipa(r.clone()),
            Self::TransferEimPackageRequest(r) => M::TransferEimPackageRequest(r.to_v1_2()?),
            Self::GetEimPackageResponse(r) => M::GetEimPackageResponse(r.to_v1_2()?),
            Self::ProvideEimPackageResultResponse(r) => {
                M::ProvideEimPackageResultResponse(r.to_v1_2())
            }
            Self::Unknown(raw) => M::Unknown(raw.clone()),
        })
    }
}
