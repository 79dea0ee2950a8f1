//! GSMA chain verification: CI → EUM → eUICC and CI → SM-DP+ / eIM certificates
//! (SGP.22 §4.5.2, §5.6.3, §5.7.13), done here because webpki refuses the critical
//! certificatePolicies extension these certificates carry.

use proto::crypto::PublicKey;
use time::OffsetDateTime;

use super::ChainError;
use super::anchor::{CiAnchor, find};
use super::checks;
use super::facts::{CertFacts, NameAttr};
use crate::eid::is_valid_eid;
use crate::oid::{CertRole, ID_AT_SERIAL_NUMBER};

/// A verified eUICC: CERT.EUICC.ECDSA chained through CERT.EUM.ECDSA to a trusted CI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedEuicc {
    /// The EID (subject serialNumber), 32 digits.
    pub eid: String,
    /// PK.EUICC.ECDSA (its curve is the chain's): verifies euiccSignature1/2, PIR,
    /// notifications.
    pub public_key: PublicKey,
    /// SKI of the CI the chain ends at (`euiccCiPKId`).
    pub ci_ski: Vec<u8>,
    /// SKI of the EUM certificate.
    pub eum_ski: Vec<u8>,
    /// SKI of the eUICC certificate.
    pub euicc_ski: Vec<u8>,
    /// EID prefixes the EUM is permitted (serialNumber of its nameConstraints subtrees).
    pub eum_permitted_prefixes: Vec<String>,
    /// End of the eUICC certificate's validity.
    pub not_after: OffsetDateTime,
}

/// A verified EUM certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedEum {
    pub public_key: PublicKey,
    pub ci_ski: Vec<u8>,
    pub ski: Vec<u8>,
    /// The permitted directoryName subtrees, as (attribute OID, value) lists.
    pub permitted: Vec<Vec<NameAttr>>,
    pub not_after: OffsetDateTime,
}

/// A verified end-entity certificate issued directly by a root (DPauth, DPpb, DP TLS, eIM,
/// eIM TLS, operator client).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedServer {
    pub role: CertRole,
    /// The subject public key.
    pub public_key: PublicKey,
    /// The SM-DP+ OID (first registeredID of subjectAltName), dotted; SGP.22 §4.5.2.1.0.4.
    pub smdp_oid: Option<String>,
    /// dNSName entries of subjectAltName.
    pub dns_names: Vec<String>,
    /// Subject commonName (the operator id on operator certificates, the eIM id on eIM ones).
    pub subject_cn: Option<String>,
    /// SKI of the root that issued it.
    pub ci_ski: Vec<u8>,
    /// The certificate's own SKI.
    pub ski: Vec<u8>,
    pub not_after: OffsetDateTime,
}

/// Checks one certificate issued by a root in `anchors`: its anchor by AKI (else
/// [`ChainError::UnknownCi`]), algorithms and curve, signature, validity, role, key usage,
/// SKI. Returns the anchor and the certificate's key.
///
/// The validity period comes right after the signature, as in RFC 5280's basic certificate
/// processing (6.1.3 (a): signature, then validity, before any policy), which SGP.22 4.5.2.2
/// builds on: an expired certificate is reported expired (SGP.22 5.6.3 "EUM Certificate -
/// Expired", 8.1.2/6.3) even when its policy or usage is wrong too.
fn verify_under_root<'a>(
    anchors: &'a [CiAnchor],
    f: &CertFacts,
    role: CertRole,
    now: Option<OffsetDateTime>,
) -> Result<(&'a CiAnchor, PublicKey), ChainError> {
    let aki = checks::aki(f, role)?;
    let anchor =
        find(anchors, &aki, role.anchor_role()).ok_or(ChainError::UnknownCi { cert: role, aki })?;
    let key = checks::algorithms(f, role)?;
    checks::same_curve(&key, anchor.public_key(), role)?;
    checks::signature(f, anchor.public_key(), role)?;
    checks::validity(f, now, role)?;
    checks::role(f, role)?;
    checks::usage(f, role)?;
    checks::ski(f, role)?;
    Ok((anchor, key))
}

/// Verifies CERT.EUM.ECDSA against the trusted CIs (SGP.22 §5.6.3: the EUM's AKI names the
/// CI; signature, role `id-rspRole-eum`, CA, nameConstraints with an EID prefix).
pub fn verify_eum_cert(
    cis: &[CiAnchor],
    eum_der: &[u8],
    now: Option<OffsetDateTime>,
) -> Result<VerifiedEum, ChainError> {
    let f = checks::parse(eum_der, CertRole::Eum)?;
    verify_eum_facts(cis, &f, now)
}

fn verify_eum_facts(
    cis: &[CiAnchor],
    f: &CertFacts,
    now: Option<OffsetDateTime>,
) -> Result<VerifiedEum, ChainError> {
    let (ci, public_key) = verify_under_root(cis, f, CertRole::Eum, now)?;
    if f.permitted_eid_prefixes().is_empty() {
        return Err(ChainError::MissingNameConstraints);
    }
    Ok(VerifiedEum {
        public_key,
        ci_ski: ci.ski().to_vec(),
        ski: checks::ski(f, CertRole::Eum)?,
        permitted: f.permitted_names.clone(),
        not_after: f.not_after,
    })
}

