//! ECDSA P-256 with SHA-256 and raw `r ‖ s` signatures (SGP.22 v2.5 §2.6.1, BSI TR-03111),
//! key loading and export, against known answers and the SGP.26 test certificates in
//! `../shared/reference/sgp26-test-certs`.

use std::path::PathBuf;

use proto::crypto::{
    Curve, KeyError, PrivateKey, PublicKey, Signature, SignatureError, SigningKey,
};
use proto::der::{Tag, Tlv};

fn reference(rel: &str) -> Option<Vec<u8>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/reference/sgp26-test-certs")
        .join(rel);
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(_) => {
            eprintln!("notice: {} not found, skipping", path.display());
            None
        }
    }
}

/// tbsCertificate as received and the DER signature of an X.509 certificate.
fn cert_parts(cert: &[u8]) -> (&[u8], &[u8]) {
    let outer = Tlv::parse_single(cert).unwrap();
    let mut r = outer.contents().unwrap();
    let tbs = r.read().unwrap();
    r.read().unwrap(); // signatureAlgorithm
    let sig = r.read().unwrap();
    assert_eq!(sig.tag, Tag::BIT_STRING);
    assert_eq!(sig.value()[0], 0, "no unused bits");
    (tbs.raw, &sig.value()[1..])
}

// RFC 6979 A.2.5: the P-256 key and the SHA-256 signature of "sample".
const RFC6979_D: &str = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
const RFC6979_Q: &str = "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6\
                         7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";
const RFC6979_SIG: &str = "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716\
                           f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8";

#[test]
fn sgp22_2_6_1_known_answer_signature_verifies() {
    let key = PrivateKey::from_scalar(&hex::decode(RFC6979_D).unwrap()).unwrap();
    let public = key.public_key();
    assert_eq!(
        public.as_uncompressed_point()[..],
        hex::decode(RFC6979_Q).unwrap()[..]
    );
    let sig = Signature::from_raw(&hex::decode(RFC6979_SIG).unwrap()).unwrap();
    assert_eq!(public.verify(b"sample", &sig), Ok(()));
    assert_eq!(public.verify(b"samplf", &sig), Err(SignatureError::Invalid));
}

#[test]
fn sgp22_2_6_1_sign_then_verify_round_trip() {
    let key = SigningKey::generate().unwrap();
    let message = b"smdpSigned2 || 5F37 40 || euiccSignature1";
    let sig = key.sign(message).unwrap();
    assert_eq!(sig.as_raw().len(), 64);
    assert_eq!(key.public_key().verify(message, &sig), Ok(()));
    // Randomized signatures: two signatures differ, both verify.
    let again = key.sign(message).unwrap();
    assert_ne!(sig, again);
    assert_eq!(key.public_key().verify(message, &again), Ok(()));

    let mut tampered = *sig.as_raw();
    tampered[63] ^= 1;
    let tampered = Signature::from_raw(&tampered).unwrap();
    assert_eq!(
        key.public_key().verify(message, &tampered),
        Err(SignatureError::Invalid)
    );
    assert_eq!(
        key.public_key().verify(b"other message", &sig),
        Err(SignatureError::Invalid)
    );
    let other = SigningKey::generate().unwrap();
    assert_eq!(
        other.public_key().verify(message, &sig),
        Err(SignatureError::Invalid)
    );
    // An all-zero signature (r = s = 0) is refused, not a panic.
    let zero = Signature::from_raw(&[0; 64]).unwrap();
    assert_eq!(
        key.public_key().verify(message, &zero),
        Err(SignatureError::Invalid)
    );
}

