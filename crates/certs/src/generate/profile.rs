//! Certificate profiles per role (SGP.22 §4.5.2.1, mirrored on the SGP.26 test set).
//!
//! | role | basicConstraints | keyUsage (critical) | extKeyUsage | certificatePolicies | subjectAltName | other |
//! |---|---|---|---|---|---|---|
//! | CI | cA, critical | keyCertSign, cRLSign | — | `.0`, critical | registeredID CI OID | SKI |
//! | EUM | cA, pathLen 0, critical | keyCertSign | — | `.2`, critical | registeredID EUM OID | SKI, AKI, nameConstraints (critical): permitted directoryName {O, serialNumber = EID prefix} |
//! | eUICC | — | digitalSignature | — | `.1`, critical | — | SKI, AKI; subject serialNumber = EID |
//! | DPauth / DPpb | — | digitalSignature | — | `.4` / `.5`, critical | registeredID SM-DP+ OID | SKI, AKI |
//! | DP TLS | — | digitalSignature | serverAuth, clientAuth (critical) | `.3`, **non-critical** | dNSName FQDN, registeredID SM-DP+ OID | SKI, AKI |
//! | eIM | — | digitalSignature | — | lab `2.999.146.1.0`, critical | — | SKI, AKI |
//! | eIM TLS | — | digitalSignature | serverAuth, clientAuth (critical) | lab `.1`, non-critical | dNSName eIM FQDN | SKI, AKI |
//! | operator CA | cA, pathLen 0, critical | keyCertSign, cRLSign | — | lab `.2`, non-critical | — | SKI |
//! | operator client | — | digitalSignature | clientAuth (critical) | lab `.3`, non-critical | — | SKI, AKI; CN = operator id |
//! | SM-SR TLS | — | digitalSignature | serverAuth, clientAuth (critical) | lab `.4`, non-critical | dNSName SM-SR FQDN | SKI, AKI |
//!
//! TLS certificates keep certificatePolicies non-critical because webpki (rustls) refuses any
//! critical extension it does not process on end-entity and intermediate certificates.
//! No CRL distribution points: the lab runs no CRL service.

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, DnValue, IsCa, KeyIdMethod,
    KeyUsagePurpose, SerialNumber,
};
use ring::rand::{SecureRandom, SystemRandom};
use time::OffsetDateTime;

use super::GenerateError;
use crate::ext;
use crate::key::{PrivateKey, key_identifier};
use crate::oid::{CertRole, ID_AT_SERIAL_NUMBER, ID_KP_CLIENT_AUTH, ID_KP_SERVER_AUTH, arcs};

/// What varies between two certificates of one role.
pub(crate) struct CertSpec<'a> {
    pub role: CertRole,
    pub subject: DistinguishedName,
    pub not_before: OffsetDateTime,
    pub not_after: OffsetDateTime,
    pub dns: &'a [&'a str],
    pub registered_ids: &'a [&'a str],
    /// EUM only: the permitted subtree {O = org, serialNumber = EID prefix}.
    pub permitted: Option<(&'a str, &'a str)>,
}

fn serial_number_type() -> DnType {
    DnType::CustomDnType(arcs(ID_AT_SERIAL_NUMBER).unwrap_or_default())
}

/// A distinguished name from (attribute, value) pairs; serialNumber and countryName are
/// PrintableString (X.520), the rest UTF8String.
pub(crate) fn name(attrs: &[(&str, &str)]) -> Result<DistinguishedName, GenerateError> {
    let mut dn = DistinguishedName::new();
    for (attr, value) in attrs {
        let printable = || -> Result<DnValue, GenerateError> {
            Ok(DnValue::PrintableString(
                value.to_string().try_into().map_err(|_| {
                    GenerateError::option(attr, format!("{value:?} is not a PrintableString"))
                })?,
            ))
        };
        match *attr {
            "CN" => dn.push(DnType::CommonName, DnValue::Utf8String(value.to_string())),
            "O" => dn.push(
                DnType::OrganizationName,
                DnValue::Utf8String(value.to_string()),
            ),
            "OU" => dn.push(
                DnType::OrganizationalUnitName,
                DnValue::Utf8String(value.to_string()),
            ),
            "C" => dn.push(DnType::CountryName, printable()?),
            "serialNumber" => dn.push(serial_number_type(), printable()?),
            other => {
                return Err(GenerateError::option(
                    other,
                    "unknown name attribute".into(),
                ));
            }
        }
    }
    Ok(dn)
}

