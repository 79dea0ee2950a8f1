//! The ES10b functions an IoT eUICC adds (SGP.32 v1.2 5.9), offered when the eUICC is
//! created as an IoT eUICC ([`crate::EuiccOptions::iot`]); a consumer eUICC answers their
//! tags with `6A88` like any unknown function.
//!
//! | tag | function | file |
//! |---|---|---|
//! | BF51 | LoadEuiccPackage (5.9.1): verification, execution, signed result | `package`, `psmo`, `eco`, `sign` |
//! | BF57, BF55 | AddInitialEim (5.9.4), GetEimConfigurationData (5.9.18) | `eim` |
//! | BF56, BF5F, BF64, BF65 | GetCerts (5.9.10), GetConnectivityParameters (5.9.24), eUICCMemoryReset (5.9.5), SetDefaultDpAddress (5.9.25) | `device` |
//! | BF58 | ProfileRollback (5.9.16) | `rollback` |
//! | BF5D, BF5E, BF5B, BF5C | ExecuteFallbackMechanism, ReturnFromFallback (5.9.20–21), Enable/DisableEmergencyProfile (5.9.22–23) | `fallback` |
//! | BF59, BF5A | ConfigureImmediateProfileEnabling (5.9.17), ImmediateEnable (5.9.15) | `immediate` |
//!
//! An SGP.32 v1.0 eUICC ([`crate::Sgp32Version`]) answers v1.0's forms where they differ
//! (`v1_0`: `BF34` eUICCMemoryReset, `BF5A` EnableUsingDD) and knows none of v1.2's additions.
//!
//! EUICCInfo2 of an IoT eUICC (5.9.2), RetrieveNotificationsList with eUICC Package Results
//! (5.9.11) and the removal of acknowledged results (5.9.12) are in `info` and
//! `notifications` next to their SGP.22 forms.

mod device;
mod eco;
mod eim;
mod fallback;
mod immediate;
mod package;
mod psmo;
mod rollback;
mod sign;
mod switch;
mod v1_0;

use proto::der::Asn1;
use proto::sgp32::{
    AddInitialEimRequest, ConfigureImmediateProfileEnablingRequest, DisableEmergencyProfileRequest,
    EnableEmergencyProfileRequest, EuiccPackageRequest, ExecuteFallbackMechanismRequest,
    GetCertsRequest, GetConnectivityParametersRequest, GetEimConfigurationDataRequest,
    ImmediateEnableRequest, ProfileRollbackRequest, ReturnFromFallbackRequest,
    SGP32EuiccMemoryResetRequest, SGP32SetDefaultDpAddressRequest,
};

pub(crate) use immediate::is_immediate_candidate;

use crate::es10_error::Es10Error;
use crate::euicc::Euicc;

fn decode<T: Asn1>(request: &[u8]) -> Result<T, Es10Error> {
    T::from_der(request).map_err(Es10Error::Malformed)
}

impl Euicc {
    /// Whether this is an IoT eUICC.
    pub(crate) fn is_iot(&self) -> bool {
        self.state.options.iot
    }

    /// Answers the IoT ES10b function with context tag `number` (constructed), or `None`
    /// when no IoT function has that tag.
    pub(crate) fn dispatch_iot(
        &mut self,
        number: u32,
        request: &[u8],
    ) -> Option<Result<Vec<u8>, Es10Error>> {
        if self.state.options.sgp32 == crate::Sgp32Version::V1_0 {
            if let Some(answer) = self.dispatch_iot_v1_0(number, request) {
                return Some(answer);
            }
        }
        let answer =
            match number {
                81 => decode::<EuiccPackageRequest>(request)
                    .and_then(|r| self.load_euicc_package(&r, request.len())),
                87 => decode::<AddInitialEimRequest>(request).map(|r| self.add_initial_eim(&r)),
                85 => decode::<GetEimConfigurationDataRequest>(request)
                    .map(|r| self.get_eim_configuration_data(&r)),
                86 => decode::<GetCertsRequest>(request).map(|r| self.get_certs(&r)),
                88 => decode::<ProfileRollbackRequest>(request).map(|r| self.profile_rollback(&r)),
                89 => decode::<ConfigureImmediateProfileEnablingRequest>(request)
                    .map(|r| self.configure_immediate_enable(&r)),
                90 => decode::<ImmediateEnableRequest>(request).map(|r| self.immediate_enable(&r)),
                91 => decode::<EnableEmergencyProfileRequest>(request)
                    .map(|r| self.enable_emergency_profile(&r)),
                92 => decode::<DisableEmergencyProfileRequest>(request)
                    .map(|r| self.disable_emergency_profile(&r)),
                93 => decode::<ExecuteFallbackMechanismRequest>(request)
                    .map(|r| self.execute_fallback_mechanism(&r)),
                94 => decode::<ReturnFromFallbackRequest>(request)
                    .map(|r| self.return_from_fallback(&r)),
                95 => decode::<GetConnectivityParametersRequest>(request)
                    .map(|r| self.get_connectivity_parameters(&r)),
                100 => decode::<SGP32EuiccMemoryResetRequest>(request)
                    .map(|r| self.iot_memory_reset(&r)),
                101 => decode::<SGP32SetDefaultDpAddressRequest>(request)
                    .map(|r| self.iot_set_default_dp_address(&r)),
                _ => return None,
            };
        Some(answer)
    }
}
