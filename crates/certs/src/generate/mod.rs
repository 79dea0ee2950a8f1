//! Generation of the lab PKI (SGP.22 §4.5.2 profiles, SGP.26 layout) and issuing of more
//! certificates from an existing CA credential (e.g. a fleet of eUICCs from one EUM).

mod issuer;
pub(crate) mod profile;
mod resign;

use thiserror::Error;
use time::{Duration, OffsetDateTime};

pub use issuer::{CertIssuer, IssuedEuicc};

use crate::eid::{EidError, validate_eid};
use crate::ext::BadOid;
use crate::gp::{GpCertError, GpCertificateFields, GpCertificateType, GpCredential};
use crate::key::{CertSigner, Curve, KeyError, PrivateKey};
use crate::layout::{SmdsSite, is_valid_operator_id};
use crate::oid::CertRole;
use crate::pki::{Credential, Pki, PkiError};
use crate::verify::facts::CertParseError;
use profile::{CertSpec, name, params};

/// Why a certificate could not be generated.
#[derive(Debug, Error)]
#[non_exhaustive]
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
    BadIssuerCert(#[source] CertParseError),
    #[error("{0} cannot issue certificates")]
    NotAnIssuer(CertRole),
    #[error("{0} cannot be issued by {1}")]
    WrongIssuer(CertRole, CertRole),
    #[error("CERT.SR.ECDSA: {0}")]
    GpCertificate(#[from] GpCertError),
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
/// Default FQDN of the root SM-DS (dNSName and CN of its CERT.DS.TLS).
pub const DEFAULT_SMDS_FQDN: &str = "smds.rsp-lab.test";
/// Default SM-DS OID of the root SM-DS (registeredID of its DSauth and DS TLS), in the
/// `2.999` example arc as SGP.26's test SM-DP+ OID.
pub const DEFAULT_SMDS_OID: &str = "2.999.20";
/// Default FQDN of the alternative SM-DS.
pub const DEFAULT_ALT_SMDS_FQDN: &str = "alt-smds.rsp-lab.test";
/// Default SM-DS OID of the alternative SM-DS.
pub const DEFAULT_ALT_SMDS_OID: &str = "2.999.21";
/// Default eIM identifier (`eimId`, SGP.32 EimConfigurationData), also the eIM certificate CN.
pub const DEFAULT_EIM_ID: &str = "eim.rsp-lab.test";
/// Default eIM FQDN (ESipa and operator API server name).
pub const DEFAULT_EIM_FQDN: &str = "eim.rsp-lab.test";
/// Default SM-SR FQDN (dNSName and CN of its TLS certificate, subject identifier of its
/// CERT.SR.ECDSA).
pub const DEFAULT_SMSR_FQDN: &str = "smsr.rsp-lab.test";
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
    /// Root SM-DS FQDN: dNSName and CN of its CERT.DS.TLS.
    pub smds_fqdn: String,
    /// Root SM-DS OID: registeredID of its DSauth and DS TLS.
    pub smds_oid: String,
    /// Alternative SM-DS FQDN.
    pub alt_smds_fqdn: String,
    /// Alternative SM-DS OID.
    pub alt_smds_oid: String,
    /// eIM identifier: CN of the eIM signing certificate.
    pub eim_id: String,
    /// eIM FQDN: dNSName and CN of the eIM TLS certificate.
    pub eim_fqdn: String,
    /// SM-SR FQDN: dNSName and CN of CERT.SR.TLS, subject identifier of CERT.SR.ECDSA.
    pub smsr_fqdn: String,
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
    /// The curve sets of the GSMA application chains (the guide's "Curve sets"): per curve a CI,
    /// EUM, eUICC (same EID on every curve), DPauth and DPpb, and for brainpoolP256r1 a
    /// second CERT.DP.TLS (SGP.22 2.6.1). The NIST DP TLS, eIM and operator credentials are
    /// NIST P-256 under the NIST CI, which exists in every PKI. Default: NIST P-256 only.
    pub curves: Vec<Curve>,
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
            smds_fqdn: DEFAULT_SMDS_FQDN.into(),
            smds_oid: DEFAULT_SMDS_OID.into(),
            alt_smds_fqdn: DEFAULT_ALT_SMDS_FQDN.into(),
            alt_smds_oid: DEFAULT_ALT_SMDS_OID.into(),
            eim_id: DEFAULT_EIM_ID.into(),
            eim_fqdn: DEFAULT_EIM_FQDN.into(),
            smsr_fqdn: DEFAULT_SMSR_FQDN.into(),
            operators: DEFAULT_OPERATORS.iter().map(|s| s.to_string()).collect(),
            ci_oid: DEFAULT_CI_OID.into(),
            eum_oid: DEFAULT_EUM_OID.into(),
            // An hour back absorbs clock skew between lab processes.
            not_before: (now - Duration::hours(1))
                .replace_nanosecond(0)
                .unwrap_or(now),
            leaf_validity: Duration::days(10 * 365),
            ca_validity: Duration::days(30 * 365),
            curves: vec![Curve::NistP256],
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
        for fqdn in [
            &self.smdp_fqdn,
            &self.eim_fqdn,
            &self.smds_fqdn,
            &self.alt_smds_fqdn,
            &self.smsr_fqdn,
        ] {
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
        if self.curves.is_empty() {
            return Err(GenerateError::option("curves", "name at least one".into()));
        }
        Ok(())
    }
}

/// A self-signed root of `role` (CI or operator CA) on `curve`.
fn root(spec: &CertSpec<'_>, curve: Curve) -> Result<Credential, GenerateError> {
    let key = PrivateKey::generate_on(curve)?;
    let signer = CertSigner::new(&key)?;
    let cert = params(spec, &key)?.self_signed(&signer)?;
    let cert_der = match curve {
        Curve::NistP256 => cert.der().to_vec(),
        Curve::BrainpoolP256r1 => resign::with_subject_key(cert.der(), &key.public_key(), &signer)?,
    };
    Ok(Credential {
        role: spec.role,
        cert_der,
        key: Some(key),
    })
}

/// The CI of `curve` (its subject CN names a brainpool CI as such).
fn ci(opts: &LabPkiOptions, curve: Curve) -> Result<Credential, GenerateError> {
    let org = opts.organization.as_str();
    let cn = match curve {
        Curve::NistP256 => format!("{org} Test CI"),
        Curve::BrainpoolP256r1 => format!("{org} Test CI brainpoolP256r1"),
    };
    root(
        &CertSpec {
            role: CertRole::Ci,
            subject: name(&[("CN", &cn), ("OU", "TESTCERT"), ("O", org)])?,
            not_before: opts.not_before,
            not_after: opts.not_before + opts.ca_validity,
            dns: &[],
            registered_ids: &[opts.ci_oid.as_str()],
            permitted: None,
        },
        curve,
    )
}

/// Under one CI: the EUM, the eUICC (the options' EID) and the SM-DP+'s DPauth and DPpb,
/// all on the CI's curve.
fn application_chains(
    pki: &mut Pki,
    opts: &LabPkiOptions,
    ci_issuer: &CertIssuer,
) -> Result<(), GenerateError> {
    let org = opts.organization.as_str();
    let nb = opts.not_before;
    let eum_org = format!("{org} EUM");
    let eum_cn = match ci_issuer.curve() {
        Curve::NistP256 => format!("{org} Test EUM"),
        Curve::BrainpoolP256r1 => format!("{org} Test EUM brainpoolP256r1"),
    };
    let eum = ci_issuer.issue(&CertSpec {
        role: CertRole::Eum,
        subject: name(&[("O", &eum_org), ("CN", &eum_cn)])?,
        not_before: nb,
        not_after: nb + opts.ca_validity,
        dns: &[],
        registered_ids: &[opts.eum_oid.as_str()],
        permitted: Some((&eum_org, &opts.eum_prefix)),
    })?;
    let eum_issuer = CertIssuer::new(&eum)?;
    pki.insert(eum);
    pki.insert(eum_issuer.issue_euicc(&opts.eid)?.credential);
    let smdp_cn = format!("{org} SM-DP+");
    for role in [CertRole::DpAuth, CertRole::DpPb] {
        pki.insert(ci_issuer.issue(&CertSpec {
            role,
            subject: name(&[("O", org), ("CN", &smdp_cn)])?,
            not_before: nb,
            not_after: nb + opts.leaf_validity,
            dns: &[],
            registered_ids: &[opts.smdp_oid.as_str()],
            permitted: None,
        })?);
    }
    Ok(())
}

/// The FQDN and OID of the SM-DS of `site`.
fn smds_identity(opts: &LabPkiOptions, site: SmdsSite) -> (&str, &str) {
    match site {
        SmdsSite::Root => (&opts.smds_fqdn, &opts.smds_oid),
        SmdsSite::Alternative => (&opts.alt_smds_fqdn, &opts.alt_smds_oid),
    }
}

/// CERT.DSauth.ECDSA of the SM-DS of `site` under `ci_issuer`, on its curve (SGP.22 4.5.2:
/// it signs serverSigned1 of ES11 as DPauth does for ES9+), with the SM-DS OID as
/// registeredID.
fn ds_auth(
    opts: &LabPkiOptions,
    ci_issuer: &CertIssuer,
    site: SmdsSite,
) -> Result<Credential, GenerateError> {
    let (_, oid) = smds_identity(opts, site);
    let org = opts.organization.as_str();
    let cn = match site {
        SmdsSite::Root => format!("{org} root SM-DS"),
        SmdsSite::Alternative => format!("{org} alternative SM-DS"),
    };
    ci_issuer.issue(&CertSpec {
        role: CertRole::DsAuth,
        subject: name(&[("O", org), ("CN", &cn)])?,
        not_before: opts.not_before,
        not_after: opts.not_before + opts.leaf_validity,
        dns: &[],
        registered_ids: &[oid],
        permitted: None,
    })
}

/// CERT.DS.TLS of the SM-DS of `site` under `ci_issuer`, on its curve (SGP.22 2.6.1): the
/// SM-DS FQDN as CN and dNSName, the SM-DS OID as registeredID. It is the server certificate
/// of ES11 and ES12 and the client certificate of ES15.
fn ds_tls(
    opts: &LabPkiOptions,
    ci_issuer: &CertIssuer,
    site: SmdsSite,
) -> Result<Credential, GenerateError> {
    let (fqdn, oid) = smds_identity(opts, site);
    ci_issuer.issue(&CertSpec {
        role: CertRole::DsTls,
        subject: name(&[("O", &opts.organization), ("CN", fqdn)])?,
        not_before: opts.not_before,
        not_after: opts.not_before + opts.leaf_validity,
        dns: &[fqdn],
        registered_ids: &[oid],
        permitted: None,
    })
}

/// CERT.DP.TLS under `ci_issuer`, on its curve (SGP.22 2.6.1: TLS on NIST P-256 or
/// brainpoolP256r1; all certificates of a chain on one curve): the SM-DP+ FQDN as CN and
/// dNSName, the SM-DP+ OID as registeredID.
fn dp_tls(opts: &LabPkiOptions, ci_issuer: &CertIssuer) -> Result<Credential, GenerateError> {
    let nb = opts.not_before;
    ci_issuer.issue(&CertSpec {
        role: CertRole::DpTls,
        subject: name(&[("O", &opts.organization), ("CN", &opts.smdp_fqdn)])?,
        not_before: nb,
        not_after: nb + opts.leaf_validity,
        dns: &[opts.smdp_fqdn.as_str()],
        registered_ids: &[opts.smdp_oid.as_str()],
        permitted: None,
    })
}

/// Generates the complete lab PKI with fresh keys: per curve of [`LabPkiOptions::curves`] a
/// CI, EUM, one eUICC, DPauth and DPpb, the DSauth of the root and the alternative SM-DS
/// (and DP TLS and both DS TLS under the brainpool CI); and on NIST P-256, under the NIST CI
/// (made even for a brainpool-only PKI), DP TLS, both DS TLS, eIM, eIM TLS, the operator CA
/// and one client certificate per operator.
pub fn generate(opts: &LabPkiOptions) -> Result<Pki, GenerateError> {
    opts.check()?;
    let mut pki = Pki::new();

    let nist_ci = ci(opts, Curve::NistP256)?;
    let ci_issuer = CertIssuer::new(&nist_ci)?;
    pki.insert(nist_ci);
    for curve in Curve::ALL.into_iter().filter(|c| opts.curves.contains(c)) {
        if curve == Curve::NistP256 {
            application_chains(&mut pki, opts, &ci_issuer)?;
            for site in SmdsSite::ALL {
                pki.insert_smds(site, ds_auth(opts, &ci_issuer, site)?);
            }
        } else {
            let other = ci(opts, curve)?;
            let other_issuer = CertIssuer::new(&other)?;
            pki.insert(other);
            application_chains(&mut pki, opts, &other_issuer)?;
            pki.insert(dp_tls(opts, &other_issuer)?);
            for site in SmdsSite::ALL {
                pki.insert_smds(site, ds_auth(opts, &other_issuer, site)?);
                pki.insert_smds(site, ds_tls(opts, &other_issuer, site)?);
            }
        }
    }
    pki.insert(dp_tls(opts, &ci_issuer)?);
    // The NIST DS TLS certificates exist in every PKI, like the NIST DP TLS one.
    for site in SmdsSite::ALL {
        pki.insert_smds(site, ds_tls(opts, &ci_issuer, site)?);
    }
    eim_certificates(&mut pki, opts, &ci_issuer)?;
    smsr_certificates(&mut pki, opts, &ci_issuer)?;
    operator_certificates(&mut pki, opts)?;
    Ok(pki)
}

/// The eIM's signing and TLS certificates, under the NIST CI.
fn eim_certificates(
    pki: &mut Pki,
    opts: &LabPkiOptions,
    ci_issuer: &CertIssuer,
) -> Result<(), GenerateError> {
    pki.insert(ci_issuer.issue(&leaf_spec(opts, CertRole::Eim, &opts.eim_id, &[])?)?);
    let dns = [opts.eim_fqdn.as_str()];
    pki.insert(ci_issuer.issue(&leaf_spec(opts, CertRole::EimTls, &opts.eim_fqdn, &dns)?)?);
    Ok(())
}

/// An end-entity certificate of `role` under the CI: subject {O, CN = `cn`}, the leaf
/// validity, `dns` as dNSNames.
fn leaf_spec<'a>(
    opts: &LabPkiOptions,
    role: CertRole,
    cn: &str,
    dns: &'a [&'a str],
) -> Result<CertSpec<'a>, GenerateError> {
    Ok(CertSpec {
        role,
        subject: name(&[("O", opts.organization.as_str()), ("CN", cn)])?,
        not_before: opts.not_before,
        not_after: opts.not_before + opts.leaf_validity,
        dns,
        registered_ids: &[],
        permitted: None,
    })
}

