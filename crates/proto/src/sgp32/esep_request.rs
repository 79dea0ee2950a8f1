//! ESep requests: the eUICC Package an eIM signs for one eUICC, carrying Profile State
//! Management Operations (PSMO) or eIM Configuration Operations (eCO); delivered over ESipa
//! and ES10b.LoadEuiccPackage (SGP.32 v1.2 2.11.1.1, 5.9.1).

use super::common::EmptySequence;
use super::eim_config::EimConfigurationData;
use super::es10b_device::SGP32SetDefaultDpAddressRequest;
use super::es10b_fallback::ConfigureImmediateProfileEnablingRequest;
use crate::der::{Asn1, Null, Preserved, RawTlv};
use crate::sgp22::{Iccid, Octet16, ProfileInfoListRequest, TransactionId};

/// ES10b.LoadEuiccPackage request and the `euiccPackageRequest` of ESipa (SGP.32 v1.2
/// 2.11.1.1, 5.9.1). The eUICC verifies `eimSignature` over the received octets of
/// `euiccPackageSigned` followed by the association token
/// ([`EuiccPackageRequest::signed_data`]).
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
    /// Raw r‖s signature of SK.EIM.ECDSA (tag `5F37`).
    #[asn1(tag = "application 55")]
    pub eim_signature: Vec<u8>,
}

/// What the eIM signs (SGP.32 v1.2 2.11.1.1): its identity, the target EID, the replay
/// counter and the operations.
///
/// ```text
/// EuiccPackageSigned ::= SEQUENCE {
///    eimId [0] UTF8String (SIZE(1..128)), eidValue [APPLICATION 26] Octet16, -- Tag '5A'
///    counterValue [1] INTEGER, eimTransactionId [2] TransactionId OPTIONAL,
///    euiccPackage EuiccPackage }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible)]
pub struct EuiccPackageSigned {
    #[asn1(tag = 0)]
    pub eim_id: String,
    #[asn1(tag = "application 26")]
    pub eid_value: Octet16,
    /// Greater than the last counterValue the eUICC accepted from this eIM.
    #[asn1(tag = 1)]
    pub counter_value: i64,
    #[asn1(tag = 2)]
    pub eim_transaction_id: Option<TransactionId>,
    pub euicc_package: EuiccPackage,
}

/// The operations of one package: all PSMOs or all eCOs (SGP.32 v1.2 2.11.1.1).
/// Automatic tags: `A0` / `A1`.
///
/// ```text
/// EuiccPackage ::= CHOICE { psmoList SEQUENCE OF Psmo, ecoList SEQUENCE OF Eco }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, automatic)]
pub enum EuiccPackage {
    PsmoList(Vec<Psmo>),
    EcoList(Vec<Eco>),
}

/// A Profile State Management Operation (SGP.32 v1.2 2.11.1.1.3). Operations of later
/// versions decode as `Unknown` with their octets kept, so the eUICC can answer
/// `processingTerminated` instead of refusing the whole package.
///
/// ```text
/// Psmo ::= CHOICE {
///    enable [3] SEQUENCE { iccid [APPLICATION 26] Iccid, rollbackFlag NULL OPTIONAL },
///    disable [4] SEQUENCE {iccid [APPLICATION 26] Iccid},
///    delete [5] SEQUENCE {iccid [APPLICATION 26] Iccid},
///    listProfileInfo [45] ProfileInfoListRequest, -- Tag 'BF2D'
///    getRAT [6] SEQUENCE {},
///    configureImmediateEnable [7] SEQUENCE { immediateEnableFlag [0] NULL OPTIONAL,
///       defaultSmdpOid [1] OBJECT IDENTIFIER OPTIONAL,
///       defaultSmdpAddress [2] UTF8String OPTIONAL },
///    setFallbackAttribute [8] SEQUENCE {iccid [APPLICATION 26] Iccid},
///    unsetFallbackAttribute [9] SEQUENCE {},
///    setDefaultDpAddress [101] SGP32-SetDefaultDpAddressRequest -- Tag 'BF65' }
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
    /// The same components as ES10b.ConfigureImmediateProfileEnabling, under `[7]`.
    #[asn1(tag = 7)]
    ConfigureImmediateEnable(ConfigureImmediateProfileEnablingRequest),
    #[asn1(tag = 8)]
    SetFallbackAttribute(PsmoIccid),
    #[asn1(tag = 9)]
    UnsetFallbackAttribute(EmptySequence),
    /// `[101]` is the type's own tag (`BF65`).
    #[asn1(tag = 101)]
    SetDefaultDpAddress(SGP32SetDefaultDpAddressRequest),
    /// An operation of a later version, kept whole.
    #[asn1(other)]
    Unknown(RawTlv),
}

/// `Psmo.enable` (SGP.32 v1.2 2.11.1.1.3). The SEQUENCE has a tagged component, so no
/// automatic tags: `rollbackFlag` is a universal NULL (`05 00`).
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(extensible, name = "enable")]
pub struct PsmoEnable {
    #[asn1(tag = "application 26")]
    pub iccid: Iccid,
    /// Present when the IPA may roll back with ES10b.ProfileRollback.
    pub rollback_flag: Option<Null>,
}

/// `Psmo.disable`, `Psmo.delete` and `Psmo.setFallbackAttribute`: one profile by ICCID
/// (SGP.32 v1.2 2.11.1.1.3).
///
/// ```text
/// SEQUENCE {iccid [APPLICATION 26] Iccid}
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(extensible, name = "SEQUENCE {iccid}")]
pub struct PsmoIccid {
    #[asn1(tag = "application 26")]
    pub iccid: Iccid,
}

/// An eIM Configuration Operation (SGP.32 v1.2 2.11.1.1.2). Operations of later versions
/// decode as `Unknown`.
///
/// ```text
/// Eco ::= CHOICE {
///    addEim [8] EimConfigurationData, deleteEim [9] SEQUENCE {eimId [0] UTF8String},
///    updateEim [10] EimConfigurationData, listEim [11] SEQUENCE {} }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice)]
pub enum Eco {
    #[asn1(tag = 8)]
    AddEim(EimConfigurationData),
    #[asn1(tag = 9)]
    DeleteEim(DeleteEim),
    #[asn1(tag = 10)]
    UpdateEim(EimConfigurationData),
    #[asn1(tag = 11)]
    ListEim(EmptySequence),
    /// An operation of a later version, kept whole.
    #[asn1(other)]
    Unknown(RawTlv),
}

/// `Eco.deleteEim` (SGP.32 v1.2 2.11.1.1.2).
///
/// ```text
/// SEQUENCE {eimId [0] UTF8String}
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(extensible, name = "deleteEim")]
pub struct DeleteEim {
    #[asn1(tag = 0)]
    pub eim_id: String,
}