fn random_serial() -> Result<SerialNumber, GenerateError> {
    let mut bytes = [0u8; 8];
    SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| GenerateError::Key(crate::key::KeyError::Random))?;
    // Positive and minimal: clear the top bit, keep the first octet non-zero.
    bytes[0] = (bytes[0] & 0x7F) | 0x01;
    Ok(SerialNumber::from_slice(&bytes))
}

/// The rcgen parameters of a certificate of `spec.role` for `subject_key`.
pub(crate) fn params(
    spec: &CertSpec<'_>,
    subject_key: &PrivateKey,
) -> Result<CertificateParams, GenerateError> {
    let role = spec.role;
    let mut p = CertificateParams::default();
    p.not_before = spec.not_before;
    p.not_after = spec.not_after;
    p.serial_number = Some(random_serial()?);
    p.distinguished_name = spec.subject.clone();
    let ski = key_identifier(subject_key.public_key().as_uncompressed_point()).to_vec();
    // rcgen writes this as SKI on CA certificates and as AKI in what they issue.
    p.key_identifier_method = KeyIdMethod::PreSpecified(ski.clone());
    p.use_authority_key_identifier_extension = !role.is_root();

    let (is_ca, usages): (IsCa, Vec<KeyUsagePurpose>) = match role {
        CertRole::Ci => (
            IsCa::Ca(BasicConstraints::Unconstrained),
            vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign],
        ),
        CertRole::OperatorCa => (
            IsCa::Ca(BasicConstraints::Constrained(0)),
            vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign],
        ),
        CertRole::Eum => (
            IsCa::Ca(BasicConstraints::Constrained(0)),
            vec![KeyUsagePurpose::KeyCertSign],
        ),
        _ => (IsCa::NoCa, vec![KeyUsagePurpose::DigitalSignature]),
    };
    p.is_ca = is_ca;
    p.key_usages = usages;
    if matches!(p.is_ca, IsCa::NoCa) {
        p.custom_extensions.push(ext::subject_key_identifier(&ski)?);
    }

    let tls = matches!(
        role,
        CertRole::DpTls | CertRole::EimTls | CertRole::DsTls | CertRole::SmSrTls
    );
    let policy_critical = !(tls || matches!(role, CertRole::OperatorCa | CertRole::OperatorClient));
    p.custom_extensions.push(ext::certificate_policies(
        role.policy_oid(),
        policy_critical,
    )?);
    if tls {
        p.custom_extensions.push(ext::extended_key_usage(
            &[ID_KP_SERVER_AUTH, ID_KP_CLIENT_AUTH],
            true,
        )?);
    }
    if role == CertRole::OperatorClient {
        p.custom_extensions
            .push(ext::extended_key_usage(&[ID_KP_CLIENT_AUTH], true)?);
    }
    if !spec.dns.is_empty() || !spec.registered_ids.is_empty() {
        p.custom_extensions
            .push(ext::subject_alt_name(spec.dns, spec.registered_ids)?);
    }
    if let Some((org, prefix)) = spec.permitted {
        if !prefix.bytes().all(|b| b.is_ascii_digit()) {
            return Err(GenerateError::option(
                "eum_prefix",
                "decimal digits only".into(),
            ));
        }
        p.custom_extensions
            .push(ext::name_constraints_eid_prefix(org, prefix)?);
    }
    Ok(p)
}
