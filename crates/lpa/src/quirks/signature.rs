//! The `der_signatures` quirk: an ECDSA signature turned from the plain r‖s of BSI TR-03111
//! 5.2.1 (what SGP.22 2.6.5 puts in `5F37`) into the X9.62 / RFC 3279 `Ecdsa-Sig-Value`
//! most crypto libraries produce:
//!
//! ```text
//! Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }
//! ```

/// Why a signature could not be re-encoded.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureFormatError {
    /// A plain signature has two halves of equal length.
    #[error("a plain r‖s signature has an even, non-zero length; this one has {0} octets")]
    OddLength(usize),
}

/// `r‖s` (equal halves, big-endian) as the DER of `Ecdsa-Sig-Value`.
pub fn plain_to_der(plain: &[u8]) -> Result<Vec<u8>, SignatureFormatError> {
    if plain.is_empty() || plain.len() % 2 != 0 {
        return Err(SignatureFormatError::OddLength(plain.len()));
    }
    let (r, s) = plain.split_at(plain.len() / 2);
    let mut body = Vec::with_capacity(plain.len() + 6);
    integer(r, &mut body);
    integer(s, &mut body);
    let mut out = Vec::with_capacity(body.len() + 4);
    out.push(0x30);
    proto::der::encode_length(body.len(), &mut out);
    out.extend_from_slice(&body);
    Ok(out)
}

/// A non-negative big-endian integer as a DER INTEGER: no leading zero octets, one added
/// when the first octet has its high bit set (X.690 8.3).
fn integer(magnitude: &[u8], out: &mut Vec<u8>) {
    let first = magnitude
        .iter()
        .position(|&b| b != 0)
        .unwrap_or(magnitude.len().saturating_sub(1));
    let digits = magnitude.get(first..).unwrap_or(&[]);
    let digits: &[u8] = if digits.is_empty() { &[0] } else { digits };
    let pad = digits[0] & 0x80 != 0;
    out.push(0x02);
    proto::der::encode_length(digits.len() + usize::from(pad), out);
    if pad {
        out.push(0);
    }
    out.extend_from_slice(digits);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tr_03111_plain_becomes_x9_62_der() {
        let mut plain = vec![0u8; 64];
        plain[0] = 0x80; // r needs a sign octet
        plain[63] = 0x01; // s is 1: leading zeros go
        let der = plain_to_der(&plain).expect("even length");
        assert_eq!(&der[..4], &[0x30, 0x26, 0x02, 0x21]);
        assert_eq!(der[4], 0x00);
        assert_eq!(&der[der.len() - 3..], &[0x02, 0x01, 0x01]);
        assert_eq!(
            plain_to_der(&[1, 2, 3]),
            Err(SignatureFormatError::OddLength(3))
        );
    }
}
