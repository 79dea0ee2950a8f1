//! Profile State Management Operations (SGP.32 v1.2 2.11.1.1.3) executed from an eUICC
//! Package, each answered with its result code (2.11.2.1).
//!
//! Package rules: at most one `enable` and one `disable` per package; a second one stops
//! the package with `processingTerminated(unknownOrDamagedCommand)`, as does an operation
//! this eUICC does not know. A `listProfileInfo` after an enable, disable or delete in the
//! same package answers `profileChangeOngoing(11)`: the new states only hold after the
//! device's REFRESH.
//!
//! - enable: `iccidOrAidNotFound(1)`, `profileNotInDisabledState(2)`,
//!   `disallowedByPolicy(3)` (PPR1 of the enabled Operational Profile),
//!   `rollbackNotAvailable(20)` (rollbackFlag without an enabled profile to return to). With
//!   rollbackFlag the profile it disabled is recorded for ES10b.ProfileRollback.
//! - disable: `iccidOrAidNotFound(1)`, `profileNotInEnabledState(2)`,
//!   `disallowedByPolicy(3)`.
//! - delete: `iccidOrAidNotFound(1)`, `profileNotInDisabledState(2)`,
//!   `disallowedByPolicy(3)` (PPR2), `rollbackNotAvailable(20)` (the profile a rollback of
//!   this package would return to), `returnFallbackProfile(21)` (the profile
//!   ReturnFromFallback would return to). Deleting the (disabled) Fallback Profile takes the
//!   attribute with it.
//! - setFallbackAttribute (3.4.6): `iccidOrAidNotFound(1)`, `fallbackNotAllowed(2)` (the
//!   metadata says `fallbackAllowed` FALSE), `fallbackProfileEnabled(3)` (another profile
//!   holds the attribute and is enabled); otherwise the attribute moves to the profile.
//! - unsetFallbackAttribute (3.4.7): `noFallbackAttribute(2)`, `fallbackProfileEnabled(3)`.
//! - setDefaultDpAddress: `undefinedError(127)` for an address that is not an FQDN or while
//!   immediate profile enabling is configured.
//!
//! Enabling or disabling a profile here ends a Fallback Mechanism in effect: the eIM has
//! taken over.

use proto::sgp22::{Iccid, SetDefaultDpAddressResult};
use proto::sgp32::{
    ConfigureImmediateEnableResult, ConfigureImmediateProfileEnablingRequest, DeleteProfileResult,
    DisableProfileResult, EnableProfileResult, EuiccResultData, ProcessingTerminated, Psmo,
    SGP32ProfileInfoListError, SGP32ProfileInfoListResponse, SGP32SetDefaultDpAddressRequest,
    SGP32SetDefaultDpAddressResponse, SetFallbackAttributeResult, UnsetFallbackAttributeResult,
};

use super::package::{Execution, Step};
use super::switch::{enabled_index, index_of_asn1, switch_to};
use crate::isdr::add_notifications;
use crate::isdr::info::default_dp_address;
use crate::isdr::manage::set_state;
use crate::isdr::profiles::profile_info_list;
use crate::policy;
use crate::state::options::Ppr;
use crate::state::{
    ImmediateEnableConfig, NotificationOperation, ProfileClassValue, ProfileStatus,
};

