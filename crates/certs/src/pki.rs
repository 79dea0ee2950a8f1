//! The lab PKI in memory: one optional credential per role and curve, so that each role
//! asks for what it needs and gets a clear error naming the missing certificate or key file.
//! A PKI may carry both curve sets (the guide's "Curve sets"): a CI per curve, each with its own
//! EUM, eUICC, DPauth and DPpb, and the brainpool set a DP TLS certificate too; eIM and
//! operator credentials are NIST P-256 only.

use std::collections::BTreeMap;
use std::path::PathBuf;

use proto::crypto::{Curve, PublicKey, pem};
use thiserror::Error;

use crate::gp::{GpCertError, GpCredential};
use crate::key::{KeyError, PrivateKey};
use crate::layout::{SmdsSite, operator_files, role_files_on, smds_files_on};
use crate::oid::CertRole;
use crate::verify::{ChainError, CiAnchor};

/// A certificate and, when known, its private key.
#[derive(Clone, Debug, PartialEq)]
pub struct Credential {
    /// The role the credential was made or loaded for.
    pub role: CertRole,
    /// The certificate, DER.
    pub cert_der: Vec<u8>,
    /// The private key (absent, e.g., for a GSMA CI or a loaded EUM without its key).
    pub key: Option<PrivateKey>,
}

impl Credential {
    /// The private key, or [`PkiError::MissingKey`].
    pub fn key(&self) -> Result<&PrivateKey, PkiError> {
        self.key.as_ref().ok_or_else(|| PkiError::MissingKey {
            what: self.role.key_name(),
            file: role_files_on(self.role, self.curve()).map(|f| f.secret_key()),
        })
    }

    /// The curve of the certificate's key (NIST P-256 when the certificate names none of
    /// ours; verification then says what is wrong with it).
    pub fn curve(&self) -> Curve {
        PublicKey::from_certificate_der(&self.cert_der)
            .map(|k| k.curve())
            .unwrap_or(Curve::NistP256)
    }

    /// The certificate as PEM.
    pub fn cert_pem(&self) -> String {
        pem::encode_block("CERTIFICATE", &self.cert_der)
    }

    /// The certificate for rustls.
    pub fn cert_rustls(&self) -> rustls::pki_types::CertificateDer<'static> {
        rustls::pki_types::CertificateDer::from(self.cert_der.clone())
    }
}

/// Errors of the PKI as a whole: missing parts, files, keys.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum PkiError {
    #[error("missing {what}{}", file.as_ref().map(|f| format!(" (expected {})", f.display())).unwrap_or_default())]
    MissingCert {
        what: &'static str,
        file: Option<PathBuf>,
    },
    #[error("missing {what}{}", file.as_ref().map(|f| format!(" (expected {})", f.display())).unwrap_or_default())]
    MissingKey {
        what: &'static str,
        file: Option<PathBuf>,
    },
    #[error("no operator {0:?} in the PKI")]
    UnknownOperator(String),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Key {
        path: PathBuf,
        #[source]
        source: KeyError,
    },
    #[error("{path}: {source}")]
    Chain {
        path: PathBuf,
        #[source]
        source: ChainError,
    },
    #[error("{0}")]
    Anchor(#[from] ChainError),
    #[error("{path}: {source}")]
    GpCertificate {
        path: PathBuf,
        #[source]
        source: GpCertError,
    },
    #[error("{path}: the private key does not match the certificate's public key")]
    KeyMismatch { path: PathBuf },
}

/// The lab PKI: CI, EUM, eUICC, SM-DP+ (DPauth, DPpb, DP TLS), the root SM-DS (DSauth,
/// DS TLS) and an alternative one, eIM (signing and TLS), operator CA and operator client
/// credentials. Every part is optional; a directory with
/// only some roles (such as SGP.26's public set) loads into the parts it has.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pki {
    roles: BTreeMap<(CertRole, Curve), Credential>,
    /// The alternative SM-DS's DSauth and DS TLS (the root SM-DS's are in `roles`).
    alternative_smds: BTreeMap<(CertRole, Curve), Credential>,
    operators: BTreeMap<String, Credential>,
    /// CERT.SR.ECDSA (GP Amendment E form) and SK.SR.ECDSA.
    sr_ecdsa: Option<GpCredential>,
    /// CERT.DP.ECDSA (GP Amendment E form) and SK.DP.ECDSA of the SGP.02 SM-DP.
    dp_ecdsa: Option<GpCredential>,
}

impl Pki {
    /// An empty PKI.
    pub fn new() -> Pki {
        Pki::default()
    }

    /// Stores CERT.SR.ECDSA and its key.
    pub fn insert_sr_ecdsa(&mut self, cred: GpCredential) {
        self.sr_ecdsa = Some(cred);
    }

