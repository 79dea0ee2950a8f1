//! The card as a UICC (ETSI TS 102 221, 3GPP TS 31.102), driven with APDUs the way a modem
//! and a SIM reader drive a SIM: an IoT eUICC with two TS.48 profiles (read from
//! `../shared/reference/ts48`, personalized with MILENAGE keys), the first enabled. The
//! network side of AUTHENTICATE is the `milenage` crate, not the card's own code.

use crate::apdu_common;
use crate::common;
use crate::iot_common;

use apdu_common::{es10, h, open_channel, select_isd_r, send, sw};
use euicc_sim::apdu::{Card, StatusWord};
use euicc_sim::{Euicc, EuiccOptions, Preload};
use iot_common::{BOOTSTRAP, Eim, LOCAL, iccid, meta};
use proto::der::Asn1;
use proto::saip::{
    AlgorithmID, Personalization, ProfilePackage, iccid_to_ef, imsi_to_ef, minimal_profile,
};
use proto::sgp32::{Psmo, PsmoEnable};

/// A subscriber: the identities and keys the profile is personalized with.
struct Subscriber {
    iccid: &'static str,
    imsi: &'static str,
    ki: [u8; 16],
    opc: [u8; 16],
}

const FIRST: Subscriber = Subscriber {
    iccid: BOOTSTRAP,
    imsi: "001010123456789",
    ki: [0x46; 16],
    opc: [0xCD; 16],
};
const SECOND: Subscriber = Subscriber {
    iccid: LOCAL,
    imsi: "262019876543210",
    ki: [0x03; 16],
    opc: [0x53; 16],
};

/// The package personalized for `s`, its NAAs authenticating with MILENAGE.
fn package_for(template: &ProfilePackage, s: &Subscriber) -> Vec<u8> {
    super::personalized(
        template,
        Personalization {
            iccid: s.iccid.into(),
            imsi: s.imsi.into(),
            ki: s.ki.to_vec(),
            opc: s.opc.to_vec(),
        },
        Some(AlgorithmID::Milenage),
    )
    .to_der()
}

/// An IoT eUICC with FIRST enabled and SECOND disabled, both made from `template`.
fn euicc(eim: &Eim, template: &ProfilePackage, path: Option<&std::path::Path>) -> Euicc {
    let options = EuiccOptions::iot_with_eim(eim.config());
    let mut e = match path {
        Some(p) => Euicc::create(p, common::credentials(), options).expect("created"),
        None => Euicc::in_memory(common::credentials(), options).expect("created"),
    };
    for (s, enabled) in [(&FIRST, true), (&SECOND, false)] {
        e.preload_profile(&Preload {
            enabled,
            ..Preload::new(package_for(template, s), meta(s.iccid))
        })
        .expect("pre-loaded");
    }
    e
}

fn ok<P: euicc_sim::Es10Processor>(card: &mut Card<P>, apdu: &str) -> Vec<u8> {
    let (d, s) = send(card, &h(apdu));
    assert_eq!(s, StatusWord::OK, "{apdu}");
    d
}

/// What a SIM reader does: ICCID from the MF, the USIM's AID from EF.DIR, IMSI and the MNC
/// length (EF.AD) from the USIM.
fn read_identities<P: euicc_sim::Es10Processor>(card: &mut Card<P>) -> (Vec<u8>, Vec<u8>, u8) {
    let fcp = ok(card, "00A40004023F00");
    assert_eq!(&fcp[..2], &[0x62, fcp.len() as u8 - 2], "MF FCP template");
    ok(card, "00A40004022FE2");
    let iccid = ok(card, "00B000000A");
    // EF.DIR: the first record is the USIM's application template 61 { 4F AID, 50 label }
    let dir = ok(card, "00A40004022F00");
    let record_len = dir
        .windows(2)
        .position(|w| w == [0x82, 0x05])
        .map(|i| usize::from(dir[i + 4]) << 8 | usize::from(dir[i + 5]))
        .expect("a record EF");
    let record = ok(card, &format!("00B20104{:02X}", record_len));
    assert_eq!(record[0], 0x61);
    assert_eq!(record[2], 0x4F);
    let aid = record[4..4 + usize::from(record[3])].to_vec();
    assert_eq!(&aid[..7], &h("A0000000871002"), "the 3GPP USIM AID");
    ok(
        card,
        &format!("00A40404{:02X}{}", aid.len(), hex::encode(&aid)),
    );
    ok(card, "00A40004026F07");
    let imsi = ok(card, "00B0000009");
    // EF.AD by its SFI ('03'): the fourth octet is the MNC length
    let ad = ok(card, "00B0830004");
    (iccid, imsi, ad[3])
}

