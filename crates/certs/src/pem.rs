//! Just enough PEM (RFC 7468) for certificates and EC keys.
//!
//! SGP.26 key files hold two blocks, `EC PARAMETERS` then `EC PRIVATE KEY`, so a reader
//! must pick a block by label rather than take the first one.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// Encodes `der` as one PEM block with 64-character lines.
pub fn encode(label: &str, der: &[u8]) -> String {
    let b64 = STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        // base64 output is ASCII.
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// The contents of the first block labelled `label`, or `None` (absent or bad base64).
pub fn decode(text: &str, label: &str) -> Option<Vec<u8>> {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let start = text.find(&begin)? + begin.len();
    let stop = start + text[start..].find(&end)?;
    let b64: String = text[start..stop]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    STANDARD.decode(b64).ok()
}

/// The labels of all blocks, in order.
pub fn labels(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix("-----BEGIN ")
                .and_then(|r| r.strip_suffix("-----"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7468_round_trip_and_block_selection() {
        let data: Vec<u8> = (0..100u8).collect();
        let text = format!(
            "{}{}",
            encode("EC PARAMETERS", &[6, 1, 0]),
            encode("EC PRIVATE KEY", &data)
        );
        assert_eq!(labels(&text), ["EC PARAMETERS", "EC PRIVATE KEY"]);
        assert_eq!(decode(&text, "EC PRIVATE KEY"), Some(data));
        assert_eq!(decode(&text, "PRIVATE KEY"), None);
    }
}
