//! The certificate format of GlobalPlatform Card Specification v2.2 Amendment E (Security
//! Upgrade for Card Content Management) §6, as SGP.02 uses it for CERT.ECASD.ECKA (signed
//! by the EUM), CERT.SR.ECDSA and CERT.DP.ECDSA (signed by the CI).
//!
//! ```text
//! 7F21 L {
//!   93 L   certificate serial number
//!   42 L   CA identifier (the issuer's subject key identifier)
//!   5F20 L subject identifier
//!   95 L   key usage (GPCS 11.1.8 Table 11-17: '0080' key agreement, '82' signature
//!          verification)
//!   [5F25 L effective date, BCD YYYYMMDD]
//!   5F24 L expiration date, BCD YYYYMMDD
//!   [45 L  discretionary data (the ECASD's image)]
//!   [73 L  { [C8 01 certificate type: 01 SM-DP, 02 SM-SR] [C9 L authority key identifier] }]
//!   7F49 L { B0 L public key point 04‖X‖Y, F0 01 key parameter reference }
//!   5F37 L signature r‖s over every data object above, as they are encoded
//! }
//! ```
//!
//! A decoded certificate keeps the octets it was signed over as received, and
//! [`GpCertificate::verify`] checks the signature over them, not over a re-encoding.

use proto::crypto::{Curve, PublicKey, Signature, SigningKey};

use super::error::GpCertError;
use super::tlv::{self, Tlv};

/// Bound on a whole certificate (an ECC P-256 certificate is about 200 octets).
pub const MAX_CERTIFICATE_LEN: usize = 1024;
/// Bound on each identifier, date and key usage field.
const MAX_FIELD_LEN: usize = 64;
/// Bound on the discretionary data `45` and `73`.
const MAX_DISCRETIONARY_LEN: usize = 255;

/// Tag of the certificate (GP Amd E §6.1).
pub const TAG_CERTIFICATE: u16 = 0x7F21;
/// Tag of the signature.
pub const TAG_SIGNATURE: u16 = 0x5F37;
/// Tag of the public key template.
pub const TAG_PUBLIC_KEY: u16 = 0x7F49;

/// Key usage of CERT.ECASD.ECKA: key agreement (GPCS 11.1.8 Table 11-17, second octet b8).
pub const KEY_USAGE_KEY_AGREEMENT: [u8; 2] = [0x00, 0x80];
/// Key usage of CERT.SR.ECDSA and CERT.DP.ECDSA: verification, digital signature
/// (GPCS 11.1.8 Table 11-17, b8 and b2).
pub const KEY_USAGE_SIGNATURE: [u8; 1] = [0x82];

/// The certificate type of discretionary data `73` (SGP.02 2.3.2: `C8`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GpCertificateType {
    /// `01`: CERT.DP.ECDSA.
    SmDp,
    /// `02`: CERT.SR.ECDSA.
    SmSr,
    /// Any other value, kept as read.
    Other(u8),
}

impl GpCertificateType {
    /// The `C8` octet.
    pub fn code(self) -> u8 {
        match self {
            GpCertificateType::SmDp => 0x01,
            GpCertificateType::SmSr => 0x02,
            GpCertificateType::Other(b) => b,
        }
    }

    /// From the `C8` octet.
    pub fn from_code(b: u8) -> Self {
        match b {
            0x01 => GpCertificateType::SmDp,
            0x02 => GpCertificateType::SmSr,
            other => GpCertificateType::Other(other),
        }
    }
}

/// The signed fields of a certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GpCertificateBody {
    /// `93` certificate serial number.
    pub serial_number: Vec<u8>,
    /// `42` CA identifier: the subject key identifier of the issuer's key.
    pub ca_identifier: Vec<u8>,
    /// `5F20` subject identifier (the EID for the ECASD, the server's identifier otherwise).
    pub subject_identifier: Vec<u8>,
    /// `95` key usage.
    pub key_usage: Vec<u8>,
    /// `5F25` effective date, BCD `YYYYMMDD`.
    pub effective_date: Option<Vec<u8>>,
    /// `5F24` expiration date, BCD `YYYYMMDD`.
    pub expiration_date: Vec<u8>,
    /// `45` discretionary data.
    pub discretionary_data: Option<Vec<u8>>,
    /// `C8` in `73`: the certificate type.
    pub certificate_type: Option<GpCertificateType>,
    /// `C9` in `73`: the authority key identifier.
    pub authority_key_identifier: Option<Vec<u8>>,
    /// `7F49`: the subject's public key.
    pub public_key: PublicKey,
}

