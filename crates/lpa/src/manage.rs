//! Local profile management (SGP.22 3.2, ES10c 5.7.15–5.7.18): list, enable, disable,
//! delete, each change followed by the delivery of the notifications it produced.

use proto::ids::Iccid;

use super::agent::Lpa;
use super::card_channel::CardChannel;
use super::error::LpaError;
use super::notifications::process_pending;
use super::report::{NotificationReport, ProfileChangeReport, ProfileSummary};

/// Parses ICCID digits (19 or 20, with or without `F` padding) into the card coding.
pub fn parse_iccid(iccid: &str) -> Result<proto::sgp22::Iccid, LpaError> {
    Iccid::parse_lenient(iccid)
        .map(|i| proto::sgp22::Iccid(i.to_swapped_bcd()))
        .map_err(|e| LpaError::Setup(format!("ICCID {iccid:?}: {e}")))
}

impl<C: CardChannel> Lpa<C> {
    /// The installed profiles (ES10c.GetProfilesInfo).
    pub fn list_profiles(&mut self) -> Result<Vec<ProfileSummary>, LpaError> {
        Ok(self
            .es10
            .get_profiles_info()?
            .iter()
            .map(ProfileSummary::from)
            .collect())
    }

    /// The EID (ES10c.GetEID).
    pub fn eid(&mut self) -> Result<String, LpaError> {
        self.es10.get_eid()
    }

    /// ES10c.EnableProfile, then the notifications.
    pub async fn enable(&mut self, iccid: &str) -> Result<ProfileChangeReport, LpaError> {
        let refresh = self.options.refresh_flag;
        self.es10.enable_profile(parse_iccid(iccid)?, refresh)?;
        self.after_change("enable", iccid).await
    }

    /// ES10c.DisableProfile, then the notifications.
    pub async fn disable(&mut self, iccid: &str) -> Result<ProfileChangeReport, LpaError> {
        let refresh = self.options.refresh_flag;
        self.es10.disable_profile(parse_iccid(iccid)?, refresh)?;
        self.after_change("disable", iccid).await
    }

    /// ES10c.DeleteProfile, then the notifications. The delete notification stays on the
    /// eUICC until its receiver accepts it.
    pub async fn delete(&mut self, iccid: &str) -> Result<ProfileChangeReport, LpaError> {
        self.es10.delete_profile(parse_iccid(iccid)?)?;
        self.after_change("delete", iccid).await
    }

    async fn after_change(
        &mut self,
        operation: &'static str,
        iccid: &str,
    ) -> Result<ProfileChangeReport, LpaError> {
        let notifications = self.notifications_after_operation().await;
        Ok(ProfileChangeReport {
            operation,
            iccid: iccid.to_string(),
            notifications,
        })
    }

    /// When configured, the pending notifications are sent; a failure here does not undo
    /// the operation, so it is logged and the notifications stay pending.
    pub(crate) async fn notifications_after_operation(&mut self) -> Vec<NotificationReport> {
        if !self.options.process_notifications {
            return Vec::new();
        }
        let Some(es9) = self.es9.as_ref() else {
            tracing::warn!("notifications not sent: no trusted CA for the receivers' TLS");
            return Vec::new();
        };
        match process_pending(&mut self.es10, es9, &self.hook).await {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(error = %e, "notifications not processed");
                Vec::new()
            }
        }
    }
}
