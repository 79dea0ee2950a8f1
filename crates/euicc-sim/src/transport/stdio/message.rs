//! The JSON lines of lpac's stdio APDU driver: requests in, replies out.

use serde::Serialize;
use serde_json::Value;

/// The driver functions lpac calls.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Func {
    Connect,
    Disconnect,
    LogicChannelOpen,
    LogicChannelClose,
    Transmit,
}

impl Func {
    fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "connect" => Self::Connect,
            "disconnect" => Self::Disconnect,
            "logic_channel_open" => Self::LogicChannelOpen,
            "logic_channel_close" => Self::LogicChannelClose,
            "transmit" => Self::Transmit,
            _ => return None,
        })
    }
}

/// One APDU request.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ApduRequest {
    pub func: Func,
    /// The decoded `param` (empty when `null` or absent).
    pub param: Vec<u8>,
}

/// What one input line is.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Line {
    /// A well-formed APDU request.
    Apdu(ApduRequest),
    /// A `"type":"apdu"` message that cannot be served (unknown `func`, `param` not hex,
    /// payload not an object): answered with a negative `ecode` so the LPA does not wait.
    BadApdu(String),
    /// Anything else: passed through.
    Other,
}

/// Classifies one line (without its line terminator).
pub fn parse_line(line: &[u8]) -> Line {
    let Ok(Value::Object(root)) = serde_json::from_slice::<Value>(line) else {
        return Line::Other;
    };
    if root.get("type").and_then(Value::as_str) != Some("apdu") {
        return Line::Other;
    }
    let Some(payload) = root.get("payload").and_then(Value::as_object) else {
        return Line::BadApdu("payload is not an object".into());
    };
    let Some(name) = payload.get("func").and_then(Value::as_str) else {
        return Line::BadApdu("no func".into());
    };
    let Some(func) = Func::from_name(name) else {
        return Line::BadApdu(format!("unknown func {name:?}"));
    };
    let param = match payload.get("param") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(s)) => match hex::decode(s) {
            Ok(bytes) => bytes,
            Err(e) => return Line::BadApdu(format!("param is not hex: {e}")),
        },
        Some(_) => return Line::BadApdu("param is not a string".into()),
    };
    Line::Apdu(ApduRequest { func, param })
}

/// The reply to one request.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ApduReply {
    pub ecode: i32,
    pub data: Option<Vec<u8>>,
}

impl ApduReply {
    pub fn ok(ecode: i32) -> Self {
        Self { ecode, data: None }
    }

    pub fn failure() -> Self {
        Self {
            ecode: -1,
            data: None,
        }
    }

    pub fn with_data(data: Vec<u8>) -> Self {
        Self {
            ecode: 0,
            data: Some(data),
        }
    }

    /// The reply line, without its terminator: `{"type":"apdu","payload":{...}}`.
    pub fn to_line(&self) -> String {
        #[derive(Serialize)]
        struct Payload {
            ecode: i32,
            #[serde(skip_serializing_if = "Option::is_none")]
            data: Option<String>,
        }
        #[derive(Serialize)]
        struct Message {
            #[serde(rename = "type")]
            kind: &'static str,
            payload: Payload,
        }
        let message = Message {
            kind: "apdu",
            payload: Payload {
                ecode: self.ecode,
                data: self.data.as_ref().map(hex::encode_upper),
            },
        };
        // serializing these plain structs cannot fail; keep a valid line regardless
        serde_json::to_string(&message)
            .unwrap_or_else(|_| r#"{"type":"apdu","payload":{"ecode":-1}}"#.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lpac_stdio_requests_as_lpac_prints_them() {
        assert_eq!(
            parse_line(br#"{"type":"apdu","payload":{"func":"connect","param":null}}"#),
            Line::Apdu(ApduRequest {
                func: Func::Connect,
                param: vec![]
            })
        );
        assert_eq!(
            parse_line(
                br#"{"type":"apdu","payload":{"func":"logic_channel_open","param":"A0000005591010FFFFFFFF8900000100"}}"#
            ),
            Line::Apdu(ApduRequest {
                func: Func::LogicChannelOpen,
                param: hex::decode("A0000005591010FFFFFFFF8900000100").unwrap_or_default()
            })
        );
        assert_eq!(
            parse_line(br#"{"type":"apdu","payload":{"func":"logic_channel_close","param":"01"}}"#),
            Line::Apdu(ApduRequest {
                func: Func::LogicChannelClose,
                param: vec![1]
            })
        );
        assert_eq!(
            parse_line(
                br#"{"type":"apdu","payload":{"func":"transmit","param":"81e2910003bf2e00"}}"#
            ),
            Line::Apdu(ApduRequest {
                func: Func::Transmit,
                param: vec![0x81, 0xE2, 0x91, 0x00, 0x03, 0xBF, 0x2E, 0x00]
            })
        );
    }

    #[test]
    fn lpac_stdio_other_lines_pass_through() {
        for line in [
            &br#"{"type":"lpa","payload":{"code":0,"message":"success","data":{}}}"#[..],
            br#"{"type":"progress","payload":{"code":0,"message":"es10b_load_bound_profile_package","data":null}}"#,
            br#"{"type":"http","payload":{"url":"https://x","tx":"","headers":[]}}"#,
            b"plain text",
            b"",
            b"[1,2]",
            b"\xff\xfe",
        ] {
            assert_eq!(parse_line(line), Line::Other);
        }
    }

    #[test]
    fn lpac_stdio_malformed_apdu_requests_are_refused_not_ignored() {
        for line in [
            &br#"{"type":"apdu","payload":{"func":"transmit","param":"8"}}"#[..],
            br#"{"type":"apdu","payload":{"func":"transmit","param":"zz"}}"#,
            br#"{"type":"apdu","payload":{"func":"transmit","param":5}}"#,
            br#"{"type":"apdu","payload":{"func":"reboot","param":null}}"#,
            br#"{"type":"apdu","payload":{"param":null}}"#,
            br#"{"type":"apdu","payload":"x"}"#,
            br#"{"type":"apdu"}"#,
        ] {
            assert!(matches!(parse_line(line), Line::BadApdu(_)));
        }
    }

    #[test]
    fn lpac_stdio_reply_lines() {
        assert_eq!(
            ApduReply::ok(0).to_line(),
            r#"{"type":"apdu","payload":{"ecode":0}}"#
        );
        assert_eq!(
            ApduReply::ok(1).to_line(),
            r#"{"type":"apdu","payload":{"ecode":1}}"#
        );
        assert_eq!(
            ApduReply::failure().to_line(),
            r#"{"type":"apdu","payload":{"ecode":-1}}"#
        );
        assert_eq!(
            ApduReply::with_data(vec![0xBF, 0x3E, 0x90, 0x00]).to_line(),
            r#"{"type":"apdu","payload":{"ecode":0,"data":"BF3E9000"}}"#
        );
    }
}
