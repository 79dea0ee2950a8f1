//! What the GSMA checks need from a certificate, read once with x509-parser into owned data.

use time::OffsetDateTime;
use x509_parser::certificate::X509Certificate;
use x509_parser::der_parser::error::BerError;
use x509_parser::error::X509Error;
use x509_parser::extensions::{GeneralName, ParsedExtension};
use x509_parser::prelude::FromDer;
use x509_parser::x509::X509Name;

use proto::crypto::{KeyError, PublicKey};

use crate::oid::ID_AT_SERIAL_NUMBER;

/// keyUsage bits the GSMA profiles use (RFC 5280 §4.2.1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KeyUsageBits {
    pub digital_signature: bool,
    pub key_cert_sign: bool,
    pub crl_sign: bool,
}

/// One attribute of a distinguished name: (type OID dotted, string value).
pub type NameAttr = (String, String);

/// Why DER octets do not read as a certificate (x509-parser's errors boxed: they are
/// large, and every chain error carries this one).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CertParseError {
    /// Not a DER X.509 certificate (x509-parser's error).
    #[error("{0}")]
    Der(#[source] Box<x509_parser::nom::Err<X509Error>>),
    /// Octets after the certificate.
    #[error("{0} bytes after the certificate")]
    TrailingBytes(usize),
    /// An extension that does not parse.
    #[error("extension {oid}: {source}")]
    Extension {
        /// The extension's OID, dotted.
        oid: String,
        /// x509-parser's error.
        #[source]
        source: Box<x509_parser::nom::Err<BerError>>,
    },
}

// x509-parser's errors compare field by field and hold no floating-point values, so the
// comparison is reflexive; [`super::ChainError`], which carries this error, is `Eq`.
impl Eq for CertParseError {}

/// The facts of one certificate.
#[derive(Debug, Clone)]
pub struct CertFacts {
    pub tbs: Vec<u8>,
    pub signature_algorithm: String,
    pub signature: Vec<u8>,
    /// The subject public key on NIST P-256 or brainpoolP256r1, or why it is neither
    /// (its curve, or not an elliptic-curve key).
    pub public_key: Result<PublicKey, KeyError>,
    /// The subjectPublicKey BIT STRING contents (the point, whatever its curve).
    pub public_point: Vec<u8>,
    pub subject_raw: Vec<u8>,
    pub issuer_raw: Vec<u8>,
    pub subject: Vec<NameAttr>,
    pub not_before: OffsetDateTime,
    pub not_after: OffsetDateTime,
    pub policies: Vec<String>,
    pub ski: Option<Vec<u8>>,
    pub aki: Option<Vec<u8>>,
    pub is_ca: bool,
    pub key_usage: Option<KeyUsageBits>,
    pub server_auth: bool,
    pub client_auth: bool,
    pub dns_names: Vec<String>,
    pub registered_ids: Vec<String>,
    /// permittedSubtrees of nameConstraints that are directoryNames.
    pub permitted_names: Vec<Vec<NameAttr>>,
}

/// Dotted form of an OID from its contents octets. Not x509-parser's `to_id_string`: its
/// decoder (asn1-rs 0.7) misreads a first subidentifier above 127, turning `2.999.10` (the
/// SGP.26 SM-DP+ OID) into `3.16.55.10`.
fn dotted(oid: &x509_parser::der_parser::oid::Oid<'_>) -> String {
    proto::der::Oid::from_contents(oid.as_bytes())
        .and_then(|o| o.arcs())
        .map(|arcs| {
            arcs.iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(".")
        })
        .unwrap_or_else(|| format!("invalid-oid-{}", hex::encode(oid.as_bytes())))
}

fn name_attrs(name: &X509Name<'_>) -> Vec<NameAttr> {
    name.iter_attributes()
        .map(|a| {
            let value = a
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|_| hex::encode(a.attr_value().data));
            (dotted(a.attr_type()), value)
        })
        .collect()
}

impl CertFacts {
    /// Parses a DER certificate.
    pub fn parse(der: &[u8]) -> Result<CertFacts, CertParseError> {
        let (rest, cert) =
            X509Certificate::from_der(der).map_err(|e| CertParseError::Der(Box::new(e)))?;
        if !rest.is_empty() {
            return Err(CertParseError::TrailingBytes(rest.len()));
        }
        CertFacts::from_parsed(&cert)
    }

