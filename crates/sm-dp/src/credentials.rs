//! The SM-DP+'s credentials (SGP.22 4.5.2): CERT.DPauth.ECDSA and CERT.DPpb.ECDSA with their
//! keys under each CI it holds them for (one per curve set, SGP.22 §2.6.1), CERT.DP.TLS for
//! both listeners and as client certificate towards operators (NIST P-256), a second
//! CERT.DP.TLS on brainpoolP256r1 for the ES9+ clients preferring that curve (2.6.1), the
//! trusted CIs, and the operator CA that ES2+ client certificates chain to.

use std::path::Path;

use certs::{CertRole, CiAnchor, Pki, PrivateKey, verify_dp_cert};
use proto::crypto::{Curve, SigningKey};

/// CERT.DPauth.ECDSA and CERT.DPpb.ECDSA with their keys, under one CI. A session uses the
/// set of the CI chosen in InitiateAuthentication (`euiccCiPKIdToBeUsed`).
pub struct CiCredentials {
    /// SKI of the CI both certificates chain to (its `euiccCiPKId`).
    pub ci: Vec<u8>,
    /// The curve of the CI and of both keys; the one-time keys of the session's BPP too.
    pub curve: Curve,
    /// CERT.DPauth.ECDSA (DER) and SK.DPauth.ECDSA: serverSignature1.
    pub dp_auth_cert: Vec<u8>,
    pub dp_auth_key: SigningKey,
    /// CERT.DPpb.ECDSA (DER) and SK.DPpb.ECDSA: smdpSignature2, smdpSign.
    pub dp_pb_cert: Vec<u8>,
    pub dp_pb_key: SigningKey,
}

/// The brainpoolP256r1 CERT.DP.TLS and its key.
#[derive(Clone)]
pub struct BrainpoolTls {
    pub identity: infra::tls::Identity,
    /// notAfter of the certificate (the server warns at start when it is past).
    pub not_after: time::OffsetDateTime,
}

