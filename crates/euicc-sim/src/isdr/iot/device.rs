//! IoT ES10b functions about the eUICC as a whole: GetCerts (SGP.32 v1.2 5.9.10),
//! eUICCMemoryReset (5.9.5), SetDefaultDpAddress (5.9.25) and GetConnectivityParameters
//! (5.9.24).
//!
//! eUICCMemoryReset deletes profiles by class (operational, test, provisioning; every test
//! profile counts as field-loaded: the simulator installs profiles only by download), with
//! the delete notifications their metadata ask for, whatever their state and policy rules;
//! restores the default SM-DP+ address set at creation; deletes the eIM Configuration Data
//! (`resetEimResult`); forgets the immediate enabling configuration
//! (`resetImmediateEnableConfigResult`). `resetResult` is `ok` when anything changed,
//! `nothingToDelete` otherwise, `ecallActive(104)` while the Emergency Profile is enabled.
//! A reset marks the state as changed (cause `reset`).
//!
//! The simulator's profiles carry no connectivity parameters, so GetConnectivityParameters
//! answers `parametersNotAvailable(1)`.

use proto::crypto::SignatureError;
use proto::der::{Asn1, RawSequence};
use proto::sgp22::{Certificate, SetDefaultDpAddressResult};
use proto::sgp32::{
    ConnectivityParametersError, EuiccCerts, GetCertsError, GetCertsRequest, GetCertsResponse,
    GetConnectivityParametersRequest, GetConnectivityParametersResponse, ResetEimResult,
    ResetImmediateEnableConfigResult, SGP32EuiccMemoryResetRequest, SGP32EuiccMemoryResetResponse,
    SGP32ResetOptions, SGP32ResetResult, SGP32SetDefaultDpAddressRequest,
    SGP32SetDefaultDpAddressResponse,
};

use super::psmo::forget;
use crate::euicc::Euicc;
use crate::isdr::add_notifications;
use crate::isdr::info::default_dp_address;
use crate::state::{EuiccState, NotificationOperation, ProfileClassValue, StateChange};

impl Euicc {
    /// ES10b.GetCerts (SGP.32 v1.2 5.9.10): CERT.EUM.ECDSA and CERT.EUICC.ECDSA, for the
    /// CI named if one is (`invalidCiPKId(1)` for a CI the eUICC does not sign under).
    pub(crate) fn get_certs(&self, req: &GetCertsRequest) -> Vec<u8> {
        let chain = match &req.euicc_ci_pkid {
            Some(ci) => match self.creds.chain(ci) {
                Some(chain) => chain,
                None => {
                    return GetCertsResponse::GetCertsError(GetCertsError::InvalidCiPkId).to_der();
                }
            },
            None => &self.creds.chains()[0],
        };
        GetCertsResponse::Certs(EuiccCerts {
            eum_certificate: Certificate(RawSequence(chain.eum_certificate().to_vec())),
            euicc_certificate: Certificate(RawSequence(chain.euicc_certificate().to_vec())),
        })
        .to_der()
    }

    /// ES10b.GetConnectivityParameters (SGP.32 v1.2 5.9.24).
    pub(crate) fn get_connectivity_parameters(
        &self,
        _req: &GetConnectivityParametersRequest,
    ) -> Vec<u8> {
        GetConnectivityParametersResponse::ConnectivityParametersError(
            ConnectivityParametersError::ParametersNotAvailable,
        )
        .to_der()
    }

    /// ES10b.SetDefaultDpAddress of SGP.32 (`BF65`, SGP.32 v1.2 5.9.25): refused while
    /// immediate profile enabling is configured.
    pub(crate) fn iot_set_default_dp_address(
        &mut self,
        req: &SGP32SetDefaultDpAddressRequest,
    ) -> Vec<u8> {
        let respond = |r| {
            SGP32SetDefaultDpAddressResponse {
                set_default_dp_address_result: r,
            }
            .to_der()
        };
        let immediate = self
            .state
            .iot
            .immediate_enable
            .as_ref()
            .is_some_and(|c| c.enabled);
        let address = match default_dp_address(&req.default_dp_address) {
            Some(a) if !immediate => a,
            _ => return respond(SetDefaultDpAddressResult::UndefinedError),
        };
        let mut next = self.state.clone();
        next.default_dp_address = address;
        match self.commit(next) {
            Ok(()) => respond(SetDefaultDpAddressResult::Ok),
            Err(_) => respond(SetDefaultDpAddressResult::UndefinedError),
        }
    }

