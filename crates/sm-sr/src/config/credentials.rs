//! The SM-SR's TLS credentials for ES4 (SGP.02 2.3, 5: the function requester and the
//! function provider authenticate each other with certificates over TLS):
//!
//! - the server certificate of the ES4/ES3/ES7 listener, also the client certificate the
//!   SM-SR presents when it calls an operator back at its `ReplyTo`;
//! - the operator CA that operators' client certificates chain to (`Operators/` of the
//!   lab PKI), each operator named by its certificate's commonName (its MNO-ID);
//! - the CI that SM-DPs' TLS certificates (CERT.DP.TLS) chain to, each SM-DP named by its
//!   certificate's commonName (its SM-DP-ID) on ES3.
//!
//! The SM-SR presents its own TLS certificate (`SMSR/CERT_SM_SR_TLS_NIST.der` of the lab
//! PKI: lab role CERT.SR.TLS, serverAuth and clientAuth, under the CI), on its listener and
//! as a client (operator callbacks, ES7 calls to a peer SM-SR).

use certs::{CertRole, CiAnchor, Pki};
use infra::tls::Identity;
use server::credentials::{CredentialError, CredentialSource};

/// What ES4 needs to authenticate and be authenticated.
#[derive(Clone)]
pub struct Es4Credentials {
    /// The TLS certificate chain and key the SM-SR presents (server and client).
    pub tls: Identity,
    /// Roots of operators' client certificates (DER).
    pub operator_roots: Vec<Vec<u8>>,
    /// The same roots, for the role check of [`certs::verify_cert`].
    pub operator_anchors: Vec<CiAnchor>,
    /// Roots of SM-DPs' client certificates (DER): the CI.
    pub smdp_roots: Vec<Vec<u8>>,
    /// The same roots, for the role check of [`certs::verify_cert`] (CERT.DP.TLS).
    pub smdp_anchors: Vec<CiAnchor>,
    /// Roots the SM-SR trusts for the servers it calls back (the CI, the operator CA).
    pub callback_roots: Vec<Vec<u8>>,
    /// CERT.SR.ECDSA (GP Amendment E `7F21`) and SK.SR.ECDSA: what the ISD-R checks when
    /// this SM-SR takes an eUICC over (SGP.02 3.8, 4.1.1.7); `None`: it takes none.
    pub sr_ecdsa: Option<(Vec<u8>, proto::crypto::PrivateKey)>,
    /// PK.EUM.ECDSA of the EUMs under the CI: CERT.ECASD.ECKA of an EIS handed over
    /// verifies under one of them (SGP.02 3.8).
    pub eum_keys: Vec<proto::crypto::PublicKey>,
}

impl std::fmt::Debug for Es4Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The private key is never printed.
        f.debug_struct("Es4Credentials")
            .field("operator_roots", &self.operator_roots.len())
            .finish_non_exhaustive()
    }
}

impl Es4Credentials {
    /// Takes the ES4 credentials out of a PKI: the TLS server credential must chain to the
    /// CI; the operator CA is required (without it no operator could be identified).
    pub fn from_pki(pki: &Pki) -> Result<Es4Credentials, CredentialError> {
        let cis = pki.ci_anchors()?;
        let (tls, key) = pki.require_key(CertRole::SmSrTls)?;
        certs::verify_cert(&cis, &tls.cert_der, CertRole::SmSrTls, None).map_err(|source| {
            CredentialError::Chain {
                what: "SM-SR TLS certificate",
                source,
            }
        })?;
        let key_pem = key.to_sec1_pem().map_err(|e| CredentialError::Key {
            what: "SM-SR TLS key",
            detail: e.to_string(),
        })?;
        let ca = pki.require(CertRole::OperatorCa)?;
        let ci = pki.require(CertRole::Ci)?;
        Ok(Es4Credentials {
            tls: Identity {
                chain: vec![tls.cert_der.clone()],
                key_pem: key_pem.as_bytes().to_vec(),
            },
            operator_roots: vec![ca.cert_der.clone()],
            operator_anchors: vec![pki.operator_ca_anchor()?],
            smdp_roots: vec![ci.cert_der.clone()],
            smdp_anchors: cis.clone(),
            callback_roots: vec![ci.cert_der.clone(), ca.cert_der.clone()],
            sr_ecdsa: pki
                .require_sr_ecdsa()
                .ok()
                .map(|(c, k)| (c.certificate.to_bytes(), k.clone())),
            eum_keys: pki
                .require(CertRole::Eum)
                .ok()
                .and_then(|eum| certs::verify_eum_cert(&cis, &eum.cert_der, None).ok())
                .map(|v| vec![v.public_key])
                .unwrap_or_default(),
        })
    }

    /// The credentials of `source`; the data directory's lab PKI is generated on first use.
    pub fn load(
        source: &CredentialSource,
        data_dir: &std::path::Path,
    ) -> Result<Es4Credentials, CredentialError> {
        let pki = match source {
            CredentialSource::Pki(p) => (**p).clone(),
            CredentialSource::Dir(d) => Pki::load_dir(d)?,
            CredentialSource::DataDir => {
                server::credentials::data_dir_pki(data_dir, "CertificateIssuer")?
            }
        };
        Es4Credentials::from_pki(&pki)
    }
}
