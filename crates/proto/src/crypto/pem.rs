//! Finding and decoding one block of a PEM file (RFC 7468 textual encoding), and writing
//! one; the one PEM codec of the workspace (keys here, certificates in `certs`).
//!
//! Key files in the wild hold more than one block: `openssl ecparam -genkey` (used for the
//! SGP.26 test keys) writes an `EC PARAMETERS` block before the `EC PRIVATE KEY` block. We
//! pick the block with the wanted label and decode its base64 leniently (any line width).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::KeyError;

/// The first block whose label is one of `labels`: its label and DER contents.
pub fn find_block(
    text: &str,
    labels: &[&'static str],
) -> Result<(&'static str, Vec<u8>), KeyError> {
    let mut rest = text;
    while let Some(begin) = rest.find("-----BEGIN ") {
        let after_begin = &rest[begin + "-----BEGIN ".len()..];
        let Some(label_end) = after_begin.find("-----") else {
            break;
        };
        let label = &after_begin[..label_end];
        let body_and_more = &after_begin[label_end + "-----".len()..];
        let end_marker = format!("-----END {label}-----");
        let Some(end) = body_and_more.find(&end_marker) else {
            return Err(KeyError::Pem(format!("no END line for {label}")));
        };
        let body = &body_and_more[..end];
        rest = &body_and_more[end + end_marker.len()..];
        if let Some(wanted) = labels.iter().find(|l| **l == label) {
            if body.contains(':') {
                return Err(KeyError::Pem(format!(
                    "{label} has headers (encrypted PEM keys are not supported)"
                )));
            }
            let b64: String = body.chars().filter(|c| !c.is_ascii_whitespace()).collect();
            let der = STANDARD
                .decode(b64.as_bytes())
                .map_err(|e| KeyError::Pem(format!("{label}: bad base64: {e}")))?;
            return Ok((wanted, der));
        }
    }
    Err(KeyError::Pem(format!(
        "no block labelled {}",
        labels.join(" or ")
    )))
}

/// A PEM block with 64-character lines and `\n` line endings.
pub fn encode_block(label: &str, der: &[u8]) -> String {
    let b64 = STANDARD.encode(der);
    let mut out = String::with_capacity(b64.len() + b64.len() / 64 + 2 * label.len() + 40);
    out.push_str("-----BEGIN ");
    out.push_str(label);
    out.push_str("-----\n");
    for line in b64.as_bytes().chunks(64) {
        // base64 output is ASCII, so every chunk is valid UTF-8.
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out.push_str("-----END ");
    out.push_str(label);
    out.push_str("-----\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7468_skips_unwanted_blocks_and_reads_any_line_width() {
        let text = "junk\n-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n\
                    -----BEGIN EC PRIVATE KEY-----\nAQID\nBA==\n-----END EC PRIVATE KEY-----\n";
        let (label, der) = find_block(text, &["PRIVATE KEY", "EC PRIVATE KEY"]).unwrap();
        assert_eq!(label, "EC PRIVATE KEY");
        assert_eq!(der, [1, 2, 3, 4]);
        assert!(find_block(text, &["CERTIFICATE"]).is_err());
    }

    #[test]
    fn rfc7468_encode_round_trip() {
        let der: Vec<u8> = (0..=200).collect();
        let pem = encode_block("PRIVATE KEY", &der);
        assert!(pem.lines().all(|l| l.len() <= 64));
        assert_eq!(find_block(&pem, &["PRIVATE KEY"]).unwrap().1, der);
    }

    #[test]
    fn rfc7468_malformed_input_is_an_error_not_a_panic() {
        for text in [
            "",
            "-----BEGIN ",
            "-----BEGIN X-----",
            "-----BEGIN PRIVATE KEY-----\n!!!\n-----END PRIVATE KEY-----",
            "-----BEGIN PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\nAA==\n-----END PRIVATE KEY-----",
        ] {
            assert!(find_block(text, &["PRIVATE KEY"]).is_err(), "{text:?}");
        }
    }
}