/// What the SM-DP+ signs and presents with.
pub struct Credentials {
    /// DPauth and DPpb per CI, in the order the SM-DP+ prefers them (NIST P-256 first).
    pub signing: Vec<CiCredentials>,
    /// CERT.DP.TLS on NIST P-256 and its key.
    pub tls: infra::tls::Identity,
    /// CERT.DP.TLS on brainpoolP256r1 under the brainpool CI, when the credentials hold one:
    /// ES9+ serves it to the clients that prefer that curve.
    pub tls_brainpool: Option<BrainpoolTls>,
    /// dNSName entries of CERT.DP.TLS.
    pub tls_dns_names: Vec<String>,
    /// notAfter of CERT.DP.TLS (the server warns at start when it is past).
    pub tls_not_after: time::OffsetDateTime,
    /// The SM-DP+ OID (registeredID of CERT.DPauth.ECDSA).
    pub smdp_oid: String,
    /// CIs whose eUICCs the SM-DP+ serves, in a fixed order: the PKI's CI first, then the
    /// further ones by file name (see [`Credentials::load_dir`]), then the configured ones.
    pub cis: Vec<CiAnchor>,
    /// Roots of operator client certificates (DER), for ES2+; empty: ES2+ identifies no
    /// operator and refuses every request (SGP.22 5.3, function requester unknown).
    pub operator_roots: Vec<Vec<u8>>,
    pub operator_anchors: Vec<CiAnchor>,
    /// The SGP.02 SM-DP's credentials, when the PKI holds CERT.DP.ECDSA.
    pub sgp02: Option<crate::sgp02::Sgp02Credentials>,
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

pub use server::credentials::CredentialError;

fn signing_key(
    pki: &Pki,
    role: CertRole,
    curve: Curve,
) -> Result<(Vec<u8>, SigningKey), CredentialError> {
    let (cred, key) = pki.require_key_on(role, curve)?;
    let key = SigningKey::new(key.clone()).map_err(|e| CredentialError::Key {
        what: role.key_name(),
        detail: e.to_string(),
    })?;
    Ok((cred.cert_der.clone(), key))
}

/// DPauth and DPpb of `curve`, both checked under one of `cis` (the same one).
fn ci_credentials(
    pki: &Pki,
    cis: &[CiAnchor],
    curve: Curve,
) -> Result<(CiCredentials, Option<String>), CredentialError> {
    let chain = |what, source| CredentialError::Chain { what, source };
    let (dp_auth_cert, dp_auth_key) = signing_key(pki, CertRole::DpAuth, curve)?;
    let auth = verify_dp_cert(cis, &dp_auth_cert, CertRole::DpAuth, None)
        .map_err(|e| chain("CERT.DPauth.ECDSA", e))?;
    let (dp_pb_cert, dp_pb_key) = signing_key(pki, CertRole::DpPb, curve)?;
    let pb = verify_dp_cert(cis, &dp_pb_cert, CertRole::DpPb, None)
        .map_err(|e| chain("CERT.DPpb.ECDSA", e))?;
    if pb.ci_ski != auth.ci_ski {
        return Err(CredentialError::Key {
            what: "CERT.DPpb.ECDSA",
            detail: "issued by another CI than CERT.DPauth.ECDSA".into(),
        });
    }
    let set = CiCredentials {
        ci: auth.ci_ski,
        curve,
        dp_auth_cert,
        dp_auth_key,
        dp_pb_cert,
        dp_pb_key,
    };
    Ok((set, auth.smdp_oid))
}

fn key_pem(key: &PrivateKey) -> Result<Vec<u8>, CredentialError> {
    let pem = key.to_sec1_pem().map_err(|e| CredentialError::Key {
        what: "SK.DP.TLS",
        detail: e.to_string(),
    })?;
    Ok(pem.as_bytes().to_vec())
}

/// The brainpoolP256r1 CERT.DP.TLS of the PKI, if it has one, checked like the NIST one
/// (role, chain to a trusted CI; SGP.22 2.6.1 keeps the chain on one curve, so that is the
/// brainpool CI) and with its key.
fn brainpool_tls(pki: &Pki, cis: &[CiAnchor]) -> Result<Option<BrainpoolTls>, CredentialError> {
    let Some(cred) = pki.get_on(CertRole::DpTls, Curve::BrainpoolP256r1) else {
        return Ok(None);
    };
    let what = "CERT.DP.TLS (brainpoolP256r1)";
    let checked = verify_dp_cert(cis, &cred.cert_der, CertRole::DpTls, None)
        .map_err(|source| CredentialError::Chain { what, source })?;
    Ok(Some(BrainpoolTls {
        identity: infra::tls::Identity {
            chain: vec![cred.cert_der.clone()],
            key_pem: key_pem(cred.key()?)?,
        },
        not_after: checked.not_after,
    }))
}

impl Credentials {
    /// Takes the SM-DP+ credentials out of a PKI and checks them: DPauth and DPpb of each
    /// curve the PKI has them on chain to that curve's CI and carry the SM-DP+ OID; DP TLS
    /// chains to a CI, and so does the brainpool one when present; the operator CA is
    /// optional (without it ES2+ accepts no client).
    pub fn from_pki(pki: &Pki) -> Result<Credentials, CredentialError> {
        let cis = pki.ci_anchors()?;
        let chain = |what, source| CredentialError::Chain { what, source };
        let mut signing = Vec::new();
        let mut smdp_oid = None;
        for curve in pki.curves(CertRole::DpAuth) {
            let (set, oid) = ci_credentials(pki, &cis, curve)?;
            smdp_oid = smdp_oid.or(oid);
            signing.push(set);
        }
        if signing.is_empty() {
            pki.require_key(CertRole::DpAuth)?;
        }
        let (tls_cred, tls_key) = pki.require_key_on(CertRole::DpTls, Curve::NistP256)?;
        let tls = verify_dp_cert(&cis, &tls_cred.cert_der, CertRole::DpTls, None)
            .map_err(|e| chain("CERT.DP.TLS", e))?;
        let key_pem = key_pem(tls_key)?;
        let tls_brainpool = brainpool_tls(pki, &cis)?;
        let (operator_roots, operator_anchors) = match pki.get(CertRole::OperatorCa) {
            Some(ca) => (vec![ca.cert_der.clone()], vec![pki.operator_ca_anchor()?]),
            None => (Vec::new(), Vec::new()),
        };
        Ok(Credentials {
            signing,
            tls: infra::tls::Identity {
                chain: vec![tls_cred.cert_der.clone()],
                key_pem,
            },
            tls_brainpool,
            tls_dns_names: tls.dns_names,
            tls_not_after: tls.not_after,
            smdp_oid: smdp_oid.unwrap_or_default(),
            cis,
            operator_roots,
            operator_anchors,
            sgp02: crate::sgp02::Sgp02Credentials::from_pki(pki)?,
        })
    }

