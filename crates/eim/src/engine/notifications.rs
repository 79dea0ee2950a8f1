//! Notifications an IPA hands to the eIM (ESipa.HandleNotification, or with a package result
//! or eUICC data; SGP.32 v1.2 5.14.7): compact forms rebuilt, signatures checked, the
//! device's profiles updated, and the SGP.22 form queued for the SM-DP+ named by its
//! notificationAddress. The seqNumber is acknowledged so the eUICC can delete it.

use proto::der::Asn1;
use proto::sgp22::{FinalResult, NotificationEvent, NotificationMetadata, PendingNotification};
use proto::sgp32::SGP32PendingNotification;
use serde_json::json;

use super::EngineError;
use super::profiles::{self, iccid_text};
use super::take::Take;
use crate::clock::wall_ms;
use crate::compact::{self, DeviceData};
use crate::context::Context;
use crate::esep;
use crate::store::{self, Device, NotificationRecord, Tx, devices, events, notifications, relay};

/// The EID in a certificate's subject serialNumber.
fn eid_of_cert(der: &[u8]) -> Option<String> {
    certs::verify::facts::CertFacts::parse(der)
        .ok()?
        .subject_serial_number()
        .map(str::to_string)
}

/// Takes one notification; `device` is who sent it, when known: who it is from, its SGP.22
/// form, its signature, then the device's profiles and the queue towards the SM-DP+.
pub(crate) fn take(
    ctx: &Context,
    tx: &mut Tx<'_>,
    device: Option<&Device>,
    n: &SGP32PendingNotification,
    checked: &esep::Checked,
    now: i64,
) -> Result<Take, EngineError> {
    let (session, dev) = sender(tx, device, n)?;
    let data = DeviceData {
        euicc_cert: dev.as_ref().and_then(|d| d.euicc_cert.as_deref()),
        eum_cert: dev.as_ref().and_then(|d| d.eum_cert.as_deref()),
        euicc_info2: None,
    };
    let full = match sgp22_form(n, session.as_ref(), &data) {
        Ok(f) => f,
        Err(why) => return refuse(tx, dev.as_ref(), why.to_string(), now),
    };
    if let Err(e) = check_signature(&full, &data, checked) {
        return refuse(
            tx,
            dev.as_ref(),
            format!("notification signature: {e}"),
            now,
        );
    }
    let seq_number = record(ctx, tx, dev.as_ref(), &full, now)?;
    Ok(Take::Accepted(Some(seq_number)))
}

/// Who a notification is from: the relay session of an installation result, and the device
/// (the sender's, else the one its EID, certificate or session names).
fn sender(
    tx: &mut Tx<'_>,
    device: Option<&Device>,
    n: &SGP32PendingNotification,
) -> Result<(Option<relay::RelaySession>, Option<Device>), EngineError> {
    let session = match n {
        SGP32PendingNotification::CompactProfileInstallationResult(c) => relay::get(
            tx,
            &c.compact_profile_installation_result_data.transaction_id,
        )?,
        SGP32PendingNotification::ProfileInstallationResult(p) => {
            relay::get(tx, &p.profile_installation_result_data.transaction_id)?
        }
        _ => None,
    };
    let eid_hint = match (device, n) {
        (Some(d), _) => Some(d.eid.clone()),
        (None, SGP32PendingNotification::CompactOtherSignedNotification(c)) => c
            .eid_value
            .and_then(|e| proto::ids::Eid::from_bcd(&e).ok())
            .map(|e| e.as_str().to_string()),
        (None, SGP32PendingNotification::OtherSignedNotification(o)) => {
            eid_of_cert(o.euicc_certificate.0.as_bytes())
        }
        (None, _) => session.as_ref().and_then(|s| s.eid.clone()),
    };
    let stored = match &eid_hint {
        Some(e) => devices::get(tx, e)?,
        None => None,
    };
    Ok((session, device.cloned().or(stored)))
}

