//! PIN and PUK definitions (TCA eUICC Profile Package v3.3.1, `PE-PINCodes`, `PE-PUKCodes`).

use super::header::PEHeader;
use crate::der::Asn1;

/// PIN key references (ETSI TS 102 221 9.5.1): global PINs, ADM keys, local PINs.
///
/// ```text
/// PINKeyReferenceValue ::= INTEGER {
///     pinAppl1(1) .. pinAppl8(8), adm1(10) .. adm5(14),
///     secondPINAppl1(129) .. secondPINAppl8(136), adm6(138) .. adm10(142)
/// }
/// ```
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq)]
#[asn1(integer, name = "PINKeyReferenceValue")]
pub enum PINKeyReferenceValue {
    #[asn1(value = 1)]
    PinAppl1,
    #[asn1(value = 2)]
    PinAppl2,
    #[asn1(value = 3)]
    PinAppl3,
    #[asn1(value = 4)]
    PinAppl4,
    #[asn1(value = 5)]
    PinAppl5,
    #[asn1(value = 6)]
    PinAppl6,
    #[asn1(value = 7)]
    PinAppl7,
    #[asn1(value = 8)]
    PinAppl8,
    #[asn1(value = 10)]
    Adm1,
    #[asn1(value = 11)]
    Adm2,
    #[asn1(value = 12)]
    Adm3,
    #[asn1(value = 13)]
    Adm4,
    #[asn1(value = 14)]
    Adm5,
    #[asn1(value = 129, name = "secondPINAppl1")]
    SecondPinAppl1,
    #[asn1(value = 130, name = "secondPINAppl2")]
    SecondPinAppl2,
    #[asn1(value = 131, name = "secondPINAppl3")]
    SecondPinAppl3,
    #[asn1(value = 132, name = "secondPINAppl4")]
    SecondPinAppl4,
    #[asn1(value = 133, name = "secondPINAppl5")]
    SecondPinAppl5,
    #[asn1(value = 134, name = "secondPINAppl6")]
    SecondPinAppl6,
    #[asn1(value = 135, name = "secondPINAppl7")]
    SecondPinAppl7,
    #[asn1(value = 136, name = "secondPINAppl8")]
    SecondPinAppl8,
    #[asn1(value = 138)]
    Adm6,
    #[asn1(value = 139)]
    Adm7,
    #[asn1(value = 140)]
    Adm8,
    #[asn1(value = 141)]
    Adm9,
    #[asn1(value = 142)]
    Adm10,
    /// A value without a name (the type is an INTEGER, not an enumeration).
    #[asn1(other)]
    Other(i64),
}

/// One PIN.
///
/// ```text
/// PINConfiguration ::= SEQUENCE {
///     keyReference PINKeyReferenceValue,
///     pinValue OCTET STRING (SIZE (8)),
///     unblockingPINReference PUKKeyReferenceValue OPTIONAL,
///     pinAttributes UInt8 DEFAULT 7,
///     maxNumOfAttemps-retryNumLeft UInt8 DEFAULT 51
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "PINConfiguration")]
pub struct PINConfiguration {
    pub key_reference: PINKeyReferenceValue,
    pub pin_value: [u8; 8],
    #[asn1(name = "unblockingPINReference")]
    pub unblocking_pin_reference: Option<PUKKeyReferenceValue>,
    /// DEFAULT 7.
    pub pin_attributes: Option<u16>,
    /// DEFAULT 51 (0x33): maximum attempts in the high nibble, attempts left in the low one.
    #[asn1(name = "maxNumOfAttemps-retryNumLeft")]
    pub max_num_of_attemps_retry_num_left: Option<u16>,
}

/// PINs defined in the current DF/ADF, or shared with the DF/ADF at `filePath`.
///
/// ```text
/// CHOICE {
///     pinconfig SEQUENCE (SIZE (1..26)) OF PINConfiguration,
///     filePath OCTET STRING (SIZE (0..8))
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, automatic)]
pub enum PinCodes {
    #[asn1(name = "pinconfig")]
    PinConfig(Vec<PINConfiguration>),
    FilePath(Vec<u8>),
}

/// ```text
/// PE-PINCodes ::= SEQUENCE {
///     pin-Header PEHeader,
///     pinCodes CHOICE { pinconfig ..., filePath ... }
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "PE-PINCodes")]
pub struct PEPINCodes {
    #[asn1(name = "pin-Header")]
    pub header: PEHeader,
    pub pin_codes: PinCodes,
}

/// PUK key references.
///
/// ```text
/// PUKKeyReferenceValue ::= INTEGER {
///     pukAppl1(1) .. pukAppl8(8), secondPUKAppl1(129) .. secondPUKAppl8(136)
/// }
/// ```
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq)]
#[asn1(integer, name = "PUKKeyReferenceValue")]
pub enum PUKKeyReferenceValue {
    #[asn1(value = 1)]
    PukAppl1,
    #[asn1(value = 2)]
    PukAppl2,
    #[asn1(value = 3)]
    PukAppl3,
    #[asn1(value = 4)]
    PukAppl4,
    #[asn1(value = 5)]
    PukAppl5,
    #[asn1(value = 6)]
    PukAppl6,
    #[asn1(value = 7)]
    PukAppl7,
    #[asn1(value = 8)]
    PukAppl8,
    #[asn1(value = 129, name = "secondPUKAppl1")]
    SecondPukAppl1,
    #[asn1(value = 130, name = "secondPUKAppl2")]
    SecondPukAppl2,
    #[asn1(value = 131, name = "secondPUKAppl3")]
    SecondPukAppl3,
    #[asn1(value = 132, name = "secondPUKAppl4")]
    SecondPukAppl4,
    #[asn1(value = 133, name = "secondPUKAppl5")]
    SecondPukAppl5,
    #[asn1(value = 134, name = "secondPUKAppl6")]
    SecondPukAppl6,
    #[asn1(value = 135, name = "secondPUKAppl7")]
    SecondPukAppl7,
    #[asn1(value = 136, name = "secondPUKAppl8")]
    SecondPukAppl8,
    #[asn1(other)]
    Other(i64),
}

/// One PUK.
///
/// ```text
/// PUKConfiguration ::= SEQUENCE {
///     keyReference PUKKeyReferenceValue,
///     pukValue OCTET STRING (SIZE (8)),
///     maxNumOfAttemps-retryNumLeft UInt8 DEFAULT 170
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "PUKConfiguration")]
pub struct PUKConfiguration {
    pub key_reference: PUKKeyReferenceValue,
    pub puk_value: [u8; 8],
    /// DEFAULT 170 (0xAA).
    #[asn1(name = "maxNumOfAttemps-retryNumLeft")]
    pub max_num_of_attemps_retry_num_left: Option<u16>,
}

/// ```text
/// PE-PUKCodes ::= SEQUENCE {
///     puk-Header PEHeader,
///     pukCodes SEQUENCE (SIZE (1..16)) OF PUKConfiguration
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "PE-PUKCodes")]
pub struct PEPUKCodes {
    #[asn1(name = "puk-Header")]
    pub header: PEHeader,
    pub puk_codes: Vec<PUKConfiguration>,
}
