//! The card as an LPA sees it: SELECT, MANAGE CHANNEL, STORE DATA chains, GET RESPONSE.

use crate::apdu_common as common;

use common::*;
use euicc_sim::apdu::{ATR, Card, ISD_R_AID, StatusWord};

fn card() -> Card<TestProcessor> {
    Card::new(TestProcessor::default())
}

/// A card with the ISD-R selected on a freshly opened channel.
fn card_with_isd_r() -> (Card<TestProcessor>, u8) {
    let mut card = card();
    let ch = open_channel(&mut card);
    select_isd_r(&mut card, ch);
    (card, ch)
}

#[test]
fn sgp22_5_7_20_get_eid_over_logical_channel_as_lpac_does() {
    let mut card = card();
    let ch = open_channel(&mut card);
    assert_eq!(ch, 1);
    select_isd_r(&mut card, ch);
    // STORE DATA case 3 without Le: the answer waits behind 61XX
    let r = card.transmit(&h("81 E2 91 00 06 BF3E035C015A"));
    assert_eq!(r, h("61 15"));
    let r = card.transmit(&h("81 C0 00 00 15"));
    assert_eq!(data(&r), get_eid_response());
    assert_eq!(sw(&r), StatusWord::OK);
    assert_eq!(card.processor().requests, [h("BF3E035C015A")]);
}

#[test]
fn gpcs_11_11_chaining_with_every_block_size_from_6_to_255() {
    let request: Vec<u8> = (0..1500u32).map(|i| (i % 251) as u8).collect();
    for block in 6..=255 {
        let (mut card, ch) = card_with_isd_r();
        let response = es10(&mut card, ch, &request, block);
        assert_eq!(response, request, "block size {block}");
        assert_eq!(
            card.processor().requests,
            std::slice::from_ref(&request),
            "block size {block}"
        );
    }
}

#[test]
fn gpcs_11_11_intermediate_blocks_answer_9000_without_data() {
    let (mut card, ch) = card_with_isd_r();
    let blocks = store_data_blocks(ch, &[0x42; 300], 120);
    assert_eq!(blocks.len(), 3);
    assert_eq!(card.transmit(&blocks[0]), h("9000"));
    assert_eq!(card.transmit(&blocks[1]), h("9000"));
    assert!(card.processor().requests.is_empty());
    assert_eq!(card.transmit(&blocks[2]), h("6100"));
    assert_eq!(card.processor().requests, [vec![0x42; 300]]);
}

#[test]
fn gpcs_11_11_wrong_block_number_is_6a86_and_the_chain_is_dropped() {
    let (mut card, ch) = card_with_isd_r();
    let blocks = store_data_blocks(ch, &[0x11; 40], 10);
    assert_eq!(sw(&card.transmit(&blocks[0])), StatusWord::OK);
    // skip block 1
    assert_eq!(sw(&card.transmit(&blocks[2])), StatusWord::INCORRECT_P1_P2);
    // the chain is gone: block 1 does not continue it
    assert_eq!(sw(&card.transmit(&blocks[1])), StatusWord::INCORRECT_P1_P2);
    // a repeated block 0 then a first block numbered 1: also out of sequence
    let mut first_as_1 = blocks[0].clone();
    first_as_1[3] = 1;
    assert_eq!(sw(&card.transmit(&first_as_1)), StatusWord::INCORRECT_P1_P2);
    assert!(card.processor().requests.is_empty());
    // starting over with block 0 works
    assert_eq!(es10(&mut card, ch, &[0x11; 40], 10), vec![0x11; 40]);
}

#[test]
fn gpcs_11_11_oversize_store_data_is_6a84() {
    let (mut card, ch) = card_with_isd_r();
    card.set_max_request_len(1000);
    let blocks = store_data_blocks(ch, &[0x55; 1001], 200);
    for b in &blocks[..5] {
        assert_eq!(sw(&card.transmit(b)), StatusWord::OK);
    }
    assert_eq!(
        sw(&card.transmit(&blocks[5])),
        StatusWord::NOT_ENOUGH_MEMORY
    );
    assert!(card.processor().requests.is_empty());
    // exactly the limit passes
    assert_eq!(es10(&mut card, ch, &[0x55; 1000], 200).len(), 1000);
}

