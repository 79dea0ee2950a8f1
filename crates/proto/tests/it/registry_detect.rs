//! `registry::detect` (the type detection of `rsp-lab decode`): when no candidate re-encodes
//! the input exactly, the most specific decoding wins, and an empty extensible SEQUENCE
//! only on empty input.

use crate::sgp32_samples;

use proto::registry;

/// A TLV with a one- or two-byte tag and a DER length.
fn tlv(tag: &[u8], content: &[u8]) -> Vec<u8> {
    let mut out = tag.to_vec();
    match content.len() {
        n @ 0..=0x7F => out.push(n as u8),
        n @ 0x80..=0xFF => out.extend([0x81, n as u8]),
        n => out.extend([0x82, (n >> 8) as u8, n as u8]),
    }
    out.extend_from_slice(content);
    out
}

/// Splits a DER TLV into (tag, content).
fn split(der: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let tag_len = if der[0] & 0x1F == 0x1F {
        1 + der[1..].iter().position(|b| b & 0x80 == 0).unwrap() + 1
    } else {
        1
    };
    let (len, len_len) = match der[tag_len] {
        n @ 0..=0x7F => (usize::from(n), 1),
        0x81 => (usize::from(der[tag_len + 1]), 2),
        0x82 => (
            usize::from(der[tag_len + 1]) << 8 | usize::from(der[tag_len + 2]),
            3,
        ),
        other => panic!("length form {other:02X}"),
    };
    let start = tag_len + len_len;
    (der[..tag_len].to_vec(), der[start..start + len].to_vec())
}

/// A component of a later version (`[PRIVATE 30]`), which extensible types skip.
const LATER_COMPONENT: [u8; 3] = [0xDE, 0x01, 0x00];

/// ProvideEimPackageResult samples without EID carrying `ePRAndNotifications` (a universal SEQUENCE
/// directly under `BF50`, the same octets as `ProvideEimPackageResultResponse.emptyResponse`
/// would have) with a later-version component inside that SEQUENCE.
fn provide_results_with_a_later_component() -> Vec<Vec<u8>> {
    sgp32_samples::samples()
        .into_iter()
        .filter(|(name, _)| *name == "ProvideEimPackageResult")
        .filter_map(|(_, der)| {
            let (outer_tag, mut content) = split(&der);
            // without the optional EID (5A), as an IPA that leaves it out sends it
            if content.first() == Some(&0x5A) {
                let eid_len = 2 + usize::from(content[1]);
                content.drain(..eid_len);
            }
            if content.first() != Some(&0x30) {
                return None;
            }
            let (inner_tag, mut inner) = split(&content);
            inner.extend_from_slice(&LATER_COMPONENT);
            Some(tlv(&outer_tag, &tlv(&inner_tag, &inner)))
        })
        .collect()
}

#[test]
fn sgp32_6_3_2_7_provide_eim_package_result_with_unknown_component_is_not_an_empty_response() {
    let inputs = provide_results_with_a_later_component();
    assert!(
        !inputs.is_empty(),
        "no ePRAndNotifications sample without EID"
    );
    for der in inputs {
        let (entry, decoded) =
            registry::detect(&der).unwrap_or_else(|e| panic!("{}: {e}", hex::encode_upper(&der)));
        assert_eq!(
            entry.name,
            "ProvideEimPackageResult",
            "{} detected as {} = {}",
            hex::encode_upper(&der),
            entry.name,
            decoded.json
        );
        // everything but the skipped component is kept
        assert_eq!(decoded.reencoded.len(), der.len() - LATER_COMPONENT.len());
    }
}

#[test]
fn sgp32_6_3_2_7_provide_eim_package_result_failing_inside_is_not_an_empty_response() {
    // BF50 { SEQUENCE { euiccPackageResult BF51 { OCTET STRING }, notificationList A0 {} } }:
    // a ProvideEimPackageResult whose package result does not decode. The empty response
    // takes it by skipping everything; the error inside the request says more.
    let inner = [tlv(&[0xBF, 0x51], &[0x04, 0x00]), tlv(&[0xA0], &[])].concat();
    let der = tlv(&[0xBF, 0x50], &tlv(&[0x30], &inner));
    match registry::detect(&der) {
        Ok((entry, decoded)) => panic!("detected as {} = {}", entry.name, decoded.json),
        Err(err) => assert!(err.offset > 4, "error at offset {}: {err}", err.offset),
    }
}

#[test]
fn sgp32_6_3_2_7_empty_sequence_wins_on_empty_input() {
    // BF50 { SEQUENCE {} }: the emptyResponse of ProvideEimPackageResultResponse
    let der = tlv(&[0xBF, 0x50], &[0x30, 0x00]);
    let (entry, decoded) = registry::detect(&der).expect("detected");
    assert_eq!(entry.name, "ProvideEimPackageResultResponse");
    assert_eq!(decoded.json, serde_json::json!({"emptyResponse": {}}));
}
