//! lpac's stdio APDU driver protocol (newline-delimited JSON) served by
//! `transport::stdio::serve` in front of a card: any octets as the LPA's output.
//!
//! Invariants: serving never fails on input; exactly one reply line per APDU message
//! (well-formed or not) and nothing for other lines, which pass through unchanged; every
//! reply is `{"type":"apdu","payload":{"ecode":N}}` with, for a transmit, the response APDU
//! in hex ending in a status word; after any session the card still answers.
#![no_main]

use euicc_sim::apdu::Card;
use euicc_sim::transport::stdio::{Line, parse_line, serve};
use libfuzzer_sys::fuzz_target;
use rsp_fuzz::{assert_card_answers, bounded, is_sw1, with_euicc};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Reply {
    #[serde(rename = "type")]
    kind: String,
    payload: Payload,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Payload {
    ecode: i32,
    data: Option<String>,
}

/// The lines `serve` reads: split at `\n`, a trailing `\r` dropped (fuzz inputs stay far
/// below the 1 MiB line limit).
fn input_lines(data: &[u8]) -> Vec<&[u8]> {
    let mut lines: Vec<&[u8]> = data.split(|b| *b == b'\n').collect();
    if data.last() == Some(&b'\n') || data.is_empty() {
        lines.pop();
    }
    lines
        .into_iter()
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .collect()
}

fn check_reply(line: &str) {
    let reply: Reply = serde_json::from_str(line).unwrap_or_else(|e| panic!("reply {line:?}: {e}"));
    assert_eq!(reply.kind, "apdu");
    if let Some(hex) = reply.payload.data {
        assert_eq!(reply.payload.ecode, 0);
        let r = hex::decode(&hex).unwrap_or_else(|e| panic!("data {hex:?}: {e}"));
        assert!(r.len() >= 2 && is_sw1(r[r.len() - 2]), "R-APDU {hex}");
    }
}

fuzz_target!(|data: &[u8]| {
    with_euicc(false, |euicc| {
        let mut card = Card::new(euicc);
        bounded(data.len(), 4 << 20, 512, || {
            let (mut replies, mut other) = (Vec::new(), Vec::new());
            serve(&mut card, data, &mut replies, &mut other).expect("serving from memory");

            let mut expected_other = Vec::new();
            let mut apdu_lines = 0;
            for line in input_lines(data) {
                match parse_line(line) {
                    Line::Other => {
                        expected_other.extend_from_slice(line);
                        expected_other.push(b'\n');
                    }
                    Line::Apdu(_) | Line::BadApdu(_) => apdu_lines += 1,
                }
            }
            assert_eq!(other, expected_other, "pass-through lines");
            let replies = String::from_utf8(replies).expect("replies are UTF-8");
            let reply_lines: Vec<&str> = replies.lines().collect();
            assert_eq!(reply_lines.len(), apdu_lines, "one reply per APDU message");
            for line in reply_lines {
                check_reply(line);
            }
            assert_card_answers(&mut card);
        })
    });
});