/// A signed GP Amendment E certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GpCertificate {
    /// The fields.
    pub body: GpCertificateBody,
    /// The octets the signature covers: the data objects before `5F37`, as encoded.
    signed: Vec<u8>,
    /// `5F37`.
    pub signature: Signature,
}

/// `F0` key parameter reference of a curve (GP Amd E Table 4-3; SGP.02 Table 24).
pub fn key_parameter_reference(curve: Curve) -> u8 {
    match curve {
        Curve::NistP256 => 0x00,
        Curve::BrainpoolP256r1 => 0x03,
    }
}

fn curve_of(reference: u8) -> Result<Curve, GpCertError> {
    match reference {
        0x00 => Ok(Curve::NistP256),
        0x03 => Ok(Curve::BrainpoolP256r1),
        other => Err(GpCertError::UnsupportedCurve(other)),
    }
}

/// The `7F49` public key template of `key`.
pub fn public_key_template(key: &PublicKey) -> Vec<u8> {
    let mut inner = Vec::new();
    tlv::push(&mut inner, 0xB0, key.as_uncompressed_point());
    tlv::push(&mut inner, 0xF0, &[key_parameter_reference(key.curve())]);
    let mut out = Vec::new();
    tlv::push(&mut out, TAG_PUBLIC_KEY, &inner);
    out
}

/// The public key of a `7F49` template's value.
pub fn parse_public_key_template(value: &[u8]) -> Result<PublicKey, GpCertError> {
    let inner = tlv::read_all(value)?;
    let point = tlv::find(&inner, 0xB0).ok_or(GpCertError::Missing(0xB0))?;
    let reference = match tlv::find(&inner, 0xF0) {
        Some([r]) => *r,
        Some(_) => return Err(GpCertError::FieldLength(0xF0)),
        None => return Err(GpCertError::Missing(0xF0)),
    };
    Ok(PublicKey::from_uncompressed_point_on(
        curve_of(reference)?,
        point,
    )?)
}

impl GpCertificateBody {
    /// The data objects the signature covers, in the order of GP Amd E §6.1.
    pub fn to_signed_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        tlv::push(&mut out, 0x93, &self.serial_number);
        tlv::push(&mut out, 0x42, &self.ca_identifier);
        tlv::push(&mut out, 0x5F20, &self.subject_identifier);
        tlv::push(&mut out, 0x95, &self.key_usage);
        if let Some(d) = &self.effective_date {
            tlv::push(&mut out, 0x5F25, d);
        }
        tlv::push(&mut out, 0x5F24, &self.expiration_date);
        if let Some(d) = &self.discretionary_data {
            tlv::push(&mut out, 0x45, d);
        }
        if self.certificate_type.is_some() || self.authority_key_identifier.is_some() {
            let mut ext = Vec::new();
            if let Some(t) = self.certificate_type {
                tlv::push(&mut ext, 0xC8, &[t.code()]);
            }
            if let Some(aki) = &self.authority_key_identifier {
                tlv::push(&mut ext, 0xC9, aki);
            }
            tlv::push(&mut out, 0x73, &ext);
        }
        out.extend(public_key_template(&self.public_key));
        out
    }

    /// Signs the body with the issuer's key (the CI's for SM-DP and SM-SR certificates,
    /// the EUM's for the ECASD's).
    pub fn sign(self, issuer: &SigningKey) -> Result<GpCertificate, GpCertError> {
        let signed = self.to_signed_bytes();
        let signature = issuer.sign(&signed)?;
        Ok(GpCertificate {
            body: self,
            signed,
            signature,
        })
    }
}

