//! SGP.02 3.8 (SM-SR change), the key establishment SM-SR2 runs through SM-SR1 with the
//! eUICC's ECASD (4.1.1.7 EstablishISDRKeySet), against the lab's software M2M eUICC: the
//! ISD-R selected on logical channel 1, the two STORE DATA blocks as SM-SR1 relays them.

use certs::gp::{GpCertificate, GpCertificateFields, GpCertificateType, GpCredential, tlv};
use euicc_sim::apdu::{Card, ISD_R_AID, ResponseApdu, StatusWord};
use euicc_sim::m2m::{M2mSetup, dgi};
use euicc_sim::{Credentials, Euicc, EuiccOptions};
use proto::crypto::{Curve, SigningKey};
use sm_sr::es7::key_establishment::SCENARIO_DR;
use sm_sr::es7::{KeyEstablishmentError, KeySetRequest, Sr2KeyAgreement};

use crate::support::pki;

/// A card with fresh M2M keys and the ISD-R selected on channel 1; its ECASD certificate.
fn card() -> (Card<Euicc>, GpCertificate) {
    let creds = Credentials::from_pki(pki()).unwrap();
    let (_, eum) = pki().require_key(certs::CertRole::Eum).unwrap();
    let setup = M2mSetup::generate(creds.eid().as_str(), eum).unwrap();
    let ecasd = GpCertificate::decode(&setup.ecasd_certificate).unwrap();
    let euicc = Euicc::in_memory_m2m(creds, EuiccOptions::default(), setup).unwrap();
    let mut card = Card::new(euicc);
    assert_eq!(
        card.transmit(&[0x00, 0x70, 0x00, 0x00, 0x01]),
        [0x01, 0x90, 0x00]
    );
    let mut select = vec![0x01, 0xA4, 0x04, 0x00, ISD_R_AID.len() as u8];
    select.extend(ISD_R_AID);
    let r = card.process(&select);
    assert_eq!(r.sw.0 >> 8, 0x61, "SELECT ISD-R");
    (card, ecasd)
}

/// STORE DATA (CLA 81) of one DGI with `p1`/`p2`, GET RESPONSE followed.
fn store(card: &mut Card<Euicc>, p1: u8, p2: u8, tag: u16, value: &[u8]) -> ResponseApdu {
    let mut data = Vec::new();
    dgi::push(&mut data, tag, value);
    let mut apdu = vec![0x81, 0xE2, p1, p2, data.len() as u8];
    apdu.extend(data);
    let mut r = card.process(&apdu);
    while r.sw.0 >> 8 == 0x61 {
        let more = card.process(&[0x01, 0xC0, 0x00, 0x00, r.sw.0 as u8]);
        let mut data = r.data;
        data.extend(more.data);
        r = ResponseApdu { data, sw: more.sw };
    }
    r
}

fn request() -> KeySetRequest {
    KeySetRequest {
        kvn: 0x02,
        initial_counter: 16,
        scenario: SCENARIO_DR,
        host_id: None,
    }
}

#[test]
fn sgp02_3_8_sm_sr2_agrees_the_keys_the_card_stores() {
    let (mut card, ecasd) = card();
    let (sr, sk_sr) = pki().require_sr_ecdsa().unwrap();
    let r = store(&mut card, 0x09, 0x00, 0x3A01, &sr.certificate.to_bytes());
    assert_eq!(r.sw, StatusWord::OK);
    let (rc, rest) = tlv::read(&r.data).unwrap();
    assert!(rest.is_empty() && rc.tag == 0x85);
    let rc: [u8; 16] = rc.value.try_into().unwrap();

    let sr2 = Sr2KeyAgreement::new(request(), Curve::NistP256).unwrap();
    let signature = sr2
        .sign(&SigningKey::new(sk_sr.clone()).unwrap(), &rc)
        .unwrap();
    let mut value = [request().crt_tlv(), sr2.ephemeral_public_key_tlv()].concat();
    tlv::push(&mut value, 0x5F37, &signature);
    let r = store(&mut card, 0x89, 0x01, 0x3A02, &value);
    assert_eq!(r.sw, StatusWord::OK);
    let answer = tlv::read_all(&r.data).unwrap();
    let dr = tlv::find(&answer, 0x85).expect("DR");
    let receipt = tlv::find(&answer, 0x86).expect("receipt");

    let keys = sr2
        .finish(&ecasd.body.public_key, Some(dr), receipt)
        .unwrap();
    let m2m = card.processor().state().m2m.clone().unwrap();
    let stored = m2m.isd_r.scp80.iter().find(|k| k.kvn == 2).expect("KVN 02");
    assert_eq!(stored.kic, *keys.kic);
    assert_eq!(stored.kid, *keys.kid);
    assert_eq!(stored.counter, 16);

    // A receipt altered on the way is no commit point.
    let mut forged = receipt.to_vec();
    forged[15] ^= 1;
    assert!(matches!(
        sr2.finish(&ecasd.body.public_key, Some(dr), &forged),
        Err(KeyEstablishmentError::Receipt)
    ));
}

#[test]
fn sgp02_4_1_1_7_a_cert_sr_ecdsa_not_signed_by_the_ci_is_refused_6982() {
    let (mut card, _) = card();
    let other_ci = proto::crypto::PrivateKey::generate_on(Curve::NistP256).unwrap();
    let forged = GpCredential::issue(
        &other_ci,
        &GpCertificateFields {
            certificate_type: GpCertificateType::SmSr,
            serial_number: &[0x09],
            subject_identifier: b"smsr.rsp-lab.test",
            effective: time::OffsetDateTime::now_utc(),
            expiration: time::OffsetDateTime::now_utc() + time::Duration::days(365),
        },
    )
    .unwrap();
    let r = store(
        &mut card,
        0x09,
        0x00,
        0x3A01,
        &forged.certificate.to_bytes(),
    );
    assert_eq!(r.sw, StatusWord(0x6982), "security status not satisfied");
    assert!(r.data.is_empty());
}
