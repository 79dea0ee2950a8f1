//! The card as SIM terminals and readers see it: the commands of class 'A0' (3GPP TS 51.011
//! §9, GSM 11.11) on an IoT eUICC whose enabled profile is a TS.48 package (read from
//! `../shared/reference/ts48`, personalized with MILENAGE keys), and the security domains'
//! answer to SELECT (GlobalPlatform Card Specification 11.9.3.1) whatever P2 asks.

use crate::apdu_common;
use crate::common;
use crate::iot_common;

use apdu_common::{data, h, open_channel, sw};
use euicc_sim::apdu::{Card, ECASD_AID, ISD_R_AID, StatusWord};
use euicc_sim::{Euicc, EuiccOptions};
use iot_common::BOOTSTRAP;
use proto::saip::{AlgorithmID, Personalization, ProfilePackage, iccid_to_ef, imsi_to_ef};

const IMSI: &str = "001010123456789";
const KI: [u8; 16] = [0x46; 16];
const OPC: [u8; 16] = [0xCD; 16];

/// An IoT eUICC with one TS.48 profile enabled, its NAAs on MILENAGE with KI/OPC.
fn card(template: &ProfilePackage) -> Card<Euicc> {
    let p = super::personalized(
        template,
        Personalization {
            iccid: BOOTSTRAP.into(),
            imsi: IMSI.into(),
            ki: KI.to_vec(),
            opc: OPC.to_vec(),
        },
        Some(AlgorithmID::Milenage),
    );
    super::iot_card(&p, BOOTSTRAP)
}

/// A SIM's SELECT: '9FXX', then GET RESPONSE of XX bytes (TS 51.011 9.2.1, 9.2.18).
fn select(card: &mut Card<Euicc>, fid: &str) -> Vec<u8> {
    let r = card.transmit(&h(&format!("A0A4000002{fid}")));
    let s = sw(&r);
    assert_eq!(s.sw1(), 0x9F, "SELECT {fid}: {s}");
    assert!(data(&r).is_empty(), "SELECT {fid} answers no data itself");
    let r = card.transmit(&[0xA0, 0xC0, 0x00, 0x00, s.sw2()]);
    assert_eq!(sw(&r), StatusWord::OK, "GET RESPONSE after {fid}");
    let d = data(&r);
    assert_eq!(d.len(), usize::from(s.sw2()));
    d
}

fn ok(card: &mut Card<Euicc>, apdu: &str) -> Vec<u8> {
    let r = card.transmit(&h(apdu));
    assert_eq!(sw(&r), StatusWord::OK, "{apdu}");
    data(&r)
}

#[test]
fn gpcs_11_9_3_1_isd_r_and_ecasd_answer_the_fci_whatever_p2() {
    let mut card = Card::new(
        Euicc::in_memory(common::credentials(), EuiccOptions::default()).expect("created"),
    );
    let ch = open_channel(&mut card);
    for (aid, name) in [(ISD_R_AID, "ISD-R"), (ECASD_AID, "ECASD")] {
        for p2 in [0x00, 0x04] {
            let mut apdu = vec![ch, 0xA4, 0x04, p2, 0x10];
            apdu.extend(aid);
            apdu.push(0x00);
            let r = card.transmit(&apdu);
            assert_eq!(sw(&r), StatusWord::OK, "{name} P2 {p2:02X}");
            let fci = data(&r);
            assert_eq!(fci[0], 0x6F, "{name} P2 {p2:02X}: an FCI template");
            assert_eq!(usize::from(fci[1]), fci.len() - 2);
            assert_eq!(&fci[2..4], &[0x84, 0x10]);
            assert_eq!(&fci[4..20], &aid, "{name}: its AID");
        }
    }
    // the ECASD is selected now: ES10 goes to the ISD-R only
    let r = card.transmit(&[&[0x80 | ch, 0xE2, 0x91, 0x00, 0x03][..], &h("BF3E00")].concat());
    assert_eq!(sw(&r), StatusWord::CONDITIONS_NOT_SATISFIED);
}

