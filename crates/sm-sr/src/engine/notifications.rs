//! Notifications an IPA hands to the eIM (ESipa.HandleNotification, or with a package result
//! or eUICC data; SGP.32 v1.2 5.14.7): compact forms rebuilt, signatures checked, the
//! device's profiles updated, and the SGP.22 form queued for the SM-DP+ named by its
//! notificationAddress. The seqNumber is acknowledged so the eUICC can delete it.

use proto::der::Asn1;
use proto::sgp22::{FinalResult, NotificationEvent, PendingNotification};
use proto::sgp32::SGP32PendingNotification;
use serde_json::json;

use super::EngineError;
use super::profiles::{self, iccid_text};
use super::results::Take;
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

/// Takes one notification; `device` is who sent it, when known.
pub(crate) fn take(
    ctx: &Context,
    tx: &mut Tx,
    device: Option<&Device>,
    n: &SGP32PendingNotification,
    now: i64,
) -> Result<Take, EngineError> {
    // Who it is from.
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
    let dev = device.cloned().or(stored);
    let data = DeviceData {
        euicc_cert: dev.as_ref().and_then(|d| d.euicc_cert.as_deref()),
        eum_cert: dev.as_ref().and_then(|d| d.eum_cert.as_deref()),
        euicc_info2: None,
    };
    // The SGP.22 form.
    let full: Result<PendingNotification, String> = match n {
        SGP32PendingNotification::CompactProfileInstallationResult(c) => match &session {
            Some(s) => compact::installation_result(c, s)
                .map(PendingNotification::ProfileInstallationResult),
            None => Err("compact installation result of a session the eIM did not relay".into()),
        },
        SGP32PendingNotification::CompactOtherSignedNotification(c) => {
            compact::other_notification(c, &data)
        }
        full => full
            .to_sgp22()
            .ok_or_else(|| "not a notification".to_string()),
    };
    let full = match full {
        Ok(f) => f,
        Err(why) => return refuse(tx, dev.as_ref(), why, now),
    };
    // Signatures.
    let check = match &full {
        PendingNotification::ProfileInstallationResult(p) => match data.euicc_cert {
            Some(_) => esep::verify_installation_result(p, data.euicc_cert),
            None => Ok(()),
        },
        PendingNotification::OtherSignedNotification(o) => {
            let same_cert = data
                .euicc_cert
                .is_none_or(|c| c == o.euicc_certificate.0.as_bytes());
            if same_cert {
                esep::verify_other_notification(o)
            } else {
                Err(esep::SignatureCheck::BadCertificate(
                    "not the certificate of the device".into(),
                ))
            }
        }
    };
    if let Err(e) = check {
        return refuse(
            tx,
            dev.as_ref(),
            format!("notification signature: {e}"),
            now,
        );
    }
    // The device's profiles.
    let (meta, installed_ok) = match &full {
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
    let iccid = meta.iccid.as_ref().map(iccid_text);
    let der = full.to_der();
    let fresh = notifications::insert(
        tx,
        &NotificationRecord {
            id: store::new_id()?,
            eid: dev.as_ref().map(|d| d.eid.clone()),
            seq_number: Some(meta.seq_number),
            event: event.into(),
            iccid: iccid.clone(),
            address: meta.notification_address.clone(),
            der,
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
    if let (Some(d), Some(i), true) = (&dev, &iccid, fresh) {
        match event {
            "install" if installed_ok => profiles::installed(tx, &d.eid, i, None, None, now)?,
            "enable" => profiles::enabled(tx, &d.eid, i, now)?,
            "disable" => profiles::disabled(tx, &d.eid, i, now)?,
            "delete" => profiles::deleted(tx, &d.eid, i, now)?,
            _ => {}
        }
    }
    if let (Some(d), true) = (&dev, fresh) {
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
    Ok(Take::Accepted(Some(meta.seq_number)))
}

fn refuse(
    tx: &mut Tx,
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
