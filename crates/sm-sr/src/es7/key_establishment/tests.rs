//! SM-SR2's key establishment against a card double: the ECASD's side of the agreement
//! computed here from the other key pair.

use super::*;
use proto::crypto::Signature;

fn request(scenario: u8) -> KeySetRequest {
    KeySetRequest {
        kvn: 0x02,
        initial_counter: 0x10,
        scenario,
        host_id: None,
    }
}

/// The card's answer: DR (when asked) and the receipt, from PK's other side.
fn card_answer(
    ecasd: &EckaKeyPair,
    sr2: &Sr2KeyAgreement,
    dr: Option<[u8; 16]>,
) -> ([u8; 16], [u8; 16]) {
    let shared = ecasd.agree(sr2.ephemeral.public_key()).unwrap();
    let mut info = vec![0x10, 0x88, 0x10];
    if let Some(dr) = dr {
        info.extend(dr);
    }
    let mut data = [0u8; 64];
    x963_kdf_sha256(shared.as_bytes(), &info, &mut data);
    let mut receipt_key = [0u8; 16];
    receipt_key.copy_from_slice(&data[..16]);
    let mut mac = <Cmac<Aes128> as KeyInit>::new(&receipt_key.into());
    mac.update(&sr2.request.crt_tlv());
    if let Some(dr) = dr {
        mac.update(&[0x85, 0x10]);
        mac.update(&dr);
    }
    let mut kic = [0u8; 16];
    kic.copy_from_slice(&data[16..32]);
    (mac.finalize().into_bytes().into(), kic)
}

#[test]
fn sgp02_4_1_1_7_crt_is_the_template_the_isd_r_reads() {
    assert_eq!(
        hex::encode_upper(request(SCENARIO_DR).crt_tlv()),
        "A61A9002030295011096010080018881011083010291050000000010"
    );
}

#[test]
fn sgp02_4_1_1_7_signature_covers_crt_epk_and_the_challenge() {
    let sk = SigningKey::generate().unwrap();
    let sr2 = Sr2KeyAgreement::new(request(SCENARIO_DR), Curve::NistP256).unwrap();
    let rc = [0x5A; 16];
    let raw = sr2.sign(&sk, &rc).unwrap();
    let mut signed = sr2.request.crt_tlv();
    signed.extend(sr2.ephemeral_public_key_tlv());
    signed.extend([0x00, 0x85, 0x10]);
    signed.extend(rc);
    let sig = Signature::from_raw(&raw).unwrap();
    sk.public_key().verify(&signed, &sig).unwrap();
    // Another challenge is another message.
    let last = signed.len() - 1;
    signed[last] ^= 1;
    assert!(sk.public_key().verify(&signed, &sig).is_err());
}

#[test]
fn sgp02_3_8_a_verified_receipt_gives_the_cards_keys() {
    let ecasd = EckaKeyPair::generate().unwrap();
    let sr2 = Sr2KeyAgreement::new(request(SCENARIO_DR), Curve::NistP256).unwrap();
    let dr = [0xD7; 16];
    let (receipt, card_kic) = card_answer(&ecasd, &sr2, Some(dr));
    let keys = sr2.finish(ecasd.public_key(), Some(&dr), &receipt).unwrap();
    assert_eq!(*keys.kic, card_kic);
    assert_eq!((keys.kvn, keys.initial_counter), (0x02, 0x10));
    assert_ne!(*keys.kic, *keys.kid);
}

#[test]
fn sgp02_3_8_a_wrong_receipt_or_missing_dr_is_refused() {
    let ecasd = EckaKeyPair::generate().unwrap();
    let sr2 = Sr2KeyAgreement::new(request(SCENARIO_DR), Curve::NistP256).unwrap();
    let dr = [0xD7; 16];
    let (mut receipt, _) = card_answer(&ecasd, &sr2, Some(dr));
    receipt[0] ^= 1;
    assert!(matches!(
        sr2.finish(ecasd.public_key(), Some(&dr), &receipt),
        Err(KeyEstablishmentError::Receipt)
    ));
    assert!(matches!(
        sr2.finish(ecasd.public_key(), None, &receipt),
        Err(KeyEstablishmentError::DerivationRandom {
            expected: true,
            got: false
        })
    ));
    // Another ECASD's key agrees on another secret.
    let other = EckaKeyPair::generate().unwrap();
    receipt[0] ^= 1;
    assert!(matches!(
        sr2.finish(other.public_key(), Some(&dr), &receipt),
        Err(KeyEstablishmentError::Receipt)
    ));
}

#[test]
fn requests_outside_the_isd_r_ranges_are_refused() {
    for (r, field) in [
        (
            KeySetRequest {
                kvn: 0x10,
                ..request(0)
            },
            "KeyVersionNumber",
        ),
        (
            KeySetRequest {
                initial_counter: 1 << 40,
                ..request(0)
            },
            "InitialSequenceCounter",
        ),
        (
            KeySetRequest {
                host_id: Some(vec![0; 17]),
                ..request(0)
            },
            "HostID",
        ),
    ] {
        assert!(matches!(
            Sr2KeyAgreement::new(r, Curve::NistP256),
            Err(KeyEstablishmentError::Request(f)) if f == field
        ));
    }
}
