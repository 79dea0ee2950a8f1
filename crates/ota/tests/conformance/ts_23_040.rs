//! 3GPP TS 23.040: the TPDUs that carry secured packets (9.2.2.1, 9.2.2.2) and
//! concatenation (9.2.3.24.1) as 3GPP TS 31.115 uses it.

use ota::sms::{
    Address, AddressError, ConcatError, IEI_CPI, PacketKind, Reassembler, ReassemblyLimits,
    Reference, SmsDeliver, SmsSubmit, TpduError, UserDataHeader, ValidityPeriod, split,
};
use ota::spi::Spi;
use ota::{CommandHeader, Counter, open, secure};

use crate::support::{h, sja5_aes, store};

#[test]
fn ota_deliver_matches_pysim_with_the_user_data_length_counted() {
    // pySim test_ota.py 3DES-SJA5-CIPHERED-CC encoded_tpdu, whose TP-UDL reads 03 (pySim
    // passes tp_udl=3); TS 23.040 9.2.3.16 counts all 37 octets of 8-bit user data: 25.
    let packet = h("00201506193535b00011ae733256918d050b87c94fbfe12e4dc402f262c41cf67f2f");
    let mut ud = vec![0x02, 0x70, 0x00];
    ud.extend_from_slice(&packet);
    let oa = Address::new(ota::sms::TypeOfNumber::Unknown, 1, "12345678").expect("address");
    let mut tpdu = SmsDeliver::ota(oa, h("22705200000000").try_into().expect("7"), ud.clone());
    tpdu.no_more_messages = false;
    let bytes = tpdu.encode().expect("fits");
    let pysim = "400881214365877ff622705200000000030270000020150619";
    let expected = pysim.replacen("00000000030270", "00000000250270", 1);
    assert_eq!(hex::encode(&bytes[..25]), expected);
    let parsed = SmsDeliver::parse(&bytes).expect("parses");
    assert_eq!(parsed, tpdu);
    assert_eq!(parsed.user_data, ud);
    // pySim's own bytes are refused: TP-UDL disagrees with the user data.
    let mut udl3 = bytes.clone();
    udl3[16] = 0x03;
    assert!(matches!(
        SmsDeliver::parse(&udl3),
        Err(TpduError::UserDataLength(_))
    ));
}

#[test]
fn pysim_deliver_with_an_alphanumeric_originator_is_refused_politely() {
    // pySim test_sms.py Test_DELIVER: originator 08 D0 E5759A0E (alphanumeric).
    let bytes = h("0408D0E5759A0E7FF6907090307513000824010101BB400101");
    assert_eq!(
        SmsDeliver::parse(&bytes),
        Err(TpduError::Address(AddressError::Alphanumeric))
    );
}

#[test]
fn pysim_submit_round_trips() {
    // pySim test_sms.py Test_SUBMIT: RD, relative VP, UDHI; 140 octets, class 1 8-bit.
    let hex_submit = "550d0b911614261771f000f5a78c0b050423f423f40003010201424547494e3a56434152440d0a56455253494f4e3a322e310d0a4e3a4d650d0a54454c3b505245463b43454c4c3b564f4943453a2b36313431363237313137300d0a54454c3b484f4d453b564f4943453a2b36313339353337303437310d0a54454c3b574f524b3b564f4943453a2b36313339363734373031350d0a454e443a";
    let submit = SmsSubmit::parse(&h(hex_submit)).expect("parses");
    assert!(submit.reject_duplicates && submit.udhi && !submit.status_report);
    assert_eq!(submit.validity, ValidityPeriod::Relative(0xA7));
    assert_eq!(
        (submit.pid, submit.dcs, submit.user_data.len()),
        (0x00, 0xF5, 140)
    );
    assert_eq!(submit.destination.to_text(), "+61416271170");
    assert_eq!(hex::encode(submit.encode().expect("fits")), hex_submit);
}

