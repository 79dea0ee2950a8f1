//! CERT.SR.ECDSA: the SM-SR's signing certificate in GP Amendment E form, signed by the CI
//! (SGP.02 2.3.2; 4.1.1.6 EstablishISDRKeySet, where the eUICC's ECASD verifies it with
//! PK.CI.ECDSA before a key agreement with SM-SR2 during an SM-SR change, 3.8).
//!
//! ```text
//! 7F21 { 93 serial, 42 CI key identifier, 5F20 SM-SR identifier, 95 82,
//!        5F25 effective date, 5F24 expiration date, 73 { C8 02, C9 CI key identifier },
//!        7F49 { B0 PK.SR.ECDSA, F0 00 }, 5F37 signature by SK.CI.ECDSA }
//! ```
//!
//! SGP.02 leaves the content of the subject identifier to the CI; the lab writes the
//! SM-SR's identifier (its FQDN) in ASCII.

use proto::crypto::{PublicKey, SigningKey};
use time::OffsetDateTime;

use super::certificate::{
    GpCertificate, GpCertificateBody, GpCertificateType, KEY_USAGE_SIGNATURE,
};
use super::error::GpCertError;
use crate::key::{PrivateKey, key_identifier};

/// CERT.SR.ECDSA with SK.SR.ECDSA when known.
#[derive(Clone, Debug, PartialEq)]
pub struct SrCredential {
    /// The `7F21` certificate.
    pub certificate: GpCertificate,
    /// SK.SR.ECDSA (absent when only the certificate was loaded).
    pub key: Option<PrivateKey>,
}

/// What [`SrCredential::issue`] writes into CERT.SR.ECDSA.
#[derive(Clone, Copy, Debug)]
pub struct SrCertificateFields<'a> {
    /// `93` serial number.
    pub serial_number: &'a [u8],
    /// `5F20`: the SM-SR identifier.
    pub subject_identifier: &'a [u8],
    /// `5F25` effective date.
    pub effective: OffsetDateTime,
    /// `5F24` expiration date.
    pub expiration: OffsetDateTime,
}

/// A date as GP Amendment E §6.1 writes it: BCD `YYYYMMDD`.
pub fn bcd_date(date: OffsetDateTime) -> Vec<u8> {
    let digits = format!(
        "{:04}{:02}{:02}",
        date.year().clamp(0, 9999),
        u8::from(date.month()),
        date.day()
    );
    digits
        .as_bytes()
        .chunks(2)
        .map(|pair| ((pair[0] - b'0') << 4) | (pair[1] - b'0'))
        .collect()
}

impl SrCredential {
    /// A fresh SK.SR.ECDSA on the CI's curve and its CERT.SR.ECDSA signed by `ci_key`
    /// (certificate type `C8 02`, SGP.02 2.3.2; CA identifier and authority key identifier
    /// the CI key's identifier).
    pub fn issue(
        ci_key: &PrivateKey,
        fields: &SrCertificateFields<'_>,
    ) -> Result<SrCredential, GpCertError> {
        let key = PrivateKey::generate_on(ci_key.curve())?;
        let ci = SigningKey::new(ci_key.clone())?;
        let ci_id = key_identifier(ci.public_key().as_uncompressed_point()).to_vec();
        let certificate = GpCertificateBody {
            serial_number: fields.serial_number.to_vec(),
            ca_identifier: ci_id.clone(),
            subject_identifier: fields.subject_identifier.to_vec(),
            key_usage: KEY_USAGE_SIGNATURE.to_vec(),
            effective_date: Some(bcd_date(fields.effective)),
            expiration_date: bcd_date(fields.expiration),
            discretionary_data: None,
            certificate_type: Some(GpCertificateType::SmSr),
            authority_key_identifier: Some(ci_id),
            public_key: key.public_key(),
        }
        .sign(&ci)?;
        Ok(SrCredential {
            certificate,
            key: Some(key),
        })
    }

    /// PK.SR.ECDSA.
    pub fn public_key(&self) -> &PublicKey {
        &self.certificate.body.public_key
    }

    /// Checks that the certificate is an SM-SR's (`C8 02`) and that the CI's key signed it.
    pub fn verify(&self, ci: &PublicKey) -> Result<(), GpCertError> {
        if self.certificate.body.certificate_type != Some(GpCertificateType::SmSr) {
            return Err(GpCertError::Unexpected(0xC8));
        }
        self.certificate.verify(ci)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn gp_amd_e_6_1_dates_are_bcd_yyyymmdd() {
        assert_eq!(
            bcd_date(datetime!(2036-07-05 12:00 UTC)),
            [0x20, 0x36, 0x07, 0x05]
        );
    }

    #[test]
    fn sgp02_2_3_2_sr_certificate_is_type_02_signed_by_the_ci() {
        let ci = PrivateKey::generate_on(proto::crypto::Curve::NistP256).unwrap();
        let sr = SrCredential::issue(
            &ci,
            &SrCertificateFields {
                serial_number: &[0x05],
                subject_identifier: b"smsr.rsp-lab.test",
                effective: datetime!(2026-01-01 0:00 UTC),
                expiration: datetime!(2036-01-01 0:00 UTC),
            },
        )
        .unwrap();
        let read = GpCertificate::decode(&sr.certificate.to_bytes()).unwrap();
        assert_eq!(read.body.certificate_type, Some(GpCertificateType::SmSr));
        assert_eq!(read.body.key_usage, [0x82]);
        assert_eq!(read.body.expiration_date, [0x20, 0x36, 0x01, 0x01]);
        sr.verify(&ci.public_key()).unwrap();
        let other = PrivateKey::generate_on(proto::crypto::Curve::NistP256).unwrap();
        assert!(matches!(
            sr.verify(&other.public_key()),
            Err(GpCertError::Signature(_))
        ));
    }
}