    fn from_parsed(cert: &X509Certificate<'_>) -> Result<CertFacts, CertParseError> {
        let spki = cert.public_key();
        let point = spki.subject_public_key.data.to_vec();
        let public_key = PublicKey::from_spki_der(spki.raw);

        let mut facts = CertFacts {
            tbs: cert.tbs_certificate.as_ref().to_vec(),
            signature_algorithm: dotted(&cert.signature_algorithm.algorithm),
            signature: cert.signature_value.data.to_vec(),
            public_key,
            public_point: point,
            subject_raw: cert.subject().as_raw().to_vec(),
            issuer_raw: cert.issuer().as_raw().to_vec(),
            subject: name_attrs(cert.subject()),
            not_before: cert.validity().not_before.to_datetime(),
            not_after: cert.validity().not_after.to_datetime(),
            policies: Vec::new(),
            ski: None,
            aki: None,
            is_ca: false,
            key_usage: None,
            server_auth: false,
            client_auth: false,
            dns_names: Vec::new(),
            registered_ids: Vec::new(),
            permitted_names: Vec::new(),
        };

        for ext in cert.extensions() {
            match ext.parsed_extension() {
                ParsedExtension::CertificatePolicies(p) => {
                    facts.policies = p.iter().map(|i| dotted(&i.policy_id)).collect();
                }
                ParsedExtension::SubjectKeyIdentifier(k) => facts.ski = Some(k.0.to_vec()),
                ParsedExtension::AuthorityKeyIdentifier(a) => {
                    facts.aki = a.key_identifier.as_ref().map(|k| k.0.to_vec());
                }
                ParsedExtension::BasicConstraints(b) => facts.is_ca = b.ca,
                ParsedExtension::KeyUsage(k) => {
                    facts.key_usage = Some(KeyUsageBits {
                        digital_signature: k.digital_signature(),
                        key_cert_sign: k.key_cert_sign(),
                        crl_sign: k.crl_sign(),
                    })
                }
                ParsedExtension::ExtendedKeyUsage(e) => {
                    facts.server_auth = e.server_auth;
                    facts.client_auth = e.client_auth;
                }
                ParsedExtension::SubjectAlternativeName(san) => {
                    for name in &san.general_names {
                        match name {
                            GeneralName::DNSName(d) => facts.dns_names.push(d.to_string()),
                            GeneralName::RegisteredID(o) => facts.registered_ids.push(dotted(o)),
                            _ => {}
                        }
                    }
                }
                ParsedExtension::NameConstraints(nc) => {
                    for sub in nc.permitted_subtrees.iter().flatten() {
                        if let GeneralName::DirectoryName(n) = &sub.base {
                            facts.permitted_names.push(name_attrs(n));
                        }
                    }
                }
                ParsedExtension::ParseError { error } => {
                    return Err(CertParseError::Extension {
                        oid: dotted(&ext.oid),
                        source: Box::new(error.clone()),
                    });
                }
                _ => {}
            }
        }
        Ok(facts)
    }

    /// First subject attribute of the given type.
    pub fn subject_attr(&self, oid: &str) -> Option<&str> {
        self.subject
            .iter()
            .find(|(t, _)| t == oid)
            .map(|(_, v)| v.as_str())
    }

    /// Subject serialNumber (the EID in CERT.EUICC.ECDSA).
    pub fn subject_serial_number(&self) -> Option<&str> {
        self.subject_attr(ID_AT_SERIAL_NUMBER)
    }

    /// Subject commonName.
    pub fn subject_cn(&self) -> Option<&str> {
        self.subject_attr("2.5.4.3")
    }

    /// Subject organizationName.
    pub fn subject_org(&self) -> Option<&str> {
        self.subject_attr("2.5.4.10")
    }

    /// serialNumber values of the permitted directoryName subtrees: the EID prefixes an EUM
    /// may issue under (SGP.22 §4.5.2.1.0.2).
    pub fn permitted_eid_prefixes(&self) -> Vec<String> {
        self.permitted_names
            .iter()
            .flat_map(|n| n.iter())
            .filter(|(t, _)| t == ID_AT_SERIAL_NUMBER)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// Whether the certificate is self-issued (subject = issuer).
    pub fn self_issued(&self) -> bool {
        self.subject_raw == self.issuer_raw
    }
}
