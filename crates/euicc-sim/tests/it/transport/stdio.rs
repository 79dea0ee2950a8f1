//! The stdio bridge speaking lpac's stdio APDU driver protocol.

use crate::apdu_common as common;

use std::io::{BufRead, BufReader, Write};

use common::pipe::{PipeReader, PipeWriter, pipe};
use common::*;
use euicc_sim::apdu::{Card, ISD_R_AID};
use euicc_sim::transport::stdio::{serve, spawn};
use serde_json::{Value, json};

fn run_lines(card: &mut Card<TestProcessor>, input: &str) -> (Vec<String>, Vec<String>) {
    let mut replies = Vec::new();
    let mut other = Vec::new();
    let served = serve(card, input.as_bytes(), &mut replies, &mut other);
    assert!(served.is_ok());
    let lines = |b: Vec<u8>| {
        String::from_utf8_lossy(&b)
            .lines()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    (lines(replies), lines(other))
}

#[test]
fn lpac_stdio_round_trip_of_a_chip_info_session() {
    let mut card = Card::new(TestProcessor::default());
    let input = concat!(
        r#"{"type":"apdu","payload":{"func":"connect","param":null}}"#,
        "\r\n",
        r#"{"type":"apdu","payload":{"func":"logic_channel_open","param":"A0000005591010FFFFFFFF8900000100"}}"#,
        "\r\n",
        r#"{"type":"apdu","payload":{"func":"transmit","param":"81E2910006BF3E035C015A"}}"#,
        "\n",
        r#"{"type":"apdu","payload":{"func":"transmit","param":"81C0000015"}}"#,
        "\n",
        r#"{"type":"lpa","payload":{"code":0,"message":"success","data":{}}}"#,
        "\n",
        r#"{"type":"apdu","payload":{"func":"logic_channel_close","param":"01"}}"#,
        "\n",
        r#"{"type":"apdu","payload":{"func":"disconnect","param":null}}"#,
        "\n",
    );
    let (replies, other) = run_lines(&mut card, input);
    let eid_response = format!("{}9000", hex::encode_upper(get_eid_response()));
    assert_eq!(
        replies,
        [
            r#"{"type":"apdu","payload":{"ecode":0}}"#.to_string(),
            r#"{"type":"apdu","payload":{"ecode":1}}"#.to_string(),
            r#"{"type":"apdu","payload":{"ecode":0,"data":"6115"}}"#.to_string(),
            format!(r#"{{"type":"apdu","payload":{{"ecode":0,"data":"{eid_response}"}}}}"#),
            r#"{"type":"apdu","payload":{"ecode":0}}"#.to_string(),
            r#"{"type":"apdu","payload":{"ecode":0}}"#.to_string(),
        ]
    );
    assert_eq!(
        other,
        [r#"{"type":"lpa","payload":{"code":0,"message":"success","data":{}}}"#]
    );
    // disconnect reset the card
    assert_eq!(card.open_channels(), [0]);
    assert_eq!(card.processor().resets, 1);
}

#[test]
fn lpac_stdio_failures_have_negative_ecode() {
    let mut card = Card::new(TestProcessor::default());
    let input = [
        // unknown AID: the channel opened for it is closed again
        json!({"type":"apdu","payload":{"func":"logic_channel_open","param":"A0000005591010FFFFFFFF8900000300"}}),
        // malformed requests
        json!({"type":"apdu","payload":{"func":"transmit","param":"80E"}}),
        json!({"type":"apdu","payload":{"func":"transmit","param":null}}),
        json!({"type":"apdu","payload":{"func":"format_card","param":null}}),
        json!({"type":"apdu","payload":{"func":"logic_channel_close","param":"0102"}}),
        json!({"type":"apdu","payload":{"func":"logic_channel_close","param":"02"}}),
        json!({"type":"apdu","payload":{"func":"logic_channel_open","param":null}}),
    ]
    .iter()
    .map(|v| format!("{v}\n"))
    .collect::<String>();
    let (replies, other) = run_lines(&mut card, &input);
    assert!(other.is_empty());
    assert_eq!(replies.len(), 7);
    for r in &replies {
        assert_eq!(r, r#"{"type":"apdu","payload":{"ecode":-1}}"#);
    }
    assert_eq!(card.open_channels(), [0]);
}

#[test]
fn lpac_stdio_logic_channel_open_uses_channels_1_to_3_then_fails() {
    let mut card = Card::new(TestProcessor::default());
    let open = json!({"type":"apdu","payload":{"func":"logic_channel_open","param":hex::encode_upper(ISD_R_AID)}});
    let input = format!("{open}\n{open}\n{open}\n{open}\n");
    let (replies, _) = run_lines(&mut card, &input);
    let ecodes: Vec<i64> = replies
        .iter()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap_or_default()["payload"]["ecode"]
                .as_i64()
                .unwrap_or(99)
        })
        .collect();
    assert_eq!(ecodes, [1, 2, 3, -1]);
}

/// lpac's side of the protocol, as `driver/apdu/stdio.c` and `euicc/euicc.c` do it.
struct FakeLpac {
    requests: PipeWriter,
    replies: BufReader<PipeReader>,
    channel: u8,
}

impl FakeLpac {
    fn call(&mut self, func: &str, param: Option<&[u8]>) -> (i64, Option<Vec<u8>>) {
        let param = param.map(hex::encode_upper);
        let line = json!({"type":"apdu","payload":{"func":func,"param":param}});
        let sent = write!(self.requests, "{line}\r\n");
        assert!(sent.is_ok());
        let mut reply = String::new();
        let read = self.replies.read_line(&mut reply);
        assert!(matches!(read, Ok(n) if n > 0), "no reply to {func}");
        let reply: Value = serde_json::from_str(&reply).unwrap_or_default();
        assert_eq!(reply["type"], "apdu");
        let ecode = reply["payload"]["ecode"].as_i64().unwrap_or(i64::MIN);
        let data = reply["payload"]["data"]
            .as_str()
            .map(|d| hex::decode(d).unwrap_or_default());
        (ecode, data)
    }

    fn say(&mut self, line: &str) {
        assert!(writeln!(self.requests, "{line}").is_ok());
    }

    /// es10x_command with the default segment size of 120 bytes.
    fn es10x(&mut self, request: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        for apdu in store_data_blocks(self.channel, request, 120) {
            let (ecode, mut r) = self.call("transmit", Some(&apdu));
            assert_eq!(ecode, 0);
            loop {
                let rapdu = r.unwrap_or_default();
                out.extend(data(&rapdu));
                let s = sw(&rapdu);
                if s.sw1() == 0x61 {
                    let gr = [0x80 | self.channel, 0xC0, 0x00, 0x00, s.sw2()];
                    let (ecode, next) = self.call("transmit", Some(&gr));
                    assert_eq!(ecode, 0);
                    r = next;
                    continue;
                }
                assert_eq!(s.sw1() & 0xF0, 0x90);
                break;
            }
        }
        out
    }
}

#[test]
fn lpac_stdio_interactive_session_over_pipes() {
    let (req_reader, req_writer) = pipe();
    let (rep_reader, rep_writer) = pipe();
    let lpac = std::thread::spawn(move || {
        let mut lpac = FakeLpac {
            requests: req_writer,
            replies: BufReader::new(rep_reader),
            channel: 0,
        };
        assert_eq!(lpac.call("connect", None).0, 0);
        let (channel, _) = lpac.call("logic_channel_open", Some(&ISD_R_AID));
        assert_eq!(channel, 1);
        lpac.channel = channel as u8;
        let eid = lpac.es10x(&h("BF3E035C015A"));
        lpac.say(
            r#"{"type":"progress","payload":{"code":0,"message":"es10c_get_eid","data":null}}"#,
        );
        // a request longer than one segment with a response longer than 256 bytes
        let big: Vec<u8> = (0..1000u32).map(|i| i as u8).collect();
        let echoed = lpac.es10x(&big);
        lpac.call("logic_channel_close", Some(&[lpac.channel]));
        lpac.call("disconnect", None);
        (eid, echoed, big)
    });
    let mut other = Vec::new();
    let mut card = Card::new(TestProcessor::default());
    let served = serve(
        &mut card,
        BufReader::new(req_reader),
        rep_writer,
        &mut other,
    );
    assert!(served.is_ok());
    let joined = lpac.join();
    assert!(joined.is_ok());
    if let Ok((eid, echoed, big)) = joined {
        assert_eq!(eid, get_eid_response());
        assert_eq!(echoed, big);
    }
    assert_eq!(
        String::from_utf8_lossy(&other),
        "{\"type\":\"progress\",\"payload\":{\"code\":0,\"message\":\"es10c_get_eid\",\"data\":null}}\n"
    );
}

#[test]
fn lpac_stdio_spawn_wires_a_child_process() {
    // The child speaks the protocol from a shell script: it asks, prints what it got, and
    // prints a result line of its own; its exit code comes back.
    let script = r#"
printf '%s\n' '{"type":"apdu","payload":{"func":"connect","param":null}}'
read -r reply; printf 'connect:%s\n' "$reply"
printf '%s\n' '{"type":"apdu","payload":{"func":"logic_channel_open","param":"A0000005591010FFFFFFFF8900000100"}}'
read -r reply; printf 'open:%s\n' "$reply"
printf '%s\n' '{"type":"apdu","payload":{"func":"transmit","param":"81E2910006BF3E035C015A"}}'
read -r reply; printf 'transmit:%s\n' "$reply"
printf 'env:%s\n' "$LPAC_APDU"
printf '%s\n' '{"type":"lpa","payload":{"code":0,"message":"success","data":{}}}'
exit 3
"#;
    let mut card = Card::new(TestProcessor::default());
    let mut output = Vec::new();
    let status = spawn(&mut card, "sh", &["-c", script], &mut output);
    let Ok(status) = status else {
        panic!("spawn failed: {status:?}");
    };
    assert_eq!(status.code(), Some(3));
    let output = String::from_utf8_lossy(&output);
    let lines: Vec<&str> = output.lines().collect();
    let expected_env = std::env::var("LPAC_APDU").unwrap_or_else(|_| "stdio".into());
    assert_eq!(
        lines,
        [
            r#"connect:{"type":"apdu","payload":{"ecode":0}}"#.to_string(),
            r#"open:{"type":"apdu","payload":{"ecode":1}}"#.to_string(),
            r#"transmit:{"type":"apdu","payload":{"ecode":0,"data":"6115"}}"#.to_string(),
            format!("env:{expected_env}"),
            r#"{"type":"lpa","payload":{"code":0,"message":"success","data":{}}}"#.to_string(),
        ]
    );
}

#[test]
fn lpac_stdio_spawn_of_a_missing_program_is_an_error() {
    let mut card = Card::new(TestProcessor::default());
    let r = spawn(
        &mut card,
        "/nonexistent/rsp-lab-test-lpa",
        &[] as &[&str],
        Vec::new(),
    );
    assert!(r.is_err());
}