#[test]
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
fn sgp26_self_signed_ci_certificate_verifies_with_its_own_key() {
    let Some(ci) = reference("CertificateIssuer/CERT_CI_ECDSA_NIST.der") else {
        return;
    };
    let ci_key = PublicKey::from_certificate_der(&ci).unwrap();
    let (tbs, sig_der) = cert_parts(&ci);
    let sig = Signature::from_der(sig_der).unwrap();
    assert_eq!(sig.to_der(), sig_der, "DER → raw → DER is the identity");
    assert_eq!(ci_key.verify(tbs, &sig), Ok(()));
    let mut tbs_changed = tbs.to_vec();
    let last = tbs_changed.len() - 1;
    tbs_changed[last] ^= 1;
    assert_eq!(
        ci_key.verify(&tbs_changed, &sig),
        Err(SignatureError::Invalid)
    );
}

#[test]
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
fn sgp26_sm_dp_certificates_verify_under_the_ci_and_match_their_keys() {
    let Some(ci) = reference("CertificateIssuer/CERT_CI_ECDSA_NIST.der") else {
        return;
    };
    let ci_key = PublicKey::from_certificate_der(&ci).unwrap();
    for (cert, key) in [
        (
            "DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der",
            "DPauth/SK_S_SM_DPauth_ECDSA_NIST.pem",
        ),
        (
            "DPpb/CERT_S_SM_DPpb_ECDSA_NIST.der",
            "DPpb/SK_S_SM_DPpb_ECDSA_NIST.pem",
        ),
        (
            "DPtls/CERT_S_SM_DP_TLS_NIST.der",
            "DPtls/SK_S_SM_DP_TLS_NIST.pem",
        ),
    ] {
        let (Some(cert_der), Some(pem)) = (reference(cert), reference(key)) else {
            return;
        };
        let (tbs, sig_der) = cert_parts(&cert_der);
        assert_eq!(
            ci_key.verify(tbs, &Signature::from_der(sig_der).unwrap()),
            Ok(()),
            "{cert} is signed by the CI"
        );
        // The key files hold an EC PARAMETERS block before the EC PRIVATE KEY block.
        let signing = SigningKey::from_pem(std::str::from_utf8(&pem).unwrap()).unwrap();
        let cert_key = PublicKey::from_certificate_der(&cert_der).unwrap();
        assert_eq!(signing.public_key(), &cert_key, "{key} belongs to {cert}");
        let sig = signing.sign(b"serverSigned1").unwrap();
        assert_eq!(cert_key.verify(b"serverSigned1", &sig), Ok(()));
    }
}

#[test]
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
fn sgp26_brainpool_ci_certificate_verifies_with_its_own_key() {
    let Some(brp) = reference("CertificateIssuer/CERT_CI_ECDSA_BRP.der") else {
        return;
    };
    let ci_key = PublicKey::from_certificate_der(&brp).unwrap();
    assert_eq!(ci_key.curve(), Curve::BrainpoolP256r1);
    let (tbs, sig_der) = cert_parts(&brp);
    let sig = Signature::from_der(sig_der).unwrap();
    assert_eq!(ci_key.verify(tbs, &sig), Ok(()));
    let mut tbs_changed = tbs.to_vec();
    tbs_changed[10] ^= 1;
    assert_eq!(
        ci_key.verify(&tbs_changed, &sig),
        Err(SignatureError::Invalid)
    );
    // The same point read as a NIST key is not on P-256.
    assert!(PublicKey::from_uncompressed_point(ci_key.as_uncompressed_point()).is_err());
}

#[test]
fn rfc5480_a_curve_outside_both_sets_is_an_unsupported_curve() {
    // SubjectPublicKeyInfo { id-ecPublicKey, secp384r1 (1.3.132.0.34), BIT STRING 00 04 .. }
    let mut spki = hex::decode("3000301006072a8648ce3d020106052b81040022").unwrap();
    spki.extend([0x03, 0x03, 0x00, 0x04, 0x01]);
    spki[1] = (spki.len() - 2) as u8;
    assert_eq!(
        PublicKey::from_spki_der(&spki),
        Err(KeyError::UnsupportedCurve("1.3.132.0.34".into()))
    );
    let message = KeyError::UnsupportedCurve("1.3.132.0.34".into()).to_string();
    assert!(message.contains("1.3.132.0.34"), "{message}");
}

