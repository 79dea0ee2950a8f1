//! Certificate roles and the object identifiers that name them.
//!
//! SGP.22 v2.5 §4.5.2 gives every certificate of the RSP ecosystem a certificate policy OID
//! under `id-rspRole` (RSPDefinitions):
//!
//! ```text
//! id-rspRole OBJECT IDENTIFIER ::= {joint-iso-itu-t(2) international-organizations(23)
//!     gsma(146) rsp(1) cert-objects(2) 1}
//! id-rspRole-ci       {id-rspRole 0}    id-rspRole-dp-tls  {id-rspRole 3}
//! id-rspRole-euicc    {id-rspRole 1}    id-rspRole-dp-auth {id-rspRole 4}
//! id-rspRole-eum      {id-rspRole 2}    id-rspRole-dp-pb   {id-rspRole 5}
//! id-rspRole-ds-tls   {id-rspRole 6}    id-rspRole-ds-auth {id-rspRole 7}
//! ```
//!
//! The GSMA defines no policy OID for the lab's other certificates (the eIM signing key, the
//! eIM TLS server, operator client certificates and the operator CA). The lab takes them from
//! the `example` arc `2.999` (ITU-T X.660 Annex D: free for documentation and tests, the arc
//! SGP.26 itself uses for its test SM-DP+ OIDs), under `2.999.146`:
//!
//! | role | policy OID |
//! |---|---|
//! | eIM signing (CERT.EIM.ECDSA, SGP.32 ESep) | `2.999.146.1.0` |
//! | eIM TLS server (ESipa, operator API) | `2.999.146.1.1` |
//! | operator CA (root of ES2+ / operator-API client certificates) | `2.999.146.1.2` |
//! | operator TLS client (ES2+, operator API) | `2.999.146.1.3` |
//! | SM-SR TLS (ES3/ES4/ES7 server and client, SGP.02 2.3) | `2.999.146.1.4` |

use std::fmt;

/// `id-rspRole` (SGP.22 §4.5.2, RSPDefinitions).
pub const ID_RSP_ROLE: &str = "2.23.146.1.2.1";

/// `id-ce-certificatePolicies` (RFC 5280 §4.2.1.4).
pub const ID_CE_CERTIFICATE_POLICIES: &str = "2.5.29.32";
/// `id-ce-subjectKeyIdentifier` (RFC 5280 §4.2.1.2).
pub const ID_CE_SUBJECT_KEY_IDENTIFIER: &str = "2.5.29.14";
/// `id-ce-subjectAltName` (RFC 5280 §4.2.1.6).
pub const ID_CE_SUBJECT_ALT_NAME: &str = "2.5.29.17";
/// `id-ce-nameConstraints` (RFC 5280 §4.2.1.10).
pub const ID_CE_NAME_CONSTRAINTS: &str = "2.5.29.30";
/// `id-ce-extKeyUsage` (RFC 5280 §4.2.1.12).
pub const ID_CE_EXT_KEY_USAGE: &str = "2.5.29.37";
/// `id-kp-serverAuth` (RFC 5280 §4.2.1.12).
pub const ID_KP_SERVER_AUTH: &str = "1.3.6.1.5.5.7.3.1";
/// `id-kp-clientAuth` (RFC 5280 §4.2.1.12).
pub const ID_KP_CLIENT_AUTH: &str = "1.3.6.1.5.5.7.3.2";
/// `id-at-serialNumber` (X.520), which carries the EID in CERT.EUICC.ECDSA and the EIN prefix
/// in the EUM's name constraints (SGP.22 §4.5.2.1.0.2, §4.5.2.1.0.3).
pub const ID_AT_SERIAL_NUMBER: &str = "2.5.4.5";
/// `id-ecPublicKey` (RFC 5480).
pub const ID_EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
/// `secp256r1` / NIST P-256 (RFC 5480).
pub const SECP256R1: &str = "1.2.840.10045.3.1.7";
/// `ecdsa-with-SHA256` (RFC 5758).
pub const ECDSA_WITH_SHA256: &str = "1.2.840.10045.4.3.2";

/// The role a certificate plays, as named by its certificate policy OID.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CertRole {
    /// CERT.CI.ECDSA: the GSMA Certificate Issuer, the trust anchor (`id-rspRole-ci`).
    Ci,
    /// CERT.EUICC.ECDSA, issued by the EUM; subject serialNumber = EID (`id-rspRole-euicc`).
    Euicc,
    /// CERT.EUM.ECDSA, the eUICC manufacturer's sub-CA (`id-rspRole-eum`).
    Eum,
    /// CERT.DP.TLS, the SM-DP+ HTTPS server (`id-rspRole-dp-tls`).
    DpTls,
    /// CERT.DPauth.ECDSA, signs serverSigned1 (`id-rspRole-dp-auth`).
    DpAuth,
    /// CERT.DPpb.ECDSA, signs smdpSigned2 and the BPP (`id-rspRole-dp-pb`).
    DpPb,
    /// CERT.DS.TLS, the SM-DS HTTPS server (`id-rspRole-ds-tls`).
    DsTls,
    /// CERT.DSauth.ECDSA (`id-rspRole-ds-auth`).
    DsAuth,
    /// The eIM signing certificate (SGP.32 ESep eimSignature); lab policy OID.
    Eim,
    /// The eIM's TLS server certificate (ESipa, operator API); lab policy OID.
    EimTls,
    /// The CA of operator client certificates; lab policy OID.
    OperatorCa,
    /// An operator's TLS client certificate (ES2+, operator API); lab policy OID.
    OperatorClient,
    /// The SM-SR's TLS certificate, server and client (SGP.02 2.3: ES3, ES4 and ES7 run over
    /// mutually authenticated TLS); lab policy OID.
    SmSrTls,
}

