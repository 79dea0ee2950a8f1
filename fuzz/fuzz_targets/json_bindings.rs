//! The JSON bindings of ES9+, ES2+ (SGP.22 6.5) and ESipa (SGP.32 6.4): every request and
//! response body type, chosen by the first octet (`selectors/json_bindings.txt`).
//!
//! Invariants: a body that decodes encodes to JSON that decodes to the same value and
//! encodes to the same text; for responses, the client's header-first decoding agrees with
//! the plain one (an executed answer decodes the same, a refused one is `Failed` or
//! `Expired`).
#![no_main]

use std::fmt::Debug;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use proto::json::{
    EmptyResponse, ResponseError, decode, decode_response, encode, es2p, es9p, esipa,
};
use rsp_fuzz::{Selectors, bounded};
use serde::Serialize;
use serde::de::DeserializeOwned;

fn selectors() -> &'static Selectors {
    static S: OnceLock<Selectors> = OnceLock::new();
    S.get_or_init(|| Selectors::parse(include_str!("../selectors/json_bindings.txt")))
}

fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(body: &[u8]) {
    let Ok(value) = decode::<T>(body) else { return };
    let text = encode(&value).expect("a decoded body encodes");
    let again: T = decode(&text)
        .unwrap_or_else(|e| panic!("{} does not decode: {e}", String::from_utf8_lossy(&text)));
    assert_eq!(again, value);
    assert_eq!(encode(&again).expect("encodes"), text);
}

fn response<T: Serialize + DeserializeOwned + PartialEq + Debug>(body: &[u8]) {
    round_trip::<T>(body);
    match decode_response::<T>(body) {
        Ok(v) => assert_eq!(
            decode::<T>(body).ok(),
            Some(v),
            "header-first decoding differs"
        ),
        Err(ResponseError::Failed(status)) => assert!(!status.status.is_executed()),
        Err(ResponseError::Json(_)) => {}
    }
}

fn check(name: &str, body: &[u8]) {
    match name {
        "es9p/initiateAuthentication/req" => {
            round_trip::<es9p::InitiateAuthenticationRequest>(body)
        }
        "es9p/initiateAuthentication/resp" => {
            response::<es9p::InitiateAuthenticationResponse>(body)
        }
        "es9p/authenticateClient/req" => round_trip::<es9p::AuthenticateClientRequest>(body),
        "es9p/authenticateClient/resp" => response::<es9p::AuthenticateClientResponse>(body),
        "es9p/getBoundProfilePackage/req" => {
            round_trip::<es9p::GetBoundProfilePackageRequest>(body)
        }
        "es9p/getBoundProfilePackage/resp" => {
            response::<es9p::GetBoundProfilePackageResponse>(body)
        }
        "es9p/handleNotification/req" => round_trip::<es9p::HandleNotificationRequest>(body),
        "es9p/cancelSession/req" => round_trip::<es9p::CancelSessionRequest>(body),
        "es2p/downloadOrder/req" => round_trip::<es2p::DownloadOrderRequest>(body),
        "es2p/downloadOrder/resp" => response::<es2p::DownloadOrderResponse>(body),
        "es2p/confirmOrder/req" => round_trip::<es2p::ConfirmOrderRequest>(body),
        "es2p/confirmOrder/resp" => response::<es2p::ConfirmOrderResponse>(body),
        "es2p/cancelOrder/req" => round_trip::<es2p::CancelOrderRequest>(body),
        "es2p/releaseProfile/req" => round_trip::<es2p::ReleaseProfileRequest>(body),
        "es2p/handleDownloadProgressInfo/req" => {
            round_trip::<es2p::HandleDownloadProgressInfoRequest>(body)
        }
        "esipa/initiateAuthentication/req" => {
            round_trip::<esipa::InitiateAuthenticationRequest>(body)
        }
        "esipa/initiateAuthentication/resp" => {
            response::<esipa::InitiateAuthenticationResponse>(body)
        }
        "esipa/authenticateClient/req" => round_trip::<esipa::AuthenticateClientRequest>(body),
        "esipa/authenticateClient/resp" => response::<esipa::AuthenticateClientResponse>(body),
        "esipa/getBoundProfilePackage/req" => {
            round_trip::<esipa::GetBoundProfilePackageRequest>(body)
        }
        "esipa/getBoundProfilePackage/resp" => {
            response::<esipa::GetBoundProfilePackageResponse>(body)
        }
        "esipa/transferEimPackage/req" => round_trip::<esipa::TransferEimPackageRequest>(body),
        "esipa/transferEimPackage/resp" => response::<esipa::TransferEimPackageResponse>(body),
        "esipa/getEimPackage/req" => round_trip::<esipa::GetEimPackageRequest>(body),
        "esipa/getEimPackage/resp" => response::<esipa::GetEimPackageResponse>(body),
        "esipa/provideEimPackageResult/req" => {
            round_trip::<esipa::ProvideEimPackageResultRequest>(body)
        }
        "esipa/provideEimPackageResult/resp" => {
            response::<esipa::ProvideEimPackageResultResponse>(body)
        }
        "esipa/handleNotification/req" => round_trip::<esipa::HandleNotificationRequest>(body),
        "esipa/cancelSession/req" => round_trip::<esipa::CancelSessionRequest>(body),
        // header-only answers
        _ if name.ends_with("/resp") => response::<EmptyResponse>(body),
        other => panic!("selector {other} has no body type"),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((name, body)) = selectors().pick(data) else {
        return;
    };
    bounded(data.len(), 1 << 20, 256, || check(name, body));
});
