//! The Fallback Mechanism (SGP.32 v1.2 3.4.5, 5.9.20, 5.9.21) and the Emergency Profile
//! (5.9.22, 5.9.23): the IPA switches to a designated profile on its own, and back.
//!
//! - ExecuteFallbackMechanism, typically when the enabled profile cannot register:
//!   `ecallActive(104)` while the Emergency Profile is enabled, `fallbackNotAvailable(6)`
//!   without a Fallback Profile, `profileNotInDisabledState(2)` when it is already enabled;
//!   otherwise the enabled profile is disabled (its PPR1 does not stop the fallback) and
//!   the Fallback Profile enabled, and the profile left is recorded.
//! - ReturnFromFallback: `fallbackNotAvailable(6)` unless the Fallback Mechanism is in
//!   effect with the Fallback Profile enabled, `commandError(7)` when there is nothing to
//!   return to; otherwise the recorded profile is enabled again.
//! - EnableEmergencyProfile: `ecallNotAvailable(8)` without a profile whose metadata has
//!   `ecallIndication`, `profileNotInDisabledState(2)` when it is enabled.
//!   DisableEmergencyProfile: `profileNotInEnabledState(2)` unless it was enabled by
//!   EnableEmergencyProfile; then the profile enabled before comes back.
//!
//! Each switch marks the state as changed (cause `fallback` or `emergencyProfile`) for the
//! IPA's next ESipa.GetEimPackage, and asks the device to refresh.

use proto::crypto::SignatureError;
use proto::der::Asn1;
use proto::sgp32::{
    DisableEmergencyProfileRequest, DisableEmergencyProfileResponse, DisableEmergencyProfileResult,
    EnableEmergencyProfileRequest, EnableEmergencyProfileResponse, EnableEmergencyProfileResult,
    ExecuteFallbackMechanismRequest, ExecuteFallbackMechanismResponse,
    ExecuteFallbackMechanismResult, ReturnFromFallbackRequest, ReturnFromFallbackResponse,
    ReturnFromFallbackResult,
};

use super::switch::{switch_back, switch_to};
use crate::euicc::Euicc;
use crate::state::{EuiccState, ProfileStatus, ReturnRecord, StateChange};

impl Euicc {
    /// Applies `change` to a copy of the state, marks the state change, commits and asks
    /// for a refresh. `Err(None)` when signing or writing failed.
    fn switch<C>(
        &mut self,
        cause: StateChange,
        refresh_flag: bool,
        change: impl FnOnce(&Euicc, &mut EuiccState) -> Result<(), Option<C>>,
    ) -> Result<(), Option<C>> {
        let mut next = self.state.clone();
        change(self, &mut next)?;
        next.iot.rollback = None;
        next.iot.state_change = Some(cause);
        self.commit(next).map_err(|_| None)?;
        self.note_refresh(refresh_flag);
        Ok(())
    }

    /// ES10b.ExecuteFallbackMechanism (SGP.32 v1.2 5.9.20).
    pub(crate) fn execute_fallback_mechanism(
        &mut self,
        req: &ExecuteFallbackMechanismRequest,
    ) -> Vec<u8> {
        use ExecuteFallbackMechanismResult as R;
        let result = self.switch(StateChange::Fallback, req.refresh_flag, |e, s| {
            if s.iot.emergency.is_some() {
                return Err(Some(R::EcallActive));
            }
            let holder = s
                .profiles
                .iter()
                .position(|p| p.fallback_attribute)
                .ok_or(Some(R::FallbackNotAvailable))?;
            if s.profiles[holder].state == ProfileStatus::Enabled {
                return Err(Some(R::ProfileNotInDisabledState));
            }
            let previous = switch_to(e, s, holder).map_err(none)?;
            s.iot.fallback = Some(ReturnRecord {
                return_to: previous,
            });
            Ok(())
        });
        ExecuteFallbackMechanismResponse {
            execute_fallback_mechanism_result: outcome(result, R::Ok, R::UndefinedError),
        }
        .to_der()
    }

    /// ES10b.ReturnFromFallback (SGP.32 v1.2 5.9.21).
    pub(crate) fn return_from_fallback(&mut self, req: &ReturnFromFallbackRequest) -> Vec<u8> {
        use ReturnFromFallbackResult as R;
        let result = self.switch(StateChange::Fallback, req.refresh_flag, |e, s| {
            let record = s
                .iot
                .fallback
                .clone()
                .ok_or(Some(R::FallbackNotAvailable))?;
            let holder = s
                .profiles
                .iter()
                .position(|p| p.fallback_attribute && p.state == ProfileStatus::Enabled)
                .ok_or(Some(R::FallbackNotAvailable))?;
            let back_to = record
                .return_to
                .filter(|i| s.profile_by_iccid(i).is_some())
                .ok_or(Some(R::CommandError))?;
            switch_back(e, s, holder, Some(&back_to)).map_err(none)?;
            s.iot.fallback = None;
            Ok(())
        });
        ReturnFromFallbackResponse {
            return_from_fallback_result: outcome(result, R::Ok, R::UndefinedError),
        }
        .to_der()
    }

    /// ES10b.EnableEmergencyProfile (SGP.32 v1.2 5.9.22).
    pub(crate) fn enable_emergency_profile(
        &mut self,
        req: &EnableEmergencyProfileRequest,
    ) -> Vec<u8> {
        use EnableEmergencyProfileResult as R;
        let result = self.switch(StateChange::EmergencyProfile, req.refresh_flag, |e, s| {
            let target = s
                .profiles
                .iter()
                .position(|p| p.ecall_indication)
                .ok_or(Some(R::EcallNotAvailable))?;
            if s.profiles[target].state == ProfileStatus::Enabled {
                return Err(Some(R::ProfileNotInDisabledState));
            }
            let previous = switch_to(e, s, target).map_err(none)?;
            s.iot.emergency = Some(ReturnRecord {
                return_to: previous,
            });
            Ok(())
        });
        EnableEmergencyProfileResponse {
            enable_emergency_profile_result: outcome(result, R::Ok, R::UndefinedError),
        }
        .to_der()
    }

    /// ES10b.DisableEmergencyProfile (SGP.32 v1.2 5.9.23).
    pub(crate) fn disable_emergency_profile(
        &mut self,
        req: &DisableEmergencyProfileRequest,
    ) -> Vec<u8> {
        use DisableEmergencyProfileResult as R;
        let result = self.switch(StateChange::EmergencyProfile, req.refresh_flag, |e, s| {
            let record = s
                .iot
                .emergency
                .clone()
                .ok_or(Some(R::ProfileNotInEnabledState))?;
            let current = s
                .profiles
                .iter()
                .position(|p| p.ecall_indication && p.state == ProfileStatus::Enabled)
                .ok_or(Some(R::ProfileNotInEnabledState))?;
            switch_back(e, s, current, record.return_to.as_deref()).map_err(none)?;
            s.iot.emergency = None;
            Ok(())
        });
        DisableEmergencyProfileResponse {
            disable_emergency_profile_result: outcome(result, R::Ok, R::UndefinedError),
        }
        .to_der()
    }
}

fn none<C>(_: SignatureError) -> Option<C> {
    None
}

/// The result code of a switch: `ok`, the refusal, or `undefined` for an internal failure.
fn outcome<C>(result: Result<(), Option<C>>, ok: C, undefined: C) -> C {
    match result {
        Ok(()) => ok,
        Err(Some(code)) => code,
        Err(None) => undefined,
    }
}
