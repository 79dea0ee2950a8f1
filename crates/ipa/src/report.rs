//! What one poll of the eIM did, for the caller (the lab's fleet, `rsp-lab ipa run`): the
//! messages' contents as typed values, and as JSON with the specification's names.

use proto::der::Asn1;
use proto::sgp32::{
    EimPackageError, EuiccPackageResult, IpaEuiccDataResponse, ProfileDownloadTriggerResult,
    ProvideEimPackageResultError, RollbackCmdResult,
};
use serde_json::{Value, json};

/// The outcome of one ESipa.GetEimPackage and what followed it.
#[derive(Clone, Debug, PartialEq)]
pub enum PollOutcome {
    /// `eimPackageError noEimPackageAvailable(1)`: nothing to do.
    NoPackage,
    /// Another `eimPackageError` (eidNotFound, invalidEid, …).
    EimError(EimPackageError),
    /// An eUICC Package was executed (or refused by the eUICC) and its result delivered.
    Package(Box<PackageOutcome>),
    /// eUICC data was collected and delivered.
    EuiccData(Box<EuiccDataOutcome>),
    /// A profile download was run and its result delivered.
    Download(Box<DownloadOutcome>),
}

/// How a result went to the eIM (ESipa.ProvideEimPackageResult) and what was cleaned up.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Delivery {
    /// seqNumbers of the notifications sent along (`ePRAndNotifications`).
    pub notifications_sent: Vec<i64>,
    /// seqNumbers the eIM acknowledged (`eimAcknowledgements`).
    pub acknowledged: Vec<i64>,
    /// Of those, the ones removed from the eUICC (ES10b.RemoveNotificationFromList ok).
    pub removed: Vec<i64>,
    /// The eIM refused the result (`provideEimPackageResultError`).
    pub refused: Option<ProvideEimPackageResultError>,
    /// The eIM refused the result with this HTTP status: how an SGP.32 v1.0 eIM says it, as
    /// v1.0's answer has no error value. The result stays on the eUICC for the next try.
    pub refused_with_status: Option<u16>,
    /// The eIM could not be reached (after a rollback for that very reason): the result
    /// stays on the eUICC and is delivered before the next poll.
    pub undelivered: Option<String>,
}

/// An executed eUICC Package.
#[derive(Clone, Debug, PartialEq)]
pub struct PackageOutcome {
    /// The result delivered: the eUICC's answer to the package, or the one of the
    /// rollback that replaced it.
    pub result: EuiccPackageResult,
    /// A rollback after an enable with rollbackFlag whose profile could not attach.
    pub rollback: Option<RollbackOutcome>,
    /// ICCID of the profile the package enabled and kept (its `enable` answered `ok`, no
    /// rollback), from the package and its result: the IPA reads nothing more from the
    /// eUICC in the cycle (SGP.32 v1.2 3.3.1 ends at step 17). `None` when it enabled
    /// none or was rolled back; [`crate::Ipa::enabled_iccid`] reads the eUICC.
    pub enabled_by_package: Option<String>,
    pub delivery: Delivery,
}

/// ES10b.ProfileRollback called by the IPA.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RollbackOutcome {
    /// The profile left: it did not attach, or did not reach the eIM.
    pub failed_iccid: String,
    pub cmd_result: RollbackCmdResult,
    pub cause: RollbackCause,
}

/// Why the IPA rolled back (SGP.32 v1.2 5.9.16).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RollbackCause {
    /// The device did not attach with the new profile.
    NoAttach,
    /// Attached, but the result of the enable could not be delivered to the eIM within
    /// [`super::IpaOptions::rollback_after`]; `attempts` deliveries failed.
    EimUnreachable { attempts: u32 },
    /// On the caller's decision ([`super::Ipa::rollback`]).
    Requested,
}

impl RollbackCause {
    /// A short word for logs, tables and JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            RollbackCause::NoAttach => "noAttach",
            RollbackCause::EimUnreachable { .. } => "eimUnreachable",
            RollbackCause::Requested => "requested",
        }
    }
}