#[test]
fn gpcs_11_11_chain_of_more_than_256_blocks_is_6a84_with_default_limit() {
    let (mut card, ch) = card_with_isd_r();
    for n in 0..=0xFEu8 {
        let mut apdu = vec![0x80 | ch, 0xE2, 0x11, n, 0xFF];
        apdu.extend([0xAA; 255]);
        assert_eq!(sw(&card.transmit(&apdu)), StatusWord::OK, "block {n}");
    }
    let mut apdu = vec![0x80 | ch, 0xE2, 0x11, 0xFF, 0xFF];
    apdu.extend([0xAA; 255]);
    assert_eq!(sw(&card.transmit(&apdu)), StatusWord::NOT_ENOUGH_MEMORY);
}

#[test]
fn iso7816_4_truncated_and_inconsistent_apdus_are_6700() {
    let (mut card, ch) = card_with_isd_r();
    let c = 0x80 | ch;
    for apdu in [
        vec![],
        vec![c],
        vec![c, 0xE2],
        vec![c, 0xE2, 0x91],
        // Lc 5, 3 bytes
        vec![c, 0xE2, 0x91, 0x00, 0x05, 1, 2, 3],
        // Lc 2, 4 bytes
        vec![c, 0xE2, 0x91, 0x00, 0x02, 1, 2, 3, 4],
        // STORE DATA without data
        vec![c, 0xE2, 0x91, 0x00],
        // extended length (not announced in the ATR)
        vec![c, 0xE2, 0x91, 0x00, 0x00, 0x00, 0x03, 0xBF, 0x2E, 0x00],
    ] {
        assert_eq!(
            sw(&card.transmit(&apdu)),
            StatusWord::WRONG_LENGTH,
            "{}",
            hex::encode_upper(&apdu)
        );
    }
    assert!(card.processor().requests.is_empty());
}

#[test]
fn gpcs_11_1_unknown_ins_wrong_cla_and_wrong_p1p2() {
    let (mut card, ch) = card_with_isd_r();
    assert_eq!(
        sw(&card.transmit(&h("80CA9F7F00"))),
        StatusWord::INS_NOT_SUPPORTED
    );
    assert_eq!(
        sw(&card.transmit(&h("00FE000000"))),
        StatusWord::INS_NOT_SUPPORTED
    );
    // STORE DATA with an interindustry class
    let mut sd = store_data_blocks(ch, &h("BF3E00"), 120).remove(0);
    sd[0] = ch;
    assert_eq!(sw(&card.transmit(&sd)), StatusWord::CLA_NOT_SUPPORTED);
    // SELECT with the GlobalPlatform class
    let mut sel = vec![0x80 | ch, 0xA4, 0x04, 0x00, 0x10];
    sel.extend(ISD_R_AID);
    assert_eq!(sw(&card.transmit(&sel)), StatusWord::CLA_NOT_SUPPORTED);
    // RFU and non-GP classes
    assert_eq!(
        sw(&card.transmit(&h("20A40400"))),
        StatusWord::CLA_NOT_SUPPORTED
    );
    assert_eq!(
        sw(&card.transmit(&h("B0A40000023F00"))),
        StatusWord::CLA_NOT_SUPPORTED
    );
    // STORE DATA P1 not 11/91
    let mut sd = store_data_blocks(ch, &h("BF3E00"), 120).remove(0);
    sd[2] = 0x90;
    assert_eq!(sw(&card.transmit(&sd)), StatusWord::INCORRECT_P1_P2);
    // secure messaging
    assert_eq!(
        sw(&card.transmit(&h("84E2910003BF3E00"))),
        StatusWord::SECURE_MESSAGING_NOT_SUPPORTED
    );
    assert!(card.processor().requests.is_empty());
}

