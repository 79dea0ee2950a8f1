//! Generation of the lab PKI (SGP.22 §4.5.2 profiles, SGP.26 layout) and issuing of more
//! certificates from an existing CA credential (e.g. a fleet of eUICCs from one EUM).

mod issuer;
pub(crate) mod profile;

use thiserror::Error;
use time::{Duration, OffsetDateTime};

pub use issuer::{CertIssuer, IssuedEuicc};

use crate::eid::{EidError, validate_eid};
use crate::ext::BadOid;
use crate::key::{KeyError, PrivateKey};
use crate::layout::is_valid_operator_id;
use crate::oid::CertRole;
use crate::pki::{Credential, Pki, PkiError};
use profile::{CertSpec, name, params};

/// Why a certificate could not be generated.
#[derive(Debug, Error)]
pub enum GenerateError {
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error("certificate encoding failed: {0}")]
    Rcgen(String),
    #[error(transparent)]
    Oid(#[from] BadOid),
    #[error(transparent)]
    Eid(#[from] EidError),
    #[error("option {name}: {detail}")]
    Option { name: String, detail: String },
    #[error(transparent)]
    Pki(#[from] PkiError),
    #[error("issuer certificate unreadable: {0}")]
    BadIssuerCert(String),
    #[error("{0} cannot issue certificates")]
    NotAnIssuer(CertRole),
    #[error("{0} cannot be issued by {1}")]
    WrongIssuer(CertRole, CertRole),
    #[error("EID {eid} is outside the EUM's permitted prefixes {permitted:?}")]
    EidOutsidePrefix { eid: String, permitted: Vec<String> },
}

impl GenerateError {
    pub(crate) fn option(name: &str, detail: String) -> GenerateError {
        GenerateError::Option {
            name: name.to_string(),
            detail,
        }
    }
}

impl From<rcgen::Error> for GenerateError {
    fn from(e: rcgen::Error) -> Self {
        GenerateError::Rcgen(e.to_string())
    }
}

/// Default EID prefix (EIN) of the lab EUM: SGP.26's test EUM prefix.
pub const DEFAULT_EUM_PREFIX: &str = "89049032";
/// Default eUICC EID: SGP.26's test EID (valid check digits, under [`DEFAULT_EUM_PREFIX`]).
pub const DEFAULT_EID: &str = "89049032123451234512345678901235";
/// Default SM-DP+ FQDN: under `rsp-lab.test` (RFC 2606 `.test` never resolves on the
/// Internet); clients connect to loopback with this name as SNI.
pub const DEFAULT_SMDP_FQDN: &str = "smdp.rsp-lab.test";
/// Default SM-DP+ OID: SGP.26's test SM-DP+ OID.
pub const DEFAULT_SMDP_OID: &str = "2.999.10";
/// Default eIM identifier (`eimId`, SGP.32 EimConfigurationData), also the eIM certificate CN.
pub const DEFAULT_EIM_ID: &str = "eim.rsp-lab.test";
/// Default eIM FQDN (ESipa and operator API server name).
pub const DEFAULT_EIM_FQDN: &str = "eim.rsp-lab.test";
/// Default operator ids, one client certificate each.
pub const DEFAULT_OPERATORS: [&str; 1] = ["operator1"];
/// Default CI OID (registeredID in the CI's subjectAltName): SGP.26's test CI OID.
pub const DEFAULT_CI_OID: &str = "2.999.1";
/// Default EUM OID (registeredID in the EUM's subjectAltName): SGP.26's test EUM OID.
pub const DEFAULT_EUM_OID: &str = "2.999.5";

/// What to generate. [`LabPkiOptions::default`] gives a complete lab PKI.
#[derive(Debug, Clone, PartialEq)]
pub struct LabPkiOptions {
    /// Organization name in every subject.
    pub organization: String,
    /// EID prefix (EIN) the EUM is permitted to issue under.
    pub eum_prefix: String,
    /// EID of the single eUICC credential (must start with `eum_prefix`).
    pub eid: String,
    /// SM-DP+ FQDN: dNSName and CN of CERT.DP.TLS.
    pub smdp_fqdn: String,
    /// SM-DP+ OID: registeredID of DPauth, DPpb, DP TLS.
    pub smdp_oid: String,
    /// eIM identifier: CN of the eIM signing certificate.
    pub eim_id: String,
    /// eIM FQDN: dNSName and CN of the eIM TLS certificate.
    pub eim_fqdn: String,
    /// Operator ids (one client certificate each under the operator CA).
    pub operators: Vec<String>,
    /// registeredID of the CI.
    pub ci_oid: String,
    /// registeredID of the EUM.
    pub eum_oid: String,
    /// Start of every validity period.
    pub not_before: OffsetDateTime,
    /// Validity of end-entity certificates (SM-DP+, eIM, operators).
    pub leaf_validity: Duration,
    /// Validity of CAs (CI, EUM, operator CA) and of eUICC certificates.
    pub ca_validity: Duration,
}

impl Default for LabPkiOptions {
    fn default() -> Self {
        let now = OffsetDateTime::now_utc();
        LabPkiOptions {
            organization: "rsp-lab".into(),
            eum_prefix: DEFAULT_EUM_PREFIX.into(),
            eid: DEFAULT_EID.into(),
            smdp_fqdn: DEFAULT_SMDP_FQDN.into(),
            smdp_oid: DEFAULT_SMDP_OID.into(),
            eim_id: DEFAULT_EIM_ID.into(),
            eim_fqdn: DEFAULT_EIM_FQDN.into(),
            operators: DEFAULT_OPERATORS.iter().map(|s| s.to_string()).collect(),
            ci_oid: DEFAULT_CI_OID.into(),
            eum_oid: DEFAULT_EUM_OID.into(),
            // An hour back absorbs clock skew between lab processes.
            not_before: (now - Duration::hours(1))
                .replace_nanosecond(0)
                .unwrap_or(now),
            leaf_validity: Duration::days(10 * 365),
            ca_validity: Duration::days(30 * 365),
        }
    }
}

impl LabPkiOptions {
    fn check(&self) -> Result<(), GenerateError> {
        validate_eid(&self.eid)?;
        if !self.eid.starts_with(&self.eum_prefix) || self.eum_prefix.is_empty() {
            return Err(GenerateError::EidOutsidePrefix {
                eid: self.eid.clone(),
                permitted: vec![self.eum_prefix.clone()],
            });
        }
        if !self.eum_prefix.bytes().all(|b| b.is_ascii_digit()) {
            return Err(GenerateError::option(
                "eum_prefix",
                "decimal digits only".into(),
            ));
        }
        for fqdn in [&self.smdp_fqdn, &self.eim_fqdn] {
            if rustls::pki_types::DnsName::try_from(fqdn.as_str()).is_err() {
                return Err(GenerateError::option(
                    "fqdn",
                    format!("{fqdn:?} is not a DNS name"),
                ));
            }
        }
        for op in &self.operators {
            if !is_valid_operator_id(op) {
                return Err(GenerateError::option(
                    "operators",
                    format!("{op:?}: use 1-64 of A-Z a-z 0-9 - _ ."),
                ));
            }
        }
        if self.leaf_validity <= Duration::ZERO || self.ca_validity <= Duration::ZERO {
            return Err(GenerateError::option("validity", "must be positive".into()));
        }
        Ok(())
    }
}

/// A self-signed root of `role` (CI or operator CA).
fn root(spec: &CertSpec<'_>) -> Result<Credential, GenerateError> {
    let key = PrivateKey::generate()?;
    let cert = params(spec, &key)?.self_signed(&key.rcgen_key_pair()?)?;
    Ok(Credential {
        role: spec.role,
        cert_der: cert.der().to_vec(),
        key: Some(key),
    })
}

/// Generates the complete lab PKI: CI, EUM, one eUICC, DPauth, DPpb, DP TLS, eIM, eIM TLS,
/// operator CA and one client certificate per operator, all NIST P-256 with fresh keys.
pub fn generate(opts: &LabPkiOptions) -> Result<Pki, GenerateError> {
    opts.check()?;
    let org = opts.organization.as_str();
    let nb = opts.not_before;
    let leaf_end = nb + opts.leaf_validity;
    let ca_end = nb + opts.ca_validity;
    let mut pki = Pki::new();

    let ci = root(&CertSpec {
        role: CertRole::Ci,
        subject: name(&[
            ("CN", &format!("{org} Test CI")),
            ("OU", "TESTCERT"),
            ("O", org),
        ])?,
        not_before: nb,
        not_after: ca_end,
        dns: &[],
        registered_ids: &[opts.ci_oid.as_str()],
        permitted: None,
    })?;
    let ci_issuer = CertIssuer::new(&ci)?;
    pki.insert(ci);

    let eum_org = format!("{org} EUM");
    let eum = ci_issuer.issue(&CertSpec {
        role: CertRole::Eum,
        subject: name(&[("O", &eum_org), ("CN", &format!("{org} Test EUM"))])?,
        not_before: nb,
        not_after: ca_end,
        dns: &[],
        registered_ids: &[opts.eum_oid.as_str()],
        permitted: Some((&eum_org, &opts.eum_prefix)),
    })?;
    let eum_issuer = CertIssuer::new(&eum)?;
    pki.insert(eum);
    pki.insert(eum_issuer.issue_euicc(&opts.eid)?.credential);

    let smdp_cn = format!("{org} SM-DP+");
    let oid = [opts.smdp_oid.as_str()];
    for (role, cn, dns) in [
        (CertRole::DpAuth, smdp_cn.as_str(), &[][..]),
        (CertRole::DpPb, smdp_cn.as_str(), &[][..]),
        (
            CertRole::DpTls,
            opts.smdp_fqdn.as_str(),
            &[opts.smdp_fqdn.as_str()][..],
        ),
    ] {
        pki.insert(ci_issuer.issue(&CertSpec {
            role,
            subject: name(&[("O", org), ("CN", cn)])?,
            not_before: nb,
            not_after: leaf_end,
            dns,
            registered_ids: &oid,
            permitted: None,
        })?);
    }
    pki.insert(ci_issuer.issue(&CertSpec {
        role: CertRole::Eim,
        subject: name(&[("O", org), ("CN", &opts.eim_id)])?,
        not_before: nb,
        not_after: leaf_end,
        dns: &[],
        registered_ids: &[],
        permitted: None,
    })?);
    pki.insert(ci_issuer.issue(&CertSpec {
        role: CertRole::EimTls,
        subject: name(&[("O", org), ("CN", &opts.eim_fqdn)])?,
        not_before: nb,
        not_after: leaf_end,
        dns: &[opts.eim_fqdn.as_str()],
        registered_ids: &[],
        permitted: None,
    })?);

    let op_org = format!("{org} operators");
    let op_ca = root(&CertSpec {
        role: CertRole::OperatorCa,
        subject: name(&[("O", &op_org), ("CN", &format!("{org} Operator CA"))])?,
        not_before: nb,
        not_after: ca_end,
        dns: &[],
        registered_ids: &[],
        permitted: None,
    })?;
    let op_issuer = CertIssuer::new(&op_ca)?;
    pki.insert(op_ca);
    for id in &opts.operators {
        let cred = op_issuer.issue(&CertSpec {
            role: CertRole::OperatorClient,
            subject: name(&[("O", &op_org), ("CN", id)])?,
            not_before: nb,
            not_after: leaf_end,
            dns: &[],
            registered_ids: &[],
            permitted: None,
        })?;
        pki.insert_operator(id, cred);
    }
    Ok(pki)
}