impl CertRole {
    /// Every role, GSMA ones first.
    pub const ALL: [CertRole; 13] = [
        CertRole::Ci,
        CertRole::Euicc,
        CertRole::Eum,
        CertRole::DpTls,
        CertRole::DpAuth,
        CertRole::DpPb,
        CertRole::DsTls,
        CertRole::DsAuth,
        CertRole::Eim,
        CertRole::EimTls,
        CertRole::OperatorCa,
        CertRole::OperatorClient,
        CertRole::SmSrTls,
    ];

    /// The certificate policy OID of the role, dotted.
    pub fn policy_oid(self) -> &'static str {
        match self {
            CertRole::Ci => "2.23.146.1.2.1.0",
            CertRole::Euicc => "2.23.146.1.2.1.1",
            CertRole::Eum => "2.23.146.1.2.1.2",
            CertRole::DpTls => "2.23.146.1.2.1.3",
            CertRole::DpAuth => "2.23.146.1.2.1.4",
            CertRole::DpPb => "2.23.146.1.2.1.5",
            CertRole::DsTls => "2.23.146.1.2.1.6",
            CertRole::DsAuth => "2.23.146.1.2.1.7",
            CertRole::Eim => "2.999.146.1.0",
            CertRole::EimTls => "2.999.146.1.1",
            CertRole::OperatorCa => "2.999.146.1.2",
            CertRole::OperatorClient => "2.999.146.1.3",
            CertRole::SmSrTls => "2.999.146.1.4",
        }
    }

    /// The role named by a policy OID, if it is one of ours.
    pub fn from_policy_oid(oid: &str) -> Option<CertRole> {
        CertRole::ALL.into_iter().find(|r| r.policy_oid() == oid)
    }

    /// Whether the GSMA defines this role (`id-rspRole`), as opposed to a lab role.
    pub fn is_gsma(self) -> bool {
        self.policy_oid().starts_with(ID_RSP_ROLE)
    }

    /// Whether certificates of this role are self-signed trust anchors.
    pub fn is_root(self) -> bool {
        matches!(self, CertRole::Ci | CertRole::OperatorCa)
    }

    /// The root role that issues this role's chain.
    pub fn anchor_role(self) -> CertRole {
        match self {
            CertRole::OperatorCa | CertRole::OperatorClient => CertRole::OperatorCa,
            _ => CertRole::Ci,
        }
    }

    /// The name the specifications give the certificate.
    pub fn cert_name(self) -> &'static str {
        match self {
            CertRole::Ci => "CERT.CI.ECDSA",
            CertRole::Euicc => "CERT.EUICC.ECDSA",
            CertRole::Eum => "CERT.EUM.ECDSA",
            CertRole::DpTls => "CERT.DP.TLS",
            CertRole::DpAuth => "CERT.DPauth.ECDSA",
            CertRole::DpPb => "CERT.DPpb.ECDSA",
            CertRole::DsTls => "CERT.DS.TLS",
            CertRole::DsAuth => "CERT.DSauth.ECDSA",
            CertRole::Eim => "CERT.EIM.ECDSA",
            CertRole::EimTls => "CERT.EIM.TLS",
            CertRole::OperatorCa => "CERT.OPERATOR.CA",
            CertRole::OperatorClient => "CERT.OPERATOR.TLS",
            CertRole::SmSrTls => "CERT.SR.TLS",
        }
    }

    /// The name of the matching private key (SK.xxx).
    pub fn key_name(self) -> &'static str {
        match self {
            CertRole::Ci => "SK.CI.ECDSA",
            CertRole::Euicc => "SK.EUICC.ECDSA",
            CertRole::Eum => "SK.EUM.ECDSA",
            CertRole::DpTls => "SK.DP.TLS",
            CertRole::DpAuth => "SK.DPauth.ECDSA",
            CertRole::DpPb => "SK.DPpb.ECDSA",
            CertRole::DsTls => "SK.DS.TLS",
            CertRole::DsAuth => "SK.DSauth.ECDSA",
            CertRole::Eim => "SK.EIM.ECDSA",
            CertRole::EimTls => "SK.EIM.TLS",
            CertRole::OperatorCa => "SK.OPERATOR.CA",
            CertRole::OperatorClient => "SK.OPERATOR.TLS",
            CertRole::SmSrTls => "SK.SR.TLS",
        }
    }
}

impl fmt::Display for CertRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.cert_name())
    }
}

/// Parses a dotted OID into arcs, for rcgen.
pub(crate) fn arcs(dotted: &str) -> Option<Vec<u64>> {
    dotted.split('.').map(|a| a.parse::<u64>().ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sgp22_4_5_2_role_oids_round_trip() {
        for role in CertRole::ALL {
            assert_eq!(CertRole::from_policy_oid(role.policy_oid()), Some(role));
        }
        assert_eq!(
            CertRole::from_policy_oid("2.23.146.1.2.1.4"),
            Some(CertRole::DpAuth)
        );
        assert!(CertRole::DpPb.is_gsma());
        assert!(!CertRole::Eim.is_gsma());
        assert_eq!(CertRole::from_policy_oid("2.23.146.1.2.1.99"), None);
    }
}
