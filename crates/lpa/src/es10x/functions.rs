//! The ES10a/b/c functions the LPA calls (SGP.22 5.7), typed: each builds its request, sends
//! it with [`Es10Client::transact`] and decodes the response. Responses that travel on to
//! the SM-DP+ (EUICCInfo1, AuthenticateServerResponse, PrepareDownloadResponse,
//! CancelSessionResponse, pending notifications) are returned with their octets as
//! received, since the SM-DP+ verifies signatures over them.

use proto::der::{Asn1, Tag, Tlv};
use proto::sgp22::{
    AuthenticateServerRequest, AuthenticateServerResponse, CancelSessionReason,
    CancelSessionRequest, CancelSessionResponse, DeleteNotificationStatus, DeleteProfileRequest,
    DeleteProfileResponse, DeleteResult, DisableProfileRequest, DisableProfileResponse,
    DisableResult, EUICCInfo1, EnableProfileRequest, EnableProfileResponse, EnableResult,
    EuiccConfiguredAddressesRequest, EuiccConfiguredAddressesResponse, GetEuiccChallengeRequest,
    GetEuiccChallengeResponse, GetEuiccDataRequest, GetEuiccDataResponse, GetEuiccInfo1Request,
    Iccid, ListNotificationRequest, ListNotificationResponse, NotificationMetadata,
    NotificationSearchCriteria, NotificationSentRequest, NotificationSentResponse,
    PendingNotification, PrepareDownloadRequest, PrepareDownloadResponse, ProfileIdentifier,
    ProfileInfo, ProfileInfoListRequest, ProfileInfoListResponse, RetrieveNotificationsListRequest,
};

use super::apdu::Es10Client;
use crate::card_channel::CardChannel;
use crate::error::{LpaError, code_name};

/// A response as received, with its decoding.
#[derive(Clone, Debug)]
pub struct Received<T> {
    pub raw: Vec<u8>,
    pub value: T,
}

/// A pending notification as the eUICC gave it (the `PendingNotification` TLV, relayed as
/// is in ES9+.HandleNotification), with its metadata.
#[derive(Clone, Debug)]
pub struct RetrievedNotification {
    pub raw: Vec<u8>,
    pub metadata: NotificationMetadata,
}

/// `RetrieveNotificationsListResponse.notificationList` is `[0]`; its error alternative `[1]`.
const NOTIFICATION_LIST: Tag = Tag::context(0, true);

impl<C: CardChannel> Es10Client<C> {
    /// Sends a request and returns the raw response (possibly empty).
    pub fn call_raw(
        &mut self,
        function: &'static str,
        request: &[u8],
    ) -> Result<Vec<u8>, LpaError> {
        self.transact(request)
            .map_err(|source| LpaError::Card { function, source })
    }

    /// Sends a request and decodes the response as `R`.
    pub fn call<R: Asn1>(
        &mut self,
        function: &'static str,
        request: &impl Asn1,
    ) -> Result<Received<R>, LpaError> {
        let raw = self.call_raw(function, &request.to_der())?;
        let value = R::from_der(&raw).map_err(|e| LpaError::CardAnswer {
            function,
            detail: e.to_string(),
        })?;
        Ok(Received { raw, value })
    }

    /// ES10b.GetEUICCChallenge (SGP.22 5.7.7).
    pub fn get_euicc_challenge(&mut self) -> Result<[u8; 16], LpaError> {
        let r: Received<GetEuiccChallengeResponse> =
            self.call("ES10b.GetEUICCChallenge", &GetEuiccChallengeRequest {})?;
        Ok(r.value.euicc_challenge)
    }

    /// ES10b.GetEUICCInfo for EUICCInfo1 (SGP.22 5.7.8), kept as received for
    /// ES9+.InitiateAuthentication.
    pub fn get_euicc_info1(&mut self) -> Result<Received<EUICCInfo1>, LpaError> {
        self.call("ES10b.GetEUICCInfo", &GetEuiccInfo1Request {})
    }

