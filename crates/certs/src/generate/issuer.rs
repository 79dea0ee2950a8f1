//! Issuing certificates from a CA credential: the pieces of [`super::generate`], and the
//! fleet path (many eUICCs from one EUM, parsed once, one key generation and one signature
//! per eUICC).

use proto::crypto::Curve;
use rcgen::Issuer;
use time::OffsetDateTime;

use super::GenerateError;
use super::profile::{CertSpec, name, params};
use super::resign::with_subject_key;
use crate::eid::{eid_from_prefix, validate_eid};
use crate::key::{CertSigner, PrivateKey, SubjectKey};
use crate::oid::CertRole;
use crate::pki::Credential;
use crate::verify::facts::CertFacts;

/// A CA credential (CI, EUM or operator CA) ready to sign. What it issues is on its curve
/// (SGP.22 §2.6.1: one curve set per chain).
pub struct CertIssuer {
    role: CertRole,
    curve: Curve,
    signer: CertSigner,
    issuer: Issuer<'static, CertSigner>,
    org: Option<String>,
    prefixes: Vec<String>,
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
}

/// One eUICC issued by [`CertIssuer::issue_euicc`].
#[derive(Debug, Clone, PartialEq)]
pub struct IssuedEuicc {
    /// The EID in the certificate's subject serialNumber.
    pub eid: String,
    /// CERT.EUICC.ECDSA and SK.EUICC.ECDSA.
    pub credential: Credential,
}

impl CertIssuer {
    /// From a CA credential with its key.
    pub fn new(ca: &Credential) -> Result<CertIssuer, GenerateError> {
        if !(ca.role.is_root() || ca.role == CertRole::Eum) {
            return Err(GenerateError::NotAnIssuer(ca.role));
        }
        let key = ca.key()?;
        let facts = CertFacts::parse(&ca.cert_der).map_err(GenerateError::BadIssuerCert)?;
        let der = rustls::pki_types::CertificateDer::from(ca.cert_der.as_slice());
        let signer = CertSigner::new(key)?;
        let issuer = Issuer::from_ca_cert_der(&der, signer.clone())?;
        Ok(CertIssuer {
            role: ca.role,
            curve: key.curve(),
            signer,
            issuer,
            org: facts.subject_org().map(str::to_string),
            prefixes: facts.permitted_eid_prefixes(),
            not_before: facts.not_before,
            not_after: facts.not_after,
        })
    }

    /// The issuer's role.
    pub fn role(&self) -> CertRole {
        self.role
    }

    /// The curve of the issuer and of what it issues.
    pub fn curve(&self) -> Curve {
        self.curve
    }

    /// EID prefixes an EUM issuer may use (its nameConstraints).
    pub fn permitted_eid_prefixes(&self) -> &[String] {
        &self.prefixes
    }

    pub(crate) fn issue(&self, spec: &CertSpec<'_>) -> Result<Credential, GenerateError> {
        self.issue_with(spec, |_| {})
    }

    /// Issues with a last change to the parameters (tests craft faulty certificates so).
    pub(crate) fn issue_with(
        &self,
        spec: &CertSpec<'_>,
        mutate: impl FnOnce(&mut rcgen::CertificateParams),
    ) -> Result<Credential, GenerateError> {
        let allowed = match spec.role {
            CertRole::Euicc => self.role == CertRole::Eum,
            CertRole::OperatorClient => self.role == CertRole::OperatorCa,
            r if r.is_root() => false,
            _ => self.role == CertRole::Ci,
        };
        if !allowed {
            return Err(GenerateError::WrongIssuer(spec.role, self.role));
        }
        let key = PrivateKey::generate_on(self.curve)?;
        let mut p = params(spec, &key)?;
        mutate(&mut p);
        let cert = p.signed_by(&SubjectKey(key.public_key()), &self.issuer)?;
        let cert_der = match self.curve {
            Curve::NistP256 => cert.der().to_vec(),
            Curve::BrainpoolP256r1 => {
                with_subject_key(cert.der(), &key.public_key(), &self.signer)?
            }
        };
        Ok(Credential {
            role: spec.role,
            cert_der,
            key: Some(key),
        })
    }

    /// Issues CERT.EUICC.ECDSA with a fresh key for `eid` (subject O = the EUM's O,
    /// serialNumber = EID, CN), valid as long as the EUM. The EID must have valid check
    /// digits and lie under one of the EUM's permitted prefixes.
    pub fn issue_euicc(&self, eid: &str) -> Result<IssuedEuicc, GenerateError> {
        self.issue_euicc_with_validity(eid, self.not_before, self.not_after)
    }

    /// As [`CertIssuer::issue_euicc`], with an explicit validity period.
    pub fn issue_euicc_with_validity(
        &self,
        eid: &str,
        not_before: OffsetDateTime,
        not_after: OffsetDateTime,
    ) -> Result<IssuedEuicc, GenerateError> {
        if self.role != CertRole::Eum {
            return Err(GenerateError::WrongIssuer(CertRole::Euicc, self.role));
        }
        validate_eid(eid)?;
        if !self.prefixes.iter().any(|p| eid.starts_with(p.as_str())) {
            return Err(GenerateError::EidOutsidePrefix {
                eid: eid.to_string(),
                permitted: self.prefixes.clone(),
            });
        }
        self.euicc_cert(eid, not_before, not_after)
    }

    /// For negative tests only: CERT.EUICC.ECDSA for an EID (valid check digits) that need
    /// not lie under the EUM's permitted prefixes, which verifiers must refuse (SGP.22
    /// 4.5.2.1.0.2); otherwise as [`CertIssuer::issue_euicc`].
    pub fn issue_euicc_ignoring_prefix(&self, eid: &str) -> Result<IssuedEuicc, GenerateError> {
        if self.role != CertRole::Eum {
            return Err(GenerateError::WrongIssuer(CertRole::Euicc, self.role));
        }
        validate_eid(eid)?;
        self.euicc_cert(eid, self.not_before, self.not_after)
    }

    fn euicc_cert(
        &self,
        eid: &str,
        not_before: OffsetDateTime,
        not_after: OffsetDateTime,
    ) -> Result<IssuedEuicc, GenerateError> {
        let org = self.org.as_deref().unwrap_or("eUICC");
        let credential = self.issue(&CertSpec {
            role: CertRole::Euicc,
            subject: name(&[("O", org), ("serialNumber", eid), ("CN", "Lab eUICC")])?,
            not_before,
            not_after,
            dns: &[],
            registered_ids: &[],
            permitted: None,
        })?;
        Ok(IssuedEuicc {
            eid: eid.to_string(),
            credential,
        })
    }

    /// Issues `count` eUICCs with EIDs `prefix ‖ serial ‖ check digits` for serials
    /// `first_serial..first_serial + count`, the prefix being the EUM's first permitted one.
    pub fn issue_euicc_fleet(
        &self,
        first_serial: u64,
        count: usize,
    ) -> Result<Vec<IssuedEuicc>, GenerateError> {
        let prefix = self
            .prefixes
            .first()
            .ok_or_else(|| GenerateError::EidOutsidePrefix {
                eid: String::new(),
                permitted: Vec::new(),
            })?;
        (0..count as u64)
            .map(|i| {
                let serial = first_serial.checked_add(i).ok_or_else(|| {
                    GenerateError::option("first_serial", "serial overflows u64".into())
                })?;
                let eid = eid_from_prefix(prefix, serial)?;
                self.issue_euicc(&eid)
            })
            .collect()
    }
}
