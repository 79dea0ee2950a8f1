//! IoT ES10b functions about the eUICC as a whole: memory reset, connectivity parameters
//! and the default SM-DP+ address (SGP.32 v1.2 5.9.5, 5.9.24, 5.9.25).

use crate::der::Asn1;
use crate::sgp22::SetDefaultDpAddressResult;
use crate::sgp22::common::named_bits;

/// ES10b.eUICCMemoryReset request of SGP.32 (SGP.32 v1.2 5.9.5): tag `BF64` (SGP.22 and
/// SGP.32 v1.0 used `BF34`), two more reset options.
///
/// ```text
/// SGP32-EuiccMemoryResetRequest ::= [100] SEQUENCE { -- Tag 'BF64'
///    resetOptions [2] BIT STRING { deleteOperationalProfiles(0),
///       deleteFieldLoadedTestProfiles(1), resetDefaultSmdpAddress(2),
///       deletePreLoadedTestProfiles(3), deleteProvisioningProfiles(4),
///       resetEimConfigData(5), resetImmediateEnableConfig(6) } }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 100, extensible, name = "SGP32-EuiccMemoryResetRequest")]
pub struct SGP32EuiccMemoryResetRequest {
    #[asn1(tag = 2)]
    pub reset_options: SGP32ResetOptions,
}

named_bits! {
    /// `SGP32-EuiccMemoryResetRequest.resetOptions` (SGP.32 v1.2 5.9.5).
    SGP32ResetOptions {
        DELETE_OPERATIONAL_PROFILES = 0,
        DELETE_FIELD_LOADED_TEST_PROFILES = 1,
        RESET_DEFAULT_SMDP_ADDRESS = 2,
        DELETE_PRE_LOADED_TEST_PROFILES = 3,
        DELETE_PROVISIONING_PROFILES = 4,
        /// Delete every eIM Configuration Data.
        RESET_EIM_CONFIG_DATA = 5,
        /// Forget the immediate profile enabling configuration.
        RESET_IMMEDIATE_ENABLE_CONFIG = 6,
    }
}

/// ES10b.eUICCMemoryReset response of SGP.32 (SGP.32 v1.2 5.9.5).
///
/// ```text
/// SGP32-EuiccMemoryResetResponse ::= [100] SEQUENCE { -- Tag 'BF64'
///    resetResult INTEGER {ok(0), nothingToDelete(1), catBusy(5), ecallActive(104),
///       undefinedError(127)},
///    resetEimResult INTEGER {ok(0), nothingToDelete(1), eimResetNotSupported(2),
///       undefinedError(127)} OPTIONAL,
///    resetImmediateEnableConfigResult INTEGER {ok(0), resetIECNotSupported (1),
///       undefinedError(127)} OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(
    tag = 100,
    automatic,
    extensible,
    name = "SGP32-EuiccMemoryResetResponse"
)]
pub struct SGP32EuiccMemoryResetResponse {
    pub reset_result: SGP32ResetResult,
    pub reset_eim_result: Option<ResetEimResult>,
    pub reset_immediate_enable_config_result: Option<ResetImmediateEnableConfigResult>,
}

/// `SGP32-EuiccMemoryResetResponse.resetResult` (SGP.32 v1.2 5.9.5).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "resetResult")]
pub enum SGP32ResetResult {
    #[asn1(value = 0)]
    Ok,
    #[asn1(value = 1)]
    NothingToDelete,
    #[asn1(value = 5)]
    CatBusy,
    #[asn1(value = 104)]
    EcallActive,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// `SGP32-EuiccMemoryResetResponse.resetEimResult` (SGP.32 v1.2 5.9.5).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "resetEimResult")]
pub enum ResetEimResult {
    #[asn1(value = 0)]
    Ok,
    #[asn1(value = 1)]
    NothingToDelete,
    #[asn1(value = 2)]
    EimResetNotSupported,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// `SGP32-EuiccMemoryResetResponse.resetImmediateEnableConfigResult` (SGP.32 v1.2 5.9.5).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "resetImmediateEnableConfigResult")]
pub enum ResetImmediateEnableConfigResult {
    #[asn1(value = 0)]
    Ok,
    #[asn1(name = "resetIECNotSupported")]
    #[asn1(value = 1)]
    ResetIecNotSupported,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// ES10b.GetConnectivityParameters request (SGP.32 v1.2 5.9.24).
///
/// ```text
/// GetConnectivityParametersRequest ::= [95] SEQUENCE { } -- Tag 'BF5F'
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 95, extensible)]
pub struct GetConnectivityParametersRequest {}

/// ES10b.GetConnectivityParameters response (SGP.32 v1.2 5.9.24).
///
/// ```text
/// GetConnectivityParametersResponse ::= [95] CHOICE { -- Tag 'BF5F'
///    connectivityParameters ConnectivityParameters,
///    connectivityParametersError ConnectivityParametersError }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 95, automatic)]
pub enum GetConnectivityParametersResponse {
    ConnectivityParameters(ConnectivityParameters),
    ConnectivityParametersError(ConnectivityParametersError),
}

/// Connectivity parameters of the enabled profile for reaching the eIM (SGP.32 v1.2
/// 5.9.24).
///
/// ```text
/// ConnectivityParameters ::= SEQUENCE {
///    httpParams [1] OCTET STRING OPTIONAL -- Also used for CoAP }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(extensible)]
pub struct ConnectivityParameters {
    #[asn1(tag = 1)]
    pub http_params: Option<Vec<u8>>,
}

/// Why no connectivity parameters were returned (SGP.32 v1.2 5.9.24).
///
/// ```text
/// ConnectivityParametersError ::= INTEGER { parametersNotAvailable(1), undefinedError(127) }
/// ```
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer)]
pub enum ConnectivityParametersError {
    #[asn1(value = 1)]
    ParametersNotAvailable,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// ES10b.SetDefaultDpAddress of SGP.32 (SGP.32 v1.2 5.9.25) and the PSMO of the same name:
/// tag `BF65` where SGP.22's ES10a function uses `BF3F`.
///
/// ```text
/// SGP32-SetDefaultDpAddressRequest ::= [101] SEQUENCE { -- Tag 'BF65'
///    defaultDpAddress UTF8String -- Default SM-DP+ address as an FQDN }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(
    tag = 101,
    automatic,
    extensible,
    name = "SGP32-SetDefaultDpAddressRequest"
)]
pub struct SGP32SetDefaultDpAddressRequest {
    pub default_dp_address: String,
}

/// ES10b.SetDefaultDpAddress response of SGP.32 and the result of the PSMO
/// (SGP.32 v1.2 5.9.25, 2.11.2.1).
///
/// ```text
/// SGP32-SetDefaultDpAddressResponse ::= [101] SEQUENCE { -- Tag 'BF65'
///    setDefaultDpAddressResult INTEGER { ok (0), undefinedError (127)} }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(
    tag = 101,
    automatic,
    extensible,
    name = "SGP32-SetDefaultDpAddressResponse"
)]
pub struct SGP32SetDefaultDpAddressResponse {
    /// The same named numbers as SGP.22's result, so its type is reused.
    pub set_default_dp_address_result: SetDefaultDpAddressResult,
}
