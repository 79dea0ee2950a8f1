//! Signatures checked before the write transaction that takes them.
//!
//! The eIM takes a device's results and notifications in one write transaction, on the one
//! thread that writes (SQLite has a single writer). An ECDSA verification there holds every
//! other write back for its duration, so the ESipa functions verify what a message carries
//! first, on the calling thread, with the certificate and association token a read finds
//! for the device ([`crate::esipa::precheck`]). The transaction then asks [`Checked`] again:
//! the same certificate, the same signed octets and the same signature are answered from
//! memory; anything else (the device's certificate changed meanwhile, a compact form rebuilt
//! inside the transaction) is verified there as before. Only successes are remembered, so a
//! failure is always established inside the transaction, over the octets it takes.

use std::cell::RefCell;

use proto::crypto::{PublicKey, Signature};

use super::SignatureCheck;

/// One verification that succeeded: the certificate whose key verified `signature` over
/// `message` (the received octets, association token included).
struct Verified {
    cert: Vec<u8>,
    message: Vec<u8>,
    signature: Vec<u8>,
}

/// The signatures of one request found valid so far (see the module documentation).
#[derive(Default)]
pub struct Checked {
    verified: RefCell<Vec<Verified>>,
}

impl Checked {
    /// Nothing checked yet: every signature is verified when asked.
    pub fn none() -> Checked {
        Checked::default()
    }

    /// Verifies the raw r‖s `signature` over `message` with the key of `cert`: from memory
    /// when these octets verified before, else computed (and remembered when it verifies).
    pub(super) fn verify(
        &self,
        cert: Option<&[u8]>,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), SignatureCheck> {
        let cert = cert.ok_or(SignatureCheck::NoCertificate)?;
        let known = self
            .verified
            .borrow()
            .iter()
            .any(|v| v.signature == signature && v.message == message && v.cert == cert);
        if known {
            return Ok(());
        }
        let key = PublicKey::from_certificate_der(cert)
            .map_err(|e| SignatureCheck::BadCertificate(e.to_string()))?;
        let sig =
            Signature::from_raw(signature).map_err(|e| SignatureCheck::Malformed(e.to_string()))?;
        key.verify(message, &sig)
            .map_err(|_| SignatureCheck::Invalid)?;
        self.verified.borrow_mut().push(Verified {
            cert: cert.to_vec(),
            message: message.to_vec(),
            signature: signature.to_vec(),
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use certs::CertRole;
    use certs::generate::{LabPkiOptions, generate};
    use proto::crypto::SigningKey;

    use super::*;

    impl Checked {
        /// How many verifications are remembered.
        fn len(&self) -> usize {
            self.verified.borrow().len()
        }
    }

    /// The lab's eUICC certificate, another certificate, and the eUICC's signature over
    /// `message`.
    fn signed(message: &[u8]) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
        let pki = generate(&LabPkiOptions::default()).unwrap();
        let euicc = pki.require(CertRole::Euicc).unwrap();
        let key = SigningKey::new(euicc.key().unwrap().clone()).unwrap();
        let sig = key.sign(message).unwrap().as_raw().to_vec();
        let other = pki.require(CertRole::Eum).unwrap().cert_der.clone();
        (euicc.cert_der.clone(), other, sig)
    }

    #[test]
    fn a_verified_signature_is_remembered_for_the_same_octets_only() {
        let (cert, other, sig) = signed(b"result data");
        let checked = Checked::none();
        assert_eq!(checked.verify(Some(&cert), b"result data", &sig), Ok(()));
        assert_eq!(checked.len(), 1);
        assert_eq!(checked.verify(Some(&cert), b"result data", &sig), Ok(()));
        assert_eq!(checked.len(), 1, "the same octets are answered from memory");
        // Another certificate, message or signature is verified again, and fails.
        assert_eq!(
            checked.verify(Some(&other), b"result data", &sig),
            Err(SignatureCheck::Invalid)
        );
        assert_eq!(
            checked.verify(Some(&cert), b"result datA", &sig),
            Err(SignatureCheck::Invalid)
        );
        let mut flipped = sig.clone();
        flipped[40] ^= 1;
        assert_eq!(
            checked.verify(Some(&cert), b"result data", &flipped),
            Err(SignatureCheck::Invalid)
        );
        assert_eq!(checked.len(), 1, "failures are not remembered");
        assert_eq!(
            checked.verify(None, b"result data", &sig),
            Err(SignatureCheck::NoCertificate)
        );
    }

    #[test]
    fn malformed_signatures_and_certificates_are_refused_by_kind() {
        let (cert, _, sig) = signed(b"m");
        let checked = Checked::none();
        assert!(matches!(
            checked.verify(Some(&cert), b"m", &sig[..10]),
            Err(SignatureCheck::Malformed(_))
        ));
        assert!(matches!(
            checked.verify(Some(b"not a certificate"), b"m", &sig),
            Err(SignatureCheck::BadCertificate(_))
        ));
        assert_eq!(checked.len(), 0);
    }
}