impl Execution<'_> {
    /// Executes one PSMO.
    pub(super) fn psmo(&mut self, psmo: &Psmo) -> Step {
        let done = Step::Done;
        match psmo {
            Psmo::Enable(e) => {
                if self.enables > 0 {
                    return Step::Stop(ProcessingTerminated::UnknownOrDamagedCommand);
                }
                self.enables += 1;
                self.profile_change = true;
                done(EuiccResultData::EnableResult(
                    self.enable(&e.iccid, e.rollback_flag.is_some()),
                ))
            }
            Psmo::Disable(d) => {
                if self.disables > 0 {
                    return Step::Stop(ProcessingTerminated::UnknownOrDamagedCommand);
                }
                self.disables += 1;
                self.profile_change = true;
                done(EuiccResultData::DisableResult(self.disable(&d.iccid)))
            }
            Psmo::Delete(d) => {
                self.profile_change = true;
                done(EuiccResultData::DeleteResult(self.delete(&d.iccid)))
            }
            Psmo::ListProfileInfo(req) => done(EuiccResultData::ListProfileInfoResult(
                if self.profile_change {
                    SGP32ProfileInfoListResponse::ProfileInfoListError(
                        SGP32ProfileInfoListError::ProfileChangeOngoing,
                    )
                } else {
                    profile_info_list(&self.state, req)
                },
            )),
            Psmo::GetRat(_) => done(EuiccResultData::GetRatResult(policy::rat(
                &self.state.options,
            ))),
            Psmo::ConfigureImmediateEnable(c) => done(
                EuiccResultData::ConfigureImmediateEnableResult(self.configure_immediate(c)),
            ),
            Psmo::SetFallbackAttribute(s) => done(EuiccResultData::SetFallbackAttributeResult(
                self.set_fallback(&s.iccid),
            )),
            Psmo::UnsetFallbackAttribute(_) => done(EuiccResultData::UnsetFallbackAttributeResult(
                self.unset_fallback(),
            )),
            Psmo::SetDefaultDpAddress(r) => done(EuiccResultData::SetDefaultDpAddressResult(
                SGP32SetDefaultDpAddressResponse {
                    set_default_dp_address_result: self.set_default_dp(r),
                },
            )),
            Psmo::Unknown(_) => Step::Stop(ProcessingTerminated::UnknownOrDamagedCommand),
        }
    }

    fn enable(&mut self, iccid: &Iccid, rollback: bool) -> EnableProfileResult {
        let s = &self.state;
        let Some(i) = index_of_asn1(s, iccid) else {
            return EnableProfileResult::IccidOrAidNotFound;
        };
        if s.profiles[i].state != ProfileStatus::Disabled {
            return EnableProfileResult::ProfileNotInDisabledState;
        }
        let current = enabled_index(s);
        let target_is_test = s.profiles[i].profile_class == ProfileClassValue::Test;
        if current.is_some_and(|c| s.profiles[c].policy_forbids(Ppr::Ppr1)) && !target_is_test {
            return EnableProfileResult::DisallowedByPolicy;
        }
        if rollback && current.is_none() {
            return EnableProfileResult::RollbackNotAvailable;
        }
        let before = self.state.clone();
        match switch_to(self.euicc, &mut self.state, i) {
            Ok(previous) => {
                let enabled = self.state.profiles[i].iccid.clone();
                if rollback {
                    self.rollback = previous.map(|p| (p, enabled));
                }
                self.state.iot.fallback = None;
                self.state.iot.immediate_enable_candidate = None;
                self.refresh = true;
                EnableProfileResult::Ok
            }
            Err(_) => {
                self.state = before;
                EnableProfileResult::UndefinedError
            }
        }
    }

    fn disable(&mut self, iccid: &Iccid) -> DisableProfileResult {
        let Some(i) = index_of_asn1(&self.state, iccid) else {
            return DisableProfileResult::IccidOrAidNotFound;
        };
        let p = &self.state.profiles[i];
        if p.state != ProfileStatus::Enabled {
            return DisableProfileResult::ProfileNotInEnabledState;
        }
        if p.policy_forbids(Ppr::Ppr1) {
            return DisableProfileResult::DisallowedByPolicy;
        }
        let before = self.state.clone();
        match set_state(self.euicc, &mut self.state, i, ProfileStatus::Disabled) {
            Ok(()) => {
                self.state.iot.fallback = None;
                self.refresh = true;
                DisableProfileResult::Ok
            }
            Err(_) => {
                self.state = before;
                DisableProfileResult::UndefinedError
            }
        }
    }

    fn delete(&mut self, iccid: &Iccid) -> DeleteProfileResult {
        let Some(i) = index_of_asn1(&self.state, iccid) else {
            return DeleteProfileResult::IccidOrAidNotFound;
        };
        let p = &self.state.profiles[i];
        if p.state != ProfileStatus::Disabled {
            return DeleteProfileResult::ProfileNotInDisabledState;
        }
        if p.policy_forbids(Ppr::Ppr2) {
            return DeleteProfileResult::DisallowedByPolicy;
        }
        if self
            .rollback
            .as_ref()
            .is_some_and(|(previous, _)| *previous == p.iccid)
        {
            return DeleteProfileResult::RollbackNotAvailable;
        }
        let fallback_return = self
            .state
            .iot
            .fallback
            .as_ref()
            .and_then(|f| f.return_to.as_deref());
        if fallback_return == Some(p.iccid.as_str()) {
            return DeleteProfileResult::ReturnFallbackProfile;
        }
        let before = self.state.clone();
        let profile = self.state.profiles.remove(i);
        forget(&mut self.state, &profile.iccid);
        match add_notifications(
            &mut self.state,
            &self.euicc.creds,
            &profile,
            NotificationOperation::Delete,
        ) {
            Ok(()) => DeleteProfileResult::Ok,
            Err(_) => {
                self.state = before;
                DeleteProfileResult::UndefinedError
            }
        }
    }

    fn configure_immediate(
        &mut self,
        c: &ConfigureImmediateProfileEnablingRequest,
    ) -> ConfigureImmediateEnableResult {
        self.state.iot.immediate_enable = Some(ImmediateEnableConfig {
            enabled: c.immediate_enable_flag.is_some(),
            default_smdp_oid: c.default_smdp_oid.as_ref().map(|o| o.to_string()),
            default_smdp_address: c.default_smdp_address.clone(),
        });
        ConfigureImmediateEnableResult::Ok
    }

    fn set_fallback(&mut self, iccid: &Iccid) -> SetFallbackAttributeResult {
        let s = &mut self.state;
        let Some(i) = index_of_asn1(s, iccid) else {
            return SetFallbackAttributeResult::IccidOrAidNotFound;
        };
        if s.profiles[i].fallback_attribute {
            return SetFallbackAttributeResult::Ok;
        }
        if s.profiles[i].fallback_allowed == Some(false) {
            return SetFallbackAttributeResult::FallbackNotAllowed;
        }
        if s.profiles
            .iter()
            .any(|p| p.fallback_attribute && p.state == ProfileStatus::Enabled)
        {
            return SetFallbackAttributeResult::FallbackProfileEnabled;
        }
        for p in &mut s.profiles {
            p.fallback_attribute = false;
        }
        s.profiles[i].fallback_attribute = true;
        SetFallbackAttributeResult::Ok
    }

    fn unset_fallback(&mut self) -> UnsetFallbackAttributeResult {
        let s = &mut self.state;
        let Some(holder) = s.profiles.iter_mut().find(|p| p.fallback_attribute) else {
            return UnsetFallbackAttributeResult::NoFallbackAttribute;
        };
        if holder.state == ProfileStatus::Enabled {
            return UnsetFallbackAttributeResult::FallbackProfileEnabled;
        }
        holder.fallback_attribute = false;
        UnsetFallbackAttributeResult::Ok
    }

    fn set_default_dp(&mut self, r: &SGP32SetDefaultDpAddressRequest) -> SetDefaultDpAddressResult {
        if self
            .state
            .iot
            .immediate_enable
            .as_ref()
            .is_some_and(|c| c.enabled)
        {
            return SetDefaultDpAddressResult::UndefinedError;
        }
        match default_dp_address(&r.default_dp_address) {
            Some(address) => {
                self.state.default_dp_address = address;
                SetDefaultDpAddressResult::Ok
            }
            None => SetDefaultDpAddressResult::UndefinedError,
        }
    }
}

/// Drops the records that name a deleted profile.
pub(super) fn forget(state: &mut crate::state::EuiccState, iccid: &str) {
    let iot = &mut state.iot;
    if iot.immediate_enable_candidate.as_deref() == Some(iccid) {
        iot.immediate_enable_candidate = None;
    }
    if state.test_profile_return.as_deref() == Some(iccid) {
        state.test_profile_return = None;
    }
}
