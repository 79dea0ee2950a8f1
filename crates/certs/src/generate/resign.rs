//! brainpoolP256r1 subjects: rcgen writes every EC SubjectPublicKeyInfo with the secp256r1
//! OID, so the certificate of a brainpool key is rebuilt with its true SubjectPublicKeyInfo
//! (RFC 5480 §2.1.1: id-ecPublicKey, namedCurve brainpoolP256r1) and signed again by the
//! issuer. Every other field stays as rcgen encoded it.

use proto::crypto::PublicKey;
use proto::der::{Tag, Tlv, write_constructed, write_tlv};

use super::GenerateError;
use crate::key::CertSigner;

/// `cert_der` with `subject`'s SubjectPublicKeyInfo in place of the one rcgen wrote, its
/// tbsCertificate signed by `issuer`.
pub(crate) fn with_subject_key(
    cert_der: &[u8],
    subject: &PublicKey,
    issuer: &CertSigner,
) -> Result<Vec<u8>, GenerateError> {
    let bad = |e: proto::der::DecodeError| GenerateError::Rcgen(format!("re-encoding: {e}"));
    let cert = Tlv::parse_single(cert_der).map_err(bad)?;
    let mut parts = cert.contents().map_err(bad)?;
    let tbs = parts.read().map_err(bad)?;
    let algorithm = parts.read().map_err(bad)?;
    let mut fields = tbs.contents().map_err(bad)?;
    let mut rebuilt = Vec::with_capacity(tbs.raw.len() + 1);
    write_constructed(Tag::SEQUENCE, &mut rebuilt, |out| {
        // version [0], serialNumber, signature, issuer, validity, subject: as encoded.
        let mut index = 0;
        while let Ok(Some(field)) = fields.read_if(|_| true) {
            // subjectPublicKeyInfo is the seventh field (version present: rcgen writes v3).
            if index == 6 {
                out.extend_from_slice(&subject.to_spki_der());
            } else {
                out.extend_from_slice(field.raw);
            }
            index += 1;
        }
    });
    let signature = issuer.sign_der(&rebuilt)?;
    let mut bits = Vec::with_capacity(signature.len() + 1);
    bits.push(0);
    bits.extend_from_slice(&signature);
    let mut out = Vec::with_capacity(rebuilt.len() + bits.len() + algorithm.raw.len() + 8);
    write_constructed(Tag::SEQUENCE, &mut out, |o| {
        o.extend_from_slice(&rebuilt);
        o.extend_from_slice(algorithm.raw);
        write_tlv(Tag::BIT_STRING, &bits, o);
    });
    Ok(out)
}
