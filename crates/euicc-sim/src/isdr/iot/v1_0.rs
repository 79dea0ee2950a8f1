//! The ES10b functions of an SGP.32 v1.0 eUICC that differ from v1.2 ([`crate::Sgp32Version`];
//! `proto::sgp32::v1_0` lists the differences): eUICCMemoryReset at SGP.22's `BF34` with the
//! eIM and auto-enable options at bits 3 and 4, and EnableUsingDD (`BF5A` without a refresh
//! flag). Both run v1.2's implementation with the options and results renamed; the
//! functions v1.2 added are unknown to a v1.0 eUICC.

use proto::der::Asn1;
use proto::sgp22::ResetResult;
use proto::sgp32::v1_0 as v10;
use proto::sgp32::{
    ImmediateEnableRequest, ImmediateEnableResponse, ImmediateEnableResult,
    ResetImmediateEnableConfigResult, SGP32EuiccMemoryResetRequest, SGP32EuiccMemoryResetResponse,
    SGP32ResetOptions, SGP32ResetResult,
};

use super::decode;
use crate::es10_error::Es10Error;
use crate::euicc::Euicc;

/// The v1.0 reset options as v1.2's: bits 0–2 are the same, v1.0's `resetEimConfigData(3)`
/// and `resetAutoEnableConfig(4)` are v1.2's bits 5 and 6.
fn v1_2_options(o: &v10::ResetOptions) -> SGP32ResetOptions {
    let mut bits = Vec::new();
    for (v1_0, v1_2) in [
        (
            v10::ResetOptions::DELETE_OPERATIONAL_PROFILES,
            SGP32ResetOptions::DELETE_OPERATIONAL_PROFILES,
        ),
        (
            v10::ResetOptions::DELETE_FIELD_LOADED_TEST_PROFILES,
            SGP32ResetOptions::DELETE_FIELD_LOADED_TEST_PROFILES,
        ),
        (
            v10::ResetOptions::RESET_DEFAULT_SMDP_ADDRESS,
            SGP32ResetOptions::RESET_DEFAULT_SMDP_ADDRESS,
        ),
        (
            v10::ResetOptions::RESET_EIM_CONFIG_DATA,
            SGP32ResetOptions::RESET_EIM_CONFIG_DATA,
        ),
        (
            v10::ResetOptions::RESET_AUTO_ENABLE_CONFIG,
            SGP32ResetOptions::RESET_IMMEDIATE_ENABLE_CONFIG,
        ),
    ] {
        if o.has(v1_0) {
            bits.push(v1_2);
        }
    }
    SGP32ResetOptions::from_bits(&bits)
}

impl Euicc {
    /// Answers the v1.0 form of an ES10b function with context tag `number`, or `None`
    /// when v1.0 has it as v1.2 (or, `Some(Err)`, not at all).
    pub(crate) fn dispatch_iot_v1_0(
        &mut self,
        number: u32,
        request: &[u8],
    ) -> Option<Result<Vec<u8>, Es10Error>> {
        Some(match number {
            52 => decode::<v10::SGP32EuiccMemoryResetRequest>(request)
                .and_then(|r| self.memory_reset_v1_0(&r)),
            90 => decode::<v10::EnableUsingDDRequest>(request).and_then(|_| self.enable_using_dd()),
            // ImmediateEnable's and the reset's v1.2 tags, the emergency profile, fallback,
            // connectivity parameters, SetDefaultDpAddress: v1.2 only.
            91..=95 | 100 | 101 => Err(Es10Error::UnknownFunction(proto::der::Tag::context(
                number, true,
            ))),
            _ => return None,
        })
    }

    /// ES10b.eUICCMemoryReset of SGP.32 v1.0 (5.9.5).
    fn memory_reset_v1_0(
        &mut self,
        r: &v10::SGP32EuiccMemoryResetRequest,
    ) -> Result<Vec<u8>, Es10Error> {
        let answer = self.iot_memory_reset(&SGP32EuiccMemoryResetRequest {
            reset_options: v1_2_options(&r.reset_options),
        });
        let a = SGP32EuiccMemoryResetResponse::from_der(&answer).map_err(Es10Error::Malformed)?;
        Ok(v10::SGP32EuiccMemoryResetResponse {
            reset_result: match a.reset_result {
                SGP32ResetResult::Ok => ResetResult::Ok,
                SGP32ResetResult::NothingToDelete => ResetResult::NothingToDelete,
                SGP32ResetResult::CatBusy => ResetResult::CatBusy,
                _ => ResetResult::UndefinedError,
            },
            reset_eim_result: a.reset_eim_result,
            reset_auto_enable_config_result: a.reset_immediate_enable_config_result.map(
                |c| match c {
                    ResetImmediateEnableConfigResult::Ok => v10::ResetAutoEnableConfigResult::Ok,
                    ResetImmediateEnableConfigResult::ResetIecNotSupported => {
                        v10::ResetAutoEnableConfigResult::ResetAecNotSupported
                    }
                    _ => v10::ResetAutoEnableConfigResult::UndefinedError,
                },
            ),
        }
        .to_der())
    }

    /// ES10b.EnableUsingDD of SGP.32 v1.0 (5.9.15): v1.2's ImmediateEnable with REFRESH.
    fn enable_using_dd(&mut self) -> Result<Vec<u8>, Es10Error> {
        let answer = self.immediate_enable(&ImmediateEnableRequest { refresh_flag: true });
        let a = ImmediateEnableResponse::from_der(&answer).map_err(Es10Error::Malformed)?;
        Ok(v10::EnableUsingDDResponse {
            enable_using_dd_result: match a.immediate_enable_result {
                ImmediateEnableResult::Ok => v10::EnableUsingDDResult::Ok,
                ImmediateEnableResult::ImmediateEnableNotAvailable => {
                    v10::EnableUsingDDResult::AutoEnableNotAvailable
                }
                ImmediateEnableResult::NoSessionContext => {
                    v10::EnableUsingDDResult::NoSessionContext
                }
                _ => v10::EnableUsingDDResult::UndefinedError,
            },
        }
        .to_der())
    }
}
