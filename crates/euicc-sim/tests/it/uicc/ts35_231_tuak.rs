//! AUTHENTICATE with TUAK (3GPP TS 35.231) when the enabled profile's `PE-AKAParameter`
//! says algorithmID 2: the lab's minimal profile with K of 128 and of 256 bits and a
//! TOPc. The network side uses the card's TUAK functions, themselves checked against TS
//! 35.233 test set 1 (uicc::tuak's unit tests); this test checks that the profile's choice
//! reaches AUTHENTICATE and the answer's format.

use crate::apdu_common;
use crate::common;

use apdu_common::{h, send};
use euicc_sim::apdu::{Card, StatusWord};
use euicc_sim::uicc::authenticate::Functions;
use euicc_sim::uicc::tuak::Tuak;
use euicc_sim::{Euicc, EuiccOptions, Preload};
use proto::saip::{
    AlgoConfiguration, AlgorithmID, Personalization, ProfileElement, minimal_profile,
};

const ICCID: &str = "8949449999999990023";

fn card(k: &[u8], topc: &[u8]) -> Card<Euicc> {
    let mut p = minimal_profile(&Personalization {
        iccid: ICCID.into(),
        imsi: "001010123456789".into(),
        ki: vec![0; 16],
        opc: vec![0; 16],
    })
    .expect("profile");
    for pe in &mut p.elements {
        if let ProfileElement::AkaParameter(a) = pe {
            if let AlgoConfiguration::AlgoParameter(algo) = &mut a.algo_configuration {
                algo.algorithm_id = AlgorithmID::Tuak;
                algo.key = k.to_vec();
                algo.opc = topc.to_vec();
            }
        }
    }
    let mut e = Euicc::in_memory(common::credentials(), EuiccOptions::default()).expect("eUICC");
    e.preload_profile(&Preload {
        enabled: true,
        ..Preload::new(p.to_der(), common::metadata(ICCID))
    })
    .expect("pre-loaded");
    Card::new(e)
}

#[test]
fn ts35_231_tuak_answers_authenticate_for_k_of_128_and_256_bits() {
    for k in [vec![0xAB; 16], (0..32u8).collect::<Vec<u8>>()] {
        let topc = [0x5A; 32];
        let mut card = card(&k, &topc);
        let (_, s) = send(&mut card, &h("00A4040407A0000000871002"));
        assert_eq!(s, StatusWord::OK);
        // the minimal profile's PIN1 is '1234'
        let (_, s) = send(&mut card, &h("002000010831323334FFFFFFFF"));
        assert_eq!(s, StatusWord::OK);
        let net = Tuak::new(&k, &topc, 1).expect("TUAK");
        let rand = [0x42; 16];
        let sqn = [0, 0, 0, 0, 0, 0x22];
        let amf = [0x80, 0x00];
        let (mac_a, _) = net.f1(&rand, &sqn, &amf);
        let v = net.f2345(&rand);
        let autn: Vec<u8> = sqn
            .iter()
            .zip(v.ak)
            .map(|(s, a)| s ^ a)
            .chain(amf)
            .chain(mac_a)
            .collect();
        let apdu = [&h("008800812210")[..], &rand, &[0x10], &autn, &[0x00]].concat();
        let (answer, s) = send(&mut card, &apdu);
        assert_eq!(s, StatusWord::OK, "K of {} bits", 8 * k.len());
        let expected = [&[0xDB, 0x08][..], &v.res, &[0x10], &v.ck, &[0x10], &v.ik].concat();
        assert_eq!(answer, expected, "K of {} bits", 8 * k.len());
        // a MAC from another K: '9862'
        let other = Tuak::new(&[0x01; 16], &topc, 1).expect("TUAK");
        let (bad_mac, _) = other.f1(&rand, &sqn, &amf);
        let mut bad = apdu.clone();
        bad[31..39].copy_from_slice(&bad_mac);
        assert_eq!(send(&mut card, &bad).1, StatusWord(0x9862));
    }
}