    /// CERT.SR.ECDSA and its key, if the PKI has them.
    pub fn sr_ecdsa(&self) -> Option<&GpCredential> {
        self.sr_ecdsa.as_ref()
    }

    /// CERT.SR.ECDSA with SK.SR.ECDSA, or which file is missing.
    pub fn require_sr_ecdsa(&self) -> Result<(&GpCredential, &PrivateKey), PkiError> {
        let files = crate::layout::SR_ECDSA_FILES;
        require_gp(
            self.sr_ecdsa.as_ref(),
            files,
            ("CERT.SR.ECDSA", "SK.SR.ECDSA"),
        )
    }

    /// Stores the SGP.02 SM-DP's CERT.DP.ECDSA and its key.
    pub fn insert_dp_ecdsa(&mut self, cred: GpCredential) {
        self.dp_ecdsa = Some(cred);
    }

    /// CERT.DP.ECDSA and its key, if the PKI has them.
    pub fn dp_ecdsa(&self) -> Option<&GpCredential> {
        self.dp_ecdsa.as_ref()
    }

    /// CERT.DP.ECDSA with SK.DP.ECDSA, or which file is missing.
    pub fn require_dp_ecdsa(&self) -> Result<(&GpCredential, &PrivateKey), PkiError> {
        let files = crate::layout::DP_ECDSA_FILES;
        require_gp(
            self.dp_ecdsa.as_ref(),
            files,
            ("CERT.DP.ECDSA", "SK.DP.ECDSA"),
        )
    }

    /// Stores a credential under its role and curve (an operator credential goes through
    /// [`Pki::insert_operator`]).
    pub fn insert(&mut self, cred: Credential) {
        self.roles.insert((cred.role, cred.curve()), cred);
    }

    /// Stores an operator's client credential.
    pub fn insert_operator(&mut self, id: &str, cred: Credential) {
        self.operators.insert(id.to_string(), cred);
    }

    /// Stores an SM-DS credential (DSauth or DS TLS) of `site`; the root SM-DS's are the
    /// PKI's [`CertRole::DsAuth`] and [`CertRole::DsTls`] credentials.
    pub fn insert_smds(&mut self, site: SmdsSite, cred: Credential) {
        match site {
            SmdsSite::Root => self.insert(cred),
            SmdsSite::Alternative => {
                self.alternative_smds
                    .insert((cred.role, cred.curve()), cred);
            }
        }
    }

    /// The SM-DS credential of `site`, `role` and `curve`, if present.
    pub fn smds_on(&self, site: SmdsSite, role: CertRole, curve: Curve) -> Option<&Credential> {
        match site {
            SmdsSite::Root => self.get_on(role, curve),
            SmdsSite::Alternative => self.alternative_smds.get(&(role, curve)),
        }
    }

    /// The curves the SM-DS of `site` has a `role` credential on, NIST first.
    pub fn smds_curves(&self, site: SmdsSite, role: CertRole) -> Vec<Curve> {
        Curve::ALL
            .into_iter()
            .filter(|c| self.smds_on(site, role, *c).is_some())
            .collect()
    }

    /// The SM-DS credential of `site`, `role` and `curve` with its private key, or
    /// [`PkiError::MissingCert`] / [`PkiError::MissingKey`] naming the expected file.
    pub fn require_smds_key_on(
        &self,
        site: SmdsSite,
        role: CertRole,
        curve: Curve,
    ) -> Result<(&Credential, &PrivateKey), PkiError> {
        let files = smds_files_on(site, role, curve);
        let cred = self
            .smds_on(site, role, curve)
            .ok_or_else(|| PkiError::MissingCert {
                what: role.cert_name(),
                file: files.map(|f| f.cert_der()),
            })?;
        let key = cred.key.as_ref().ok_or_else(|| PkiError::MissingKey {
            what: role.key_name(),
            file: files.map(|f| f.secret_key()),
        })?;
        Ok((cred, key))
    }

    /// The alternative SM-DS's credentials, in [`CertRole`] order, NIST first.
    pub fn alternative_smds(&self) -> impl Iterator<Item = &Credential> {
        self.alternative_smds.values()
    }

    /// The credential of a role, if present: the NIST P-256 one when there is one, else the
    /// brainpoolP256r1 one.
    pub fn get(&self, role: CertRole) -> Option<&Credential> {
        Curve::ALL.iter().find_map(|c| self.get_on(role, *c))
    }

    /// The credential of a role on `curve`, if present.
    pub fn get_on(&self, role: CertRole, curve: Curve) -> Option<&Credential> {
        self.roles.get(&(role, curve))
    }