#[test]
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
fn ts51_011_9_a_sim_reader_reads_iccid_imsi_and_files_with_class_a0() {
    let Some(template) = super::ts48() else {
        return;
    };
    let mut card = card(&template);
    // MF: 23 bytes, file ID 3F00, type MF (9.2.1)
    let mf = select(&mut card, "3F00");
    assert_eq!(mf.len(), 23);
    assert_eq!((&mf[4..6], mf[6]), (&h("3F00")[..], 0x01));
    // EF.ICCID: 15 bytes, transparent, 10 bytes long; READ BINARY
    let ef = select(&mut card, "2FE2");
    assert_eq!(ef.len(), 15);
    assert_eq!(
        (&ef[2..4], &ef[4..6], ef[6], ef[13]),
        (&[0, 10][..], &h("2FE2")[..], 0x04, 0x00)
    );
    let iccid = ok(&mut card, "A0B000000A");
    assert_eq!(iccid, iccid_to_ef(BOOTSTRAP).expect("ICCID"));
    // DF.GSM is the USIM's EFs under 7F20 (TR 31.900); EF.IMSI as the profile has it
    let gsm = select(&mut card, "7F20");
    assert_eq!((&gsm[4..6], gsm[6]), (&h("7F20")[..], 0x02));
    select(&mut card, "6F07");
    let imsi = ok(&mut card, "A0B0000009");
    assert_eq!(imsi, imsi_to_ef(IMSI).expect("IMSI"));
    // EF.AD, then EF.SST made from the UST: a whole number of services
    select(&mut card, "6FAD");
    assert_eq!(ok(&mut card, "A0B0000004").len(), 4);
    let sst = select(&mut card, "6F38");
    let size = usize::from(sst[2]) << 8 | usize::from(sst[3]);
    assert_eq!(ok(&mut card, &format!("A0B00000{size:02X}")).len(), size);
    // a file DF.GSM does not show: '9404'
    assert_eq!(sw(&card.transmit(&h("A0A40000026F08"))), StatusWord(0x9404));
    // DF.TELECOM's EF.SMSP is linked to the USIM's (the profile's linkPath): records to read
    select(&mut card, "3F00");
    select(&mut card, "7F10");
    let smsp = select(&mut card, "6F42");
    let (size, record) = (usize::from(smsp[2]) << 8 | usize::from(smsp[3]), smsp[14]);
    assert_eq!(smsp[13], 0x01, "linear fixed");
    assert!(
        record > 0 && size >= usize::from(record),
        "{}",
        hex::encode(&smsp)
    );
    let first = ok(&mut card, &format!("A0B20104{record:02X}"));
    assert_eq!(first.len(), usize::from(record));
    // STATUS: the current directory's response data
    let status = ok(&mut card, "A0F2000017");
    assert_eq!(&status[4..6], &h("7F10")[..]);
    // GET RESPONSE with nothing waiting
    assert_eq!(
        sw(&card.transmit(&h("A0C0000010"))),
        StatusWord::CONDITIONS_NOT_SATISFIED
    );
    // class '00' and 'A0' side by side
    let r = card.transmit(&h("00A40004023F00"));
    assert_eq!(sw(&r).sw1(), 0x61);
}

#[test]
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
fn ts51_011_9_2_9_verify_chv_and_run_gsm_algorithm() {
    let Some(template) = super::ts48() else {
        return;
    };
    let mut card = card(&template);
    select(&mut card, "3F00");
    select(&mut card, "7F20");
    // TS.48's PIN1 is '0000'; a wrong one is '9804' (tries left), the right one '9000'
    assert_eq!(
        sw(&card.transmit(&h("A020000108313131FFFFFFFFFF"))),
        StatusWord(0x9804)
    );
    assert_eq!(
        sw(&card.transmit(&h("A02000010830303030FFFFFFFF"))),
        StatusWord::OK
    );
    // CHV numbers other than 1 and 2 are wrong P2 ('6B00')
    assert_eq!(
        sw(&card.transmit(&h("A02000030830303030FFFFFFFF"))),
        StatusWord(0x6B00)
    );
    // RUN GSM ALGORITHM: '9F0C', SRES and Kc by c2 and c3 from MILENAGE (TS 33.102 6.8.1.2)
    let rand = [0x5A; 16];
    let r = card.transmit(&[&h("A088000010")[..], &rand].concat());
    assert_eq!(sw(&r), StatusWord(0x9F0C));
    let answer = ok(&mut card, "A0C000000C");
    let mut m = milenage::Milenage::new_with_opc(KI, OPC);
    let (res, ck, ik, _) = m.f2345(&rand);
    let sres: Vec<u8> = (0..4).map(|i| res[i] ^ res[i + 4]).collect();
    let kc: Vec<u8> = (0..8)
        .map(|i| ck[i] ^ ck[i + 8] ^ ik[i] ^ ik[i + 8])
        .collect();
    assert_eq!(answer, [sres, kc].concat());
}