/// The SM-SR's TLS certificate and CERT.SR.ECDSA, and the SGP.02 SM-DP's CERT.DP.ECDSA
/// (GP Amendment E), under the NIST CI.
fn smsr_certificates(
    pki: &mut Pki,
    opts: &LabPkiOptions,
    ci_issuer: &CertIssuer,
) -> Result<(), GenerateError> {
    let dns = [opts.smsr_fqdn.as_str()];
    pki.insert(ci_issuer.issue(&leaf_spec(opts, CertRole::SmSrTls, &opts.smsr_fqdn, &dns)?)?);
    let (nb, leaf_end) = (opts.not_before, opts.not_before + opts.leaf_validity);
    let (_, ci_key) = pki.require_key_on(CertRole::Ci, Curve::NistP256)?;
    let gp = |certificate_type, serial: u8, subject: &str| {
        GpCredential::issue(
            ci_key,
            &GpCertificateFields {
                certificate_type,
                serial_number: &[serial],
                subject_identifier: subject.as_bytes(),
                effective: nb,
                expiration: leaf_end,
            },
        )
    };
    let sr = gp(GpCertificateType::SmSr, 0x01, &opts.smsr_fqdn)?;
    // The SGP.02 SM-DP is the SM-DP+'s host in the lab (CERT.DP.TLS serves both).
    let dp = gp(GpCertificateType::SmDp, 0x02, &opts.smdp_fqdn)?;
    pki.insert_sr_ecdsa(sr);
    pki.insert_dp_ecdsa(dp);
    Ok(())
}

/// The operator CA (its own root) and one TLS client certificate per operator.
fn operator_certificates(pki: &mut Pki, opts: &LabPkiOptions) -> Result<(), GenerateError> {
    let org = opts.organization.as_str();
    let nb = opts.not_before;
    let leaf_end = nb + opts.leaf_validity;
    let ca_end = nb + opts.ca_validity;
    let op_org = format!("{org} operators");
    let op_ca = root(
        &CertSpec {
            role: CertRole::OperatorCa,
            subject: name(&[("O", &op_org), ("CN", &format!("{org} Operator CA"))])?,
            not_before: nb,
            not_after: ca_end,
            dns: &[],
            registered_ids: &[],
            permitted: None,
        },
        Curve::NistP256,
    )?;
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
    Ok(())
}
