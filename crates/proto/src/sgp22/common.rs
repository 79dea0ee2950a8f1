//! Basic types of `RSPDefinitions` (SGP.22 v2.5 section 5 "Functions" and Annex H, the
//! ASN.1 module) and the PKIX types it imports (RFC 5280 4.1, 5.1).
//!
//! Plain OCTET STRINGs with a size constraint are Rust aliases of fixed arrays (or `Vec<u8>`
//! for a size range), so values are built without wrappers; the registry lists them under
//! their ASN.1 names.

use crate::der::{Asn1, BitString, GeneralizedTime, Oid, RawSequence, UtcTime};

/// `Octet1 ::= OCTET STRING (SIZE(1))`
pub type Octet1 = [u8; 1];
/// `Octet2 ::= OCTET STRING (SIZE(2))`
pub type Octet2 = [u8; 2];
/// `Octet4 ::= OCTET STRING (SIZE(4))`
pub type Octet4 = [u8; 4];
/// `Octet8 ::= OCTET STRING (SIZE(8))`
pub type Octet8 = [u8; 8];
/// `Octet16 ::= OCTET STRING (SIZE(16))`
pub type Octet16 = [u8; 16];
/// `Octet32 ::= OCTET STRING (SIZE(32))`
pub type Octet32 = [u8; 32];
/// `OctetTo16 ::= OCTET STRING (SIZE(1..16))`; the range is not enforced by the decoder.
pub type OctetTo16 = Vec<u8>;

/// A version as major, minor, revision octets: `'02 05 00'` is v2.5.0 (SGP.22 5.7.8).
///
/// ```text
/// VersionType ::= OCTET STRING(SIZE(3))
/// ```
pub type VersionType = [u8; 3];

/// The transaction identifier chosen by the RSP server for one session (SGP.22 2.6.5 and
/// 5.6.1); 1 to 16 octets.
///
/// ```text
/// TransactionId ::= OCTET STRING (SIZE(1..16))
/// ```
pub type TransactionId = Vec<u8>;

/// `SubjectKeyIdentifier ::= KeyIdentifier` (RFC 5280 4.2.1.2, imported from
/// `PKIX1Implicit88`): identifies a CI public key in `euiccCiPKIdList...` (SGP.22 5.7.8).
pub type SubjectKeyIdentifier = Vec<u8>;

/// ICCID as coded in EF ICCID: 10 octets, BCD with swapped nibbles and `F` padding
/// (SGP.22 5.7.15). Digit-string conversion lives in the `ids` module.
///
/// ```text
/// Iccid ::= [APPLICATION 26] OCTET STRING (SIZE(10)) -- tag '5A'
/// ```
#[derive(Asn1, Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[asn1(tag = "application 26")]
pub struct Iccid(pub [u8; 10]);

/// Remote operation type of InitialiseSecureChannel (SGP.22 5.5.1).
///
/// ```text
/// RemoteOpId ::= [2] INTEGER {installBoundProfilePackage(1)}
/// ```
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, tag = 2)]
pub enum RemoteOpId {
    #[asn1(value = 1)]
    InstallBoundProfilePackage,
    #[asn1(other)]
    Other(i64),
}

/// An X.509 certificate (RFC 5280 4.1), kept as its DER; the `certs` crate parses it.
///
/// ```text
/// Certificate ::= SEQUENCE { tbsCertificate TBSCertificate,
///    signatureAlgorithm AlgorithmIdentifier, signature BIT STRING }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Certificate(pub RawSequence);

