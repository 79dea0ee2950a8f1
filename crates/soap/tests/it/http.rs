//! `http::receive`: from the bytes of an HTTP request to the dispatched message, or to the
//! answer the binding sends back (status, content type, envelope).

use soap::bodies::{BaseResponse, ProfileRequest};
use soap::envelope::{Envelope, FaultCode, SoapVersion};
use soap::es4::{self, Es4Request};
use soap::http::{self, Answer, Received};
use soap::status::{ExecutionStatus, RequestHeader};

use crate::support::{SMSR_ES4, eid, iccid, request_addressing};

fn enable() -> Es4Request {
    Es4Request::EnableProfile(ProfileRequest {
        header: RequestHeader::new("call-h"),
        eid: eid(),
        iccid: iccid(),
    })
}

fn wire(env: &Envelope) -> Vec<u8> {
    env.encode().into_bytes()
}

fn receive(body: &[u8], content_type: &str) -> Result<Received<Es4Request>, Answer> {
    http::receive(body, Some(content_type), None, SMSR_ES4, "urn:uuid:answer")
}

fn answer_envelope(answer: &Answer) -> Envelope {
    Envelope::decode(answer.body.as_bytes()).expect("the answer is an envelope")
}

#[test]
fn well_formed_request_is_dispatched() {
    let env = enable().encode(request_addressing());
    let soap_action = http::soap_action_header(es4::ENABLE_PROFILE.request_action);
    let got: Received<Es4Request> = http::receive(
        &wire(&env),
        Some(http::CONTENT_TYPE_SOAP11),
        Some(&soap_action),
        SMSR_ES4,
        "urn:uuid:a",
    )
    .expect("accepted");
    assert_eq!(got.message, enable());
    assert_eq!(
        got.envelope.addressing.message_id,
        env.addressing.message_id
    );
}

#[test]
fn other_media_type_is_415_without_body() {
    let env = enable().encode(request_addressing());
    let answer = receive(&wire(&env), "application/json").expect_err("not SOAP");
    assert_eq!(answer.status, http::STATUS_UNSUPPORTED_MEDIA_TYPE);
    assert!(answer.body.is_empty());
}

#[test]
fn doctype_is_a_sender_fault_with_500() {
    let answer = receive(b"<!DOCTYPE x []><x/>", http::CONTENT_TYPE_SOAP11).expect_err("refused");
    assert_eq!(answer.status, 500);
    assert_eq!(answer.content_type, Some(http::CONTENT_TYPE_SOAP11));
    let fault = answer_envelope(&answer).fault().expect("a fault");
    assert_eq!(fault.code, FaultCode::Sender);
    assert!(fault.reason.contains("document type"), "{}", fault.reason);
}

#[test]
fn request_without_message_id_is_refused_with_the_addressing_fault() {
    let mut env = enable().encode(request_addressing());
    env.addressing.message_id = None;
    let answer = receive(&wire(&env), http::CONTENT_TYPE_SOAP11).expect_err("refused");
    assert_eq!(answer.status, 500);
    let fault = answer_envelope(&answer).fault().expect("a fault");
    assert_eq!(
        fault.subcode.as_deref(),
        Some("MessageAddressingHeaderRequired")
    );
}

#[test]
fn missing_part_is_the_functions_failed_response() {
    let mut env = enable().encode(request_addressing().with_reply_to("https://mno.example/cb"));
    env.body.children.retain(|c| c.name != "Iccid");
    let answer = receive(&wire(&env), http::CONTENT_TYPE_SOAP11).expect_err("refused");
    assert_eq!(answer.status, 200);
    let reply = answer_envelope(&answer);
    assert_eq!(reply.addressing.relates_to, env.addressing.message_id);
    assert_eq!(
        reply.addressing.message_id.as_deref(),
        Some("urn:uuid:answer")
    );
    let response: BaseResponse = es4::ENABLE_PROFILE
        .decode_response(&reply)
        .expect("response");
    assert_eq!(response.header.status(), ExecutionStatus::Failed);
    let data = response
        .header
        .function_execution_status
        .status_code_data
        .expect("status code data");
    assert_eq!(
        (data.subject_code.as_str(), data.reason_code.as_str()),
        ("8.2.1", "2.2")
    );
}

#[test]
fn soap12_unknown_action_is_a_400_soap12_fault() {
    let mut env = enable().encode(request_addressing());
    env.version = SoapVersion::Soap12;
    env.addressing.action = Some("urn:not-an-es4-action".into());
    let answer = receive(&wire(&env), http::CONTENT_TYPE_SOAP12).expect_err("refused");
    assert_eq!(answer.status, 400);
    assert_eq!(answer.content_type, Some(http::CONTENT_TYPE_SOAP12));
    let reply = answer_envelope(&answer);
    assert_eq!(reply.version, SoapVersion::Soap12);
    assert_eq!(
        reply.fault().and_then(|f| f.subcode).as_deref(),
        Some("ActionNotSupported")
    );
}

#[test]
fn accepted_is_202_without_body() {
    let a = Answer::accepted();
    assert_eq!((a.status, a.content_type, a.body.as_str()), (202, None, ""));
}
