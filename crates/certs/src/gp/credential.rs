//! The off-card signing certificates in GP Amendment E form, signed by the CI (SGP.02
//! 2.3.2): CERT.SR.ECDSA, the SM-SR's (4.1.1.6 EstablishISDRKeySet: the eUICC's ECASD
//! verifies it with PK.CI.ECDSA before a key agreement with SM-SR2 during an SM-SR change,
//! 3.8), and CERT.DP.ECDSA, the SGP.02 SM-DP's (4.1.3.1 EstablishISDPKeySet, before the
//! ISD-P's SCP03 keys are agreed).
//!
//! ```text
//! 7F21 { 93 serial, 42 CI key identifier, 5F20 subject identifier, 95 82,
//!        5F25 effective date, 5F24 expiration date, 73 { C8 <type>, C9 CI key identifier },
//!        7F49 { B0 public key, F0 00 }, 5F37 signature by SK.CI.ECDSA }
//! ```
//!
//! The type is `01` for an SM-DP, `02` for an SM-SR. SGP.02 leaves the content of the
//! subject identifier to the CI; the lab writes the role's identifier (its FQDN) in ASCII.

use proto::crypto::{PublicKey, SigningKey};
use time::OffsetDateTime;

use super::certificate::{
    GpCertificate, GpCertificateBody, GpCertificateType, KEY_USAGE_SIGNATURE,
};
use super::error::GpCertError;
use crate::key::{PrivateKey, key_identifier};

/// A CI-signed GP certificate (CERT.SR.ECDSA, CERT.DP.ECDSA) with its private key when
/// known.
#[derive(Clone, Debug, PartialEq)]
pub struct GpCredential {
    /// The `7F21` certificate.
    pub certificate: GpCertificate,
    /// SK.SR.ECDSA or SK.DP.ECDSA (absent when only the certificate was loaded).
    pub key: Option<PrivateKey>,
}

/// What [`GpCredential::issue`] writes into the certificate.
#[derive(Clone, Copy, Debug)]
pub struct GpCertificateFields<'a> {
    /// `C8`: whose certificate it is.
    pub certificate_type: GpCertificateType,
    /// `93` serial number.
    pub serial_number: &'a [u8],
    /// `5F20`: the SM-SR or SM-DP identifier.
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

impl GpCredential {
    /// A fresh key on the CI's curve and its certificate of `fields.certificate_type`
    /// signed by `ci_key` (SGP.02 2.3.2; CA identifier and authority key identifier the CI
    /// key's identifier).
    pub fn issue(
        ci_key: &PrivateKey,
        fields: &GpCertificateFields<'_>,
    ) -> Result<GpCredential, GpCertError> {
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
            certificate_type: Some(fields.certificate_type),
            authority_key_identifier: Some(ci_id),
            public_key: key.public_key(),
        }
        .sign(&ci)?;
        Ok(GpCredential {
            certificate,
            key: Some(key),
        })
    }

    /// The certified public key.
    pub fn public_key(&self) -> &PublicKey {
        &self.certificate.body.public_key
    }

    /// Checks that the certificate is of type `expected` and that the CI's key signed it.
    pub fn verify(&self, ci: &PublicKey, expected: GpCertificateType) -> Result<(), GpCertError> {
        if self.certificate.body.certificate_type != Some(expected) {
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
        let sr = GpCredential::issue(
            &ci,
            &GpCertificateFields {
                certificate_type: GpCertificateType::SmSr,
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
        sr.verify(&ci.public_key(), GpCertificateType::SmSr)
            .unwrap();
        assert!(matches!(
            sr.verify(&ci.public_key(), GpCertificateType::SmDp),
            Err(GpCertError::Unexpected(0xC8))
        ));
        let other = PrivateKey::generate_on(proto::crypto::Curve::NistP256).unwrap();
        assert!(matches!(
            sr.verify(&other.public_key(), GpCertificateType::SmSr),
            Err(GpCertError::Signature(_))
        ));
    }
}