// A brainpoolP256r1 key made with openssl for this test, as PKCS#8 and as SEC1.
const BRAINPOOL_PKCS8: &str = "308188020100301406072a8648ce3d020106092b2403030208010107046d306b\
    020101042031679b49b73a7aa16c6549986b5f7835a4cf718744407f85163e1f7a4ea48508a144034200043d9b\
    26dc15c58b26e61088bce27b5660a9f8c486486f8586cf35b3f63fdd87d1349996ad89d85f23ee7c1699fcf6e9\
    5c3b6d1cdec6732d4462aa60506647ccaf";
const BRAINPOOL_SEC1: &str = "3078020101042031679b49b73a7aa16c6549986b5f7835a4cf718744407f8516\
    3e1f7a4ea48508a00b06092b2403030208010107a144034200043d9b26dc15c58b26e61088bce27b5660a9f8c4\
    86486f8586cf35b3f63fdd87d1349996ad89d85f23ee7c1699fcf6e95c3b6d1cdec6732d4462aa60506647ccaf";
// `openssl dgst -sha256 -sign` with that key over "sample": a DER ECDSA-Sig-Value.
const BRAINPOOL_SIG_SAMPLE: &str = "304402203e42867793330f46258e5d08d6877fec0347e0f981cc143b4ff261\
    1be9c74f6f02202a8ad35d0ef77de97e39071cb6282348f153c3e44c2656ddbe8e3966ddd43ad9";

fn unhex(text: &str) -> Vec<u8> {
    hex::decode(text.replace(' ', "")).unwrap()
}

#[test]
fn sgp22_2_6_brainpool_private_keys_load_in_both_forms_and_export_back() {
    let pkcs8 = PrivateKey::from_der(&unhex(BRAINPOOL_PKCS8)).unwrap();
    let sec1 = PrivateKey::from_der(&unhex(BRAINPOOL_SEC1)).unwrap();
    assert_eq!(pkcs8, sec1);
    assert_eq!(pkcs8.curve(), Curve::BrainpoolP256r1);
    assert_eq!(
        &pkcs8.to_sec1_der().unwrap()[..],
        &unhex(BRAINPOOL_SEC1)[..]
    );
    assert_eq!(
        &pkcs8.to_pkcs8_der().unwrap()[..],
        &unhex(BRAINPOOL_PKCS8)[..]
    );
    let pem = pkcs8.to_sec1_pem().unwrap();
    assert_eq!(PrivateKey::from_pem(&pem).unwrap(), pkcs8);
}

#[test]
fn sgp22_2_6_1_brainpool_known_answer_signature_verifies_and_own_signatures_verify() {
    let key = SigningKey::new(PrivateKey::from_der(&unhex(BRAINPOOL_SEC1)).unwrap()).unwrap();
    let public = *key.public_key();
    let sig = Signature::from_der(&unhex(BRAINPOOL_SIG_SAMPLE)).unwrap();
    assert_eq!(public.verify(b"sample", &sig), Ok(()));
    assert_eq!(public.verify(b"samplf", &sig), Err(SignatureError::Invalid));
    // Our signatures verify, are randomized, and do not verify under a NIST key.
    let mine = key.sign(b"serverSigned1").unwrap();
    assert_eq!(public.verify(b"serverSigned1", &mine), Ok(()));
    assert_ne!(key.sign(b"serverSigned1").unwrap(), mine);
    let nist = SigningKey::generate().unwrap();
    assert_eq!(
        nist.public_key().verify(b"serverSigned1", &mine),
        Err(SignatureError::Invalid)
    );
    let zero = Signature::from_raw(&[0; 64]).unwrap();
    assert_eq!(
        public.verify(b"sample", &zero),
        Err(SignatureError::Invalid)
    );
}