#[test]
fn ota_submit_carries_a_por() {
    let da = Address::international("+491701234567").expect("address");
    let por = h("027100000b0ab0001000000000000006");
    let submit = SmsSubmit::ota(7, da, por.clone());
    let bytes = submit.encode().expect("fits");
    assert_eq!(hex::encode(&bytes[..3]), "41070c");
    assert_eq!(SmsSubmit::parse(&bytes).expect("parses").user_data, por);
    assert_eq!(SmsDeliver::parse(&bytes), Err(TpduError::MessageType(1)));
    assert_eq!(
        SmsSubmit::parse(&bytes[..bytes.len() - 1]).map(|_| ()),
        Err(TpduError::UserDataLength(16))
    );
    let mut seven_bit = bytes.clone();
    seven_bit[11] = 0x00;
    assert_eq!(
        SmsSubmit::parse(&seven_bit),
        Err(TpduError::NotEightBit(0x00))
    );
    let mut too_long = submit.clone();
    too_long.user_data = vec![0; 141];
    assert_eq!(too_long.encode(), Err(TpduError::UserDataLength(141)));
}

fn secured_600() -> (Vec<u8>, Vec<u8>) {
    let keys = sja5_aes();
    let header = CommandHeader::for_keys(Spi::SGP02_ES5, &keys, [0, 0, 1]);
    let data: Vec<u8> = (0..572u16).map(|i| i as u8).collect();
    let packet = secure(&header, Counter::new(9).expect("counter"), &keys, &data).expect("secured");
    (packet, data)
}

#[test]
fn a_602_octet_packet_splits_and_reassembles_out_of_order() {
    let (packet, data) = secured_600();
    assert_eq!(packet.len(), 602);
    let segments = split(PacketKind::Command, &packet, Reference::Bits8(0x42), 20).expect("split");
    // 132 + 4 x 134 >= 600: five segments, CPI in the first only.
    assert_eq!(segments.len(), 5);
    assert_eq!(
        hex::encode(&segments[0][..8]),
        "077000000342".to_owned() + "0501"
    );
    assert_eq!(
        hex::encode(&segments[1][..6]),
        "0500034205 02".replace(' ', "")
    );
    assert!(segments.iter().all(|s| s.len() <= 140));
    let mut reassembler = Reassembler::new(ReassemblyLimits::default());
    for i in [3, 0, 4, 2] {
        assert_eq!(reassembler.push("+4912345", &segments[i]), Ok(None));
    }
    let whole = reassembler
        .push("+4912345", &segments[1])
        .expect("valid")
        .expect("complete");
    assert!(whole.is(PacketKind::Command));
    assert_eq!(whole.data, packet);
    assert_eq!(reassembler.pending(), 0);
    let card = store([0, 0, 1], 0, vec![sja5_aes()]);
    assert_eq!(open(&whole.data, &card).expect("opens").data, data);
}

#[test]
fn sixteen_bit_references_and_single_segments() {
    let (packet, _) = secured_600();
    let segments = split(
        PacketKind::Response,
        &packet,
        Reference::Bits16(0x0102),
        255,
    )
    .expect("split");
    assert_eq!(hex::encode(&segments[0][..9]), "087100080401020501");
    let (udh, _, _) = UserDataHeader::parse(&segments[4]).expect("header");
    assert_eq!(
        udh.concatenation().expect("valid").map(|c| c.sequence),
        Some(5)
    );
    let short = split(PacketKind::Command, &[1, 2, 3], Reference::Bits8(0), 1).expect("split");
    assert_eq!(short, vec![vec![0x02, IEI_CPI, 0x00, 1, 2, 3]]);
    assert_eq!(
        split(PacketKind::Command, &packet, Reference::Bits8(1), 4),
        Err(ConcatError::TooManySegments { needed: 5, cap: 4 })
    );
    let huge = vec![0u8; 255 * 134 + 1];
    assert!(matches!(
        split(PacketKind::Command, &huge, Reference::Bits8(1), 1000),
        Err(ConcatError::TooManySegments { cap: 255, .. })
    ));
}

