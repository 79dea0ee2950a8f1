//! SGP.02 4.1.1.7 EstablishISDRKeySet and 4.1.1.8 FinaliseISDRhandover: a new SM-SR with a
//! CI-signed CERT.SR.ECDSA agrees an SCP80 key set with the ECASD, checks the receipt,
//! reaches the ISD-R with the new keys and removes the old ones.

use aes::Aes128;
use aes::cipher::KeyInit;
use certs::gp::{GpCertificate, GpCertificateType, public_key_template, tlv};
use cmac::{Cmac, Mac};
use euicc_sim::apdu::StatusWord;
use euicc_sim::m2m::dgi;
use ota::{Algorithm, KeySet, PorStatus, SecretKey};
use proto::crypto::kdf::x963_kdf_sha256;
use proto::crypto::{EckaKeyPair, SigningKey};

use crate::common::{foreign_pki, pki};
use crate::m2m_common::ota_sm_sr::{OtaSmSr, device_card, fetch, submitted, terminal_response};
use crate::m2m_common::{SmSr, ci_signed_certificate, fleet_euicc, scp80_sets};

/// CERT.SR.ECDSA of `key`, signed by the CI of `ci_pki`, of certificate type `kind`.
fn sr_certificate(ci_pki: &certs::Pki, key: &SigningKey, kind: GpCertificateType) -> Vec<u8> {
    ci_signed_certificate(ci_pki, key, kind, b"sm-sr-2")
}

/// The CRT for SCP80 KVN 02, initial counter 16, DR requested (scenario parameter 0A).
fn crt() -> Vec<u8> {
    let mut inner = Vec::new();
    for (tag, value) in [
        (0x90, &[0x03, 0x0A][..]),
        (0x95, &[0x10]),
        (0x96, &[0x00]),
        (0x80, &[0x88]),
        (0x81, &[0x10]),
        (0x83, &[0x02]),
        (0x91, &[0x00, 0x00, 0x00, 0x00, 0x10]),
    ] {
        tlv::push(&mut inner, tag, value);
    }
    let mut out = Vec::new();
    tlv::push(&mut out, 0xA6, &inner);
    out
}

fn step1(sr: &mut SmSr, cert: &[u8]) -> (Vec<u8>, StatusWord) {
    let mut data = Vec::new();
    dgi::push(&mut data, 0x3A01, cert);
    let r = sr.send(0xE2, 0x09, 0x00, &data);
    (r.data, r.sw)
}

/// Step 2 signed by `key` over the challenge `rc`; returns the answer.
fn step2(sr: &mut SmSr, key: &SigningKey, epk: &EckaKeyPair, rc: &[u8]) -> (Vec<u8>, StatusWord) {
    let crt = crt();
    let epk_tlv = public_key_template(epk.public_key());
    let mut signed = [crt.as_slice(), epk_tlv.as_slice(), &[0x00, 0x85, 0x10]].concat();
    signed.extend(rc);
    let mut value = [crt, epk_tlv].concat();
    tlv::push(&mut value, 0x5F37, key.sign(&signed).unwrap().as_raw());
    let mut data = Vec::new();
    dgi::push(&mut data, 0x3A02, &value);
    let r = sr.send(0xE2, 0x89, 0x01, &data);
    (r.data, r.sw)
}

