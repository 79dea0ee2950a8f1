//! ES10a (LPA to eUICC) configured addresses (SGP.22 5.7.3, 5.7.4).

use crate::der::Asn1;

/// ES10a.GetEuiccConfiguredAddresses request (SGP.22 5.7.3).
///
/// ```text
/// EuiccConfiguredAddressesRequest ::= [60] SEQUENCE { } -- Tag 'BF3C'
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 60, extensible)]
pub struct EuiccConfiguredAddressesRequest {}

/// ES10a.GetEuiccConfiguredAddresses response (SGP.22 5.7.3).
///
/// ```text
/// EuiccConfiguredAddressesResponse ::= [60] SEQUENCE { -- Tag 'BF3C'
///    defaultDpAddress UTF8String OPTIONAL, -- Default SM-DP+ address as an FQDN
///    rootDsAddress UTF8String -- Root SM-DS address as an FQDN }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 60, automatic, extensible)]
pub struct EuiccConfiguredAddressesResponse {
    pub default_dp_address: Option<String>,
    pub root_ds_address: String,
}

/// ES10a.SetDefaultDpAddress request (SGP.22 5.7.4).
///
/// ```text
/// SetDefaultDpAddressRequest ::= [63] SEQUENCE { -- Tag 'BF3F'
///    defaultDpAddress UTF8String -- Default SM-DP+ address as an FQDN }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 63, automatic, extensible)]
pub struct SetDefaultDpAddressRequest {
    pub default_dp_address: String,
}

/// ES10a.SetDefaultDpAddress response (SGP.22 5.7.4).
///
/// ```text
/// SetDefaultDpAddressResponse ::= [63] SEQUENCE { -- Tag 'BF3F'
///    setDefaultDpAddressResult INTEGER { ok (0), undefinedError (127)} }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 63, automatic, extensible)]
pub struct SetDefaultDpAddressResponse {
    pub set_default_dp_address_result: SetDefaultDpAddressResult,
}

/// `SetDefaultDpAddressResponse.setDefaultDpAddressResult` (SGP.22 5.7.4).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "setDefaultDpAddressResult")]
pub enum SetDefaultDpAddressResult {
    #[asn1(value = 0)]
    Ok,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}