impl GpCertificate {
    /// The whole `7F21` data object.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut inner = self.signed.clone();
        tlv::push(&mut inner, TAG_SIGNATURE, self.signature.as_raw());
        let mut out = Vec::new();
        tlv::push(&mut out, TAG_CERTIFICATE, &inner);
        out
    }

    /// The octets the signature covers.
    pub fn signed_bytes(&self) -> &[u8] {
        &self.signed
    }

    /// Checks the signature with the issuer's public key, over the octets as received.
    pub fn verify(&self, issuer: &PublicKey) -> Result<(), GpCertError> {
        Ok(issuer.verify(&self.signed, &self.signature)?)
    }

    /// Decodes one `7F21` data object (the whole input); the signature is not checked.
    pub fn decode(bytes: &[u8]) -> Result<GpCertificate, GpCertError> {
        if bytes.len() > MAX_CERTIFICATE_LEN {
            return Err(GpCertError::NotACertificate);
        }
        let (outer, rest) = tlv::read(bytes)?;
        if outer.tag != TAG_CERTIFICATE || !rest.is_empty() {
            return Err(GpCertError::NotACertificate);
        }
        Self::decode_value(outer.value)
    }

    /// Decodes the value of a `7F21` data object: the fields, then `5F37` last.
    pub fn decode_value(value: &[u8]) -> Result<GpCertificate, GpCertError> {
        let mut fields = Vec::new();
        let mut rest = value;
        while !rest.is_empty() {
            let signed_len = value.len() - rest.len();
            let (field, after) = tlv::read(rest)?;
            if field.tag == TAG_SIGNATURE {
                if !after.is_empty() {
                    return Err(GpCertError::Unexpected(TAG_SIGNATURE));
                }
                let signature = Signature::from_raw(field.value)
                    .map_err(|_| GpCertError::FieldLength(TAG_SIGNATURE))?;
                return Ok(GpCertificate {
                    body: decode_body(&fields)?,
                    signed: value[..signed_len].to_vec(),
                    signature,
                });
            }
            fields.push(field);
            rest = after;
        }
        Err(GpCertError::Missing(TAG_SIGNATURE))
    }
}

/// The fields in the order GP Amd E §6.1 gives; unknown or repeated tags are refused.
fn decode_body(fields: &[Tlv<'_>]) -> Result<GpCertificateBody, GpCertError> {
    const ORDER: [u16; 9] = [
        0x93,
        0x42,
        0x5F20,
        0x95,
        0x5F25,
        0x5F24,
        0x45,
        0x73,
        TAG_PUBLIC_KEY,
    ];
    let mut position = 0;
    for f in fields {
        match ORDER[position..].iter().position(|t| *t == f.tag) {
            Some(p) => position += p + 1,
            None => return Err(GpCertError::Unexpected(f.tag)),
        }
        let bound = match f.tag {
            0x45 | 0x73 => MAX_DISCRETIONARY_LEN,
            TAG_PUBLIC_KEY => 0xFF,
            _ => MAX_FIELD_LEN,
        };
        if f.value.len() > bound {
            return Err(GpCertError::FieldLength(f.tag));
        }
    }
    let required = |tag| tlv::find(fields, tag).ok_or(GpCertError::Missing(tag));
    let optional = |tag| tlv::find(fields, tag).map(<[u8]>::to_vec);
    let (certificate_type, authority_key_identifier) = match tlv::find(fields, 0x73) {
        Some(ext) => decode_extension(ext)?,
        None => (None, None),
    };
    Ok(GpCertificateBody {
        serial_number: required(0x93)?.to_vec(),
        ca_identifier: required(0x42)?.to_vec(),
        subject_identifier: required(0x5F20)?.to_vec(),
        key_usage: required(0x95)?.to_vec(),
        effective_date: optional(0x5F25),
        expiration_date: required(0x5F24)?.to_vec(),
        discretionary_data: optional(0x45),
        certificate_type,
        authority_key_identifier,
        public_key: parse_public_key_template(required(TAG_PUBLIC_KEY)?)?,
    })
}

type Extension = (Option<GpCertificateType>, Option<Vec<u8>>);

fn decode_extension(value: &[u8]) -> Result<Extension, GpCertError> {
    let inner = tlv::read_all(value)?;
    let kind = match tlv::find(&inner, 0xC8) {
        Some([b]) => Some(GpCertificateType::from_code(*b)),
        Some(_) => return Err(GpCertError::FieldLength(0xC8)),
        None => None,
    };
    Ok((kind, tlv::find(&inner, 0xC9).map(<[u8]>::to_vec)))
}
