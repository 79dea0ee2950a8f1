//! eIM Configuration Data: what an eUICC stores about each associated eIM, installed by
//! ES10b.AddInitialEim or an addEim eCO and read back by GetEimConfigurationData and listEim
//! (SGP.32 v1.2 2.11.1.1.1, 5.9.4, 5.9.18).

use crate::der::{Asn1, Null};
use crate::sgp22::common::named_bits;
use crate::sgp22::{Certificate, SubjectKeyIdentifier, SubjectPublicKeyInfo};

/// One associated eIM as the eUICC knows it (SGP.32 v1.2 2.11.1.1.1). All tags are
/// explicit in the module; the two key CHOICEs are explicitly tagged (`A5`, `A6`) and their
/// alternatives automatically tagged `A0` / `A1`.
///
/// ```text
/// EimConfigurationData ::= SEQUENCE {
///    eimId [0] UTF8String (SIZE(1..128)), eimFqdn [1] UTF8String OPTIONAL,
///    eimIdType [2] EimIdType OPTIONAL, counterValue [3] INTEGER OPTIONAL,
///    associationToken [4] INTEGER OPTIONAL,
///    eimPublicKeyData [5] CHOICE { eimPublicKey SubjectPublicKeyInfo,
///       eimCertificate Certificate } OPTIONAL,
///    trustedPublicKeyDataTls [6] CHOICE { trustedEimPkTls SubjectPublicKeyInfo,
///       trustedCertificateTls Certificate } OPTIONAL,
///    eimSupportedProtocol [7] EimSupportedProtocol OPTIONAL,
///    euiccCiPKId [8] SubjectKeyIdentifier OPTIONAL,
///    indirectProfileDownload [9] NULL OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(extensible)]
pub struct EimConfigurationData {
    #[asn1(tag = 0)]
    pub eim_id: String,
    /// FQDN of the eIM or of an intermediate server.
    #[asn1(tag = 1)]
    pub eim_fqdn: Option<String>,
    #[asn1(tag = 2)]
    pub eim_id_type: Option<EimIdType>,
    /// Initial counterValue for the eIM's eUICC Packages.
    #[asn1(tag = 3)]
    pub counter_value: Option<i64>,
    #[asn1(tag = 4)]
    pub association_token: Option<i64>,
    /// Key (or certificate) that verifies eimSignature.
    #[asn1(tag = 5)]
    pub eim_public_key_data: Option<EimPublicKeyData>,
    /// Key or certificate trusted for (D)TLS with the eIM.
    #[asn1(tag = 6)]
    pub trusted_public_key_data_tls: Option<TrustedPublicKeyDataTls>,
    #[asn1(tag = 7)]
    pub eim_supported_protocol: Option<EimSupportedProtocol>,
    /// CI key identifier the eUICC uses for its signatures towards this eIM.
    #[asn1(tag = 8, name = "euiccCiPKId")]
    pub euicc_ci_pkid: Option<SubjectKeyIdentifier>,
    /// Present when the eIM supports indirect profile download.
    #[asn1(tag = 9)]
    pub indirect_profile_download: Option<Null>,
}

/// `EimConfigurationData.eimPublicKeyData` (SGP.32 v1.2 2.11.1.1.1): X.509 encodings.
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, automatic, name = "eimPublicKeyData")]
pub enum EimPublicKeyData {
    EimPublicKey(SubjectPublicKeyInfo),
    EimCertificate(Certificate),
}

/// `EimConfigurationData.trustedPublicKeyDataTls` (SGP.32 v1.2 2.11.1.1.1): the eIM's
/// (D)TLS key, its certificate or the certificate of its CA.
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, automatic, name = "trustedPublicKeyDataTls")]
pub enum TrustedPublicKeyDataTls {
    TrustedEimPkTls(SubjectPublicKeyInfo),
    TrustedCertificateTls(Certificate),
}

/// How to read an eimId (SGP.32 v1.2 2.11.1.1.1).
///
/// ```text
/// EimIdType ::= INTEGER { eimIdTypeOid(1), eimIdTypeFqdn(2), eimIdTypeProprietary(3) }
/// ```
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer)]
pub enum EimIdType {
    #[asn1(value = 1)]
    EimIdTypeOid,
    #[asn1(value = 2)]
    EimIdTypeFqdn,
    #[asn1(value = 3)]
    EimIdTypeProprietary,
    #[asn1(other)]
    Other(i64),
}

named_bits! {
    /// ESipa transports an eIM supports (SGP.32 v1.2 2.11.1.1.1): retrieve is the IPA
    /// polling (GetEimPackage), inject is the eIM pushing (TransferEimPackage).
    ///
    /// ```text
    /// EimSupportedProtocol ::= BIT STRING { eimRetrieveHttps(0), eimRetrieveCoaps(1),
    ///    eimInjectHttps(2), eimInjectCoaps(3), eimProprietary(4) }
    /// ```
    EimSupportedProtocol {
        EIM_RETRIEVE_HTTPS = 0,
        EIM_RETRIEVE_COAPS = 1,
        EIM_INJECT_HTTPS = 2,
        EIM_INJECT_COAPS = 3,
        EIM_PROPRIETARY = 4,
    }
}

/// One entry of a listEim result (SGP.32 v1.2 2.11.2.1).
///
/// ```text
/// EimIdInfo ::= SEQUENCE {
///    eimId [0] UTF8String (SIZE(1..128)),
///    eimIdType [2] EimIdType OPTIONAL -- present in case of eimIdTypeOid and eimIdTypeFqdn }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(extensible)]
pub struct EimIdInfo {
    #[asn1(tag = 0)]
    pub eim_id: String,
    #[asn1(tag = 2)]
    pub eim_id_type: Option<EimIdType>,
}