    /// ES10a.GetEuiccConfiguredAddresses (SGP.22 5.7.3).
    pub fn get_configured_addresses(
        &mut self,
    ) -> Result<EuiccConfiguredAddressesResponse, LpaError> {
        Ok(self
            .call(
                "ES10a.GetEuiccConfiguredAddresses",
                &EuiccConfiguredAddressesRequest {},
            )?
            .value)
    }

    /// ES10c.GetEID (SGP.22 5.7.20): the EID as 32 digits.
    pub fn get_eid(&mut self) -> Result<String, LpaError> {
        let r: Received<GetEuiccDataResponse> =
            self.call("ES10c.GetEID", &GetEuiccDataRequest::default())?;
        proto::ids::Eid::from_bcd(&r.value.eid_value)
            .map(|e| e.as_str().to_string())
            .map_err(|e| LpaError::CardAnswer {
                function: "ES10c.GetEID",
                detail: e.to_string(),
            })
    }

    /// ES10b.AuthenticateServer (SGP.22 5.7.13).
    pub fn authenticate_server(
        &mut self,
        request: &AuthenticateServerRequest,
    ) -> Result<Received<AuthenticateServerResponse>, LpaError> {
        self.call("ES10b.AuthenticateServer", request)
    }

    /// ES10b.PrepareDownload (SGP.22 5.7.5).
    pub fn prepare_download(
        &mut self,
        request: &PrepareDownloadRequest,
    ) -> Result<Received<PrepareDownloadResponse>, LpaError> {
        self.call("ES10b.PrepareDownload", request)
    }

    /// One piece of ES10b.LoadBoundProfilePackage (SGP.22 5.7.6): empty until the eUICC has
    /// its ProfileInstallationResult.
    pub fn load_bound_profile_package_piece(&mut self, piece: &[u8]) -> Result<Vec<u8>, LpaError> {
        self.call_raw("ES10b.LoadBoundProfilePackage", piece)
    }

    /// ES10b.CancelSession (SGP.22 5.7.14).
    pub fn cancel_session(
        &mut self,
        transaction_id: &[u8],
        reason: CancelSessionReason,
    ) -> Result<Received<CancelSessionResponse>, LpaError> {
        self.call(
            "ES10b.CancelSession",
            &CancelSessionRequest {
                transaction_id: transaction_id.to_vec(),
                reason,
            },
        )
    }

    /// ES10b.ListNotification (SGP.22 5.7.9): metadata of every pending notification.
    pub fn list_notifications(&mut self) -> Result<Vec<NotificationMetadata>, LpaError> {
        const F: &str = "ES10b.ListNotification";
        match self
            .call::<ListNotificationResponse>(F, &ListNotificationRequest::default())?
            .value
        {
            ListNotificationResponse::NotificationMetadataList(list) => Ok(list),
            ListNotificationResponse::ListNotificationsResultError(e) => {
                Err(LpaError::EuiccRefused {
                    function: F,
                    code: code_name(&e, e.asn1_value()),
                })
            }
        }
    }

    /// ES10b.RetrieveNotificationsList (SGP.22 5.7.10) for one sequence number; `None` when
    /// the eUICC has no such notification.
    pub fn retrieve_notification(
        &mut self,
        seq_number: i64,
    ) -> Result<Option<RetrievedNotification>, LpaError> {
        const F: &str = "ES10b.RetrieveNotificationsList";
        let request = RetrieveNotificationsListRequest {
            search_criteria: Some(NotificationSearchCriteria::SeqNumber(seq_number)),
        };
        let raw = self.call_raw(F, &request.to_der())?;
        let answer = |detail: String| LpaError::CardAnswer {
            function: F,
            detail,
        };
        let outer = Tlv::parse_single(&raw).map_err(|e| answer(e.to_string()))?;
        if outer.tag != Tag::context(43, true) {
            return Err(answer(format!("tag {} instead of BF2B", outer.tag)));
        }
        let mut items = outer.contents().map_err(|e| answer(e.to_string()))?;
        let list = items.read().map_err(|e| answer(e.to_string()))?;
        if list.tag != NOTIFICATION_LIST {
            // notificationsListResultError: SGP.22 5.7.10 gives it when nothing matches
            return Ok(None);
        }
        let mut entries = list.contents().map_err(|e| answer(e.to_string()))?;
        while !entries.is_empty() {
            let entry = entries.read().map_err(|e| answer(e.to_string()))?;
            let pending = PendingNotification::decode(&entry).map_err(|e| answer(e.to_string()))?;
            let metadata = match &pending {
                PendingNotification::ProfileInstallationResult(p) => p
                    .profile_installation_result_data
                    .notification_metadata
                    .clone(),
                PendingNotification::OtherSignedNotification(o) => {
                    o.tbs_other_notification.value().clone()
                }
            };
            if metadata.seq_number == seq_number {
                return Ok(Some(RetrievedNotification {
                    raw: entry.raw.to_vec(),
                    metadata,
                }));
            }
        }
        Ok(None)
    }