/// Whether a subject lies within a permitted directoryName subtree, GSMA style: the
/// subtree's serialNumber is a prefix of the EID; its other attributes (the EUM's O) must be
/// present with equal values.
fn within(subject: &[NameAttr], eid: &str, subtree: &[NameAttr]) -> bool {
    subtree.iter().all(|(t, v)| {
        if t == ID_AT_SERIAL_NUMBER {
            eid.starts_with(v.as_str())
        } else {
            subject.iter().any(|(st, sv)| st == t && sv == v)
        }
    })
}

/// Verifies an eUICC's chain CI → EUM → eUICC as the SM-DP+ does in ES9+.AuthenticateClient
/// (SGP.22 §5.6.3) and the eIM in SGP.32: EUM as in [`verify_eum_cert`]; eUICC AKI = EUM
/// SKI, signature by the EUM, role `id-rspRole-euicc`, digitalSignature, SKI, validity, and
/// the EID (subject serialNumber, valid check digits) inside the EUM's permitted subtrees.
/// Map a failure to the response with [`ChainError::authenticate_client_error`].
pub fn verify_euicc_chain(
    cis: &[CiAnchor],
    eum_der: &[u8],
    euicc_der: &[u8],
    now: Option<OffsetDateTime>,
) -> Result<VerifiedEuicc, ChainError> {
    let eum_f = checks::parse(eum_der, CertRole::Eum)?;
    let euicc_f = checks::parse(euicc_der, CertRole::Euicc)?;
    let eum = verify_eum_facts(cis, &eum_f, now)?;

    let role = CertRole::Euicc;
    let public_key = checks::algorithms(&euicc_f, role)?;
    checks::same_curve(&public_key, &eum.public_key, role)?;
    checks::linked(&euicc_f, &eum.ski, role)?;
    checks::signature(&euicc_f, &eum.public_key, role)?;
    checks::validity(&euicc_f, now, role)?;
    checks::role(&euicc_f, role)?;
    checks::usage(&euicc_f, role)?;
    let euicc_ski = checks::ski(&euicc_f, role)?;

    let eid = euicc_f
        .subject_serial_number()
        .ok_or(ChainError::MissingEid)?
        .to_string();
    if !is_valid_eid(&eid) {
        return Err(ChainError::InvalidEid { eid });
    }
    if !eum
        .permitted
        .iter()
        .any(|subtree| within(&euicc_f.subject, &eid, subtree))
    {
        return Err(ChainError::EidOutsidePermitted {
            eid,
            permitted: eum.permitted,
        });
    }

    Ok(VerifiedEuicc {
        eid,
        public_key,
        ci_ski: eum.ci_ski,
        eum_permitted_prefixes: eum_f.permitted_eid_prefixes(),
        eum_ski: eum.ski,
        euicc_ski,
        not_after: euicc_f.not_after,
    })
}

/// Verifies an end-entity certificate of `role` issued directly by a root in `anchors`
/// (the CI for GSMA and eIM roles, the operator CA for operator client certificates).
pub fn verify_cert(
    anchors: &[CiAnchor],
    cert_der: &[u8],
    role: CertRole,
    now: Option<OffsetDateTime>,
) -> Result<VerifiedServer, ChainError> {
    let f = checks::parse(cert_der, role)?;
    let (anchor, public_key) = verify_under_root(anchors, &f, role, now)?;
    Ok(VerifiedServer {
        role,
        public_key,
        smdp_oid: f.registered_ids.first().cloned(),
        dns_names: f.dns_names.clone(),
        subject_cn: f.subject_cn().map(str::to_string),
        ci_ski: anchor.ski().to_vec(),
        ski: checks::ski(&f, role)?,
        not_after: f.not_after,
    })
}

/// Verifies CERT.DPauth.ECDSA, CERT.DPpb.ECDSA or CERT.DP.TLS (`role`) against the trusted
/// CIs and requires the SM-DP+ OID (registeredID) in subjectAltName (SGP.22 §4.5.2.1.0.4–6).
/// On the eUICC side pass `now = None` and map failures with
/// [`ChainError::authenticate_server_error`] / [`ChainError::prepare_download_error`].
pub fn verify_dp_cert(
    cis: &[CiAnchor],
    cert_der: &[u8],
    role: CertRole,
    now: Option<OffsetDateTime>,
) -> Result<VerifiedServer, ChainError> {
    let v = verify_cert(cis, cert_der, role, now)?;
    if v.smdp_oid.is_none() {
        return Err(ChainError::MissingSmdpOid { cert: role });
    }
    Ok(v)
}

/// Verifies the eIM signing certificate (role [`CertRole::Eim`], lab policy OID) against the
/// trusted CIs; its key verifies eimSignature on eUICC packages (SGP.32 §2.11).
pub fn verify_eim_cert(
    cis: &[CiAnchor],
    cert_der: &[u8],
    now: Option<OffsetDateTime>,
) -> Result<VerifiedServer, ChainError> {
    verify_cert(cis, cert_der, CertRole::Eim, now)
}
