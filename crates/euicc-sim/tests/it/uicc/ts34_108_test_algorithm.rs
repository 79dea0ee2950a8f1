//! AUTHENTICATE with the USIM test algorithm (3GPP TS 34.108 8.1.2) that GSMA TS.48 test
//! profiles carry (`PE-AKAParameter` algorithmID 3): a TS.48 package (from
//! `../shared/reference/ts48`) personalized with a K, its algorithm left as it is. The
//! network side is computed here from the formulas of 8.1.2, not by the card's code.

use crate::apdu_common::{h, send};
use crate::iot_common::BOOTSTRAP;

use euicc_sim::Euicc;
use euicc_sim::apdu::{Card, StatusWord};
use proto::saip::{AlgoConfiguration, AlgorithmID, Personalization, ProfileElement};

const K: [u8; 16] = [
    0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF,
];

fn card() -> Option<Card<Euicc>> {
    let p = super::personalized(
        &super::ts48()?,
        Personalization {
            iccid: BOOTSTRAP.into(),
            imsi: "001010123456789".into(),
            ki: K.to_vec(),
            opc: vec![0; 16],
        },
        None,
    );
    let algorithms: Vec<AlgorithmID> = p
        .elements
        .iter()
        .filter_map(|pe| match pe {
            ProfileElement::AkaParameter(a) => match &a.algo_configuration {
                AlgoConfiguration::AlgoParameter(x) => Some(x.algorithm_id),
                AlgoConfiguration::MappingParameter(_) => None,
            },
            _ => None,
        })
        .collect();
    assert!(
        algorithms.contains(&AlgorithmID::UsimTestAlgorithm),
        "{algorithms:?}"
    );
    Some(super::iot_card(&p, BOOTSTRAP))
}

/// XDOUT = K ⊕ RAND (8.1.2.1).
fn xdout(rand: &[u8; 16]) -> [u8; 16] {
    core::array::from_fn(|i| K[i] ^ rand[i])
}

#[test]
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
fn ts34_108_8_1_2_usim_test_algorithm_answers_authenticate() {
    let Some(mut card) = card() else { return };
    // the USIM of EF.DIR, PIN1 disabled in TS.48
    let (_, s) = send(&mut card, &h("00A4040407A0000000871002"));
    assert_eq!(s, StatusWord::OK);
    let rand: [u8; 16] = core::array::from_fn(|i| 0x10 + i as u8);
    let x = xdout(&rand);
    let sqn = [0, 0, 0, 0, 0, 0x21];
    let amf = [0x80, 0x00];
    // AK = XDOUT[24..71]; MAC-A = XDOUT[0..63] ⊕ (SQN ‖ AMF)
    let ak = &x[3..9];
    let cdout = [&sqn[..], &amf[..]].concat();
    let mac_a: Vec<u8> = (0..8).map(|i| x[i] ^ cdout[i]).collect();
    let autn: Vec<u8> = sqn
        .iter()
        .zip(ak)
        .map(|(s, a)| s ^ a)
        .chain(amf)
        .chain(mac_a)
        .collect();
    let apdu = [&h("008800812210")[..], &rand, &[0x10], &autn, &[0x00]].concat();
    let (answer, s) = send(&mut card, &apdu);
    assert_eq!(s, StatusWord::OK);
    // RES = XDOUT (128 bits), CK = XDOUT rotated by 8 bits, IK by 16
    let mut ck = x;
    ck.rotate_left(1);
    let mut ik = x;
    ik.rotate_left(2);
    assert_eq!(answer[..2], [0xDB, 0x10], "a 128-bit RES");
    assert_eq!(answer[2..18], x, "RES");
    assert_eq!(answer[18..35], [&[0x10][..], &ck].concat()[..], "CK");
    assert_eq!(answer[35..52], [&[0x10][..], &ik].concat()[..], "IK");
    // the same challenge again: AUTS = SQN_MS ⊕ AK* ‖ MAC-S, AK* = AK (8.1.2.3)
    let (again, s) = send(&mut card, &apdu);
    assert_eq!(s, StatusWord::OK);
    assert_eq!(again[..2], [0xDC, 0x0E]);
    let sqn_ms: Vec<u8> = again[2..8].iter().zip(ak).map(|(c, a)| c ^ a).collect();
    assert_eq!(sqn_ms, sqn);
    // a wrong MAC: '9862'
    let mut bad = apdu.clone();
    bad[38] ^= 0x01;
    assert_eq!(send(&mut card, &bad).1, StatusWord(0x9862));
}
