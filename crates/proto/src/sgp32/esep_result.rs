//! ESep results: what the eUICC answers to an eUICC Package, signed for the eIM or, when it
//! cannot even tell which eIM sent it, unsigned (SGP.32 v1.2 2.11.2.1). The signatures are
//! checked with [`EuiccPackageResultSigned::signed_data`] and
//! [`EuiccPackageErrorSigned::signed_data`].

use super::result_data::EuiccResultData;
use crate::der::{Asn1, Preserved};
use crate::sgp22::TransactionId;

/// ES10b.LoadEuiccPackage response, relayed to the eIM (SGP.32 v1.2 2.11.2.1, 5.9.1).
/// Automatic tags: `A0`, `A1`, `A2`.
///
/// ```text
/// EuiccPackageResult ::= [81] CHOICE { -- Tag 'BF51'
///    euiccPackageResultSigned EuiccPackageResultSigned,
///    euiccPackageErrorSigned EuiccPackageErrorSigned,
///    euiccPackageErrorUnsigned EuiccPackageErrorUnsigned }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 81, automatic)]
pub enum EuiccPackageResult {
    EuiccPackageResultSigned(EuiccPackageResultSigned),
    EuiccPackageErrorSigned(EuiccPackageErrorSigned),
    EuiccPackageErrorUnsigned(EuiccPackageErrorUnsigned),
}

/// `EuiccPackageResultList ::= SEQUENCE OF EuiccPackageResult` (SGP.32 v1.2 2.11.2.2,
/// 5.9.11).
pub type EuiccPackageResultList = Vec<EuiccPackageResult>;

/// The results of an executed package, signed by the eUICC (SGP.32 v1.2 2.11.2.1).
///
/// ```text
/// EuiccPackageResultSigned ::= SEQUENCE {
///    euiccPackageResultDataSigned EuiccPackageResultDataSigned,
///    euiccSignEPR [APPLICATION 55] OCTET STRING -- Tag '5F37' }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible)]
pub struct EuiccPackageResultSigned {
    pub euicc_package_result_data_signed: Preserved<EuiccPackageResultDataSigned>,
    /// Raw r‖s signature of SK.EUICC.ECDSA (tag `5F37`).
    #[asn1(tag = "application 55", name = "euiccSignEPR")]
    pub euicc_sign_epr: Vec<u8>,
}

/// The signed part of a package result (SGP.32 v1.2 2.11.2.1): the package it answers
/// (eimId, counterValue, eimTransactionId), its sequence number for acknowledgement, and
/// one result per executed operation.
///
/// ```text
/// EuiccPackageResultDataSigned ::= SEQUENCE {
///    eimId [0] UTF8String (SIZE(1..128)), counterValue [1] INTEGER,
///    eimTransactionId [2] TransactionId OPTIONAL, seqNumber [3] INTEGER,
///    euiccResult SEQUENCE OF EuiccResultData }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(extensible)]
pub struct EuiccPackageResultDataSigned {
    #[asn1(tag = 0)]
    pub eim_id: String,
    #[asn1(tag = 1)]
    pub counter_value: i64,
    #[asn1(tag = 2)]
    pub eim_transaction_id: Option<TransactionId>,
    #[asn1(tag = 3)]
    pub seq_number: i64,
    pub euicc_result: Vec<EuiccResultData>,
}

/// A package refused before execution, signed by the eUICC (SGP.32 v1.2 2.11.2.1).
///
/// ```text
/// EuiccPackageErrorSigned ::= SEQUENCE {
///    euiccPackageErrorDataSigned EuiccPackageErrorDataSigned,
///    euiccSignEPE [APPLICATION 55] OCTET STRING -- Tag '5F37' }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible)]
pub struct EuiccPackageErrorSigned {
    pub euicc_package_error_data_signed: Preserved<EuiccPackageErrorDataSigned>,
    /// Raw r‖s signature of SK.EUICC.ECDSA (tag `5F37`).
    #[asn1(tag = "application 55", name = "euiccSignEPE")]
    pub euicc_sign_epe: Vec<u8>,
}

/// The signed part of a package error (SGP.32 v1.2 2.11.2.1).
///
/// ```text
/// EuiccPackageErrorDataSigned ::= SEQUENCE {
///    eimId [0] UTF8String (SIZE(1..128)), counterValue [1] INTEGER,
///    eimTransactionId [2] TransactionId OPTIONAL,
///    euiccPackageErrorCode EuiccPackageErrorCode }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible)]
pub struct EuiccPackageErrorDataSigned {
    #[asn1(tag = 0)]
    pub eim_id: String,
    #[asn1(tag = 1)]
    pub counter_value: i64,
    #[asn1(tag = 2)]
    pub eim_transaction_id: Option<TransactionId>,
    pub euicc_package_error_code: EuiccPackageErrorCode,
}

/// Why a package was refused (SGP.32 v1.2 2.11.2.1).
///
/// ```text
/// EuiccPackageErrorCode ::= INTEGER { invalidEid(3), replayError(4),
///    counterValueOutOfRange(6), sizeOverflow(15), ecallActive(104), undefinedError(127) }
/// ```
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer)]
pub enum EuiccPackageErrorCode {
    #[asn1(value = 3)]
    InvalidEid,
    #[asn1(value = 4)]
    ReplayError,
    #[asn1(value = 6)]
    CounterValueOutOfRange,
    #[asn1(value = 15)]
    SizeOverflow,
    #[asn1(value = 104)]
    EcallActive,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// A package error the eUICC cannot sign, e.g. for an unknown eIM or a bad eimSignature
/// (SGP.32 v1.2 2.11.2.1; the code is v1.3's, see [`super::v1_3`]).
///
/// ```text
/// EuiccPackageErrorUnsigned ::= SEQUENCE {
///    eimId [0] UTF8String (SIZE(1..128)), eimTransactionId [2] TransactionId OPTIONAL,
///    associationToken [4] INTEGER OPTIONAL,
///    euiccPackageUnsignedErrorCode [15] EuiccPackageUnsignedErrorCode OPTIONAL -- v1.3 }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(extensible)]
pub struct EuiccPackageErrorUnsigned {
    #[asn1(tag = 0)]
    pub eim_id: String,
    #[asn1(tag = 2)]
    pub eim_transaction_id: Option<TransactionId>,
    #[asn1(tag = 4)]
    pub association_token: Option<i64>,
    #[asn1(tag = 15)]
    pub euicc_package_unsigned_error_code: Option<EuiccPackageUnsignedErrorCode>,
}

/// Why an unsigned package error was given (SGP.32 v1.3).
///
/// ```text
/// EuiccPackageUnsignedErrorCode ::= INTEGER { sizeOverflow(15), undefinedError(127) }
/// ```
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer)]
pub enum EuiccPackageUnsignedErrorCode {
    #[asn1(value = 15)]
    SizeOverflow,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}
