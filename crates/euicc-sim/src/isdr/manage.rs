//! Local profile management (SGP.22 5.7.16–5.7.19, 5.7.21): enable, disable, delete,
//! eUICC memory reset, nickname. At most one profile is enabled; enabling one disables the
//! one that was enabled. The policy rules apply as `policy` describes. Each change and the
//! notifications it makes are written to the state file in one step before the answer.

use proto::der::Asn1;
use proto::sgp22::{
    DeleteProfileRequest, DeleteProfileResponse, DeleteResult, DisableProfileRequest,
    DisableProfileResponse, DisableResult, EnableProfileRequest, EnableProfileResponse,
    EnableResult, EuiccMemoryResetRequest, EuiccMemoryResetResponse, Iccid, ProfileIdentifier,
    ResetOptions, ResetResult, SetNicknameRequest, SetNicknameResponse, SetNicknameResult,
};

use super::add_notifications;
use crate::euicc::{Euicc, RefreshRequest};
use crate::state::options::Ppr;
use crate::state::{EuiccState, NotificationOperation, ProfileClassValue, ProfileStatus};

/// Longest nickname (`profileNickname UTF8String (SIZE(0..64))`).
const MAX_NICKNAME_CHARS: usize = 64;

pub(crate) fn iccid_digits(iccid: &Iccid) -> Option<String> {
    proto::ids::Iccid::from_swapped_bcd(&iccid.0)
        .ok()
        .map(|i| i.as_str().to_string())
}

/// Index of the profile named by ISD-P AID or ICCID.
pub(crate) fn find(state: &EuiccState, id: &ProfileIdentifier) -> Option<usize> {
    match id {
        ProfileIdentifier::IsdpAid(aid) => state.profiles.iter().position(|p| &p.isdp_aid == aid),
        ProfileIdentifier::Iccid(iccid) => {
            let digits = iccid_digits(iccid)?;
            state.profiles.iter().position(|p| p.iccid == digits)
        }
    }
}

/// A state change refused with a result code, or made.
type Change<C> = Result<(), C>;

/// Sets the state of profile `i` and adds its notifications.
pub(crate) fn set_state(
    euicc: &Euicc,
    state: &mut EuiccState,
    i: usize,
    to: ProfileStatus,
) -> Result<(), proto::crypto::SignatureError> {
    state.profiles[i].state = to;
    let op = match to {
        ProfileStatus::Enabled => NotificationOperation::Enable,
        ProfileStatus::Disabled => NotificationOperation::Disable,
    };
    let profile = state.profiles[i].clone();
    add_notifications(state, &euicc.creds, &profile, op)
}

impl Euicc {
    /// Applies `change` to a copy of the state and commits it; `undefined` when signing or
    /// writing fails.
    fn change<C: Copy>(
        &mut self,
        ok: C,
        undefined: C,
        change: impl FnOnce(&Euicc, &mut EuiccState) -> Change<C>,
    ) -> C {
        let mut next = self.state.clone();
        if let Err(code) = change(self, &mut next) {
            return code;
        }
        match self.commit(next) {
            Ok(()) => ok,
            Err(_) => undefined,
        }
    }

    pub(crate) fn note_refresh(&mut self, refresh_flag: bool) {
        self.refresh = Some(RefreshRequest {
            refresh_flag,
            enabled_iccid: self.state.enabled_profile().map(|p| p.iccid.clone()),
        });
    }

    /// ES10c.EnableProfile (SGP.22 5.7.16).
    pub(crate) fn enable_profile(&mut self, req: &EnableProfileRequest) -> Vec<u8> {
        let result = self.change(EnableResult::Ok, EnableResult::UndefinedError, |e, s| {
            let i = find(s, &req.profile_identifier).ok_or(EnableResult::IccidOrAidNotFound)?;
            if s.profiles[i].state != ProfileStatus::Disabled {
                return Err(EnableResult::ProfileNotInDisabledState);
            }
            let target_is_test = s.profiles[i].profile_class == ProfileClassValue::Test;
            let current = s
                .profiles
                .iter()
                .position(|p| p.state == ProfileStatus::Enabled);
            if let Some(c) = current {
                // A Test Profile overrides PPR1 of the enabled profile (SGP.21 TPRO8).
                if s.profiles[c].policy_forbids(Ppr::Ppr1) && !target_is_test {
                    return Err(EnableResult::DisallowedByPolicy);
                }
                set_state(e, s, c, ProfileStatus::Disabled)
                    .map_err(|_| EnableResult::UndefinedError)?;
                let displaced = &s.profiles[c];
                s.test_profile_return = (target_is_test
                    && displaced.profile_class != ProfileClassValue::Test)
                    .then(|| displaced.iccid.clone());
            } else if !target_is_test {
                s.test_profile_return = None;
            }
            set_state(e, s, i, ProfileStatus::Enabled).map_err(|_| EnableResult::UndefinedError)
        });
        if result == EnableResult::Ok {
            self.note_refresh(req.refresh_flag);
        }
        EnableProfileResponse {
            enable_result: result,
        }
        .to_der()
    }

