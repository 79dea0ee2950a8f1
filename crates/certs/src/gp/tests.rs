use proto::crypto::{Curve, EckaKeyPair, SigningKey};

use super::*;

fn sr_body(key: &proto::crypto::PublicKey) -> GpCertificateBody {
    GpCertificateBody {
        serial_number: vec![0x02],
        ca_identifier: vec![0x02],
        subject_identifier: vec![0x02],
        key_usage: KEY_USAGE_SIGNATURE.to_vec(),
        effective_date: None,
        expiration_date: vec![0x21, 0x45, 0x01, 0x01],
        discretionary_data: None,
        certificate_type: Some(GpCertificateType::SmSr),
        authority_key_identifier: None,
        public_key: *key,
    }
}

#[test]
fn gp_amd_e_6_1_layout_matches_the_field_order_on_the_wire() {
    let ci = SigningKey::generate().expect("key");
    let sr = SigningKey::generate().expect("key");
    let cert = sr_body(sr.public_key()).sign(&ci).expect("signed");
    let bytes = cert.to_bytes();
    let hex = hex::encode_upper(&bytes);
    // 7F21 81 xx | 93 01 02 | 42 01 02 | 5F20 01 02 | 95 01 82 | 5F24 04 21450101 |
    // 73 03 C8 01 02 | 7F49 46 B0 41 04… F0 01 00 | 5F37 40 …
    assert!(hex.starts_with("7F2181"), "{hex}");
    assert_eq!(
        &hex[8..58],
        "930102420102".to_owned() + "5F2001029501825F24042145010173" + "03C80102"
    );
    assert_eq!(&hex[58..70], "7F4946B04104");
    assert!(hex.contains("F001005F3740"), "{hex}");
    assert_eq!(usize::from(bytes[3]), bytes.len() - 4);
}

#[test]
fn gp_amd_e_signature_verifies_over_the_received_octets() {
    let eum = SigningKey::generate().expect("key");
    let ecasd = EckaKeyPair::generate().expect("key");
    let mut body = sr_body(ecasd.public_key());
    body.key_usage = KEY_USAGE_KEY_AGREEMENT.to_vec();
    body.certificate_type = None;
    body.authority_key_identifier = Some(vec![0xAB; 20]);
    body.discretionary_data = Some(vec![0x01, 0x02]);
    let cert = body.clone().sign(&eum).expect("signed");
    let read = GpCertificate::decode(&cert.to_bytes()).expect("decodes");
    assert_eq!(read.body, body);
    read.verify(eum.public_key())
        .expect("verifies with the EUM key");
    let other = SigningKey::generate().expect("key");
    assert!(matches!(
        read.verify(other.public_key()),
        Err(GpCertError::Signature(_))
    ));
    // one octet of the serial number changed after signing
    let mut tampered = cert.to_bytes();
    tampered[6] ^= 0x01;
    let read = GpCertificate::decode(&tampered).expect("still decodes");
    assert!(read.verify(eum.public_key()).is_err());
}

#[test]
fn gp_amd_e_non_minimal_lengths_are_verified_as_received() {
    let ci = SigningKey::generate().expect("key");
    let sr = SigningKey::generate().expect("key");
    let cert = sr_body(sr.public_key()).sign(&ci).expect("signed");
    // the serial number written with a two-octet length: the signature no longer covers
    // what was received, and decoding keeps those octets
    let mut inner = vec![0x93, 0x81, 0x01, 0x02];
    inner.extend(&cert.signed_bytes()[3..]);
    tlv::push(&mut inner, TAG_SIGNATURE, cert.signature.as_raw());
    let mut outer = Vec::new();
    tlv::push(&mut outer, TAG_CERTIFICATE, &inner);
    let read = GpCertificate::decode(&outer).expect("decodes");
    assert_eq!(read.body.serial_number, [0x02]);
    assert_eq!(&read.signed_bytes()[..4], [0x93, 0x81, 0x01, 0x02]);
    assert!(read.verify(ci.public_key()).is_err());
}

#[test]
fn gp_amd_e_brainpool_key_carries_parameter_reference_03() {
    let ci = SigningKey::new(
        proto::crypto::PrivateKey::generate_on(Curve::BrainpoolP256r1).expect("key"),
    )
    .expect("key");
    let cert = sr_body(ci.public_key()).sign(&ci).expect("signed");
    assert!(hex::encode_upper(cert.to_bytes()).contains("F001035F37"));
    let read = GpCertificate::decode(&cert.to_bytes()).expect("decodes");
    assert_eq!(read.body.public_key.curve(), Curve::BrainpoolP256r1);
    read.verify(ci.public_key()).expect("verifies");
}

#[test]
fn gp_amd_e_malformed_certificates_are_refused_without_panic() {
    let ci = SigningKey::generate().expect("key");
    let good = sr_body(ci.public_key())
        .sign(&ci)
        .expect("signed")
        .to_bytes();
    for cut in 0..good.len() {
        assert!(GpCertificate::decode(&good[..cut]).is_err(), "cut at {cut}");
    }
    let mut trailing = good.clone();
    trailing.push(0x00);
    assert!(matches!(
        GpCertificate::decode(&trailing),
        Err(GpCertError::NotACertificate)
    ));
    assert!(matches!(
        GpCertificate::decode(&[0x7F, 0x21, 0x03, 0x93, 0x01, 0x01]),
        Err(GpCertError::Missing(TAG_SIGNATURE))
    ));
    // fields out of order: 42 before 93
    let mut inner = Vec::new();
    tlv::push(&mut inner, 0x42, &[1]);
    tlv::push(&mut inner, 0x93, &[1]);
    tlv::push(&mut inner, TAG_SIGNATURE, &[0; 64]);
    let mut outer = Vec::new();
    tlv::push(&mut outer, TAG_CERTIFICATE, &inner);
    assert!(matches!(
        GpCertificate::decode(&outer),
        Err(GpCertError::Unexpected(0x93))
    ));
    assert!(matches!(
        GpCertificate::decode(&vec![0u8; MAX_CERTIFICATE_LEN + 1]),
        Err(GpCertError::NotACertificate)
    ));
}
