//! What an LPA operation did, for people (`Display`) and scripts (`Serialize`).

use std::fmt;

use proto::sgp22::{NotificationEvent, NotificationMetadata, ProfileInfo, ProfileState};
use serde::Serialize;

/// ICCID digits of an `Iccid` as coded on the card (swapped BCD, `F` padding).
pub(crate) fn iccid_digits(iccid: &proto::sgp22::Iccid) -> String {
    proto::ids::Iccid::from_swapped_bcd(&iccid.0)
        .map(|i| i.as_str().to_string())
        .unwrap_or_else(|_| hex::encode_upper(iccid.0))
}

/// The operation a notification reports (SGP.22 5.7.9: one bit set).
pub(crate) fn operation_name(event: &NotificationEvent) -> &'static str {
    if event.has(NotificationEvent::NOTIFICATION_INSTALL) {
        "install"
    } else if event.has(NotificationEvent::NOTIFICATION_ENABLE) {
        "enable"
    } else if event.has(NotificationEvent::NOTIFICATION_DISABLE) {
        "disable"
    } else if event.has(NotificationEvent::NOTIFICATION_DELETE) {
        "delete"
    } else {
        "unknown"
    }
}

/// What became of one pending notification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "result", content = "detail")]
pub enum Delivery {
    /// The receiver answered HTTP 204; `removed` tells whether RemoveNotificationFromList
    /// then succeeded.
    Accepted { removed: bool },
    /// The receiver answered, but not with 204: kept on the eUICC.
    Refused(String),
    /// No answer (connection, TLS): kept on the eUICC.
    Failed(String),
}

/// One pending notification and its delivery (SGP.22 3.5, 5.6.4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NotificationReport {
    pub seq_number: i64,
    pub operation: &'static str,
    pub address: String,
    pub iccid: Option<String>,
    pub delivery: Delivery,
}

impl NotificationReport {
    pub(crate) fn new(metadata: &NotificationMetadata, delivery: Delivery) -> NotificationReport {
        NotificationReport {
            seq_number: metadata.seq_number,
            operation: operation_name(&metadata.profile_management_operation),
            address: metadata.notification_address.clone(),
            iccid: metadata.iccid.as_ref().map(iccid_digits),
            delivery,
        }
    }

    /// Whether the receiver took it (HTTP 204).
    pub fn accepted(&self) -> bool {
        matches!(self.delivery, Delivery::Accepted { .. })
    }
}

impl fmt::Display for NotificationReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "notification {} {} {} to {}: ",
            self.seq_number,
            self.operation,
            self.iccid.as_deref().unwrap_or("-"),
            self.address
        )?;
        match &self.delivery {
            Delivery::Accepted { removed: true } => write!(f, "delivered, removed"),
            Delivery::Accepted { removed: false } => {
                write!(f, "delivered, but the eUICC did not remove it")
            }
            Delivery::Refused(why) => write!(f, "refused, kept: {why}"),
            Delivery::Failed(why) => write!(f, "not delivered, kept: {why}"),
        }
    }
}

/// A completed download (SGP.22 3.1.3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DownloadReport {
    pub smdp_address: String,
    /// Hex.
    pub transaction_id: String,
    pub iccid: Option<String>,
    /// Hex.
    pub isdp_aid: String,
    pub service_provider_name: Option<String>,
    pub profile_name: Option<String>,
    pub notifications: Vec<NotificationReport>,
}

impl fmt::Display for DownloadReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "installed profile {} ({} / {}) from {}",
            self.iccid.as_deref().unwrap_or("-"),
            self.service_provider_name.as_deref().unwrap_or("-"),
            self.profile_name.as_deref().unwrap_or("-"),
            self.smdp_address
        )?;
        write!(
            f,
            "ISD-P {}, transaction {}",
            self.isdp_aid, self.transaction_id
        )?;
        for n in &self.notifications {
            write!(f, "\n{n}")?;
        }
        Ok(())
    }
}

/// One installed profile (ES10c.GetProfilesInfo, SGP.22 5.7.15).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProfileSummary {
    pub iccid: Option<String>,
    /// Hex.
    pub isdp_aid: Option<String>,
    pub state: &'static str,
    pub nickname: Option<String>,
    pub service_provider_name: Option<String>,
    pub profile_name: Option<String>,
    pub profile_class: Option<String>,
}

impl From<&ProfileInfo> for ProfileSummary {
    fn from(p: &ProfileInfo) -> ProfileSummary {
        use proto::der::Asn1;
        ProfileSummary {
            iccid: p.iccid.as_ref().map(iccid_digits),
            isdp_aid: p.isdp_aid.as_ref().map(hex::encode_upper),
            state: match p.profile_state {
                Some(ProfileState::Enabled) => "enabled",
                Some(ProfileState::Disabled) => "disabled",
                _ => "unknown",
            },
            nickname: p.profile_nickname.clone(),
            service_provider_name: p.service_provider_name.clone(),
            profile_name: p.profile_name.clone(),
            profile_class: p.profile_class.as_ref().map(|c| match c.to_json() {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            }),
        }
    }
}

impl fmt::Display for ProfileSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:<20}  {:<8}  {:<12}  {} / {}",
            self.iccid.as_deref().unwrap_or("-"),
            self.state,
            self.profile_class.as_deref().unwrap_or("-"),
            self.service_provider_name.as_deref().unwrap_or("-"),
            self.profile_name.as_deref().unwrap_or("-"),
        )?;
        if let Some(n) = &self.nickname {
            write!(f, "  \"{n}\"")?;
        }
        Ok(())
    }
}

/// An enable, disable or delete and the notifications sent after it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProfileChangeReport {
    pub operation: &'static str,
    pub iccid: String,
    pub notifications: Vec<NotificationReport>,
}

impl fmt::Display for ProfileChangeReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let done = match self.operation {
            "enable" => "enabled",
            "disable" => "disabled",
            "delete" => "deleted",
            other => other,
        };
        write!(f, "profile {} {done}", self.iccid)?;
        for n in &self.notifications {
            write!(f, "\n{n}")?;
        }
        Ok(())
    }
}
