//! ESep in SGP.32 v1.0: the eUICC Package Request and the eUICC Package Result with v1.0's
//! names (`transactionId`, `configureAutoEnable`) and v1.0's result codes (SGP.32 v1.0
//! 2.11.1.1, 2.11.2.1). The octets are those of v1.2 for every value v1.0 can hold; what
//! v1.2 added decodes as `Unknown` here.

use super::auto_enable::ConfigureAutoProfileEnablingRequest;
use super::result_data::EuiccResultData;
use crate::der::{Asn1, Preserved, RawTlv};
use crate::sgp22::{Octet16, ProfileInfoListRequest, TransactionId};
use crate::sgp32::{Eco, EmptySequence, EuiccPackageErrorUnsigned, PsmoEnable, PsmoIccid};

/// The eUICC Package Request of SGP.32 v1.0 (2.11.1.1): the octets of v1.2's; the signature
/// covers the received `euiccPackageSigned`.
///
/// ```text
/// EuiccPackageRequest ::= [81] SEQUENCE { -- Tag 'BF51'
///    euiccPackageSigned EuiccPackageSigned,
///    eimSignature [APPLICATION 55] OCTET STRING -- Tag '5F37' }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 81, extensible)]
pub struct EuiccPackageRequest {
    pub euicc_package_signed: Preserved<EuiccPackageSigned>,
    #[asn1(tag = "application 55")]
    pub eim_signature: Vec<u8>,
}

/// What the eIM signs (SGP.32 v1.0 2.11.1.1); v1.2 renamed `transactionId` to
/// `eimTransactionId` under the same tag.
///
/// ```text
/// EuiccPackageSigned ::= SEQUENCE {
///    eimId [0] UTF8String, eidValue [APPLICATION 26] Octet16, counterValue [1] INTEGER,
///    transactionId [2] TransactionId OPTIONAL, euiccPackage EuiccPackage }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible)]
pub struct EuiccPackageSigned {
    #[asn1(tag = 0)]
    pub eim_id: String,
    #[asn1(tag = "application 26")]
    pub eid_value: Octet16,
    #[asn1(tag = 1)]
    pub counter_value: i64,
    #[asn1(tag = 2)]
    pub transaction_id: Option<TransactionId>,
    pub euicc_package: EuiccPackage,
}

/// `EuiccPackage ::= CHOICE { psmoList SEQUENCE OF Psmo, ecoList SEQUENCE OF Eco }`
/// (SGP.32 v1.0 2.11.1.1); the eCOs are v1.2's.
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, automatic)]
pub enum EuiccPackage {
    PsmoList(Vec<Psmo>),
    EcoList(Vec<Eco>),
}

/// The PSMOs of SGP.32 v1.0 (2.11.1.1.3): v1.2's first six, `[7]` named
/// `configureAutoEnable`. v1.2's fallback PSMOs and `setDefaultDpAddress` decode as
/// `Unknown`.
///
/// ```text
/// Psmo ::= CHOICE {
///    enable [3] SEQUENCE { iccid [APPLICATION 26] Iccid, rollbackFlag NULL OPTIONAL },
///    disable [4] SEQUENCE {iccid [APPLICATION 26] Iccid},
///    delete [5] SEQUENCE {iccid [APPLICATION 26] Iccid},
///    listProfileInfo [45] ProfileInfoListRequest, getRAT [6] SEQUENCE {},
///    configureAutoEnable [7] SEQUENCE { autoEnableFlag [0] NULL OPTIONAL,
///       smdpOid [1] OBJECT IDENTIFIER OPTIONAL, smdpAddress [2] UTF8String OPTIONAL } }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice)]
pub enum Psmo {
    #[asn1(tag = 3)]
    Enable(PsmoEnable),
    #[asn1(tag = 4)]
    Disable(PsmoIccid),
    #[asn1(tag = 5)]
    Delete(PsmoIccid),
    #[asn1(tag = 45)]
    ListProfileInfo(ProfileInfoListRequest),
    #[asn1(tag = 6, name = "getRAT")]
    GetRat(EmptySequence),
    /// The components of ES10b.ConfigureAutoProfileEnabling under `[7]`.
    #[asn1(tag = 7)]
    ConfigureAutoEnable(ConfigureAutoProfileEnablingRequest),
    /// An operation v1.0 does not define, kept whole.
    #[asn1(other)]
    Unknown(RawTlv),
}

/// The eUICC Package Result of SGP.32 v1.0 (2.11.2.1). Automatic tags: `A0`, `A1`, `A2`.
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
    /// v1.0 has no eimTransactionId here; v1.2's type reads v1.0's octets.
    EuiccPackageErrorUnsigned(EuiccPackageErrorUnsigned),
}

/// ```text
/// EuiccPackageResultSigned ::= SEQUENCE {
///    euiccPackageResultDataSigned EuiccPackageResultDataSigned,
///    euiccSignEPR [APPLICATION 55] OCTET STRING -- Tag '5F37' }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible)]
pub struct EuiccPackageResultSigned {
    pub euicc_package_result_data_signed: Preserved<EuiccPackageResultDataSigned>,
    #[asn1(tag = "application 55", name = "euiccSignEPR")]
    pub euicc_sign_epr: Vec<u8>,
}

/// The signed part of a v1.0 result (SGP.32 v1.0 2.11.2.1).
///
/// ```text
/// EuiccPackageResultDataSigned ::= SEQUENCE {
///    eimId [0] UTF8String, counterValue [1] INTEGER,
///    transactionId [2] TransactionId OPTIONAL, seqNumber [3] INTEGER,
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
    pub transaction_id: Option<TransactionId>,
    #[asn1(tag = 3)]
    pub seq_number: i64,
    pub euicc_result: Vec<EuiccResultData>,
}

/// ```text
/// EuiccPackageErrorSigned ::= SEQUENCE {
///    euiccPackageErrorDataSigned EuiccPackageErrorDataSigned,
///    euiccSignEPE [APPLICATION 55] OCTET STRING -- Tag '5F37' }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible)]
pub struct EuiccPackageErrorSigned {
    pub euicc_package_error_data_signed: Preserved<EuiccPackageErrorDataSigned>,
    #[asn1(tag = "application 55", name = "euiccSignEPE")]
    pub euicc_sign_epe: Vec<u8>,
}

/// ```text
/// EuiccPackageErrorDataSigned ::= SEQUENCE {
///    eimId [0] UTF8String, counterValue [1] INTEGER,
///    transactionId [2] TransactionId OPTIONAL,
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
    pub transaction_id: Option<TransactionId>,
    pub euicc_package_error_code: EuiccPackageErrorCode,
}

/// Why a package was refused in v1.0 (2.11.2.1); v1.2 added `ecallActive(104)`.
///
/// ```text
/// EuiccPackageErrorCode ::= INTEGER { invalidEid(3), replayError(4),
///    counterValueOutOfRange(6), sizeOverflow(15), undefinedError(127) }
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
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

impl EuiccPackageResult {
    /// The transactionId of the package this result answers, if the eUICC echoed it.
    pub fn transaction_id(&self) -> Option<&TransactionId> {
        match self {
            EuiccPackageResult::EuiccPackageResultSigned(s) => {
                s.euicc_package_result_data_signed.transaction_id.as_ref()
            }
            EuiccPackageResult::EuiccPackageErrorSigned(e) => {
                e.euicc_package_error_data_signed.transaction_id.as_ref()
            }
            EuiccPackageResult::EuiccPackageErrorUnsigned(u) => u.eim_transaction_id.as_ref(),
        }
    }
}