#[test]
fn sgp02_4_1_1_7_key_establishment_with_verified_receipt_then_finalise() {
    let mut sr = SmSr::new(fleet_euicc());
    let sr_key = SigningKey::generate().unwrap();
    let (answer, sw) = step1(
        &mut sr,
        &sr_certificate(pki(), &sr_key, GpCertificateType::SmSr),
    );
    assert_eq!(sw, StatusWord::OK);
    assert_eq!(&answer[..2], [0x85, 0x10]);
    let rc = answer[2..].to_vec();
    let epk = EckaKeyPair::generate().unwrap();
    let (answer, sw) = step2(&mut sr, &sr_key, &epk, &rc);
    assert_eq!(sw, StatusWord::OK);
    // 85 10 DR 86 10 receipt
    assert_eq!((answer.len(), answer[0], answer[18]), (36, 0x85, 0x86));
    let dr = &answer[2..18];
    // the SM-SR's side: ECDH with PK.ECASD.ECKA from the EIS, the same KDF and receipt
    let eis = sr.euicc().m2m_eis().unwrap();
    let ecasd = GpCertificate::decode(&hex::decode(&eis.ecasd.certificate).unwrap()).unwrap();
    let shs = epk.agree(&ecasd.body.public_key).unwrap();
    let mut info = vec![0x10, 0x88, 0x10];
    info.extend(dr);
    let mut keys = [0u8; 64];
    x963_kdf_sha256(shs.as_bytes(), &info, &mut keys);
    let mut mac = <Cmac<Aes128> as KeyInit>::new_from_slice(&keys[..16]).unwrap();
    mac.update(&crt());
    mac.update(&[[0x85, 0x10].as_slice(), dr].concat());
    assert_eq!(
        &answer[20..],
        mac.finalize().into_bytes().as_slice(),
        "receipt"
    );
    let m2m = sr.euicc().state().m2m.clone().unwrap();
    let new = m2m.isd_r.scp80.iter().find(|k| k.kvn == 2).expect("KVN 02");
    assert_eq!(
        (new.kic.as_slice(), new.kid.as_slice()),
        (&keys[16..32], &keys[32..48])
    );
    assert_eq!(new.counter, 16);
    // the new SM-SR reaches the ISD-R with the new keys
    let euicc = sr.card.into_processor();
    let mut card = device_card(euicc);
    let old = OtaSmSr::for_card(card.processor());
    let key = |k: &[u8]| SecretKey::new(Algorithm::Aes, k).unwrap();
    let mut new_sr = OtaSmSr {
        keys: KeySet::new(2, key(&keys[16..32]), key(&keys[32..48])).unwrap(),
        counter: 16,
    };
    let finalise = vec![0x80, 0xE4, 0x00, 0x00, 0x05, 0xF2, 0x03, 0x02, 0x01, 0x03];
    let r = new_sr.send(&mut card, &[finalise]);
    let command = fetch(&mut card, r[0].sw);
    let por = new_sr.open_por(&submitted(&command).user_data, 17);
    terminal_response(&mut card, &command, 0x00);
    assert_eq!(por.status, PorStatus::Ok);
    assert!(por.authenticated);
    assert_eq!(
        scp80_sets(card.processor()),
        [(2, 17)],
        "the old SM-SR's key set is gone"
    );
    // the old SM-SR no longer gets in
    let mut old = old;
    let r = old.send(&mut card, &[vec![0x80, 0xCA, 0xFF, 0x21, 0x00]]);
    let submit = submitted(&fetch(&mut card, r[0].sw));
    let por = old.open_por(&submit.user_data, 1);
    assert_ne!(por.status, PorStatus::Ok);
    assert!(!por.authenticated);
}

#[test]
fn sgp02_4_1_1_7_refusals() {
    let mut sr = SmSr::new(fleet_euicc());
    let sr_key = SigningKey::generate().unwrap();
    let epk = EckaKeyPair::generate().unwrap();
    // step 2 without step 1
    assert_eq!(
        step2(&mut sr, &sr_key, &epk, &[0; 16]).1,
        StatusWord(0x6985)
    );
    // a certificate from another CI, one of type SM-DP, one that does not decode
    let foreign = sr_certificate(foreign_pki(), &sr_key, GpCertificateType::SmSr);
    assert_eq!(step1(&mut sr, &foreign).1, StatusWord(0x6982));
    let dp = sr_certificate(pki(), &sr_key, GpCertificateType::SmDp);
    assert_eq!(step1(&mut sr, &dp).1, StatusWord(0x6A80));
    assert_eq!(step1(&mut sr, &[0x7F, 0x21, 0x01]).1, StatusWord(0x6A80));
    // a signature by another key over the right data
    let (answer, _) = step1(
        &mut sr,
        &sr_certificate(pki(), &sr_key, GpCertificateType::SmSr),
    );
    let other = SigningKey::generate().unwrap();
    assert_eq!(
        step2(&mut sr, &other, &epk, &answer[2..]).1,
        StatusWord(0x6982)
    );
    // the challenge was used up by the failed attempt
    assert_eq!(
        step2(&mut sr, &sr_key, &epk, &answer[2..]).1,
        StatusWord(0x6985)
    );
    assert_eq!(scp80_sets(sr.euicc()), [(1, 0)]);
    // FinaliseISDRhandover naming a key set the card does not have
    let r = sr.send(0xE4, 0x00, 0x00, &[0xF2, 0x03, 0x07, 0x01, 0x03]);
    assert_eq!(r.sw, StatusWord(0x6A88));
}
