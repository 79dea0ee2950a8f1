//! The SM-DP+'s request bodies: what each ES9+ endpoint (JSON and ASN.1 bindings) and each
//! ES2+ endpoint makes of a body before any session or database is consulted, with the
//! endpoints' own decoding and refusal code. The first octet picks the endpoint
//! (`selectors/smdp_bodies.txt`).
//!
//! Invariants: the DER taken from a request round-trips (strict DER, so the octets a
//! signature is checked over are the ones decoded); a refusal is the spec's answer — a
//! `Failed` header with known subject/reason codes (JSON), the function's error value in
//! DER or HTTP 400 (ASN.1); an ES2+ request re-encoded is accepted again unchanged; the
//! same body always gets the same outcome.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use proto::json::es2p::Es2Function;
use proto::json::es9p::Es9Function;
use proto::sgp22::RemoteProfileProvisioningResponse as Resp;
use rsp_fuzz::{
    Selectors, assert_asn1_refusal, assert_json_refusal, assert_members, bounded, start_decode,
};
use sm_dp::es2p::fuzz as es2;
use sm_dp::es9p::fuzz as es9;

fn selectors() -> &'static Selectors {
    static S: OnceLock<Selectors> = OnceLock::new();
    S.get_or_init(|| Selectors::parse(include_str!("../selectors/smdp_bodies.txt")))
}

/// Whether an ES9+ ASN.1 answer is an error alternative.
fn is_error(resp: &Resp) -> bool {
    let json = proto::der::Asn1::to_json(resp).to_string();
    json.contains("Error")
}

fn es9_json(f: Es9Function, body: &[u8]) {
    let (outcome, dropped) = start_decode(|| es9::json_body(f, body));
    match &outcome {
        Ok(members) => assert_members(members, dropped),
        Err(answer) => assert_json_refusal(answer, |_| false),
    }
    assert_eq!(
        es9::json_body(f, body),
        outcome,
        "same body, another outcome"
    );
}

fn es9_asn1(body: &[u8]) {
    let (outcome, dropped) = start_decode(|| es9::asn1_body(body));
    match &outcome {
        Ok(members) => assert_members(members, dropped),
        Err(answer) => assert_asn1_refusal::<Resp>(answer, is_error),
    }
}

fn es2_json(f: Es2Function, body: &[u8]) {
    match es2::json_body(f, body) {
        Ok(reencoded) => assert_eq!(
            es2::json_body(f, &reencoded).as_ref(),
            Ok(&reencoded),
            "a re-encoded request is not taken unchanged"
        ),
        Err(answer) => assert_json_refusal(&answer, |_| false),
    }
}

fn check(name: &str, body: &[u8]) {
    if name == "asn1" {
        return es9_asn1(body);
    }
    let (interface, function) = name.split_once('/').expect("interface/function");
    match interface {
        "es9p" => {
            let f = Es9Function::ALL.into_iter().find(|f| f.name() == function);
            es9_json(f.expect("an ES9+ function"), body);
        }
        _ => {
            let f = Es2Function::ALL.into_iter().find(|f| f.name() == function);
            es2_json(f.expect("an ES2+ function"), body);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((name, body)) = selectors().pick(data) else {
        return;
    };
    bounded(data.len(), 1 << 20, 256, || check(name, body));
});