    /// ES10b.eUICCMemoryReset of SGP.32 (`BF64`, SGP.32 v1.2 5.9.5): the resets the
    /// options ask for, in the order of the module documentation, on a copy of the state
    /// written in one step.
    pub(crate) fn iot_memory_reset(&mut self, req: &SGP32EuiccMemoryResetRequest) -> Vec<u8> {
        let o = &req.reset_options;
        let answer = ResetAnswer {
            eim: o.has(SGP32ResetOptions::RESET_EIM_CONFIG_DATA),
            immediate_enable: o.has(SGP32ResetOptions::RESET_IMMEDIATE_ENABLE_CONFIG),
        };
        if self.state.iot.emergency.is_some() {
            return answer.failed(SGP32ResetResult::EcallActive);
        }
        let mut next = self.state.clone();
        let Ok(mut changed) = self.delete_profiles_by_class(&mut next, o) else {
            return answer.failed(SGP32ResetResult::UndefinedError);
        };
        if o.has(SGP32ResetOptions::RESET_DEFAULT_SMDP_ADDRESS)
            && next.default_dp_address != next.options.default_dp_address
        {
            next.default_dp_address = next.options.default_dp_address.clone();
            changed = true;
        }
        let eim = if answer.eim {
            let eim = reset_eim_configuration(&mut next);
            changed |= eim == ResetEimResult::Ok;
            eim
        } else {
            ResetEimResult::Ok
        };
        if answer.immediate_enable {
            changed |= next.iot.immediate_enable.take().is_some();
            next.iot.immediate_enable_candidate = None;
        }
        if !changed {
            return answer.respond(
                SGP32ResetResult::NothingToDelete,
                eim,
                ResetImmediateEnableConfigResult::Ok,
            );
        }
        next.iot.state_change = Some(StateChange::Reset);
        match self.commit(next) {
            Ok(()) => answer.respond(
                SGP32ResetResult::Ok,
                eim,
                ResetImmediateEnableConfigResult::Ok,
            ),
            Err(_) => answer.failed(SGP32ResetResult::UndefinedError),
        }
    }

    /// The profiles of the classes the options name, deleted with the delete notifications
    /// their metadata ask for; a rollback offer and a fallback that named one of them are
    /// withdrawn. Whether any was deleted.
    fn delete_profiles_by_class(
        &self,
        next: &mut EuiccState,
        o: &SGP32ResetOptions,
    ) -> Result<bool, SignatureError> {
        let doomed = |class: ProfileClassValue| match class {
            ProfileClassValue::Operational => o.has(SGP32ResetOptions::DELETE_OPERATIONAL_PROFILES),
            ProfileClassValue::Test => o.has(SGP32ResetOptions::DELETE_FIELD_LOADED_TEST_PROFILES),
            ProfileClassValue::Provisioning => {
                o.has(SGP32ResetOptions::DELETE_PROVISIONING_PROFILES)
            }
        };
        let (deleted, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut next.profiles)
            .into_iter()
            .partition(|p| doomed(p.profile_class));
        next.profiles = kept;
        for profile in &deleted {
            forget(next, &profile.iccid);
            add_notifications(next, &self.creds, profile, NotificationOperation::Delete)?;
        }
        if deleted.is_empty() {
            return Ok(false);
        }
        next.iot.rollback = None;
        let gone = |i: &Option<String>| {
            i.as_ref()
                .is_some_and(|i| next.profile_by_iccid(i).is_none())
        };
        if next
            .iot
            .fallback
            .as_ref()
            .is_some_and(|f| gone(&f.return_to))
            || next.fallback_profile().is_none()
        {
            next.iot.fallback = None;
        }
        Ok(true)
    }
}

/// `resetEimConfigData`: the eIM Configuration Data deleted.
fn reset_eim_configuration(next: &mut EuiccState) -> ResetEimResult {
    if next.iot.eims.is_empty() {
        return ResetEimResult::NothingToDelete;
    }
    next.iot.eims.clear();
    ResetEimResult::Ok
}

/// The eUICCMemoryReset answer: `resetEimResult` and `resetImmediateEnableConfigResult`
/// are present when their reset was asked for.
struct ResetAnswer {
    eim: bool,
    immediate_enable: bool,
}

impl ResetAnswer {
    fn respond(
        &self,
        reset_result: SGP32ResetResult,
        eim: ResetEimResult,
        immediate_enable: ResetImmediateEnableConfigResult,
    ) -> Vec<u8> {
        SGP32EuiccMemoryResetResponse {
            reset_result,
            reset_eim_result: self.eim.then_some(eim),
            reset_immediate_enable_config_result: self.immediate_enable.then_some(immediate_enable),
        }
        .to_der()
    }

    /// Nothing reset: `reset_result`, and `undefinedError` for the optional results.
    fn failed(&self, reset_result: SGP32ResetResult) -> Vec<u8> {
        self.respond(
            reset_result,
            ResetEimResult::UndefinedError,
            ResetImmediateEnableConfigResult::UndefinedError,
        )
    }
}