    /// The curves a role has a credential on, NIST first.
    pub fn curves(&self, role: CertRole) -> Vec<Curve> {
        Curve::ALL
            .into_iter()
            .filter(|c| self.roles.contains_key(&(role, *c)))
            .collect()
    }

    /// The credential of a role ([`Pki::get`]), or [`PkiError::MissingCert`] naming the
    /// expected file.
    pub fn require(&self, role: CertRole) -> Result<&Credential, PkiError> {
        self.get(role)
            .ok_or_else(|| missing_cert(role, Curve::NistP256))
    }

    /// The credential of a role on `curve`, or [`PkiError::MissingCert`].
    pub fn require_on(&self, role: CertRole, curve: Curve) -> Result<&Credential, PkiError> {
        self.get_on(role, curve)
            .ok_or_else(|| missing_cert(role, curve))
    }

    /// The credential of a role with its private key present.
    pub fn require_key(&self, role: CertRole) -> Result<(&Credential, &PrivateKey), PkiError> {
        let cred = self.require(role)?;
        Ok((cred, cred.key()?))
    }

    /// The credential of a role on `curve` with its private key present.
    pub fn require_key_on(
        &self,
        role: CertRole,
        curve: Curve,
    ) -> Result<(&Credential, &PrivateKey), PkiError> {
        let cred = self.require_on(role, curve)?;
        Ok((cred, cred.key()?))
    }

    /// Credentials present, in [`CertRole`] order, NIST before brainpool within a role.
    pub fn roles(&self) -> impl Iterator<Item = &Credential> {
        self.roles.values()
    }

    /// An operator's client credential.
    pub fn operator(&self, id: &str) -> Result<&Credential, PkiError> {
        self.operators.get(id).ok_or_else(|| {
            if self.operators.is_empty() {
                PkiError::MissingCert {
                    what: CertRole::OperatorClient.cert_name(),
                    file: Some(operator_files(id)[0].clone()),
                }
            } else {
                PkiError::UnknownOperator(id.to_string())
            }
        })
    }

    /// Operators by id.
    pub fn operators(&self) -> impl Iterator<Item = (&str, &Credential)> {
        self.operators.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The CI as a verified trust anchor for GSMA chains (the NIST one when there is one).
    pub fn ci_anchor(&self) -> Result<CiAnchor, PkiError> {
        Ok(CiAnchor::from_der(&self.require(CertRole::Ci)?.cert_der)?)
    }

    /// Every CI of the PKI (one per curve) as verified trust anchors, NIST first.
    pub fn ci_anchors(&self) -> Result<Vec<CiAnchor>, PkiError> {
        let mut out = Vec::new();
        for curve in self.curves(CertRole::Ci) {
            out.push(CiAnchor::from_der(
                &self.require_on(CertRole::Ci, curve)?.cert_der,
            )?);
        }
        if out.is_empty() {
            return Err(missing_cert(CertRole::Ci, Curve::NistP256));
        }
        Ok(out)
    }

    /// The operator CA as a verified trust anchor for operator client certificates.
    pub fn operator_ca_anchor(&self) -> Result<CiAnchor, PkiError> {
        Ok(CiAnchor::from_der(
            &self.require(CertRole::OperatorCa)?.cert_der,
        )?)
    }
}

fn missing_cert(role: CertRole, curve: Curve) -> PkiError {
    PkiError::MissingCert {
        what: role.cert_name(),
        file: role_files_on(role, curve).map(|f| f.cert_der()),
    }
}

/// A GP credential with its key, or which file is missing.
fn require_gp<'a>(
    cred: Option<&'a GpCredential>,
    files: crate::layout::RoleFiles,
    (cert, key): (&'static str, &'static str),
) -> Result<(&'a GpCredential, &'a PrivateKey), PkiError> {
    let cred = cred.ok_or(PkiError::MissingCert {
        what: cert,
        file: Some(files.cert_der()),
    })?;
    let k = cred.key.as_ref().ok_or(PkiError::MissingKey {
        what: key,
        file: Some(files.secret_key()),
    })?;
    Ok((cred, k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_parts_name_the_sgp26_file() {
        let pki = Pki::new();
        let err = pki.require(CertRole::DpPb).unwrap_err().to_string();
        assert_eq!(
            err,
            "missing CERT.DPpb.ECDSA (expected DPpb/CERT_S_SM_DPpb_ECDSA_NIST.der)"
        );
        let mut pki = Pki::new();
        pki.insert(Credential {
            role: CertRole::Ci,
            cert_der: vec![],
            key: None,
        });
        let err = pki.require_key(CertRole::Ci).unwrap_err().to_string();
        assert_eq!(
            err,
            "missing SK.CI.ECDSA (expected CertificateIssuer/SK_CI_ECDSA_NIST.pem)"
        );
    }
}
