//! SGP.02 3.2, 3.4, 3.15: the card's answer, then its Default Notification, update the EIS
//! and finish the operation; the notification is confirmed with `3A08`; POL2 Auto-Delete
//! follows the confirmation; operators are owed their Handle*Notification.

use sm_sr::eis::ProfileState;
use sm_sr::es5::{DefaultNotification, NotificationType};
use sm_sr::{Function, OperationState};

use crate::support::{AID1, AID2, EID, Lab, P1, P2, h, requester};

/// `AB { 80 01 01 | 23 L data SW }`: one C-APDU executed.
fn answer(data_sw: &str) -> Vec<u8> {
    let n = data_sw.len() / 2;
    hex::decode(format!("AB{:02X}800101 23{:02X}{data_sw}", n + 5, n).replace(' ', "")).unwrap()
}

pub(crate) fn notification(kind: NotificationType, seq: u16, aid: &str) -> Vec<u8> {
    DefaultNotification {
        eid: EID.into(),
        kind,
        seq,
        isd_p_aid: Some(hex::decode(aid).unwrap()),
    }
    .encode()
}

async fn state(lab: &Lab, iccid: &str) -> Option<ProfileState> {
    lab.smsr
        .eis(EID)
        .await
        .unwrap()
        .profile(iccid)
        .map(|p| p.state)
}

/// Answers the oldest pending command with `data_sw`.
pub(crate) async fn card_answers(lab: &Lab, data_sw: &str) -> sm_sr::Operation {
    let c = lab.smsr.pending_commands(1).await.unwrap().remove(0);
    lab.smsr
        .command_answered(&c.operation_id, c.seq, &answer(data_sw))
        .await
        .unwrap()
}

#[tokio::test]
async fn enable_then_notification_then_confirmation() {
    let lab = Lab::with_eis().await;
    let op = lab.enable_p2().await;
    let after = card_answers(&lab, "9000").await;
    assert_eq!(after.state, OperationState::AwaitingNotification);
    assert_eq!(
        state(&lab, P2).await,
        Some(ProfileState::Disabled),
        "not before the notification"
    );

    let n = notification(NotificationType::ProfileChangeSucceeded, 0x0102, AID2);
    let out = lab.smsr.default_notification(EID, &n).await.unwrap();
    assert!(out.applied);
    assert_eq!(
        out.completed_operation.as_deref(),
        Some(op.operation_id.as_str())
    );
    assert_eq!(
        h(&out.confirmation_script),
        "AA0E220C80E28900073A08044E020102"
    );
    let done = lab.smsr.operation(&op.operation_id).await.unwrap().unwrap();
    assert_eq!(done.state, OperationState::Succeeded);
    assert_eq!(state(&lab, P2).await, Some(ProfileState::Enabled));
    assert_eq!(state(&lab, P1).await, Some(ProfileState::Disabled));
    // P1's operator over ES4 and the SM-DP that downloaded it over ES3 (SGP.02 5.4, 5.5);
    // P2's SM-DP too, which did not ask for the enable (its operator did, and has the
    // response).
    let owed = lab.smsr.owed_notifications().await.unwrap();
    let mut told: Vec<_> = owed
        .iter()
        .map(|n| {
            (
                n.interface,
                n.recipient.as_str(),
                n.function.as_str(),
                n.iccid.as_str(),
            )
        })
        .collect();
    told.sort_by_key(|t| (t.1, t.3));
    let (f, enabled) = (
        "HandleProfileDisabledNotification",
        "HandleProfileEnabledNotification",
    );
    assert_eq!(
        told,
        [
            (sm_sr::NotifyInterface::Es3, "dp", f, P1),
            (sm_sr::NotifyInterface::Es3, "dp", enabled, P2),
            (sm_sr::NotifyInterface::Es4, "mno-a", f, P1)
        ]
    );

    // The card repeats it (no confirmation reached it): confirmed again, applied once.
    let again = lab.smsr.default_notification(EID, &n).await.unwrap();
    assert!(!again.applied);
    assert_eq!(lab.smsr.owed_notifications().await.unwrap().len(), 3);
    let pending = lab.smsr.pending_commands(10).await.unwrap();
    assert_eq!(pending.len(), 2, "two confirmations queued");
    lab.smsr.shutdown().await;
}

