//! ES7 (SGP.02 5.6): every request and callback through the wire and back.

use soap::bodies::BaseResponse;
use soap::envelope::Envelope;
use soap::es7::{
    AuthenticateSmsrRequest, AuthenticateSmsrResponse, CreateAdditionalKeySetRequest,
    CreateAdditionalKeySetResponse, Es7Callback, Es7Request, HandoverEuiccRequest,
};
use soap::message::Hex;
use soap::status::{RequestHeader, ResponseHeader, codes};

use crate::support::{eid, eis, round_trip};

fn header() -> RequestHeader {
    RequestHeader {
        function_call_identifier: "sr-call-3".into(),
        validity_period: Some(120),
    }
}

#[test]
fn every_es7_request_round_trips() {
    let all = [
        Es7Request::HandoverEuicc(HandoverEuiccRequest {
            header: header(),
            eis: eis(),
        }),
        Es7Request::AuthenticateSmsr(AuthenticateSmsrRequest {
            header: header(),
            eid: eid(),
            smsr_certificate: Hex(vec![0x7F, 0x21, 0x01, 0x00]),
        }),
        Es7Request::CreateAdditionalKeySet(CreateAdditionalKeySetRequest {
            header: header(),
            eid: eid(),
            key_version_number: 0x31,
            initial_sequence_counter: 0,
            ecc_key_length: "ECC-256".into(),
            scenario_parameter: 0x03,
            host_id: Some(Hex(b"smsr-2".to_vec())),
            ephemeral_public_key: Hex(vec![0x04; 65]),
            signature: Hex(vec![0x5F; 64]),
        }),
    ];
    for req in &all {
        round_trip(req, Es7Request::encode, Es7Request::decode);
    }
}

#[test]
fn every_es7_callback_round_trips() {
    let all = [
        Es7Callback::HandoverEuicc(BaseResponse::new(ResponseHeader::warning(
            codes::EUICC_EXECUTION_ERROR,
            "old keys not deleted",
        ))),
        Es7Callback::AuthenticateSmsr(AuthenticateSmsrResponse {
            header: ResponseHeader::success(),
            random_challenge: Some(Hex(vec![0xA5; 16])),
        }),
        Es7Callback::CreateAdditionalKeySet(CreateAdditionalKeySetResponse {
            header: ResponseHeader::success(),
            derivation_random: Some(Hex(vec![0x11; 16])),
            receipt: Some(Hex(vec![0x22; 16])),
        }),
    ];
    for cb in &all {
        round_trip(cb, Es7Callback::encode, Es7Callback::decode);
    }
}

#[test]
fn njiwa_request_element_name_is_accepted() {
    let req = Es7Request::AuthenticateSmsr(AuthenticateSmsrRequest {
        header: header(),
        eid: eid(),
        smsr_certificate: Hex(vec![1, 2]),
    });
    let mut env = req.encode(crate::support::request_addressing());
    env.body.name = "AuthenticateSMSRRequest".into();
    let back = Envelope::decode(env.encode().as_bytes()).expect("envelope");
    assert_eq!(Es7Request::decode(&back).expect("alias"), req);
    env.body.name = "AuthenticateSMSRResponse".into();
    assert!(Es7Request::decode(&env).is_err());
}