#[test]
fn gpcs_11_1_command_on_closed_or_unsupported_channel_is_6881() {
    let mut card = card();
    // channel 2 is not open
    assert_eq!(
        sw(&card.transmit(&h("82E2910003BF3E00"))),
        StatusWord::LOGICAL_CHANNEL_NOT_SUPPORTED
    );
    let mut sel = vec![0x02, 0xA4, 0x04, 0x00, 0x10];
    sel.extend(ISD_R_AID);
    assert_eq!(
        sw(&card.transmit(&sel)),
        StatusWord::LOGICAL_CHANNEL_NOT_SUPPORTED
    );
    // channels 4.. (further interindustry / GP 'C0'-'CF')
    assert_eq!(
        sw(&card.transmit(&h("C0E2910003BF3E00"))),
        StatusWord::LOGICAL_CHANNEL_NOT_SUPPORTED
    );
    assert_eq!(
        sw(&card.transmit(&h("40A4040000"))),
        StatusWord::LOGICAL_CHANNEL_NOT_SUPPORTED
    );
}

#[test]
fn gpcs_11_9_store_data_without_isd_r_selected_is_6985() {
    let mut card = card();
    assert_eq!(
        sw(&card.transmit(&h("80E2910003BF3E00"))),
        StatusWord::CONDITIONS_NOT_SATISFIED
    );
    let ch = open_channel(&mut card);
    let sd = store_data_blocks(ch, &h("BF3E00"), 120).remove(0);
    assert_eq!(
        sw(&card.transmit(&sd)),
        StatusWord::CONDITIONS_NOT_SATISFIED
    );
    assert!(card.processor().requests.is_empty());
}

#[test]
fn gpcs_11_9_select_isd_r_returns_fci_and_unknown_aid_is_6a82() {
    let mut card = card();
    // with Le: FCI and 9000
    let mut sel = vec![0x00, 0xA4, 0x04, 0x00, 0x10];
    sel.extend(ISD_R_AID);
    sel.push(0x00);
    let r = card.transmit(&sel);
    assert_eq!(
        hex::encode_upper(&r),
        "6F188410A0000005591010FFFFFFFF8900000100A5049F6501FF9000"
    );
    // without Le (T=0 style): 61XX then GET RESPONSE
    let r = card.transmit(&sel[..sel.len() - 1]);
    assert_eq!(r, h("611A"));
    let r = card.transmit(&h("00C000001A"));
    assert_eq!(r.len(), 0x1A + 2);
    // P2 '0C': no data
    let mut sel_nodata = sel[..sel.len() - 1].to_vec();
    sel_nodata[3] = 0x0C;
    assert_eq!(card.transmit(&sel_nodata), h("9000"));
    // an unknown AID leaves the ISD-R selected
    assert_eq!(
        sw(&card.transmit(&h("00A4040010A0000005591010FFFFFFFF8900000300"))),
        StatusWord::NOT_FOUND
    );
    assert_eq!(
        data(&card.transmit(&h("80E2910003BF3E00"))),
        Vec::<u8>::new()
    );
    let r = card.transmit(&h("80C0000000"));
    assert_eq!(data(&r), get_eid_response());
    // partial ISD-R AID: no application; with no profile enabled the UICC has an MF and
    // no EF; other P1/P2: 6A86
    assert_eq!(
        sw(&card.transmit(&h("00A4040007A0000005591010"))),
        StatusWord::NOT_FOUND
    );
    assert_eq!(sw(&card.transmit(&h("00A4000C023F00"))), StatusWord::OK);
    assert_eq!(
        sw(&card.transmit(&h("00A40000022FE2"))),
        StatusWord::NOT_FOUND
    );
    assert_eq!(
        sw(&card.transmit(&h("00A4050000"))),
        StatusWord::INCORRECT_P1_P2
    );
    assert_eq!(
        sw(&card.transmit(&h("00A4040500"))),
        StatusWord::INCORRECT_P1_P2
    );
}

#[test]
fn gpcs_11_7_manage_channel_assigns_1_to_3_then_6a81() {
    let mut card = card();
    assert_eq!(open_channel(&mut card), 1);
    assert_eq!(open_channel(&mut card), 2);
    assert_eq!(open_channel(&mut card), 3);
    assert_eq!(
        sw(&card.transmit(&h("0070000001"))),
        StatusWord::FUNCTION_NOT_SUPPORTED
    );
    assert_eq!(card.open_channels(), [0, 1, 2, 3]);
    // close 2 (sent on channel 3), the next open gets 2 again
    assert_eq!(card.transmit(&h("03708002")), h("9000"));
    assert_eq!(card.open_channels(), [0, 1, 3]);
    assert_eq!(open_channel(&mut card), 2);
}