    /// ES10b.RemoveNotificationFromList (SGP.22 5.7.11).
    pub fn remove_notification(
        &mut self,
        seq_number: i64,
    ) -> Result<DeleteNotificationStatus, LpaError> {
        let r: Received<NotificationSentResponse> = self.call(
            "ES10b.RemoveNotificationFromList",
            &NotificationSentRequest { seq_number },
        )?;
        Ok(r.value.delete_notification_status)
    }

    /// ES10c.GetProfilesInfo (SGP.22 5.7.15), every profile with every component.
    pub fn get_profiles_info(&mut self) -> Result<Vec<ProfileInfo>, LpaError> {
        const F: &str = "ES10c.GetProfilesInfo";
        match self
            .call::<ProfileInfoListResponse>(F, &ProfileInfoListRequest::default())?
            .value
        {
            ProfileInfoListResponse::ProfileInfoListOk(list) => Ok(list),
            ProfileInfoListResponse::ProfileInfoListError(e) => Err(LpaError::EuiccRefused {
                function: F,
                code: code_name(&e, e.asn1_value()),
            }),
        }
    }

    /// ES10c.EnableProfile (SGP.22 5.7.16).
    pub fn enable_profile(&mut self, iccid: Iccid, refresh_flag: bool) -> Result<(), LpaError> {
        const F: &str = "ES10c.EnableProfile";
        let request = EnableProfileRequest {
            profile_identifier: ProfileIdentifier::Iccid(iccid),
            refresh_flag,
        };
        match self
            .call::<EnableProfileResponse>(F, &request)?
            .value
            .enable_result
        {
            EnableResult::Ok => Ok(()),
            e => Err(LpaError::EuiccRefused {
                function: F,
                code: code_name(&e, e.asn1_value()),
            }),
        }
    }

    /// ES10c.DisableProfile (SGP.22 5.7.17).
    pub fn disable_profile(&mut self, iccid: Iccid, refresh_flag: bool) -> Result<(), LpaError> {
        const F: &str = "ES10c.DisableProfile";
        let request = DisableProfileRequest {
            profile_identifier: ProfileIdentifier::Iccid(iccid),
            refresh_flag,
        };
        match self
            .call::<DisableProfileResponse>(F, &request)?
            .value
            .disable_result
        {
            DisableResult::Ok => Ok(()),
            e => Err(LpaError::EuiccRefused {
                function: F,
                code: code_name(&e, e.asn1_value()),
            }),
        }
    }

    /// ES10c.DeleteProfile (SGP.22 5.7.18).
    pub fn delete_profile(&mut self, iccid: Iccid) -> Result<(), LpaError> {
        const F: &str = "ES10c.DeleteProfile";
        let request = DeleteProfileRequest::Iccid(iccid);
        match self
            .call::<DeleteProfileResponse>(F, &request)?
            .value
            .delete_result
        {
            DeleteResult::Ok => Ok(()),
            e => Err(LpaError::EuiccRefused {
                function: F,
                code: code_name(&e, e.asn1_value()),
            }),
        }
    }
}
