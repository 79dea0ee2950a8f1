//! Profile states at the SM-DP+ (SGP.22 5.3: the ES2+ functions move a profile through
//! Available, Allocated, Linked, Confirmed, Released; the download adds Downloaded and
//! Installed; Error and Unavailable end a profile's use). The lab also follows the eUICC's
//! enable, disable and delete notifications (SGP.22 3.5) so the inventory shows where each
//! profile is.

use std::fmt;
use std::str::FromStr;

/// The state of one profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProfileState {
    /// In stock, not ordered.
    Available,
    /// Reserved by DownloadOrder without an EID.
    Allocated,
    /// Reserved by DownloadOrder for an EID.
    Linked,
    /// ConfirmOrder done, not yet released for download (releaseFlag false).
    Confirmed,
    /// Ready for download (ConfirmOrder with releaseFlag, or ReleaseProfile).
    Released,
    /// The Bound Profile Package was delivered (ES9+.GetBoundProfilePackage).
    Downloaded,
    /// The eUICC reported a successful installation (PIR).
    Installed,
    /// The eUICC reported the profile enabled.
    Enabled,
    /// The eUICC reported the profile disabled.
    Disabled,
    /// The eUICC reported the profile deleted.
    Deleted,
    /// Withdrawn by CancelOrder with finalProfileStatusIndicator Unavailable.
    Unavailable,
    /// The download failed for good (installation error, cancelled session, confirmation
    /// code retries exceeded); the reason is kept with the profile.
    Error,
}

impl ProfileState {
    /// Every state.
    pub const ALL: [ProfileState; 12] = [
        ProfileState::Available,
        ProfileState::Allocated,
        ProfileState::Linked,
        ProfileState::Confirmed,
        ProfileState::Released,
        ProfileState::Downloaded,
        ProfileState::Installed,
        ProfileState::Enabled,
        ProfileState::Disabled,
        ProfileState::Deleted,
        ProfileState::Unavailable,
        ProfileState::Error,
    ];

    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            ProfileState::Available => "available",
            ProfileState::Allocated => "allocated",
            ProfileState::Linked => "linked",
            ProfileState::Confirmed => "confirmed",
            ProfileState::Released => "released",
            ProfileState::Downloaded => "downloaded",
            ProfileState::Installed => "installed",
            ProfileState::Enabled => "enabled",
            ProfileState::Disabled => "disabled",
            ProfileState::Deleted => "deleted",
            ProfileState::Unavailable => "unavailable",
            ProfileState::Error => "error",
        }
    }

    /// Whether the profile is on an eUICC (or was delivered to one).
    pub fn is_on_euicc(self) -> bool {
        matches!(
            self,
            ProfileState::Downloaded
                | ProfileState::Installed
                | ProfileState::Enabled
                | ProfileState::Disabled
        )
    }
}

impl fmt::Display for ProfileState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ProfileState {
    type Err = UnknownProfileState;
    fn from_str(s: &str) -> Result<ProfileState, UnknownProfileState> {
        ProfileState::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| UnknownProfileState(s.to_string()))
    }
}

/// A text that names no profile state.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown profile state {0:?}")]
pub struct UnknownProfileState(pub String);