#[tokio::test]
async fn disable_with_auto_delete_deletes_after_the_confirmation() {
    let lab = Lab::with_eis().await;
    let es4 = lab.smsr.es4();
    let a = requester("mno-a");
    es4.enable_profile(&a, EID, P2).await.unwrap();
    card_answers(&lab, "9000").await;
    let n = notification(NotificationType::ProfileChangeSucceeded, 1, AID2);
    lab.smsr.default_notification(EID, &n).await.unwrap();
    card_answers(&lab, "9000").await; // the confirmation
    assert!(lab.smsr.pending_commands(10).await.unwrap().is_empty());

    es4.disable_profile(&a, EID, P2).await.unwrap();
    card_answers(&lab, "9000").await;
    // The card enabled the fall-back profile P1 in P2's place.
    let n = notification(NotificationType::ProfileChangeSucceeded, 2, AID1);
    lab.smsr.default_notification(EID, &n).await.unwrap();
    assert_eq!(state(&lab, P2).await, Some(ProfileState::Disabled));
    let confirmation = card_answers(&lab, "9000").await;
    assert_eq!(confirmation.function, Function::NotificationConfirmation);

    let delete = lab.smsr.pending_commands(10).await.unwrap().remove(0);
    assert_eq!(h(&delete.script), format!("AA19221780E40080124F10{AID2}"));
    let op = lab
        .smsr
        .operation(&delete.operation_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (op.function, op.requester.id.as_str()),
        (Function::DeleteProfile, "smsr-test")
    );
    card_answers(&lab, "9000").await;
    assert_eq!(state(&lab, P2).await, None, "deleted from the EIS");
    let owed = lab.smsr.owed_notifications().await.unwrap();
    assert!(
        owed.iter()
            .any(|o| o.function == "HandleProfileDeletedNotification" && o.iccid == P2)
    );
    lab.smsr.shutdown().await;
}

#[tokio::test]
async fn refusals_and_roll_back_fail_the_operation() {
    let lab = Lab::with_eis().await;
    let a = requester("mno-a");
    lab.smsr.es4().enable_profile(&a, EID, P2).await.unwrap();
    let refused = card_answers(&lab, "69E1").await;
    assert_eq!(refused.state, OperationState::Failed);
    assert_eq!(
        refused.failed_with(),
        Some(("8.2.1", "3.8")),
        "POL1 refused"
    );

    let op = lab.smsr.es4().enable_profile(&a, EID, P2).await.unwrap();
    card_answers(&lab, "9000").await;
    let n = notification(NotificationType::ProfileChangeRolledBack, 9, AID1);
    lab.smsr.default_notification(EID, &n).await.unwrap();
    let done = lab.smsr.operation(&op.operation_id).await.unwrap().unwrap();
    assert_eq!(
        (done.state, done.failed_with()),
        (OperationState::Failed, Some(("8.4", "4.2")))
    );
    assert_eq!(state(&lab, P1).await, Some(ProfileState::Enabled));

    let other = notification(NotificationType::Declaration, 1, AID1);
    let e = lab
        .smsr
        .default_notification("89049032123451234512345678901299", &other)
        .await;
    assert!(e.is_err(), "a notification under another EID's keys");
    assert!(
        lab.smsr
            .default_notification(EID, &other[..10])
            .await
            .is_err()
    );
    assert!(
        lab.smsr
            .command_answered("nope", 0, &answer("9000"))
            .await
            .is_err()
    );
    lab.smsr.shutdown().await;
}

#[tokio::test]
async fn each_send_commits_a_higher_counter_across_restarts() {
    let lab = Lab::with_eis().await;
    lab.smsr
        .es4()
        .enable_profile(&requester("mno-a"), EID, P2)
        .await
        .unwrap();
    let c = lab.smsr.pending_commands(1).await.unwrap().remove(0);
    assert_eq!(lab.smsr.reserve_send(&c, 1).await.unwrap(), 6);
    let lab = lab.restart().await;
    let c = lab.smsr.pending_commands(1).await.unwrap().remove(0);
    assert_eq!((c.attempts, c.sent_with), (1, Some((1, 6))));
    assert_eq!(
        lab.smsr.reserve_send(&c, 1).await.unwrap(),
        7,
        "a resend takes a new counter"
    );
    assert_eq!(
        lab.smsr.command_for_por(EID, 1, 7).await.unwrap(),
        Some((c.operation_id.clone(), 0))
    );
    assert_eq!(lab.smsr.command_for_por(EID, 1, 6).await.unwrap(), None);
    assert!(
        lab.smsr.reserve_send(&c, 0x40).await.is_err(),
        "not an SCP80 key set"
    );
    lab.smsr.shutdown().await;
}
