//! The SM-DP+'s credentials (SGP.22 4.5.2): CERT.DPauth.ECDSA and CERT.DPpb.ECDSA with their
//! keys, CERT.DP.TLS for both listeners and as client certificate towards operators, the
//! trusted CIs, and the operator CA that ES2+ client certificates chain to.

use std::path::Path;

use certs::{CertRole, CiAnchor, Pki, verify_dp_cert};
use proto::crypto::SigningKey;

/// What the SM-DP+ signs and presents with.
pub struct Credentials {
    /// CERT.DPauth.ECDSA (DER) and SK.DPauth.ECDSA: serverSignature1.
    pub dp_auth_cert: Vec<u8>,
    pub dp_auth_key: SigningKey,
    /// SKI of the CI that issued CERT.DPauth.ECDSA.
    pub dp_auth_ci: Vec<u8>,
    /// CERT.DPpb.ECDSA (DER) and SK.DPpb.ECDSA: smdpSignature2, smdpSign.
    pub dp_pb_cert: Vec<u8>,
    pub dp_pb_key: SigningKey,
    pub dp_pb_ci: Vec<u8>,
    /// CERT.DP.TLS and its key.
    pub tls: infra::tls::Identity,
    /// dNSName entries of CERT.DP.TLS.
    pub tls_dns_names: Vec<String>,
    /// The SM-DP+ OID (registeredID of CERT.DPauth.ECDSA).
    pub smdp_oid: String,
    /// CIs whose eUICCs the SM-DP+ serves.
    pub cis: Vec<CiAnchor>,
    /// Roots of operator client certificates (DER), for ES2+.
    pub operator_roots: Vec<Vec<u8>>,
    pub operator_anchors: Vec<CiAnchor>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("smdp_oid", &self.smdp_oid)
            .field("tls_dns_names", &self.tls_dns_names)
            .field("cis", &self.cis.len())
            .finish_non_exhaustive()
    }
}

/// Why the credentials are unusable.
#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    #[error(transparent)]
    Pki(#[from] certs::PkiError),
    #[error("{what}: {source}")]
    Chain {
        what: &'static str,
        #[source]
        source: certs::ChainError,
    },
    #[error("{what}: {detail}")]
    Key { what: &'static str, detail: String },
    #[error("generating the lab PKI: {0}")]
    Generate(#[from] certs::GenerateError),
}

fn signing_key(pki: &Pki, role: CertRole) -> Result<(Vec<u8>, SigningKey), CredentialError> {
    let (cred, key) = pki.require_key(role)?;
    let what = role.key_name();
    let scalar = key.secret_scalar().map_err(|e| CredentialError::Key {
        what,
        detail: e.to_string(),
    })?;
    let private =
        proto::crypto::PrivateKey::from_scalar(&scalar).map_err(|e| CredentialError::Key {
            what,
            detail: e.to_string(),
        })?;
    let key = SigningKey::new(private).map_err(|e| CredentialError::Key {
        what,
        detail: e.to_string(),
    })?;
    Ok((cred.cert_der.clone(), key))
}

impl Credentials {
    /// Takes the SM-DP+ credentials out of a PKI and checks them: DPauth, DPpb and DP TLS
    /// chain to the CI and carry the SM-DP+ OID; the operator CA is optional (without it
    /// ES2+ accepts no client).
    pub fn from_pki(pki: &Pki) -> Result<Credentials, CredentialError> {
        let ci = pki.ci_anchor()?;
        let cis = vec![ci];
        let chain = |what, source| CredentialError::Chain { what, source };
        let (dp_auth_cert, dp_auth_key) = signing_key(pki, CertRole::DpAuth)?;
        let auth = verify_dp_cert(&cis, &dp_auth_cert, CertRole::DpAuth, None)
            .map_err(|e| chain("CERT.DPauth.ECDSA", e))?;
        let (dp_pb_cert, dp_pb_key) = signing_key(pki, CertRole::DpPb)?;
        let pb = verify_dp_cert(&cis, &dp_pb_cert, CertRole::DpPb, None)
            .map_err(|e| chain("CERT.DPpb.ECDSA", e))?;
        let (tls_cred, tls_key) = pki.require_key(CertRole::DpTls)?;
        let tls = verify_dp_cert(&cis, &tls_cred.cert_der, CertRole::DpTls, None)
            .map_err(|e| chain("CERT.DP.TLS", e))?;
        let key_pem = tls_key.to_sec1_pem().map_err(|e| CredentialError::Key {
            what: "SK.DP.TLS",
            detail: e.to_string(),
        })?;
        let (operator_roots, operator_anchors) = match pki.get(CertRole::OperatorCa) {
            Some(ca) => (vec![ca.cert_der.clone()], vec![pki.operator_ca_anchor()?]),
            None => (Vec::new(), Vec::new()),
        };
        Ok(Credentials {
            dp_auth_cert,
            dp_auth_key,
            dp_auth_ci: auth.ci_ski,
            dp_pb_cert,
            dp_pb_key,
            dp_pb_ci: pb.ci_ski,
            tls: infra::tls::Identity {
                chain: vec![tls_cred.cert_der.clone()],
                key_pem: key_pem.into_bytes(),
            },
            tls_dns_names: tls.dns_names,
            smdp_oid: auth.smdp_oid.unwrap_or_default(),
            cis,
            operator_roots,
            operator_anchors,
        })
    }

    /// Loads an SGP.26-layout directory.
    pub fn load_dir(dir: &Path) -> Result<Credentials, CredentialError> {
        Credentials::from_pki(&Pki::load_dir(dir)?)
    }

    /// The CI anchor with this SKI.
    pub fn ci(&self, ski: &[u8]) -> Option<&CiAnchor> {
        self.cis.iter().find(|c| c.ski() == ski)
    }
}

/// The lab PKI of a data directory: loaded from `<dir>/pki`, generated there (with the
/// defaults of [`certs::LabPkiOptions`]) when absent.
pub fn data_dir_pki(data_dir: &Path) -> Result<Pki, CredentialError> {
    let dir = data_dir.join("pki");
    if dir.join("DPauth").is_dir() {
        return Ok(Pki::load_dir(&dir)?);
    }
    let pki = certs::generate(&certs::LabPkiOptions::default())?;
    pki.write_dir(&dir)?;
    tracing::info!(dir = %dir.display(), "generated the lab PKI");
    Ok(pki)
}