#[test]
fn gpcs_11_7_manage_channel_refusals() {
    let mut card = card();
    // closing the basic channel or a closed channel
    assert_eq!(
        sw(&card.transmit(&h("00708000"))),
        StatusWord::INCORRECT_P1_P2
    );
    assert_eq!(
        sw(&card.transmit(&h("00708001"))),
        StatusWord::INCORRECT_P1_P2
    );
    // channel numbers beyond 3
    assert_eq!(
        sw(&card.transmit(&h("00708004"))),
        StatusWord::LOGICAL_CHANNEL_NOT_SUPPORTED
    );
    assert_eq!(
        sw(&card.transmit(&h("00700005"))),
        StatusWord::LOGICAL_CHANNEL_NOT_SUPPORTED
    );
    // other P1, data field
    assert_eq!(
        sw(&card.transmit(&h("0070400001"))),
        StatusWord::INCORRECT_P1_P2
    );
    assert_eq!(
        sw(&card.transmit(&h("007000000101"))),
        StatusWord::WRONG_LENGTH
    );
    // opening a named channel, then opening it again
    assert_eq!(card.transmit(&h("00700002")), h("9000"));
    assert_eq!(
        sw(&card.transmit(&h("00700002"))),
        StatusWord::INCORRECT_P1_P2
    );
    assert_eq!(card.open_channels(), [0, 2]);
    // without Le the assigned channel number waits behind 6101
    assert_eq!(card.transmit(&h("00700000")), h("6101"));
    assert_eq!(card.transmit(&h("00C0000001")), h("019000"));
}

#[test]
fn iso7816_4_close_and_reopen_channel_drops_its_state() {
    let (mut card, ch) = card_with_isd_r();
    // a chain in progress and the ISD-R selected
    let blocks = store_data_blocks(ch, &[0x33; 300], 200);
    assert_eq!(sw(&card.transmit(&blocks[0])), StatusWord::OK);
    assert_eq!(card.transmit(&[0x00, 0x70, 0x80, ch]), h("9000"));
    assert_eq!(
        sw(&card.transmit(&blocks[1])),
        StatusWord::LOGICAL_CHANNEL_NOT_SUPPORTED
    );
    assert_eq!(open_channel(&mut card), ch);
    // the reopened channel has no selection and no chain
    assert_eq!(
        sw(&card.transmit(&blocks[1])),
        StatusWord::CONDITIONS_NOT_SATISFIED
    );
    select_isd_r(&mut card, ch);
    assert_eq!(sw(&card.transmit(&blocks[1])), StatusWord::INCORRECT_P1_P2);
    assert!(card.processor().requests.is_empty());
    // the ISD-R itself was not reset by closing a channel
    assert_eq!(card.processor().resets, 0);
}

#[test]
fn iso7816_4_get_response_chunks_under_le() {
    let (mut card, ch) = card_with_isd_r();
    let request: Vec<u8> = (0..700u32).map(|i| i as u8).collect();
    for apdu in store_data_blocks(ch, &request, 255) {
        let r = card.transmit(&apdu);
        if apdu[2] == 0x91 {
            assert_eq!(r, h("6100"));
        }
    }
    let gr = |le: u8| vec![0x80 | ch, 0xC0, 0x00, 0x00, le];
    let mut got = Vec::new();
    // small Le chunks: 0x40 bytes at a time
    let r = card.transmit(&gr(0x40));
    assert_eq!((data(&r).len(), sw(&r)), (0x40, StatusWord(0x6100)));
    got.extend(data(&r));
    // Le '00' = 256
    let r = card.transmit(&gr(0x00));
    assert_eq!((data(&r).len(), sw(&r)), (256, StatusWord(0x6100)));
    got.extend(data(&r));
    let r = card.transmit(&gr(0x00));
    assert_eq!((data(&r).len(), sw(&r)), (256, StatusWord(0x617C)));
    got.extend(data(&r));
    let r = card.transmit(&gr(0x7C));
    assert_eq!((data(&r).len(), sw(&r)), (0x7C, StatusWord::OK));
    got.extend(data(&r));
    assert_eq!(got, request);
    // nothing left
    assert_eq!(
        sw(&card.transmit(&gr(0x00))),
        StatusWord::CONDITIONS_NOT_SATISFIED
    );
}

