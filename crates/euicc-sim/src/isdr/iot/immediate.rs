//! Immediate profile enabling (SGP.32 v1.2 5.9.15, 5.9.17): a device without an eIM may
//! enable a profile it has just downloaded from the default SM-DP+ at once.
//!
//! - ConfigureImmediateProfileEnabling: only before any eIM is associated
//!   (`associatedEimAlreadyExists(2)` otherwise; an eIM configures it with the
//!   `configureImmediateEnable` PSMO).
//! - ImmediateEnable: `immediateEnableNotAvailable(1)` unless the flag is set,
//!   `noSessionContext(4)` unless a profile was installed from the configured default
//!   SM-DP+ (address and OID, where configured) since; otherwise that profile is enabled
//!   (`undefinedError(127)` if the PPR1 of the enabled profile forbids it) and the state is
//!   marked as changed (cause `immediateEnableProfile`).

use proto::der::Asn1;
use proto::sgp32::{
    ConfigImmediateEnableResult, ConfigureImmediateProfileEnablingRequest,
    ConfigureImmediateProfileEnablingResponse, ImmediateEnableRequest, ImmediateEnableResponse,
    ImmediateEnableResult,
};

use super::switch::{enabled_index, index_of, switch_to};
use crate::euicc::Euicc;
use crate::state::options::Ppr;
use crate::state::{EuiccState, ImmediateEnableConfig, StateChange};

/// Whether an installation from `address` / `oid` makes the profile the candidate of
/// ImmediateEnable.
pub(crate) fn is_immediate_candidate(state: &EuiccState, address: &str, oid: &str) -> bool {
    state.iot.immediate_enable.as_ref().is_some_and(|c| {
        c.enabled
            && c.default_smdp_address
                .as_deref()
                .is_none_or(|a| a == address)
            && c.default_smdp_oid.as_deref().is_none_or(|o| o == oid)
    })
}

impl Euicc {
    /// ES10b.ConfigureImmediateProfileEnabling (SGP.32 v1.2 5.9.17).
    pub(crate) fn configure_immediate_enable(
        &mut self,
        req: &ConfigureImmediateProfileEnablingRequest,
    ) -> Vec<u8> {
        let respond = |r| {
            ConfigureImmediateProfileEnablingResponse {
                config_immediate_enable_result: r,
            }
            .to_der()
        };
        if !self.state.iot.eims.is_empty() {
            return respond(ConfigImmediateEnableResult::AssociatedEimAlreadyExists);
        }
        let mut next = self.state.clone();
        next.iot.immediate_enable = Some(ImmediateEnableConfig {
            enabled: req.immediate_enable_flag.is_some(),
            default_smdp_oid: req.default_smdp_oid.as_ref().map(|o| o.to_string()),
            default_smdp_address: req.default_smdp_address.clone(),
        });
        match self.commit(next) {
            Ok(()) => respond(ConfigImmediateEnableResult::Ok),
            Err(_) => respond(ConfigImmediateEnableResult::UndefinedError),
        }
    }

    /// ES10b.ImmediateEnable (SGP.32 v1.2 5.9.15).
    pub(crate) fn immediate_enable(&mut self, req: &ImmediateEnableRequest) -> Vec<u8> {
        let respond = |r| {
            ImmediateEnableResponse {
                immediate_enable_result: r,
            }
            .to_der()
        };
        let s = &self.state;
        if !s.iot.immediate_enable.as_ref().is_some_and(|c| c.enabled) {
            return respond(ImmediateEnableResult::ImmediateEnableNotAvailable);
        }
        let Some(target) = s
            .iot
            .immediate_enable_candidate
            .as_deref()
            .and_then(|i| index_of(s, i))
        else {
            return respond(ImmediateEnableResult::NoSessionContext);
        };
        if enabled_index(s).is_some_and(|c| c != target && s.profiles[c].policy_forbids(Ppr::Ppr1))
        {
            return respond(ImmediateEnableResult::UndefinedError);
        }
        let mut next = s.clone();
        if switch_to(self, &mut next, target).is_err() {
            return respond(ImmediateEnableResult::UndefinedError);
        }
        next.iot.immediate_enable_candidate = None;
        next.iot.rollback = None;
        next.iot.fallback = None;
        next.iot.state_change = Some(StateChange::ImmediateEnableProfile);
        match self.commit(next) {
            Ok(()) => {
                self.note_refresh(req.refresh_flag);
                respond(ImmediateEnableResult::Ok)
            }
            Err(_) => respond(ImmediateEnableResult::UndefinedError),
        }
    }
}