    /// ES10c.DisableProfile (SGP.22 5.7.17). Disabling a Test Profile enables again the
    /// Operational Profile it displaced (SGP.21 TPRO10).
    pub(crate) fn disable_profile(&mut self, req: &DisableProfileRequest) -> Vec<u8> {
        let result = self.change(DisableResult::Ok, DisableResult::UndefinedError, |e, s| {
            let i = find(s, &req.profile_identifier).ok_or(DisableResult::IccidOrAidNotFound)?;
            if s.profiles[i].state != ProfileStatus::Enabled {
                return Err(DisableResult::ProfileNotInEnabledState);
            }
            if s.profiles[i].policy_forbids(Ppr::Ppr1) {
                return Err(DisableResult::DisallowedByPolicy);
            }
            set_state(e, s, i, ProfileStatus::Disabled)
                .map_err(|_| DisableResult::UndefinedError)?;
            if s.profiles[i].profile_class == ProfileClassValue::Test {
                let back = s.test_profile_return.take();
                if let Some(r) =
                    back.and_then(|iccid| s.profiles.iter().position(|p| p.iccid == iccid))
                {
                    set_state(e, s, r, ProfileStatus::Enabled)
                        .map_err(|_| DisableResult::UndefinedError)?;
                }
            }
            Ok(())
        });
        if result == DisableResult::Ok {
            self.note_refresh(req.refresh_flag);
        }
        DisableProfileResponse {
            disable_result: result,
        }
        .to_der()
    }

    /// ES10c.DeleteProfile (SGP.22 5.7.18): only a disabled profile; PPR2 forbids it for an
    /// Operational Profile.
    pub(crate) fn delete_profile(&mut self, req: &DeleteProfileRequest) -> Vec<u8> {
        let id = match req {
            DeleteProfileRequest::IsdpAid(aid) => ProfileIdentifier::IsdpAid(aid.clone()),
            DeleteProfileRequest::Iccid(iccid) => ProfileIdentifier::Iccid(*iccid),
        };
        let result = self.change(DeleteResult::Ok, DeleteResult::UndefinedError, |e, s| {
            let i = find(s, &id).ok_or(DeleteResult::IccidOrAidNotFound)?;
            if s.profiles[i].state != ProfileStatus::Disabled {
                return Err(DeleteResult::ProfileNotInDisabledState);
            }
            if s.profiles[i].policy_forbids(Ppr::Ppr2) {
                return Err(DeleteResult::DisallowedByPolicy);
            }
            let profile = s.profiles.remove(i);
            if s.test_profile_return.as_deref() == Some(profile.iccid.as_str()) {
                s.test_profile_return = None;
            }
            add_notifications(s, &e.creds, &profile, NotificationOperation::Delete)
                .map_err(|_| DeleteResult::UndefinedError)
        });
        DeleteProfileResponse {
            delete_result: result,
        }
        .to_der()
    }

    /// ES10c.eUICCMemoryReset (SGP.22 5.7.19): deletes operational (and provisioning)
    /// profiles and/or test profiles whatever their state and policy rules, and/or restores
    /// the default SM-DP+ address set at creation. Each deleted profile yields the delete
    /// notifications its metadata asks for, so its SM-DP+ learns about it.
    pub(crate) fn euicc_memory_reset(&mut self, req: &EuiccMemoryResetRequest) -> Vec<u8> {
        let o = &req.reset_options;
        let operational = o.has(ResetOptions::DELETE_OPERATIONAL_PROFILES);
        let test = o.has(ResetOptions::DELETE_FIELD_LOADED_TEST_PROFILES);
        let address = o.has(ResetOptions::RESET_DEFAULT_SMDP_ADDRESS);
        let result = self.change(ResetResult::Ok, ResetResult::UndefinedError, |e, s| {
            let doomed = |class: ProfileClassValue| match class {
                ProfileClassValue::Test => test,
                ProfileClassValue::Operational | ProfileClassValue::Provisioning => operational,
            };
            let (deleted, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut s.profiles)
                .into_iter()
                .partition(|p| doomed(p.profile_class));
            s.profiles = kept;
            let mut changed = !deleted.is_empty();
            for profile in &deleted {
                add_notifications(s, &e.creds, profile, NotificationOperation::Delete)
                    .map_err(|_| ResetResult::UndefinedError)?;
            }
            if s.test_profile_return
                .as_ref()
                .is_some_and(|r| s.profile_by_iccid(r).is_none())
            {
                s.test_profile_return = None;
            }
            if address && s.default_dp_address != s.options.default_dp_address {
                s.default_dp_address = s.options.default_dp_address.clone();
                changed = true;
            }
            if changed {
                Ok(())
            } else {
                Err(ResetResult::NothingToDelete)
            }
        });
        EuiccMemoryResetResponse {
            reset_result: result,
        }
        .to_der()
    }

    /// ES10c.SetNickname (SGP.22 5.7.21).
    pub(crate) fn set_nickname(&mut self, req: &SetNicknameRequest) -> Vec<u8> {
        let result = self.change(
            SetNicknameResult::Ok,
            SetNicknameResult::UndefinedError,
            |_, s| {
                let digits = iccid_digits(&req.iccid).ok_or(SetNicknameResult::IccidNotFound)?;
                let p = s
                    .profiles
                    .iter_mut()
                    .find(|p| p.iccid == digits)
                    .ok_or(SetNicknameResult::IccidNotFound)?;
                if req.profile_nickname.chars().count() > MAX_NICKNAME_CHARS {
                    return Err(SetNicknameResult::UndefinedError);
                }
                p.nickname = Some(req.profile_nickname.clone());
                Ok(())
            },
        );
        SetNicknameResponse {
            set_nickname_result: result,
        }
        .to_der()
    }
}