#[test]
fn iso7816_4_get_response_refusals() {
    let (mut card, ch) = card_with_isd_r();
    let last = store_data_blocks(ch, &[1, 2, 3], 10).remove(0);
    assert_eq!(card.transmit(&last), h("6103"));
    // P1P2, missing Le, data field
    assert_eq!(
        sw(&card.transmit(&[0x80 | ch, 0xC0, 0x01, 0x00, 0x03])),
        StatusWord::INCORRECT_P1_P2
    );
    assert_eq!(
        sw(&card.transmit(&[0x80 | ch, 0xC0, 0x00, 0x00])),
        StatusWord::WRONG_LENGTH
    );
    assert_eq!(
        sw(&card.transmit(&[0x80 | ch, 0xC0, 0x00, 0x00, 0x01, 0x00])),
        StatusWord::WRONG_LENGTH
    );
    // the refused GET RESPONSEs did not consume the data
    assert_eq!(
        card.transmit(&[ch, 0xC0, 0x00, 0x00, 0x03]),
        h("0102039000")
    );
}

#[test]
fn iso7816_4_le_on_store_data_returns_up_to_ne_bytes_at_once() {
    let (mut card, ch) = card_with_isd_r();
    let mut apdu = store_data_blocks(ch, &[0x77; 100], 255).remove(0);
    apdu.push(0x00);
    let r = card.transmit(&apdu);
    assert_eq!((data(&r), sw(&r)), (vec![0x77; 100], StatusWord::OK));
    // Le smaller than the response
    let mut apdu = store_data_blocks(ch, &[0x78; 100], 255).remove(0);
    apdu.push(0x20);
    let r = card.transmit(&apdu);
    assert_eq!((data(&r), sw(&r)), (vec![0x78; 0x20], StatusWord(0x6144)));
    let r = card.transmit(&[0x80 | ch, 0xC0, 0x00, 0x00, 0x44]);
    assert_eq!((data(&r), sw(&r)), (vec![0x78; 0x44], StatusWord::OK));
}

#[test]
fn iso7816_4_waiting_response_is_dropped_by_the_next_command_on_that_channel_only() {
    let mut card = card();
    let a = open_channel(&mut card);
    let b = open_channel(&mut card);
    select_isd_r(&mut card, a);
    select_isd_r(&mut card, b);
    let on_a = store_data_blocks(a, &[0xAA; 10], 255).remove(0);
    let on_b = store_data_blocks(b, &[0xBB; 10], 255).remove(0);
    assert_eq!(card.transmit(&on_a), h("610A"));
    // a command on channel b leaves a's data waiting
    assert_eq!(card.transmit(&on_b), h("610A"));
    let r = card.transmit(&[0x80 | a, 0xC0, 0, 0, 0x0A]);
    assert_eq!(data(&r), vec![0xAA; 10]);
    // a command on channel b drops b's waiting data
    let mut sel = vec![b, 0xA4, 0x04, 0x0C, 0x10];
    sel.extend(ISD_R_AID);
    assert_eq!(card.transmit(&sel), h("9000"));
    assert_eq!(
        sw(&card.transmit(&[0x80 | b, 0xC0, 0, 0, 0x0A])),
        StatusWord::CONDITIONS_NOT_SATISFIED
    );
}

