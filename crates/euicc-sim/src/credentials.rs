//! The eUICC's credentials (SGP.22 2.6.2, 4.5.2): CERT.EUICC.ECDSA with SK.EUICC.ECDSA and
//! CERT.EUM.ECDSA, once per curve set it has (SGP.22 2.6.1: an eUICC may carry NIST P-256
//! and brainpoolP256r1 chains, one EID), and the CI certificates it trusts (PK.CI.ECDSA for
//! verifying SM-DP+ certificates). Checked and parsed once when loaded; every request then
//! uses the parsed form. In a download the eUICC signs with the chain under the CI the
//! SM-DP+ chose (`euiccCiPKIdToBeUsed`, SGP.22 5.7.13); elsewhere with its first chain.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use certs::verify::ChainError;
use certs::{CertRole, CiAnchor, Pki, PkiError, VerifiedEum, verify_euicc_chain};
use proto::crypto::{Curve, KeyError, PrivateKey, PublicKey, SignatureError, SigningKey};
use proto::ids::{Eid, EidError};

/// Why credentials are refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialsError {
    #[error("trusted CI certificate: {0}")]
    Ci(ChainError),
    #[error("no CI certificate to trust")]
    NoCi,
    #[error("the eUICC's own chain CI → EUM → eUICC does not verify: {0}")]
    Chain(ChainError),
    #[error("SK.EUICC.ECDSA: {0}")]
    Key(#[from] KeyError),
    #[error("SK.EUICC.ECDSA does not match the public key of CERT.EUICC.ECDSA")]
    KeyMismatch,
    #[error("EID in CERT.EUICC.ECDSA: {0}")]
    Eid(#[from] EidError),
    #[error(transparent)]
    Pki(#[from] PkiError),
    #[error("a second CERT.EUICC.ECDSA must carry the same EID ({first}), not {found}")]
    OtherEid { first: String, found: String },
}

/// One certificate chain of the eUICC: CERT.EUICC.ECDSA, CERT.EUM.ECDSA and SK.EUICC.ECDSA,
/// under one CI and so on one curve.
pub struct EuiccChain {
    euicc_cert: Arc<[u8]>,
    /// Shared: every eUICC of a fleet under one EUM holds it once.
    eum_cert: Arc<[u8]>,
    key: SigningKey,
    /// SKI of the CI the chain ends at (an entry of `euiccCiPKIdListForSigning`).
    ci: Vec<u8>,
}

impl EuiccChain {
    /// CERT.EUICC.ECDSA, DER.
    pub fn euicc_certificate(&self) -> &[u8] {
        &self.euicc_cert
    }

    /// CERT.EUM.ECDSA, DER.
    pub fn eum_certificate(&self) -> &[u8] {
        &self.eum_cert
    }

    /// CERT.EUICC.ECDSA and CERT.EUM.ECDSA, shared rather than copied.
    pub fn certificates_shared(&self) -> (Arc<[u8]>, Arc<[u8]>) {
        (self.euicc_cert.clone(), self.eum_cert.clone())
    }

    /// SKI of the CI the chain ends at.
    pub fn ci(&self) -> &[u8] {
        &self.ci
    }

    /// The curve of the chain.
    pub fn curve(&self) -> Curve {
        self.key.public_key().curve()
    }

    /// SK.EUICC.ECDSA (for persisting it).
    pub fn private_key(&self) -> &PrivateKey {
        self.key.private_key()
    }

    /// ECDSA with SK.EUICC.ECDSA over `message`: raw `r ‖ s` for a `5F37` field.
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SignatureError> {
        Ok(self.key.sign(message)?.as_raw().to_vec())
    }
}

/// What the eUICC signs and presents with, and whom it trusts.
pub struct Credentials {
    eid: Eid,
    /// The chains, the first being the default one; never empty.
    chains: Vec<EuiccChain>,
    /// Shared: a fleet made with [`Credentials::with_anchors`] parses its CIs once.
    cis: Arc<[CiAnchor]>,
    /// The SGP.26-layout directory the credentials were loaded from, if any.
    origin: Option<PathBuf>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("eid", &self.eid)
            .field("cis", &self.cis.len())
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

impl Credentials {
    /// Checks and assembles credentials: every CI certificate is a valid CI root, the chain
    /// CI → EUM → eUICC verifies against one of them (SGP.22 4.5.2.1), the private key
    /// matches CERT.EUICC.ECDSA, and the certificate's subject serialNumber is a valid EID.
    pub fn new(
        euicc_cert: Vec<u8>,
        eum_cert: Vec<u8>,
        key: PrivateKey,
        ci_certs: &[Vec<u8>],
    ) -> Result<Credentials, CredentialsError> {
        let cis = Credentials::anchors(ci_certs)?;
        Credentials::with_anchors(euicc_cert, eum_cert.into(), key, cis)
    }

    /// The trust anchors of `ci_certs`, each checked as a CI root, duplicates (same SKI)
    /// dropped; for [`Credentials::with_anchors`].
    pub fn anchors<T: AsRef<[u8]>>(ci_certs: &[T]) -> Result<Arc<[CiAnchor]>, CredentialsError> {
        let mut cis = Vec::with_capacity(ci_certs.len());
        for der in ci_certs {
            let anchor = CiAnchor::from_der(der.as_ref()).map_err(CredentialsError::Ci)?;
            if !cis.iter().any(|c: &CiAnchor| c.ski() == anchor.ski()) {
                cis.push(anchor);
            }
        }
        Ok(cis.into())
    }

    /// As [`Credentials::new`], sharing what a fleet of eUICCs has in common: the EUM
    /// certificate and the parsed CI anchors are held once, however many eUICCs use them.
    pub fn with_anchors(
        euicc_cert: Vec<u8>,
        eum_cert: Arc<[u8]>,
        key: PrivateKey,
        cis: Arc<[CiAnchor]>,
    ) -> Result<Credentials, CredentialsError> {
        if cis.is_empty() {
            return Err(CredentialsError::NoCi);
        }
        let (eid, chain) = checked_chain(&cis, euicc_cert.into(), eum_cert, key)?;
        Ok(Credentials {
            eid: Eid::parse(&eid)?,
            chains: vec![chain],
            cis,
            origin: None,
        })
    }

    /// Credentials for a certificate issued a moment ago in this process
    /// ([`certs::CertIssuer::issue_euicc`]) for `eid` and `key`, under the EUM certificate
    /// `eum_cert`, whose verification against `cis` is `eum` ([`certs::verify_eum_cert`],
    /// done once for a whole fleet). A card does not check its own factory certificate: the
    /// EUM's signature over it is not verified here again (its peers do, the eIM at
    /// registration and the SM-DP+ in every AuthenticateClient), which saves an ECDSA
    /// verification and two certificate parses per card made; the rest is assembled as
    /// [`Credentials::with_anchors`] assembles it. [`CredentialsError::NoCi`] when `eum`
    /// was verified under none of `cis`.
    pub fn issued(
        eid: &str,
        euicc_cert: Vec<u8>,
        eum_cert: Arc<[u8]>,
        eum: &VerifiedEum,
        key: PrivateKey,
        cis: Arc<[CiAnchor]>,
    ) -> Result<Credentials, CredentialsError> {
        if !cis.iter().any(|c| c.ski() == eum.ci_ski.as_slice()) {
            return Err(CredentialsError::NoCi);
        }
        Ok(Credentials {
            eid: Eid::parse(eid)?,
            chains: vec![EuiccChain {
                euicc_cert: euicc_cert.into(),
                eum_cert,
                key: SigningKey::new(key)?,
                ci: eum.ci_ski.clone(),
            }],
            cis,
            origin: None,
        })
    }

    /// Adds a further chain (another curve set) for the same EID; its CI must be trusted
    /// already ([`Credentials::trust_ci`]). A second chain under a CI the eUICC already
    /// signs under is skipped (the first one stays).
    pub fn add_chain(
        &mut self,
        euicc_cert: Vec<u8>,
        eum_cert: Vec<u8>,
        key: PrivateKey,
    ) -> Result<(), CredentialsError> {
        let (eid, chain) = checked_chain(&self.cis, euicc_cert.into(), eum_cert.into(), key)?;
        if eid != self.eid.as_str() {
            return Err(CredentialsError::OtherEid {
                first: self.eid.as_str().to_string(),
                found: eid,
            });
        }
        if self.chain(&chain.ci).is_none() {
            self.chains.push(chain);
        }
        Ok(())
    }

    /// From a lab PKI holding, on one curve or both, CI, EUM and eUICC (with
    /// SK.EUICC.ECDSA): one chain per curve, NIST P-256 first; every CI of the PKI trusted.
    pub fn from_pki(pki: &Pki) -> Result<Credentials, CredentialsError> {
        let curves: Vec<Curve> = pki
            .curves(CertRole::Euicc)
            .into_iter()
            .filter(|c| {
                pki.get_on(CertRole::Euicc, *c)
                    .is_some_and(|e| e.key.is_some())
            })
            .collect();
        let Some((&first, rest)) = curves.split_first() else {
            pki.require_key(CertRole::Euicc)?;
            return Err(CredentialsError::NoCi);
        };
        let cis: Vec<Vec<u8>> = pki
            .curves(CertRole::Ci)
            .into_iter()
            .filter_map(|c| pki.get_on(CertRole::Ci, c).map(|ci| ci.cert_der.clone()))
            .collect();
        let part = |curve| -> Result<(Vec<u8>, Vec<u8>, PrivateKey), CredentialsError> {
            let (euicc, key) = pki.require_key_on(CertRole::Euicc, curve)?;
            let eum = pki.require_on(CertRole::Eum, curve)?;
            Ok((euicc.cert_der.clone(), eum.cert_der.clone(), key.clone()))
        };
        let (euicc, eum, key) = part(first)?;
        let mut creds = Credentials::new(euicc, eum, key, &cis)?;
        for &curve in rest {
            let (euicc, eum, key) = part(curve)?;
            creds.add_chain(euicc, eum, key)?;
        }
        Ok(creds)
    }

    /// From an SGP.26-layout directory: `eUICC/CERT_EUICC_ECDSA_NIST.der`,
    /// `eUICC/SK_EUICC_ECDSA_NIST.pem`, `EUM/CERT_EUM_ECDSA_NIST.der` and
    /// `CertificateIssuer/CERT_CI_ECDSA_NIST.der`, and the `_BRP` files of a brainpool chain.
    pub fn load_dir(dir: &Path) -> Result<Credentials, CredentialsError> {
        let mut creds = Credentials::from_pki(&Pki::load_dir(dir)?)?;
        creds.origin = Some(dir.to_path_buf());
        Ok(creds)
    }

    /// Also trusts `ci_cert` (e.g. a second CI for SM-DP+ certificates).
    pub fn trust_ci(&mut self, ci_cert: &[u8]) -> Result<(), CredentialsError> {
        let anchor = CiAnchor::from_der(ci_cert).map_err(CredentialsError::Ci)?;
        if !self.cis.iter().any(|c| c.ski() == anchor.ski()) {
            let mut cis = self.cis.to_vec();
            cis.push(anchor);
            self.cis = cis.into();
        }
        Ok(())
    }

    /// The EID, from CERT.EUICC.ECDSA.
    pub fn eid(&self) -> &Eid {
        &self.eid
    }

    /// The chains, the default one first.
    pub fn chains(&self) -> &[EuiccChain] {
        &self.chains
    }

    /// The chain under the CI with this SKI, if the eUICC has one.
    pub fn chain(&self, ci: &[u8]) -> Option<&EuiccChain> {
        self.chains.iter().find(|c| c.ci == ci)
    }

    /// The chain under `ci` when the eUICC has one, else the default chain.
    pub fn chain_or_default(&self, ci: &[u8]) -> &EuiccChain {
        self.chain(ci).unwrap_or(&self.chains[0])
    }

    /// CERT.EUICC.ECDSA of the default chain, DER.
    pub fn euicc_certificate(&self) -> &[u8] {
        &self.chains[0].euicc_cert
    }

    /// CERT.EUM.ECDSA of the default chain, DER.
    pub fn eum_certificate(&self) -> &[u8] {
        &self.chains[0].eum_cert
    }

    /// SK.EUICC.ECDSA of the default chain (for persisting it; signing goes through
    /// [`Credentials::sign`]).
    pub fn private_key(&self) -> &PrivateKey {
        self.chains[0].private_key()
    }

    /// The trusted CIs.
    pub fn trusted_cis(&self) -> &[CiAnchor] {
        &self.cis
    }

    /// `euiccCiPKIdListForVerification`: every trusted CI (SGP.22 5.7.8).
    pub fn ci_pkids_for_verification(&self) -> Vec<Vec<u8>> {
        self.cis.iter().map(|c| c.ski().to_vec()).collect()
    }

    /// `euiccCiPKIdListForSigning`: the CIs of the eUICC's own chains (SGP.22 5.7.8).
    pub fn ci_pkids_for_signing(&self) -> Vec<Vec<u8>> {
        self.chains.iter().map(|c| c.ci.clone()).collect()
    }

    /// The directory the credentials were loaded from.
    pub fn origin(&self) -> Option<&Path> {
        self.origin.as_deref()
    }

    /// ECDSA with SK.EUICC.ECDSA of the default chain over `message`: raw `r ‖ s` for a
    /// `5F37` field.
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SignatureError> {
        self.chains[0].sign(message)
    }

    /// The default CERT.EUICC.ECDSA's public key (uncompressed point), for verifiers in
    /// tests.
    pub fn public_key(&self) -> &[u8; 65] {
        self.chains[0].key.public_key().as_uncompressed_point()
    }
}

/// The chain CI → EUM → eUICC verified against `cis`, the key matching CERT.EUICC.ECDSA:
/// the EID and the chain.
fn checked_chain(
    cis: &[CiAnchor],
    euicc_cert: Arc<[u8]>,
    eum_cert: Arc<[u8]>,
    key: PrivateKey,
) -> Result<(String, EuiccChain), CredentialsError> {
    let chain =
        verify_euicc_chain(cis, &eum_cert, &euicc_cert, None).map_err(CredentialsError::Chain)?;
    let key = SigningKey::new(key)?;
    let public: &PublicKey = key.public_key();
    if public != &chain.public_key {
        return Err(CredentialsError::KeyMismatch);
    }
    Ok((
        chain.eid,
        EuiccChain {
            euicc_cert,
            eum_cert,
            key,
            ci: chain.ci_ski,
        },
    ))
}