/// The network side of TS 33.102 6.3.2: RAND ‖ AUTN for `s` and SQN, with the XRES, CK
/// and IK it expects.
fn challenge(
    s: &Subscriber,
    rand: [u8; 16],
    sqn: [u8; 6],
) -> (String, [u8; 8], [u8; 16], [u8; 16]) {
    let mut m = milenage::Milenage::new_with_opc(s.ki, s.opc);
    let amf = [0x80, 0x00];
    let mac = m.f1(&rand, &sqn, &amf);
    let (xres, ck, ik, ak) = m.f2345(&rand);
    let conc: Vec<u8> = sqn.iter().zip(ak).map(|(a, b)| a ^ b).collect();
    let apdu = format!(
        "008800812210{}10{}{}{}00",
        hex::encode(rand),
        hex::encode(conc),
        hex::encode(amf),
        hex::encode(mac)
    );
    (apdu, xres, ck, ik)
}

fn authenticate_ok<P: euicc_sim::Es10Processor>(card: &mut Card<P>, s: &Subscriber, sqn: u8) {
    let (apdu, xres, ck, ik) = challenge(s, [sqn; 16], [0, 0, 0, 0, 0, sqn]);
    let answer = ok(card, &apdu);
    assert_eq!(answer[0], 0xDB, "successful 3G authentication");
    assert_eq!(&answer[1..10], &[&[0x08][..], &xres].concat()[..], "RES");
    assert_eq!(&answer[10..27], &[&[0x10][..], &ck].concat()[..], "CK");
    assert_eq!(&answer[27..44], &[&[0x10][..], &ik].concat()[..], "IK");
}

#[test]
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
fn ts102_221_the_ipa_and_modem_commands_the_issue_names_are_accepted() {
    let Some(template) = super::ts48() else {
        return;
    };
    let eim = Eim::new();
    let mut card = Card::new(euicc(&eim, &template, None));
    // TERMINAL CAPABILITY with the eUICC-related capabilities of an IPA (11.1.19)
    assert_eq!(card.transmit(&h("80AA000005A903830107")), h("9000"));
    // SELECT ISD-R with P2 '04' on a logical channel: the GlobalPlatform FCI (GPCS 11.9.3.1)
    assert_eq!(open_channel(&mut card), 1);
    let (fcp, s) = send(&mut card, &h("01A4040410A0000005591010FFFFFFFF8900000100"));
    assert_eq!(s, StatusWord::OK);
    assert_eq!(fcp[0], 0x6F);
    // SELECT by file ID on the basic channel
    let (_, s) = send(&mut card, &h("00A40004023F00"));
    assert_eq!(s, StatusWord::OK);
    // the ISD-R on channel 1 still answers ES10
    let eid = es10(&mut card, 1, &h("BF3E035C015A"), 120);
    assert_eq!(&eid[..2], &h("BF3E"));
}

#[test]
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
fn ts31_102_sim_reader_reads_iccid_imsi_and_authenticates_then_the_profile_is_swapped_over_the_air()
{
    let Some(template) = super::ts48() else {
        return;
    };
    let mut eim = Eim::new();
    let mut card = Card::new(euicc(&eim, &template, None));
    // a modem announces REFRESH in its terminal profile
    assert_eq!(card.transmit(&h("801000000301FFFF")), h("9000"));
    let (ef_iccid, ef_imsi, mnc_len) = read_identities(&mut card);
    assert_eq!(ef_iccid, iccid_to_ef(FIRST.iccid).expect("iccid"));
    assert_eq!(ef_imsi, imsi_to_ef(FIRST.imsi).expect("imsi"));
    assert!(matches!(mnc_len, 2 | 3));
    authenticate_ok(&mut card, &FIRST, 0x21);

    // the eIM enables SECOND: ES10b.LoadEuiccPackage on a logical channel, as an IPA sends it
    let ch = open_channel(&mut card);
    select_isd_r(&mut card, ch);
    let package = eim.psmos(
        card.processor(),
        vec![Psmo::Enable(PsmoEnable {
            iccid: iccid(SECOND.iccid),
            rollback_flag: None,
        })],
    );
    // the response to the last STORE DATA block already ends with 91XX: a REFRESH waits
    let blocks = apdu_common::store_data_blocks(ch, &package.to_der(), 120);
    let mut last = StatusWord::OK;
    for block in blocks {
        last = send(&mut card, &block).1;
    }
    assert_eq!(
        last.sw1(),
        0x91,
        "REFRESH announced to the IPA's STORE DATA"
    );
    // and to the modem's next command
    let r = card.transmit(&h("80F2000C00"));
    let s = sw(&r);
    assert_eq!(s.sw1(), 0x91, "proactive command pending after the swap");
    let refresh = ok(&mut card, &format!("801200{:04X}", u16::from(s.sw2())));
    assert_eq!(hex::encode_upper(&refresh), "D009810301010982028182");
    assert_eq!(
        card.transmit(&h("801400000C810301010982028281830100")),
        h("9000")
    );
    // until the reset the running NAA is the first profile's
    ok(&mut card, "00A40004023F00");
    ok(&mut card, "00A40004022FE2");
    assert_eq!(
        ok(&mut card, "00B000000A"),
        iccid_to_ef(FIRST.iccid).expect("iccid")
    );
    card.reset();
    let (iccid2, imsi2, _) = read_identities(&mut card);
    assert_eq!(iccid2, iccid_to_ef(SECOND.iccid).expect("iccid"));
    assert_eq!(imsi2, imsi_to_ef(SECOND.imsi).expect("imsi"));
    authenticate_ok(&mut card, &SECOND, 0x21);
    // the first profile's keys no longer authenticate: MAC failure '9862'
    let (apdu, ..) = challenge(&FIRST, [0x41; 16], [0, 0, 0, 0, 0, 0x41]);
    assert_eq!(send(&mut card, &h(&apdu)).1, StatusWord(0x9862));
}