#[test]
fn bad_segments_are_refused() {
    let (packet, _) = secured_600();
    let segments = split(PacketKind::Command, &packet, Reference::Bits8(7), 20).expect("split");
    let mut r = Reassembler::new(ReassemblyLimits::default());
    assert_eq!(r.push("a", &segments[0]), Ok(None));
    assert_eq!(r.push("a", &segments[0]), Err(ConcatError::Duplicate(1)));
    let mut other_total = segments[1].clone();
    other_total[4] = 6;
    assert_eq!(
        r.push("a", &other_total),
        Err(ConcatError::TotalMismatch {
            expected: 5,
            received: 6
        })
    );
    let mut zero = segments[1].clone();
    zero[5] = 0;
    assert_eq!(
        r.push("a", &zero),
        Err(ConcatError::SegmentNumber {
            sequence: 0,
            total: 5
        })
    );
    let mut beyond = segments[1].clone();
    beyond[5] = 9;
    assert_eq!(
        r.push("a", &beyond),
        Err(ConcatError::SegmentNumber {
            sequence: 9,
            total: 5
        })
    );
    assert!(matches!(
        r.push("a", &segments[1][..3]),
        Err(ConcatError::Header(_))
    ));
    let mut oversized = segments[1].clone();
    oversized.push(0);
    assert_eq!(
        r.push("a", &oversized),
        Err(ConcatError::OversizedSegment(141))
    );
    // Same reference from another originator is another message.
    assert_eq!(r.push("b", &segments[1]), Ok(None));
    assert_eq!(r.pending(), 2);
}

#[test]
fn the_reassembler_stays_within_its_bounds() {
    let (packet, _) = secured_600();
    let limits = ReassemblyLimits {
        max_partial: 2,
        max_bytes: 700,
    };
    let mut r = Reassembler::new(limits);
    let by_ref = |reference| {
        split(
            PacketKind::Command,
            &packet,
            Reference::Bits8(reference),
            20,
        )
        .expect("split")
    };
    let (one, two, three) = (by_ref(1), by_ref(2), by_ref(3));
    assert_eq!(r.push("a", &one[0]), Ok(None));
    assert_eq!(r.push("a", &two[0]), Ok(None));
    // A third message evicts the oldest.
    assert_eq!(r.push("a", &three[0]), Ok(None));
    assert_eq!(r.pending(), 2);
    for segment in &one[1..] {
        assert_eq!(
            r.push("a", segment),
            Ok(None),
            "message 1 restarted without its first segment"
        );
    }
    // The byte budget drops older partial messages to finish message 3.
    let mut done = None;
    for segment in &three[1..] {
        done = r.push("a", segment).expect("within budget");
    }
    assert_eq!(done.map(|m| m.data), Some(packet.clone()));
    // One message larger than the whole budget is refused.
    let mut small = Reassembler::new(ReassemblyLimits {
        max_partial: 4,
        max_bytes: 200,
    });
    let segments = by_ref(4);
    assert_eq!(small.push("a", &segments[0]), Ok(None));
    assert_eq!(small.push("a", &segments[1]), Err(ConcatError::OverBudget));
}

#[test]
fn a_long_por_travels_in_segments() {
    let keys = sja5_aes();
    let header = CommandHeader::for_keys(Spi::SGP02_ES5, &keys, [0, 0, 1]);
    let response = vec![0x61; 300];
    let ud = ota::secure_por(
        &header,
        Counter::ZERO,
        ota::PorStatus::Ok,
        Some(&keys),
        &response,
    )
    .expect("PoR");
    let packet = ud.get(3..).expect("after the UDH");
    let segments = split(PacketKind::Response, packet, Reference::Bits8(9), 20).expect("split");
    assert_eq!(segments.len(), 3);
    let mut reassembler = Reassembler::new(ReassemblyLimits::default());
    let mut whole = None;
    for segment in segments.iter().rev() {
        whole = reassembler.push("+4930123", segment).expect("valid");
    }
    let whole = whole.expect("complete");
    assert!(whole.is(PacketKind::Response) && !whole.is(PacketKind::Command));
    let mut single = ota::por::POR_UDH.to_vec();
    single.extend_from_slice(&whole.data);
    let por = ota::open_por(&single, &header, Counter::ZERO, &keys).expect("authentic");
    assert_eq!(por.data, response);
}