    /// Loads an SGP.26-layout directory. Every `CertificateIssuer/*.der` is a trusted CI (by
    /// file name, after the PKI's own `CERT_CI_ECDSA_NIST.der` and `_BRP.der`), including the
    /// SGP.26 set's brainpoolP256r1 CI; a certificate that cannot be a CI anchor is skipped
    /// with a warning.
    pub fn load_dir(dir: &Path) -> Result<Credentials, CredentialError> {
        let mut creds = Credentials::from_pki(&Pki::load_dir(dir)?)?;
        let ci_dir = dir.join("CertificateIssuer");
        let mut files: Vec<_> = std::fs::read_dir(&ci_dir)
            .map_err(|e| CredentialError::Io {
                path: ci_dir.clone(),
                source: e,
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("der")))
            .collect();
        files.sort();
        for path in files {
            let der = std::fs::read(&path).map_err(|e| CredentialError::Io {
                path: path.clone(),
                source: e,
            })?;
            match CiAnchor::from_der(&der) {
                Ok(ci) => creds.trust_ci(ci),
                Err(e) => {
                    tracing::warn!(file = %path.display(), error = %e, "not a usable CI: skipped")
                }
            }
        }
        Ok(creds)
    }

    /// Adds a trusted CI unless one with the same key identifier is already trusted.
    pub fn trust_ci(&mut self, ci: CiAnchor) {
        if self.ci(ci.ski()).is_none() {
            self.cis.push(ci);
        }
    }

    /// Adds trusted CIs given as DER certificates (the configuration's `trusted_cis`); each
    /// must be a CI root (policy id-rspRole-ci).
    pub fn trust_ci_certs(&mut self, ders: &[Vec<u8>]) -> Result<(), CredentialError> {
        for der in ders {
            let what = "trusted CI";
            let ci = CiAnchor::from_der(der)
                .map_err(|source| CredentialError::Chain { what, source })?;
            if ci.role() != CertRole::Ci {
                return Err(CredentialError::Role {
                    what,
                    found: ci.role(),
                });
            }
            self.trust_ci(ci);
        }
        Ok(())
    }

    /// Replaces the operator CAs (the configuration's `operator_ca`); each must be an
    /// operator CA of the lab's form (its certificate policy), as `rsp-lab certs generate`
    /// makes them.
    pub fn set_operator_cas(&mut self, ders: &[Vec<u8>]) -> Result<(), CredentialError> {
        let mut anchors = Vec::new();
        for der in ders {
            let what = "operator CA";
            let ca = CiAnchor::from_der(der)
                .map_err(|source| CredentialError::Chain { what, source })?;
            if ca.role() != CertRole::OperatorCa {
                return Err(CredentialError::Role {
                    what,
                    found: ca.role(),
                });
            }
            anchors.push(ca);
        }
        self.operator_roots = ders.to_vec();
        self.operator_anchors = anchors;
        Ok(())
    }

    /// The CI anchor with this SKI.
    pub fn ci(&self, ski: &[u8]) -> Option<&CiAnchor> {
        self.cis.iter().find(|c| c.ski() == ski)
    }

    /// DPauth and DPpb under the CI with this SKI.
    pub fn signing_for(&self, ci: &[u8]) -> Option<&CiCredentials> {
        self.signing.iter().find(|s| s.ci == ci)
    }
}

/// The lab PKI of a data directory ([`server::credentials::data_dir_pki`]), recognised by
/// its `DPauth/` folder.
pub fn data_dir_pki(data_dir: &Path) -> Result<Pki, CredentialError> {
    Ok(server::credentials::data_dir_pki(data_dir, "DPauth")?)
}
