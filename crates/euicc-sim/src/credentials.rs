//! The eUICC's credentials (SGP.22 2.6.2, 4.5.2): CERT.EUICC.ECDSA with SK.EUICC.ECDSA,
//! CERT.EUM.ECDSA, and the CI certificates it trusts (PK.CI.ECDSA for verifying SM-DP+
//! certificates). Checked and parsed once when loaded; every request then uses the parsed
//! form.

use std::path::{Path, PathBuf};

use certs::verify::ChainError;
use certs::{CertRole, CiAnchor, Pki, PkiError, verify_euicc_chain};
use proto::crypto::{KeyError, PrivateKey, SignatureError, SigningKey};
use proto::ids::{Eid, EidError};

/// Why credentials are refused.
#[derive(Debug, thiserror::Error)]
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
}

/// What the eUICC signs and presents with, and whom it trusts.
pub struct Credentials {
    eid: Eid,
    euicc_cert: Vec<u8>,
    eum_cert: Vec<u8>,
    key: SigningKey,
    cis: Vec<CiAnchor>,
    /// SKI of the CI the eUICC's own chain ends at: `euiccCiPKIdListForSigning`.
    signing_ci: Vec<u8>,
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
        let mut cis = Vec::with_capacity(ci_certs.len());
        for der in ci_certs {
            let anchor = CiAnchor::from_der(der).map_err(CredentialsError::Ci)?;
            if !cis.iter().any(|c: &CiAnchor| c.ski() == anchor.ski()) {
                cis.push(anchor);
            }
        }
        if cis.is_empty() {
            return Err(CredentialsError::NoCi);
        }
        let chain = verify_euicc_chain(&cis, &eum_cert, &euicc_cert, None)
            .map_err(CredentialsError::Chain)?;
        let key = SigningKey::new(key)?;
        if key.public_key().as_uncompressed_point() != &chain.public_key {
            return Err(CredentialsError::KeyMismatch);
        }
        Ok(Credentials {
            eid: Eid::parse(&chain.eid)?,
            euicc_cert,
            eum_cert,
            key,
            cis,
            signing_ci: chain.ci_ski,
            origin: None,
        })
    }

    /// From a lab PKI holding CI, EUM and eUICC (with SK.EUICC.ECDSA).
    pub fn from_pki(pki: &Pki) -> Result<Credentials, CredentialsError> {
        let (euicc, key) = pki.require_key(CertRole::Euicc)?;
        let eum = pki.require(CertRole::Eum)?;
        let ci = pki.require(CertRole::Ci)?;
        Credentials::new(
            euicc.cert_der.clone(),
            eum.cert_der.clone(),
            PrivateKey::from_der(key.pkcs8_der())?,
            std::slice::from_ref(&ci.cert_der),
        )
    }

    /// From an SGP.26-layout directory: `eUICC/CERT_EUICC_ECDSA_NIST.der`,
    /// `eUICC/SK_EUICC_ECDSA_NIST.pem`, `EUM/CERT_EUM_ECDSA_NIST.der` and
    /// `CertificateIssuer/CERT_CI_ECDSA_NIST.der`.
    pub fn load_dir(dir: &Path) -> Result<Credentials, CredentialsError> {
        let mut creds = Credentials::from_pki(&Pki::load_dir(dir)?)?;
        creds.origin = Some(dir.to_path_buf());
        Ok(creds)
    }

    /// Also trusts `ci_cert` (e.g. a second CI for SM-DP+ certificates).
    pub fn trust_ci(&mut self, ci_cert: &[u8]) -> Result<(), CredentialsError> {
        let anchor = CiAnchor::from_der(ci_cert).map_err(CredentialsError::Ci)?;
        if !self.cis.iter().any(|c| c.ski() == anchor.ski()) {
            self.cis.push(anchor);
        }
        Ok(())
    }

    /// The EID, from CERT.EUICC.ECDSA.
    pub fn eid(&self) -> &Eid {
        &self.eid
    }

    /// CERT.EUICC.ECDSA, DER.
    pub fn euicc_certificate(&self) -> &[u8] {
        &self.euicc_cert
    }

    /// CERT.EUM.ECDSA, DER.
    pub fn eum_certificate(&self) -> &[u8] {
        &self.eum_cert
    }

    /// SK.EUICC.ECDSA (for persisting it; signing goes through [`Credentials::sign`]).
    pub fn private_key(&self) -> &PrivateKey {
        self.key.private_key()
    }

    /// The trusted CIs.
    pub fn trusted_cis(&self) -> &[CiAnchor] {
        &self.cis
    }

    /// `euiccCiPKIdListForVerification`: every trusted CI (SGP.22 5.7.8).
    pub fn ci_pkids_for_verification(&self) -> Vec<Vec<u8>> {
        self.cis.iter().map(|c| c.ski().to_vec()).collect()
    }

    /// `euiccCiPKIdListForSigning`: the CI of the eUICC's own chain (SGP.22 5.7.8).
    pub fn ci_pkids_for_signing(&self) -> Vec<Vec<u8>> {
        vec![self.signing_ci.clone()]
    }

    /// The directory the credentials were loaded from.
    pub fn origin(&self) -> Option<&Path> {
        self.origin.as_deref()
    }

    /// ECDSA with SK.EUICC.ECDSA over `message`: raw `r ‖ s` for a `5F37` field.
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SignatureError> {
        Ok(self.key.sign(message)?.as_raw().to_vec())
    }

    /// CERT.EUICC.ECDSA's public key (uncompressed point), for verifiers in tests.
    pub fn public_key(&self) -> &[u8; 65] {
        self.key.public_key().as_uncompressed_point()
    }
}
