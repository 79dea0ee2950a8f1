//! Test doubles and helpers shared by the APDU and transport tests.

use euicc_sim::Es10Processor;
use euicc_sim::apdu::{Card, ResponseApdu, StatusWord};

/// EID returned by [`TestProcessor`] for GetEID.
pub(crate) const TEST_EID: &str = "89049032123451234512345678901235";

/// A stand-in ISD-R: answers GetEID (`BF3E`) with [`TEST_EID`], answers every request in
/// `silent` with nothing (as intermediate LoadBoundProfilePackage pieces), and echoes any
/// other request. Records requests and resets.
#[derive(Default)]
pub(crate) struct TestProcessor {
    pub requests: Vec<Vec<u8>>,
    pub resets: usize,
    pub silent: Vec<Vec<u8>>,
    /// Answer given to the request equal to `.0`.
    pub canned: Vec<(Vec<u8>, Vec<u8>)>,
}

impl Es10Processor for TestProcessor {
    fn process_es10(&mut self, request: &[u8]) -> Vec<u8> {
        self.requests.push(request.to_vec());
        if let Some((_, answer)) = self.canned.iter().find(|(r, _)| r == request) {
            return answer.clone();
        }
        if self.silent.iter().any(|s| s == request) {
            return Vec::new();
        }
        if request.starts_with(&[0xBF, 0x3E]) {
            return get_eid_response();
        }
        request.to_vec()
    }

    fn reset(&mut self) {
        self.resets += 1;
    }
}

pub(crate) fn get_eid_response() -> Vec<u8> {
    let mut r = vec![0xBF, 0x3E, 0x12, 0x5A, 0x10];
    r.extend(hex::decode(TEST_EID).unwrap_or_default());
    r
}

pub(crate) fn h(s: &str) -> Vec<u8> {
    hex::decode(s.replace(' ', "")).unwrap_or_default()
}

pub(crate) fn sw(r: &[u8]) -> StatusWord {
    ResponseApdu::parse(r)
        .map(|r| r.sw)
        .unwrap_or(StatusWord(0))
}

pub(crate) fn data(r: &[u8]) -> Vec<u8> {
    ResponseApdu::parse(r).map(|r| r.data).unwrap_or_default()
}

/// Sends an APDU and collects `61XX` with GET RESPONSE on the command's channel; returns
/// the data and the final status word.
pub(crate) fn send<P: Es10Processor>(card: &mut Card<P>, apdu: &[u8]) -> (Vec<u8>, StatusWord) {
    let mut r = card.transmit(apdu);
    let mut out = Vec::new();
    loop {
        out.extend(data(&r));
        let s = sw(&r);
        if s.sw1() != 0x61 {
            return (out, s);
        }
        let class = apdu.first().map_or(0, |c| c & 0x03);
        r = card.transmit(&[class, 0xC0, 0x00, 0x00, s.sw2()]);
    }
}

/// MANAGE CHANNEL open on the basic channel; returns the channel number.
pub(crate) fn open_channel<P: Es10Processor>(card: &mut Card<P>) -> u8 {
    let r = card.transmit(&h("00 70 00 00 01"));
    assert_eq!(sw(&r), StatusWord::OK, "MANAGE CHANNEL open");
    r[0]
}

/// SELECT ISD-R on `channel` with Le, expecting 9000.
pub(crate) fn select_isd_r<P: Es10Processor>(card: &mut Card<P>, channel: u8) {
    let mut apdu = vec![channel, 0xA4, 0x04, 0x00, 0x10];
    apdu.extend_from_slice(&euicc_sim::apdu::ISD_R_AID);
    apdu.push(0x00);
    let r = card.transmit(&apdu);
    assert_eq!(sw(&r), StatusWord::OK, "SELECT ISD-R");
}

/// The STORE DATA blocks for `request` as lpac builds them (case 3, no Le).
pub(crate) fn store_data_blocks(channel: u8, request: &[u8], block: usize) -> Vec<Vec<u8>> {
    let chunks: Vec<&[u8]> = request.chunks(block).collect();
    chunks
        .iter()
        .enumerate()
        .map(|(i, chunk)| {
            let p1 = if i + 1 == chunks.len() { 0x91 } else { 0x11 };
            let mut apdu = vec![0x80 | channel, 0xE2, p1, i as u8, chunk.len() as u8];
            apdu.extend_from_slice(chunk);
            apdu
        })
        .collect()
}

/// Sends one ES10x request as lpac does (blocks of `block` bytes, then GET RESPONSE with
/// Le = SW2 while `61XX`) and returns the response data; panics on another status word.
pub(crate) fn es10<P: Es10Processor>(
    card: &mut Card<P>,
    channel: u8,
    request: &[u8],
    block: usize,
) -> Vec<u8> {
    let mut out = Vec::new();
    for apdu in store_data_blocks(channel, request, block) {
        let mut r = card.transmit(&apdu);
        loop {
            out.extend(data(&r));
            let s = sw(&r);
            if s.sw1() == 0x61 {
                r = card.transmit(&[0x80 | channel, 0xC0, 0x00, 0x00, s.sw2()]);
                continue;
            }
            assert_eq!(
                s,
                StatusWord::OK,
                "ES10x block {}",
                hex::encode_upper(&apdu)
            );
            break;
        }
    }
    out
}

pub(crate) mod pipe;
