//! Invariants shared by the targets: DER round trips, and refusals that are the spec's own
//! answers.

use proto::der::Asn1;
use proto::der::fuzzing::take_skipped_extensions;
use proto::json::{EmptyResponse, ResponseError, decode_response, reason_name, subject_name};

/// Runs a decode and tells whether it dropped unknown extension components (the one case
/// in which a value that decodes does not re-encode to the octets received).
pub fn start_decode<R>(decode: impl FnOnce() -> R) -> (R, bool) {
    take_skipped_extensions();
    let out = decode();
    (out, take_skipped_extensions() > 0)
}

/// DER has one encoding per value: octets that decode re-encode to themselves, unless
/// unknown extension components were dropped, in which case the re-encoding is no longer
/// (the same length when they were inside a signed part kept as received, `Preserved`).
pub fn assert_der_round_trip(what: &str, received: &[u8], reencoded: &[u8], dropped: bool) {
    if dropped {
        assert!(
            reencoded.len() <= received.len(),
            "{what}: dropping extensions made {} octets into {}",
            received.len(),
            reencoded.len()
        );
    } else {
        assert!(
            received == reencoded,
            "{what}: received {} re-encoded as {}",
            hex::encode(received),
            hex::encode(reencoded)
        );
    }
}

/// The DER members a server took from a request: each must round-trip.
pub fn assert_members(members: &[(&'static str, Vec<u8>, Vec<u8>)], dropped: bool) {
    for (name, received, reencoded) in members {
        assert_der_round_trip(name, received, reencoded, dropped);
    }
}

/// A JSON refusal: a response header with status `Failed` and subject and reason codes of
/// SGP.22 5.2.6 (or an executed answer that `executed` accepts, such as GetEimPackage's own
/// error alternative).
pub fn assert_json_refusal(answer: &[u8], executed: impl FnOnce(&[u8]) -> bool) {
    match decode_response::<EmptyResponse>(answer) {
        Err(ResponseError::Failed(status)) => {
            let data = status
                .status_code_data
                .unwrap_or_else(|| panic!("a refusal without status codes: {answer:?}"));
            assert!(
                subject_name(&data.subject_code).is_some()
                    && reason_name(&data.reason_code).is_some(),
                "unknown status code {}/{}",
                data.subject_code,
                data.reason_code
            );
        }
        Ok(_) => assert!(
            executed(answer),
            "a refusal that reads as executed: {}",
            String::from_utf8_lossy(answer)
        ),
        Err(e) => panic!("a refusal that is not a response: {e}"),
    }
}

/// An ASN.1 refusal: empty (HTTP 400 without a body) or a DER response of type `T` that
/// re-encodes to itself and passes `is_error`.
pub fn assert_asn1_refusal<T: Asn1>(answer: &[u8], is_error: impl FnOnce(&T) -> bool) {
    if answer.is_empty() {
        return;
    }
    let value = T::from_der(answer).unwrap_or_else(|e| panic!("refusal does not decode: {e}"));
    assert_eq!(value.to_der(), answer, "refusal is not DER");
    assert!(is_error(&value), "refusal is not an error value");
}
