//! The eIM's ESipa request bodies (SGP.32 6.1.1, 6.4): what each endpoint of the JSON and
//! ASN.1 bindings makes of a body before any session, relay or database is consulted, with
//! the endpoints' own decoding and refusal code. The first octet picks the endpoint
//! (`selectors/eim_bodies.txt`).
//!
//! Invariants: the DER taken from (or built from) a request round-trips; a refusal is the
//! spec's answer — a `Failed` header with known codes, or for GetEimPackage an executed
//! answer carrying `eimPackageError` (JSON); the function's error value in DER, or HTTP 400
//! (ASN.1); the same body always gets the same outcome.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use proto::json::esipa::{EimPackage, EsipaFunction, GetEimPackageResponse};
use proto::sgp32::EsipaMessageFromEimToIpa as Out;
use rsp_fuzz::{
    Selectors, assert_asn1_refusal, assert_json_refusal, assert_members, bounded, start_decode,
};
use eim::esipa_fuzz as esipa;

fn selectors() -> &'static Selectors {
    static S: OnceLock<Selectors> = OnceLock::new();
    S.get_or_init(|| Selectors::parse(include_str!("../selectors/eim_bodies.txt")))
}

fn is_error(msg: &Out) -> bool {
    proto::der::Asn1::to_json(msg).to_string().contains("Error")
}

/// GetEimPackage's executed answer to a body without a usable eidValue.
fn is_package_error(answer: &[u8]) -> bool {
    matches!(
        proto::json::decode::<GetEimPackageResponse>(answer),
        Ok(GetEimPackageResponse {
            package: EimPackage::EimPackageError(_),
            ..
        })
    )
}

fn check(name: &str, body: &[u8]) {
    let function = name.strip_prefix("esipa/").expect("esipa/<function>");
    if function == "asn1" {
        let (outcome, dropped) = start_decode(|| esipa::asn1_body(body));
        match &outcome {
            Ok(members) => assert_members(members, dropped),
            Err(answer) => assert_asn1_refusal::<Out>(answer, is_error),
        }
        return;
    }
    let f = EsipaFunction::ALL
        .into_iter()
        .find(|f| f.name() == function)
        .expect("an ESipa function");
    let (outcome, dropped) = start_decode(|| esipa::json_body(f, body));
    match &outcome {
        Ok(members) => assert_members(members, dropped),
        Err(answer) => assert_json_refusal(answer, is_package_error),
    }
    assert_eq!(
        esipa::json_body(f, body),
        outcome,
        "same body, another outcome"
    );
}

fuzz_target!(|data: &[u8]| {
    let Some((name, body)) = selectors().pick(data) else {
        return;
    };
    bounded(data.len(), 1 << 20, 256, || check(name, body));
});
