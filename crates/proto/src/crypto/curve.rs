//! The two curve sets of SGP.22 v2.5 §2.6.1: NIST P-256 (FIPS 186-4) and brainpoolP256r1
//! (RFC 5639), both with ECDSA over SHA-256 and ECKA-DH (BSI TR-03111).
//!
//! A key's curve comes from the namedCurve OID of its SubjectPublicKeyInfo or key file; a
//! one-time key (`5F49`, a bare point) takes the curve of the session's certificates (the
//! eUICC generates otPK.EUICC.ECKA on the curve of CERT.DPpb.ECDSA, SGP.22 §3.1.3). Every
//! other curve is refused with [`KeyError::UnsupportedCurve`] (`unsupportedCurve`).

use super::KeyError;
use super::public_key::oid_text;

/// A curve of SGP.22's curve sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Curve {
    /// NIST P-256 / secp256r1 / prime256v1, OID 1.2.840.10045.3.1.7 (RFC 5480 §2.1.1.1).
    NistP256,
    /// brainpoolP256r1, OID 1.3.36.3.3.2.8.1.1.7 (RFC 5639 §4.1).
    BrainpoolP256r1,
}

/// OID contents of secp256r1.
const OID_P256: &[u8] = &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];
/// OID contents of brainpoolP256r1.
const OID_BRAINPOOL_P256R1: &[u8] = &[0x2B, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x07];

impl Curve {
    /// Both curves, NIST first (the order an SM-DP+ prefers them in when it may choose).
    pub const ALL: [Curve; 2] = [Curve::NistP256, Curve::BrainpoolP256r1];

    /// The contents octets of the namedCurve OID.
    pub fn oid_contents(self) -> &'static [u8] {
        match self {
            Curve::NistP256 => OID_P256,
            Curve::BrainpoolP256r1 => OID_BRAINPOOL_P256R1,
        }
    }

    /// The namedCurve OID, dotted.
    pub fn dotted_oid(self) -> &'static str {
        match self {
            Curve::NistP256 => "1.2.840.10045.3.1.7",
            Curve::BrainpoolP256r1 => "1.3.36.3.3.2.8.1.1.7",
        }
    }

    /// The curve a namedCurve OID (contents octets) names; any other is
    /// [`KeyError::UnsupportedCurve`] with the OID in dotted form.
    pub fn from_oid_contents(contents: &[u8]) -> Result<Curve, KeyError> {
        Curve::ALL
            .into_iter()
            .find(|c| c.oid_contents() == contents)
            .ok_or_else(|| KeyError::UnsupportedCurve(oid_text(contents)))
    }

    /// The curve a dotted namedCurve OID names, if one of ours.
    pub fn from_dotted_oid(dotted: &str) -> Option<Curve> {
        Curve::ALL.into_iter().find(|c| c.dotted_oid() == dotted)
    }

    /// The name the standards give the curve.
    pub fn name(self) -> &'static str {
        match self {
            Curve::NistP256 => "NIST P-256",
            Curve::BrainpoolP256r1 => "brainpoolP256r1",
        }
    }
}

impl std::fmt::Display for Curve {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc5480_rfc5639_oids_name_the_curves_and_others_are_refused() {
        for curve in Curve::ALL {
            assert_eq!(Curve::from_oid_contents(curve.oid_contents()), Ok(curve));
            assert_eq!(Curve::from_dotted_oid(curve.dotted_oid()), Some(curve));
            assert_eq!(oid_text(curve.oid_contents()), curve.dotted_oid());
        }
        // secp384r1, 1.3.132.0.34
        assert_eq!(
            Curve::from_oid_contents(&[0x2B, 0x81, 0x04, 0x00, 0x22]),
            Err(KeyError::UnsupportedCurve("1.3.132.0.34".into()))
        );
    }
}
