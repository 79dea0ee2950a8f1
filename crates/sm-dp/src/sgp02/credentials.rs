//! What the SGP.02 SM-DP signs and checks with, from the lab PKI's layout: CERT.DP.ECDSA
//! and SK.DP.ECDSA (GP Amendment E, `SMDP/`) for the ISD-P's key establishment (SGP.02
//! 4.1.3.1), the EUM keys CERT.ECASD.ECKA must verify under, and the CI roots SM-SRs'
//! TLS client certificates (CERT.SR.TLS) chain to.

use certs::{CertRole, CiAnchor, Pki};
use proto::crypto::{PrivateKey, PublicKey};

use server::credentials::CredentialError;

/// The SGP.02 SM-DP's credentials.
pub struct Sgp02Credentials {
    /// CERT.DP.ECDSA (`7F21`).
    pub dp_certificate: Vec<u8>,
    /// SK.DP.ECDSA.
    pub dp_key: PrivateKey,
    /// PK.EUM.ECDSA of every EUM certificate of the PKI that verifies under its CI.
    pub eum_keys: Vec<PublicKey>,
    /// The CI roots (DER): the SM-SRs' client certificates chain to them.
    pub ci_roots: Vec<Vec<u8>>,
    /// The same CIs, for checking a certificate's role.
    pub ci_anchors: Vec<CiAnchor>,
}

impl std::fmt::Debug for Sgp02Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // SK.DP.ECDSA is never printed.
        f.debug_struct("Sgp02Credentials")
            .field("eum_keys", &self.eum_keys.len())
            .finish_non_exhaustive()
    }
}

impl Sgp02Credentials {
    /// The SGP.02 credentials of `pki`; `None` when it holds no CERT.DP.ECDSA (an SM-DP+
    /// only).
    pub fn from_pki(pki: &Pki) -> Result<Option<Sgp02Credentials>, CredentialError> {
        let Some(dp) = pki.dp_ecdsa() else {
            return Ok(None);
        };
        let dp_key = dp.key.clone().ok_or_else(|| CredentialError::Key {
            what: "SK.DP.ECDSA",
            detail: "missing".into(),
        })?;
        let ci_anchors = pki.ci_anchors()?;
        let mut eum_keys = Vec::new();
        for curve in pki.curves(CertRole::Eum) {
            let eum = pki.require_on(CertRole::Eum, curve)?;
            let v = certs::verify_eum_cert(&ci_anchors, &eum.cert_der, None).map_err(|source| {
                CredentialError::Chain {
                    what: "CERT.EUM.ECDSA",
                    source,
                }
            })?;
            eum_keys.push(v.public_key);
        }
        let ci_roots = pki
            .curves(CertRole::Ci)
            .into_iter()
            .filter_map(|c| pki.get_on(CertRole::Ci, c))
            .map(|c| c.cert_der.clone())
            .collect();
        Ok(Some(Sgp02Credentials {
            dp_certificate: dp.certificate.to_bytes(),
            dp_key,
            eum_keys,
            ci_roots,
            ci_anchors,
        }))
    }
}