/// Why a notification has no SGP.22 form; the text is the refusal recorded for it.
#[derive(Debug, thiserror::Error)]
enum NotificationForm {
    /// A compact form that could not be rebuilt.
    #[error(transparent)]
    Compact(#[from] compact::CompactError),
    /// A compact installation result of a download the eIM did not relay.
    #[error("compact installation result of a session the eIM did not relay")]
    NotRelayed,
    /// A notification of a kind SGP.22 has no form for.
    #[error("not a notification")]
    NotANotification,
}

/// The SGP.22 form of a notification (SGP.32 v1.2 5.14.7): compact forms are rebuilt from
/// the relay session or the device's certificates.
fn sgp22_form(
    n: &SGP32PendingNotification,
    session: Option<&relay::RelaySession>,
    data: &DeviceData<'_>,
) -> Result<PendingNotification, NotificationForm> {
    match n {
        SGP32PendingNotification::CompactProfileInstallationResult(c) => match session {
            Some(s) => Ok(PendingNotification::ProfileInstallationResult(
                compact::installation_result(c, s)?,
            )),
            None => Err(NotificationForm::NotRelayed),
        },
        SGP32PendingNotification::CompactOtherSignedNotification(c) => {
            Ok(compact::other_notification(c, data)?)
        }
        full => full.to_sgp22().ok_or(NotificationForm::NotANotification),
    }
}

/// The eUICC's signature over the notification, with the device's certificate when known.
fn check_signature(
    full: &PendingNotification,
    data: &DeviceData<'_>,
    checked: &esep::Checked,
) -> Result<(), esep::SignatureCheck> {
    match full {
        PendingNotification::ProfileInstallationResult(p) => match data.euicc_cert {
            Some(_) => esep::verify_installation_result(p, data.euicc_cert, checked),
            None => Ok(()),
        },
        PendingNotification::OtherSignedNotification(o) => {
            let same_cert = data
                .euicc_cert
                .is_none_or(|c| c == o.euicc_certificate.0.as_bytes());
            if same_cert {
                esep::verify_other_notification(o, checked)
            } else {
                Err(esep::SignatureCheck::BadCertificate(
                    "not the certificate of the device".into(),
                ))
            }
        }
    }
}

/// What a notification says happened: its metadata, the event's name, and whether an
/// installation succeeded.
fn summary(full: &PendingNotification) -> (NotificationMetadata, &'static str, bool) {
    let (meta, installed_ok) = match full {
        PendingNotification::ProfileInstallationResult(p) => (
            p.profile_installation_result_data
                .notification_metadata
                .clone(),
            matches!(
                p.profile_installation_result_data.final_result,
                FinalResult::SuccessResult(_)
            ),
        ),
        PendingNotification::OtherSignedNotification(o) => {
            (o.tbs_other_notification.value().clone(), false)
        }
    };
    let op = &meta.profile_management_operation;
    let event = if op.has(NotificationEvent::NOTIFICATION_INSTALL) {
        "install"
    } else if op.has(NotificationEvent::NOTIFICATION_ENABLE) {
        "enable"
    } else if op.has(NotificationEvent::NOTIFICATION_DISABLE) {
        "disable"
    } else if op.has(NotificationEvent::NOTIFICATION_DELETE) {
        "delete"
    } else {
        "unknown"
    };
    (meta, event, installed_ok)
}

/// Queues a checked notification for its SM-DP+ and, unless it is a repeat, applies it to
/// the device's profiles and history. Returns the seqNumber to acknowledge.
fn record(
    ctx: &Context,
    tx: &mut Tx<'_>,
    dev: Option<&Device>,
    full: &PendingNotification,
    now: i64,
) -> Result<i64, EngineError> {
    let (meta, event, installed_ok) = summary(full);
    let iccid = meta.iccid.as_ref().map(iccid_text);
    let fresh = notifications::insert(
        tx,
        &NotificationRecord {
            id: store::new_id()?,
            eid: dev.map(|d| d.eid.clone()),
            seq_number: Some(meta.seq_number),
            event: event.into(),
            iccid: iccid.clone(),
            address: meta.notification_address.clone(),
            der: full.to_der(),
            received_at: now,
            forward_state: "pending".into(),
            attempts: 0,
            next_attempt_at: wall_ms(),
            forwarded_at: None,
            error: None,
        },
    )?;
    // A repeat (its acknowledgement was lost) changes nothing: what followed it on the
    // eUICC may have been applied since.
    if let (Some(d), Some(i), true) = (dev, &iccid, fresh) {
        match event {
            "install" if installed_ok => profiles::installed(tx, &d.eid, i, None, None, now)?,
            "enable" => profiles::enabled(tx, &d.eid, i, now)?,
            "disable" => profiles::disabled(tx, &d.eid, i, now)?,
            "delete" => profiles::deleted(tx, &d.eid, i, now)?,
            _ => {}
        }
    }
    if let (Some(d), true) = (dev, fresh) {
        events::add(
            tx,
            &d.eid,
            "notification",
            json!({"event": event, "iccid": iccid, "seqNumber": meta.seq_number,
                   "address": meta.notification_address}),
            now,
        )?;
    }
    if fresh {
        ctx.wakeup.notify_one();
    }
    Ok(meta.seq_number)
}

fn refuse(
    tx: &mut Tx<'_>,
    device: Option<&Device>,
    why: String,
    now: i64,
) -> Result<Take, EngineError> {
    tracing::info!(reason = %why, "notification refused");
    if let Some(d) = device {
        events::add(
            tx,
            &d.eid,
            "notification-refused",
            json!({"reason": why}),
            now,
        )?;
    }
    Ok(Take::Refused(why))
}
