//! The eIM's credentials: the eIM signing certificate and key (eimSignature on eUICC
//! Packages, SGP.32 v1.2 2.11.1.1), the eIM TLS certificate for ESipa and the operator API,
//! the trusted CIs (eUICC and EUM certificates, the SM-DP+'s TLS certificate), the operator
//! CA that API client certificates chain to, and the operator client credentials the eIM
//! orders profiles with over ES2+.

use std::collections::BTreeMap;
use std::path::Path;

use certs::{CertRole, CiAnchor, Pki, verify_cert};
use infra::tls::Identity;
use proto::crypto::SigningKey;

/// What the eIM signs and presents with.
pub struct Credentials {
    /// CERT.EIM.ECDSA (DER): what eUICCs verify eimSignature with.
    pub eim_cert: Vec<u8>,
    pub eim_key: SigningKey,
    /// commonName of CERT.EIM.ECDSA (the lab's default eimId).
    pub eim_cn: Option<String>,
    /// CERT.EIM.TLS and its key.
    pub tls: Identity,
    /// CERT.EIM.TLS (DER), for the eIM configuration data given to eUICCs.
    pub tls_cert: Vec<u8>,
    /// dNSName entries of CERT.EIM.TLS.
    pub tls_dns_names: Vec<String>,
    /// CIs whose eUICCs the eIM serves.
    pub cis: Vec<CiAnchor>,
    /// The NIST CI as DER (root of the SM-DP+'s TLS certificate by default).
    pub ci_roots: Vec<Vec<u8>>,
    /// Roots of operator client certificates (DER), for the operator API.
    pub operator_roots: Vec<Vec<u8>>,
    pub operator_anchors: Vec<CiAnchor>,
    /// Operator client credentials by operator id (ES2+ towards the SM-DP+).
    pub operators: BTreeMap<String, Identity>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("eim_cn", &self.eim_cn)
            .field("tls_dns_names", &self.tls_dns_names)
            .field("operators", &self.operators.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

pub use server::credentials::CredentialError;

fn key_error(what: &'static str) -> impl Fn(String) -> CredentialError {
    move |detail| CredentialError::Key { what, detail }
}

impl Credentials {
    /// Takes the eIM credentials out of a PKI and checks that the eIM certificates chain to
    /// the CI. The operator CA and operator credentials are optional (without them the
    /// operator API accepts no client and the eIM orders nothing).
    pub fn from_pki(pki: &Pki) -> Result<Credentials, CredentialError> {
        // Every CI of the PKI (NIST first): eUICC chains of either curve set verify; the
        // NIST CI alone roots TLS (rustls' providers have no brainpool).
        let cis = pki.ci_anchors()?;
        let ci_der = pki.require(CertRole::Ci)?.cert_der.clone();
        let chain = |what, source| CredentialError::Chain { what, source };

        let (eim, eim_key) = pki.require_key(CertRole::Eim)?;
        let v = verify_cert(&cis, &eim.cert_der, CertRole::Eim, None)
            .map_err(|e| chain("CERT.EIM.ECDSA", e))?;
        let signing = SigningKey::new(eim_key.clone())
            .map_err(|e| key_error("SK.EIM.ECDSA")(e.to_string()))?;

        let (tls_cred, tls_key) = pki.require_key(CertRole::EimTls)?;
        let tls_v = verify_cert(&cis, &tls_cred.cert_der, CertRole::EimTls, None)
            .map_err(|e| chain("CERT.EIM.TLS", e))?;
        let key_pem = tls_key
            .to_sec1_pem()
            .map_err(|e| key_error("SK.EIM.TLS")(e.to_string()))?;

        let (operator_roots, operator_anchors) = match pki.get(CertRole::OperatorCa) {
            Some(ca) => (vec![ca.cert_der.clone()], vec![pki.operator_ca_anchor()?]),
            None => (Vec::new(), Vec::new()),
        };
        let mut operators = BTreeMap::new();
        for (id, cred) in pki.operators() {
            let Some(key) = &cred.key else { continue };
            let pem = key
                .to_sec1_pem()
                .map_err(|e| key_error("SK.OPERATOR.TLS")(e.to_string()))?;
            operators.insert(
                id.to_string(),
                Identity {
                    chain: vec![cred.cert_der.clone()],
                    key_pem: pem.as_bytes().to_vec(),
                },
            );
        }
        Ok(Credentials {
            eim_cert: eim.cert_der.clone(),
            eim_key: signing,
            eim_cn: v.subject_cn,
            tls: Identity {
                chain: vec![tls_cred.cert_der.clone()],
                key_pem: key_pem.as_bytes().to_vec(),
            },
            tls_cert: tls_cred.cert_der.clone(),
            tls_dns_names: tls_v.dns_names,
            cis,
            ci_roots: vec![ci_der],
            operator_roots,
            operator_anchors,
            operators,
        })
    }

    /// Loads an SGP.26-layout directory.
    pub fn load_dir(dir: &Path) -> Result<Credentials, CredentialError> {
        Credentials::from_pki(&Pki::load_dir(dir)?)
    }
}

/// The lab PKI of a data directory ([`server::credentials::data_dir_pki`]), recognised by
/// its `eIM/` folder.
pub fn data_dir_pki(data_dir: &Path) -> Result<Pki, CredentialError> {
    Ok(server::credentials::data_dir_pki(data_dir, "eIM")?)
}