impl Certificate {
    /// The complete DER (`30 ...`).
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

/// An X.509 CRL (RFC 5280 5.1), kept as its DER (SGP.22 5.7.12, 4.5.2.2).
///
/// ```text
/// CertificateList ::= SEQUENCE { tbsCertList TBSCertList,
///    signatureAlgorithm AlgorithmIdentifier, signatureValue BIT STRING }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct CertificateList(pub RawSequence);

impl CertificateList {
    /// The complete DER (`30 ...`).
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

/// A public key with its algorithm (RFC 5280 4.1.2.7), kept as its DER. Not used by
/// `RSPDefinitions` itself; SGP.32 imports it from PKIX next to `Certificate`.
///
/// ```text
/// SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier,
///    subjectPublicKey BIT STRING }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct SubjectPublicKeyInfo(pub RawSequence);

impl SubjectPublicKeyInfo {
    /// The complete DER (`30 ...`).
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

/// A certificate time (RFC 5280 4.1.2.5), imported from `PKIX1Explicit88`.
///
/// ```text
/// Time ::= CHOICE { utcTime UTCTime, generalTime GeneralizedTime }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq, Hash)]
#[asn1(choice)]
pub enum Time {
    UtcTime(UtcTime),
    #[asn1(name = "generalTime")]
    GeneralTime(GeneralizedTime),
}

/// A named-bit BIT STRING: a newtype over [`BitString`] with the bit numbers as constants.
/// DER drops trailing zero bits of named-bit lists (X.690 11.2.2); build values with
/// `from_bits`, which does that.
macro_rules! named_bits {
    (
        $(#[$doc:meta])*
        $name:ident { $($(#[$bdoc:meta])* $bit:ident = $n:literal,)* }
    ) => {
        $(#[$doc])*
        #[derive(crate::der::Asn1, Clone, Debug, Default, PartialEq, Eq, Hash)]
        pub struct $name(pub crate::der::BitString);

        impl $name {
            $($(#[$bdoc])* pub const $bit: usize = $n;)*

            /// The DER value with exactly these bits set.
            pub fn from_bits(bits: &[usize]) -> Self {
                $name(crate::der::BitString::from_bits(bits))
            }

            /// Whether bit `bit` is set.
            pub fn has(&self, bit: usize) -> bool {
                self.0.get(bit)
            }
        }
    };
}
pub(crate) use named_bits;

named_bits! {
    /// Capabilities of the eUICC's profile runtime, imported from the TCA profile package
    /// module (`PEDefinitions` version three, as SGP.22 5.7.8 states).
    ///
    /// ```text
    /// UICCCapability ::= BIT STRING { contactlessSupport(0), usimSupport(1), isimSupport(2),
    ///    csimSupport(3), akaMilenage(4), akaCave(5), akaTuak128(6), akaTuak256(7),
    ///    usimTestAlgorithm(8), rfu2(9), gbaAuthenUsim(10), gbaAuthenISim(11),
    ///    mbmsAuthenUsim(12), eapClient(13), javacard(14), multos(15),
    ///    multipleUsimSupport(16), multipleIsimSupport(17), multipleCsimSupport(18),
    ///    berTlvFileSupport(19), dfLinkSupport(20), catTp(21), getIdentity(22),
    ///    profile-a-x25519(23), profile-b-p256(24), suciCalculatorApi(25),
    ///    dns-resolution(26), scp11ac(27), scp11c-authorization-mechanism(28),
    ///    s16mode(29), eaka(30), iotminimal(31) }
    /// ```
    UICCCapability {
        CONTACTLESS_SUPPORT = 0,
        USIM_SUPPORT = 1,
        ISIM_SUPPORT = 2,
        CSIM_SUPPORT = 3,
        AKA_MILENAGE = 4,
        AKA_CAVE = 5,
        AKA_TUAK128 = 6,
        AKA_TUAK256 = 7,
        USIM_TEST_ALGORITHM = 8,
        RFU2 = 9,
        GBA_AUTHEN_USIM = 10,
        GBA_AUTHEN_ISIM = 11,
        MBMS_AUTHEN_USIM = 12,
        EAP_CLIENT = 13,
        JAVACARD = 14,
        MULTOS = 15,
        MULTIPLE_USIM_SUPPORT = 16,
        MULTIPLE_ISIM_SUPPORT = 17,
        MULTIPLE_CSIM_SUPPORT = 18,
        BER_TLV_FILE_SUPPORT = 19,
        DF_LINK_SUPPORT = 20,
        CAT_TP = 21,
        GET_IDENTITY = 22,
        PROFILE_A_X25519 = 23,
        PROFILE_B_P256 = 24,
        SUCI_CALCULATOR_API = 25,
        DNS_RESOLUTION = 26,
        SCP11AC = 27,
        SCP11C_AUTHORIZATION_MECHANISM = 28,
        S16MODE = 29,
        EAKA = 30,
        IOTMINIMAL = 31,
    }
}

/// `ExpirationDate ::= Time`: the value of the certificate extension `id-rsp-expDate`
/// (SGP.22 4.5.2.1).
pub type ExpirationDate = Time;

/// `TotalPartialCrlNumber ::= INTEGER`: extension `id-rsp-totalPartialCrlNumber` of a
/// segmented CRL (SGP.22 4.5.2.2).
pub type TotalPartialCrlNumber = i64;

/// `PartialCrlNumber ::= INTEGER`: extension `id-rsp-partialCrlNumber` (SGP.22 4.5.2.2).
pub type PartialCrlNumber = i64;

/// `EuiccFormFactorType ::= INTEGER` (SGP.22 4.2, not defined further in v2.5).
pub type EuiccFormFactorType = i64;

/// `CatSupportedClasses ::= BIT STRING` (SGP.22 4.2, not defined further in v2.5).
pub type CatSupportedClasses = BitString;

/// Object identifiers of `RSPDefinitions` (SGP.22 4.5.2: certificate roles and extensions).
pub mod oids {
    /// `id-rsp`: `{joint-iso-itu-t(2) international-organizations(23) gsma(146) rsp(1)}`.
    pub const ID_RSP: &str = "2.23.146.1";
    /// `id-rsp-cert-objects ::= {id-rsp cert-objects(2)}`.
    pub const ID_RSP_CERT_OBJECTS: &str = "2.23.146.1.2";
    /// `id-rspExt ::= {id-rsp-cert-objects 0}`.
    pub const ID_RSP_EXT: &str = "2.23.146.1.2.0";
    /// `id-rspRole ::= {id-rsp-cert-objects 1}`: certificate policy OIDs naming the role.
    pub const ID_RSP_ROLE: &str = "2.23.146.1.2.1";
    /// `id-rspRole-ci`: GSMA CI.
    pub const ID_RSP_ROLE_CI: &str = "2.23.146.1.2.1.0";
    /// `id-rspRole-euicc`: CERT.EUICC.ECDSA.
    pub const ID_RSP_ROLE_EUICC: &str = "2.23.146.1.2.1.1";
    /// `id-rspRole-eum`: CERT.EUM.ECDSA.
    pub const ID_RSP_ROLE_EUM: &str = "2.23.146.1.2.1.2";
    /// `id-rspRole-dp-tls`: CERT.DP.TLS.
    pub const ID_RSP_ROLE_DP_TLS: &str = "2.23.146.1.2.1.3";
    /// `id-rspRole-dp-auth`: CERT.DPauth.ECDSA.
    pub const ID_RSP_ROLE_DP_AUTH: &str = "2.23.146.1.2.1.4";
    /// `id-rspRole-dp-pb`: CERT.DPpb.ECDSA.
    pub const ID_RSP_ROLE_DP_PB: &str = "2.23.146.1.2.1.5";
    /// `id-rspRole-ds-tls`: CERT.DS.TLS.
    pub const ID_RSP_ROLE_DS_TLS: &str = "2.23.146.1.2.1.6";
    /// `id-rspRole-ds-auth`: CERT.DSauth.ECDSA.
    pub const ID_RSP_ROLE_DS_AUTH: &str = "2.23.146.1.2.1.7";
    /// `id-rsp-expDate ::= {id-rspExt 1}`: certificate expiration date extension.
    pub const ID_RSP_EXP_DATE: &str = "2.23.146.1.2.0.1";
    /// `id-rsp-totalPartialCrlNumber ::= {id-rspExt 2}`.
    pub const ID_RSP_TOTAL_PARTIAL_CRL_NUMBER: &str = "2.23.146.1.2.0.2";
    /// `id-rsp-partialCrlNumber ::= {id-rspExt 3}`.
    pub const ID_RSP_PARTIAL_CRL_NUMBER: &str = "2.23.146.1.2.0.3";
}

/// Parses one of the [`oids`] constants (they are valid by construction).
pub fn oid(dotted: &str) -> Option<Oid> {
    dotted.parse().ok()
}