/// SGP.26 ships its private keys as `SK_*.pem` in SEC1 (`EC PRIVATE KEY`, RFC 5915); the
/// lab writes SEC1 and PKCS#8 (RFC 5958) in PEM and DER and reads each back to the same key.
#[test]
fn sgp26_sk_key_files_sec1_and_pkcs8_pem_and_der_load_back() {
    let key = PrivateKey::generate().unwrap();
    let scalar = key.to_scalar();
    for pem in [key.to_pkcs8_pem().unwrap(), key.to_sec1_pem().unwrap()] {
        let back = PrivateKey::from_pem(&pem).unwrap();
        assert_eq!(back.to_scalar(), scalar, "{}", pem.lines().next().unwrap());
    }
    assert!(
        key.to_pkcs8_pem()
            .unwrap()
            .starts_with("-----BEGIN PRIVATE KEY-----\n")
    );
    assert!(
        key.to_sec1_pem()
            .unwrap()
            .starts_with("-----BEGIN EC PRIVATE KEY-----\n")
    );
    for der in [key.to_pkcs8_der().unwrap(), key.to_sec1_der().unwrap()] {
        assert_eq!(PrivateKey::from_der(&der).unwrap().to_scalar(), scalar);
    }
    assert_eq!(
        PrivateKey::from_scalar(&scalar[..]).unwrap().public_key(),
        key.public_key()
    );
}

#[test]
fn private_key_scalar_must_be_32_octets_in_range() {
    // n, the order of the P-256 group.
    let n =
        hex::decode("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551").unwrap();
    let mut n_minus_1 = n.clone();
    n_minus_1[31] -= 1;
    assert!(PrivateKey::from_scalar(&n_minus_1).is_ok());
    for bad in [vec![0u8; 32], n, vec![1u8; 31], vec![1u8; 33]] {
        assert_eq!(
            PrivateKey::from_scalar(&bad).unwrap_err(),
            KeyError::InvalidScalar
        );
    }
}

#[test]
fn malformed_key_files_are_errors_not_panics() {
    for text in [
        "",
        "-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n",
        "-----BEGIN EC PRIVATE KEY-----\nMAA=\n-----END EC PRIVATE KEY-----\n",
        "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n",
    ] {
        assert!(PrivateKey::from_pem(text).is_err(), "{text:?}");
    }
    for der in [
        &[][..],
        &[0x30, 0x00],
        &[0x30, 0x03, 0x02, 0x01, 0x01],
        &[0x04, 0x00],
    ] {
        assert!(PrivateKey::from_der(der).is_err());
        assert!(PublicKey::from_spki_der(der).is_err());
        assert!(PublicKey::from_certificate_der(der).is_err());
    }
}

#[test]
fn tr03111_public_key_is_an_uncompressed_point_on_the_curve() {
    let q = hex::decode(RFC6979_Q).unwrap();
    let key = PublicKey::from_uncompressed_point(&q).unwrap();
    assert_eq!(key.as_uncompressed_point()[..], q[..]);
    assert!(PublicKey::from_uncompressed_point(&q[..64]).is_err());
    let mut compressed = q[..33].to_vec();
    compressed[0] = 0x02;
    assert!(PublicKey::from_uncompressed_point(&compressed).is_err());
    let mut off_curve = q.clone();
    off_curve[64] ^= 1;
    assert!(matches!(
        PublicKey::from_uncompressed_point(&off_curve),
        Err(KeyError::InvalidPoint(_))
    ));
    // SubjectPublicKeyInfo round trip.
    assert_eq!(PublicKey::from_spki_der(&key.to_spki_der()).unwrap(), key);
}

#[test]
fn rfc5280_non_ec_subject_public_key_is_refused() {
    // SubjectPublicKeyInfo { rsaEncryption, NULL, BIT STRING 00 00 }
    let rsa = hex::decode("3011300d06092a864886f70d0101010500030100").unwrap();
    let mut rsa = rsa;
    rsa[1] = (rsa.len() - 2) as u8;
    assert!(matches!(
        PublicKey::from_spki_der(&rsa),
        Err(KeyError::NotEcKey(_))
    ));
}