#[test]
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
fn ts33_102_6_3_5_a_replayed_challenge_gives_auts_even_after_a_power_cycle() {
    let Some(template) = super::ts48() else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("euicc.json");
    let eim = Eim::new();
    let mut card = Card::new(euicc(&eim, &template, Some(&path)));
    read_identities(&mut card);
    let sqn = [0, 0, 0, 0, 0x01, 0x02];
    let rand = [0x5A; 16];
    let (apdu, ..) = challenge(&FIRST, rand, sqn);
    assert_eq!(ok(&mut card, &apdu)[0], 0xDB);
    // a modem writes EF.LOCI after attaching
    ok(&mut card, "00A4000C026F7E");
    ok(&mut card, "00D600000B1122334462F2100001FF00");
    drop(card);

    let mut card = Card::new(Euicc::open(&path).expect("reopened"));
    read_identities(&mut card);
    let auts = ok(&mut card, &apdu);
    assert_eq!(&auts[..2], &[0xDC, 0x0E], "synchronisation failure");
    let mut m = milenage::Milenage::new_with_opc(FIRST.ki, FIRST.opc);
    let ak_star = m.f5star(&rand);
    let sqn_ms: Vec<u8> = auts[2..8].iter().zip(ak_star).map(|(a, b)| a ^ b).collect();
    assert_eq!(sqn_ms, sqn, "SQN_MS in AUTS");
    let sqn_ms: [u8; 6] = sqn;
    assert_eq!(&auts[8..16], &m.f1star(&rand, &sqn_ms, &[0, 0]), "MAC-S");
    // a fresh SQN goes through
    let (fresh, ..) = challenge(&FIRST, rand, [0, 0, 0, 0, 0x01, 0x22]);
    assert_eq!(ok(&mut card, &fresh)[0], 0xDB);
    ok(&mut card, "00A40004026F7E");
    assert_eq!(ok(&mut card, "00B000000B"), h("1122334462F2100001FF00"));
}

#[test]
fn ts102_221_9_5_pin1_guards_the_usim_of_the_minimal_profile() {
    // the lab's own profile: PIN1 '1234' enabled, MILENAGE
    let package = minimal_profile(&Personalization {
        iccid: FIRST.iccid.into(),
        imsi: FIRST.imsi.into(),
        ki: FIRST.ki.to_vec(),
        opc: FIRST.opc.to_vec(),
    })
    .expect("minimal profile")
    .to_der();
    let mut e = Euicc::in_memory(common::credentials(), EuiccOptions::default()).expect("eUICC");
    e.preload_profile(&Preload {
        enabled: true,
        ..Preload::new(package, meta(FIRST.iccid))
    })
    .expect("pre-loaded");
    let mut card = Card::new(e);
    ok(&mut card, "00A40004022FE2");
    assert_eq!(
        ok(&mut card, "00B000000A"),
        iccid_to_ef(FIRST.iccid).expect("iccid")
    );
    // PIN1 enabled: 63C3 (three tries)
    assert_eq!(send(&mut card, &h("0020000100")).1, StatusWord(0x63C3));
    // MF FCP: PS_DO says PIN1 enabled
    let fcp = ok(&mut card, "00A40004023F00");
    // PS_DO '90 01 xx' then the key references, '01' first: its bit is b8
    let ps_do = fcp
        .windows(5)
        .find(|w| w[..2] == [0x90, 0x01] && w[3..] == [0x83, 0x01]);
    assert!(
        ps_do.is_some_and(|w| w[2] & 0x80 != 0),
        "PS_DO with PIN1 enabled in {}",
        hex::encode_upper(&fcp)
    );
    ok(&mut card, "00A4040410A0000000871002FFFFFFFF8907090000");
    let (apdu, ..) = challenge(&FIRST, [0x11; 16], [0, 0, 0, 0, 0, 0x21]);
    assert_eq!(
        send(&mut card, &h(&apdu)).1,
        StatusWord(0x6982),
        "AUTHENTICATE needs PIN1"
    );
    assert_eq!(
        send(&mut card, &h("002000010831323335FFFFFFFF")).1,
        StatusWord(0x63C2)
    );
    assert_eq!(
        send(&mut card, &h("002000010831323334FFFFFFFF")).1,
        StatusWord::OK
    );
    authenticate_ok(&mut card, &FIRST, 0x21);
    ok(&mut card, "00A40004026F07");
    assert_eq!(
        ok(&mut card, "00B0000009"),
        imsi_to_ef(FIRST.imsi).expect("imsi")
    );
    // EF.IMSI is not for the user to write; an unknown FID is 6A82
    assert_eq!(
        send(&mut card, &h("00A40004026FFF")).1,
        StatusWord::NOT_FOUND
    );
}
