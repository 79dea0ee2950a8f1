//! Notifications (SGP.22 3.5): made and signed when a profile is installed, enabled, disabled
//! or deleted; kept with a sequence number until the LPA removes them; listed and fetched
//! with ES10b.ListNotification, RetrieveNotificationsList and RemoveNotificationFromList
//! (5.7.9–5.7.11).
//!
//! On an IoT eUICC the same functions carry the eUICC Package Results (SGP.32 v1.2 5.9.11,
//! 5.9.12): RetrieveNotificationsList with `euiccPackageResults` returns them, and
//! RemoveNotificationFromList removes a notification or a result by its sequence number
//! (both take their numbers from one counter).
//!
//! An installation always yields one ProfileInstallationResult, addressed to the SM-DP+ of
//! the session, success or failure (5.7.6). Enable, disable and delete yield one
//! OtherSignedNotification for each `notificationConfigurationInfo` entry of the profile's
//! metadata that asks for that operation, to that entry's address.

use proto::crypto::SignatureError;
use proto::der::{Asn1, Preserved, RawSequence, Tag, write_constructed};
use proto::sgp22::{
    Certificate, DeleteNotificationStatus, EuiccSignPIR, FinalResult, Iccid,
    ListNotificationRequest, ListNotificationResponse, NotificationMetadata,
    NotificationSentRequest, NotificationSentResponse, OtherSignedNotification,
    ProfileInstallationResult, ProfileInstallationResultData,
};
use proto::sgp32::{SGP32NotificationSearchCriteria, SGP32RetrieveNotificationsListRequest};

use crate::credentials::Credentials;
use crate::euicc::Euicc;
use crate::session::PirContext;
use crate::state::{EuiccState, NotificationOperation, StoredNotification, StoredProfile};

/// The signed ProfileInstallationResult (`BF37`), SGP.22 5.7.6: euiccSignPIR covers the
/// `BF27` TLV.
pub(crate) fn sign_pir(
    creds: &Credentials,
    ctx: &PirContext,
    seq_number: i64,
    iccid: Option<Iccid>,
    final_result: FinalResult,
) -> Result<Vec<u8>, SignatureError> {
    let data = Preserved::new(ProfileInstallationResultData {
        transaction_id: ctx.transaction_id.clone(),
        notification_metadata: NotificationMetadata {
            seq_number,
            profile_management_operation: NotificationOperation::Install.event(),
            notification_address: ctx.notification_address.clone(),
            iccid,
        },
        smdp_oid: ctx.smdp_oid.clone(),
        final_result,
    });
    let signature = creds.chain_or_default(&ctx.ci).sign(data.raw())?;
    Ok(ProfileInstallationResult {
        profile_installation_result_data: data,
        euicc_sign_pir: EuiccSignPIR(signature),
    }
    .to_der())
}

/// An OtherSignedNotification (SGP.22 5.7.10): euiccNotificationSignature covers the `BF2F`
/// TLV of tbsOtherNotification.
fn sign_other(
    creds: &Credentials,
    metadata: NotificationMetadata,
) -> Result<Vec<u8>, SignatureError> {
    let tbs = Preserved::new(metadata);
    let signature = creds.sign(tbs.raw())?;
    Ok(OtherSignedNotification {
        tbs_other_notification: tbs,
        euicc_notification_signature: signature,
        euicc_certificate: Certificate(RawSequence(creds.euicc_certificate().to_vec())),
        eum_certificate: Certificate(RawSequence(creds.eum_certificate().to_vec())),
    }
    .to_der())
}

/// Adds the notifications `profile`'s metadata asks for on `op` to `state`.
pub(crate) fn add_notifications(
    state: &mut EuiccState,
    creds: &Credentials,
    profile: &StoredProfile,
    op: NotificationOperation,
) -> Result<(), SignatureError> {
    for address in profile.notification_addresses(op) {
        let seq_number = state.take_seq_number();
        let signed = sign_other(
            creds,
            NotificationMetadata {
                seq_number,
                profile_management_operation: op.event(),
                notification_address: address.clone(),
                iccid: profile.iccid_asn1(),
            },
        )?;
        state.notifications.push(StoredNotification {
            seq_number,
            operation: op,
            address,
            iccid: Some(profile.iccid.clone()),
            signed,
        });
    }
    Ok(())
}