/// What the IPA delivered on its own, before a poll (at start-up, after a rollback it could
/// not report): what the eUICC held for the eIM.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PendingDelivery {
    /// seqNumbers of the eUICC Package Results delivered (ESipa.ProvideEimPackageResult).
    pub results_sent: Vec<i64>,
    /// seqNumbers of the notifications delivered with a result or alone
    /// (ESipa.HandleNotification).
    pub notifications_sent: Vec<i64>,
    /// seqNumbers the eIM acknowledged, or took with HandleNotification.
    pub acknowledged: Vec<i64>,
    /// Of those, the ones removed from the eUICC (ES10b.RemoveNotificationFromList ok).
    pub removed: Vec<i64>,
}

impl PendingDelivery {
    /// Whether anything was sent.
    pub fn is_empty(&self) -> bool {
        self.results_sent.is_empty() && self.notifications_sent.is_empty()
    }

    pub fn to_json(&self) -> Value {
        json!({
            "kind": "pendingDelivered",
            "resultsSent": self.results_sent,
            "notificationsSent": self.notifications_sent,
            "acknowledged": self.acknowledged,
            "removed": self.removed,
        })
    }
}

/// eUICC data returned to the eIM.
#[derive(Clone, Debug, PartialEq)]
pub struct EuiccDataOutcome {
    pub response: IpaEuiccDataResponse,
    pub delivery: Delivery,
}

/// A triggered profile download.
#[derive(Clone, Debug, PartialEq)]
pub struct DownloadOutcome {
    pub result: ProfileDownloadTriggerResult,
    /// ICCID of the installed profile, when the installation succeeded.
    pub installed_iccid: Option<String>,
    /// The download went through the eIM (ESipa download functions).
    pub indirect: bool,
    pub delivery: Delivery,
}

impl Delivery {
    fn to_json(&self) -> Value {
        let mut v = json!({
            "notificationsSent": self.notifications_sent,
            "acknowledged": self.acknowledged,
            "removed": self.removed,
            "refused": self.refused.map(|r| r.to_json()),
            "refusedWithStatus": self.refused_with_status,
        });
        if let (Some(why), Some(o)) = (&self.undelivered, v.as_object_mut()) {
            o.insert("undelivered".into(), json!(why));
        }
        v
    }
}

impl PollOutcome {
    /// A short word for logs and tables.
    pub fn kind(&self) -> &'static str {
        match self {
            PollOutcome::NoPackage => "noPackage",
            PollOutcome::EimError(_) => "eimError",
            PollOutcome::Package(_) => "euiccPackage",
            PollOutcome::EuiccData(_) => "ipaEuiccData",
            PollOutcome::Download(_) => "profileDownload",
        }
    }

    /// The outcome as JSON, with the specification's names for the ASN.1 values.
    pub fn to_json(&self) -> Value {
        match self {
            PollOutcome::NoPackage => json!({"kind": self.kind()}),
            PollOutcome::EimError(e) => {
                json!({"kind": self.kind(), "eimPackageError": e.to_json()})
            }
            PollOutcome::Package(p) => json!({
                "kind": self.kind(),
                "euiccPackageResult": p.result.to_json(),
                "rollback": p.rollback.as_ref().map(|r| json!({
                    "failedIccid": r.failed_iccid,
                    "cmdResult": r.cmd_result.to_json(),
                    "cause": r.cause.kind(),
                })),
                "enabledByPackage": p.enabled_by_package,
                "delivery": p.delivery.to_json(),
            }),
            PollOutcome::EuiccData(d) => json!({
                "kind": self.kind(),
                "ipaEuiccDataResponse": d.response.to_json(),
                "delivery": d.delivery.to_json(),
            }),
            PollOutcome::Download(d) => json!({
                "kind": self.kind(),
                "profileDownloadTriggerResult": d.result.to_json(),
                "installedIccid": d.installed_iccid,
                "indirect": d.indirect,
                "delivery": d.delivery.to_json(),
            }),
        }
    }
}