/// SGP.22 §5.7.6 as segmented by lpac: each piece of the Bound Profile Package is its own
/// STORE DATA chain on one channel; the ISD-R answers nothing until the last piece.
#[test]
fn sgp22_5_7_6_load_bound_profile_package_pieces_on_one_channel() {
    let bf23: Vec<u8> = [
        h("BF23 45 82 01 01 80 10"),
        vec![0x01; 16],
        h("A6 0A 80 01 88 81 01 10 84 02 00 01"),
        h("5F49 21"),
        vec![0x04; 33],
    ]
    .concat();
    let a0 = [h("A0 82 00 F0 87 81 ED"), vec![0x87; 0xED]].concat();
    let a1_header = h("A1 82 01 2A");
    let m88 = [h("88 82 01 26"), vec![0x88; 0x126]].concat();
    let a3_header = h("A3 82 08 0C");
    let s86a = [h("86 82 04 00"), vec![0x86; 0x400]].concat();
    let s86b = [h("86 82 04 00"), vec![0x96; 0x400]].concat();
    let first = [h("BF36 83 00 0A 00"), bf23].concat();
    let pieces = [first, a0, a1_header, m88, a3_header, s86a, s86b.clone()];
    let result = h("BF37 08 BF27 05 80 03 01 02 03");

    let processor = TestProcessor {
        silent: pieces[..pieces.len() - 1].to_vec(),
        canned: vec![(s86b, result.clone())],
        ..TestProcessor::default()
    };
    let mut card = Card::new(processor);
    let ch = open_channel(&mut card);
    select_isd_r(&mut card, ch);
    for (i, piece) in pieces.iter().enumerate() {
        // lpac's default segment size
        let answer = es10(&mut card, ch, piece, 120);
        if i + 1 < pieces.len() {
            assert!(answer.is_empty(), "piece {i} answered with data");
            // GetEID on another channel in between does not disturb the download channel
            let other = open_channel(&mut card);
            select_isd_r(&mut card, other);
            assert_eq!(
                es10(&mut card, other, &h("BF3E035C015A"), 120),
                get_eid_response()
            );
            assert_eq!(card.transmit(&[0x00, 0x70, 0x80, other]), h("9000"));
        } else {
            assert_eq!(answer, result);
        }
    }
    let received: Vec<Vec<u8>> = card
        .processor()
        .requests
        .iter()
        .filter(|r| !r.starts_with(&[0xBF, 0x3E]))
        .cloned()
        .collect();
    assert_eq!(received, pieces);
    assert_eq!(card.processor().resets, 0);
}

#[test]
fn iso7816_3_reset_and_power_cycle() {
    let (mut card, ch) = card_with_isd_r();
    assert_eq!(card.reset(), ATR.to_vec());
    assert_eq!(card.processor().resets, 1);
    assert_eq!(card.open_channels(), [0]);
    assert_eq!(
        sw(&card.transmit(&store_data_blocks(ch, &h("BF3E00"), 120)[0])),
        StatusWord::LOGICAL_CHANNEL_NOT_SUPPORTED
    );
    card.power_off();
    assert!(!card.is_powered());
    assert_eq!(card.processor().resets, 2);
    assert_eq!(card.transmit(&h("0070000001")), h("6F00"));
    assert_eq!(card.power_on(), ATR.to_vec());
    assert!(card.is_powered());
    assert_eq!(open_channel(&mut card), 1);
    assert_eq!(card.atr(), ATR);
}

#[test]
fn isd_r_on_the_basic_channel() {
    let mut card = card();
    select_isd_r(&mut card, 0);
    assert_eq!(
        es10(&mut card, 0, &h("BF3E035C015A"), 6),
        get_eid_response()
    );
}

/// An ISD-R that refuses every request the way the real one refuses undecodable input.
struct Refusing;

impl euicc_sim::Es10Processor for Refusing {
    fn process_es10(&mut self, _request: &[u8]) -> Vec<u8> {
        Vec::new()
    }
    fn try_process_es10(&mut self, request: &[u8]) -> Result<Vec<u8>, euicc_sim::Es10Error> {
        Err(euicc_sim::Es10Error::Malformed(
            proto::der::Tlv::parse_single(request)
                .err()
                .unwrap_or_else(|| proto::der::DecodeError::invalid(0, "refused")),
        ))
    }
}

#[test]
fn sgp22_5_7_requests_the_isd_r_cannot_take_end_with_6a80() {
    let mut card = Card::new(Refusing);
    let channel = open_channel(&mut card);
    select_isd_r(&mut card, channel);
    let mut last = Vec::new();
    for block in store_data_blocks(channel, &h("BF3E00"), 120) {
        last = card.transmit(&block);
    }
    assert_eq!(sw(&last), StatusWord(0x6A80));
}