fn metadata_of(n: &StoredNotification) -> NotificationMetadata {
    NotificationMetadata {
        seq_number: n.seq_number,
        profile_management_operation: n.operation.event(),
        notification_address: n.address.clone(),
        iccid: n.iccid.as_deref().and_then(|digits| {
            proto::ids::Iccid::parse_lenient(digits)
                .ok()
                .map(|i| Iccid(i.to_swapped_bcd()))
        }),
    }
}

impl Euicc {
    /// ES10b.ListNotification (SGP.22 5.7.9): the metadata of the pending notifications,
    /// those of the operations in the filter if one is given.
    pub(crate) fn list_notification(&self, req: &ListNotificationRequest) -> Vec<u8> {
        let list = self
            .state
            .notifications
            .iter()
            .filter(|n| {
                req.profile_management_operation
                    .as_ref()
                    .is_none_or(|f| f.has(n.operation.bit()))
            })
            .map(metadata_of)
            .collect();
        ListNotificationResponse::NotificationMetadataList(list).to_der()
    }

    /// ES10b.RetrieveNotificationsList (SGP.22 5.7.10, SGP.32 v1.2 5.9.11): the signed
    /// notifications, all or those matching the search criteria, or with
    /// `euiccPackageResults` the pending eUICC Package Results. The stored octets are
    /// returned as they were signed.
    pub(crate) fn retrieve_notifications_list(
        &self,
        req: &SGP32RetrieveNotificationsListRequest,
    ) -> Vec<u8> {
        type C = SGP32NotificationSearchCriteria;
        // RetrieveNotificationsListResponse ::= [43] CHOICE { notificationList [0] SEQUENCE
        // OF PendingNotification, …, euiccPackageResultList [2] … }: BF2B { A0/A2 { <stored
        // TLVs> } }.
        let (list_tag, selected): (u32, Vec<&[u8]>) = match &req.search_criteria {
            Some(C::EuiccPackageResults(_)) => (
                2,
                self.state
                    .iot
                    .package_results
                    .iter()
                    .map(|r| r.signed.as_slice())
                    .collect(),
            ),
            criteria => (
                0,
                self.state
                    .notifications
                    .iter()
                    .filter(|n| match criteria {
                        Some(C::SeqNumber(s)) => n.seq_number == *s,
                        Some(C::ProfileManagementOperation(ops)) => ops.has(n.operation.bit()),
                        _ => true,
                    })
                    .map(|n| n.signed.as_slice())
                    .collect(),
            ),
        };
        let mut out = Vec::new();
        write_constructed(Tag::context(43, true), &mut out, |o| {
            write_constructed(Tag::context(list_tag, true), o, |o| {
                for signed in selected {
                    o.extend_from_slice(signed);
                }
            })
        });
        out
    }

    /// ES10b.RemoveNotificationFromList (SGP.22 5.7.11, SGP.32 v1.2 5.9.12): a notification
    /// or an eUICC Package Result.
    pub(crate) fn remove_notification_from_list(
        &mut self,
        req: &NotificationSentRequest,
    ) -> Vec<u8> {
        let respond = |status| {
            NotificationSentResponse {
                delete_notification_status: status,
            }
            .to_der()
        };
        let seq = req.seq_number;
        if !self.state.notifications.iter().any(|n| n.seq_number == seq)
            && !self
                .state
                .iot
                .package_results
                .iter()
                .any(|r| r.seq_number == seq)
        {
            return respond(DeleteNotificationStatus::NothingToDelete);
        }
        let mut next = self.state.clone();
        next.notifications.retain(|n| n.seq_number != seq);
        next.iot.package_results.retain(|r| r.seq_number != seq);
        match self.commit(next) {
            Ok(()) => respond(DeleteNotificationStatus::Ok),
            Err(_) => respond(DeleteNotificationStatus::UndefinedError),
        }
    }
}
