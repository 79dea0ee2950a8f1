//! ES4 (SGP.02 5.5): every request and callback through the wire and back, and the
//! refusals of the dispatch.

use soap::bodies::{
    AuditEisRequest, BaseResponse, EidRequest, EisResponse, EuiccResponse, ProfileRequest,
    UpdatePolicyRulesRequest,
};
use soap::envelope::{Addressing, Envelope, EnvelopeError};
use soap::es4::{self, Es4Callback, Es4Request, PrepareSmsrChangeRequest, SmsrChangeRequest};
use soap::http::{self, Refusal};
use soap::message::{Hex, MessageError};
use soap::notify::{ProfileNotification, SmsrChangeNotification};
use soap::ns;
use soap::status::{RequestHeader, ResponseHeader, codes};

use crate::support::{SMSR_ES4, eid, eis, iccid, profile, request_addressing};

fn header() -> RequestHeader {
    RequestHeader {
        function_call_identifier: "call-1".into(),
        validity_period: Some(600),
    }
}

fn profile_request() -> ProfileRequest {
    ProfileRequest {
        header: header(),
        eid: eid(),
        iccid: iccid(),
    }
}

/// One of each ES4 request.
pub(crate) fn every_request() -> Vec<Es4Request> {
    vec![
        Es4Request::UpdatePolicyRules(UpdatePolicyRulesRequest {
            header: header(),
            eid: eid(),
            iccid: iccid(),
            pol2: profile().pol2.expect("fixture has POL2"),
        }),
        Es4Request::GetEis(EidRequest {
            header: header(),
            eid: eid(),
        }),
        Es4Request::AuditEis(AuditEisRequest {
            header: header(),
            eid: eid(),
            iccids: vec![iccid(), iccid()],
        }),
        Es4Request::EnableProfile(profile_request()),
        Es4Request::DisableProfile(profile_request()),
        Es4Request::DeleteProfile(profile_request()),
        Es4Request::SetFallBackAttribute(profile_request()),
        Es4Request::PrepareSmsrChange(PrepareSmsrChangeRequest {
            header: header(),
            eid: eid(),
            current_smsr_id: "smsr-1".into(),
        }),
        Es4Request::SmsrChange(SmsrChangeRequest {
            header: header(),
            eid: eid(),
            target_smsr_id: "smsr-2".into(),
        }),
    ]
}

fn every_callback() -> Vec<Es4Callback> {
    let eis_response = EisResponse {
        header: ResponseHeader::success(),
        eis: Some(eis()),
    };
    let euicc = EuiccResponse {
        header: ResponseHeader::warning(codes::EUICC_EXECUTION_ERROR, "rolled back"),
        euicc_response_data: Some(Hex(vec![0x90, 0x00])),
    };
    let base = BaseResponse::new(ResponseHeader::failed(codes::SMSR_UNKNOWN, "who?"));
    let note = ProfileNotification {
        eid: eid(),
        iccid: iccid(),
        completion_timestamp: "2026-01-01T00:00:00Z".into(),
    };
    vec![
        Es4Callback::GetEis(eis_response.clone()),
        Es4Callback::AuditEis(eis_response),
        Es4Callback::EnableProfile(euicc.clone()),
        Es4Callback::DisableProfile(euicc.clone()),
        Es4Callback::DeleteProfile(euicc.clone()),
        Es4Callback::SetFallBackAttribute(euicc),
        Es4Callback::UpdatePolicyRules(base.clone()),
        Es4Callback::PrepareSmsrChange(base.clone()),
        Es4Callback::SmsrChange(base),
        Es4Callback::ProfileEnabled(note.clone()),
        Es4Callback::ProfileDisabled(note.clone()),
        Es4Callback::ProfileDeleted(note),
        Es4Callback::SmsrChanged(SmsrChangeNotification {
            eis: eis(),
            completion_timestamp: "2026-01-01T00:00:00Z".into(),
        }),
    ]
}

#[test]
fn every_request_round_trips_with_its_action() {
    for req in every_request() {
        let (op, dir) = req.operation();
        let env = req.encode(request_addressing());
        let wire = env.encode();
        let action = format!("<wsa:Action>{}</wsa:Action>", dir.action(op));
        assert!(wire.contains(&action), "{wire}");
        assert!(
            wire.contains(&format!("<gsma:{} ", op.function))
                || wire.contains(&format!("<gsma:{}>", op.function)),
            "{wire}"
        );
        let back = Envelope::decode(wire.as_bytes()).expect("own envelope");
        http::check_request(
            &back,
            SMSR_ES4,
            Some(&http::soap_action_header(dir.action(op))),
        )
        .expect("addressing complete");
        assert_eq!(Es4Request::decode(&back).expect("own request"), req);
    }
}

#[test]
fn every_callback_round_trips_with_its_action() {
    for cb in every_callback() {
        let env = cb.encode(Addressing::reply(
            &request_addressing().with_reply_to("https://mno.example/cb"),
            "urn:uuid:reply",
            "replaced",
        ));
        let wire = env.encode();
        let back = Envelope::decode(wire.as_bytes()).expect("own envelope");
        assert_eq!(
            back.addressing.to.as_deref(),
            Some("https://mno.example/cb")
        );
        assert_eq!(
            Es4Callback::decode(&back).expect("own callback"),
            cb,
            "{wire}"
        );
    }
}

#[test]
fn enable_profile_request_is_the_rpc_wrapper_with_unqualified_parts() {
    let env = Es4Request::EnableProfile(profile_request()).encode(request_addressing());
    let wire = env.encode();
    let body = format!(
        "<S:Body><gsma:EnableProfile><FunctionCallIdentifier>call-1</FunctionCallIdentifier>\
         <ValidityPeriod>600</ValidityPeriod><Eid>{}</Eid><Iccid>{}</Iccid>\
         </gsma:EnableProfile></S:Body>",
        eid(),
        iccid()
    );
    assert!(wire.contains(&body), "{wire}");
    assert!(wire.contains(
        "<wsa:Action>http://gsma.com/ES4/ProfileManagent/ES4-EnableProfile</wsa:Action>"
    ));
}

#[test]
fn synchronous_response_relates_to_the_request() {
    let req = request_addressing();
    let resp = EuiccResponse {
        header: ResponseHeader::success(),
        euicc_response_data: None,
    };
    let env = es4::ENABLE_PROFILE.response(&req, "urn:uuid:r", &resp);
    assert_eq!(
        env.action(),
        Some("http://namespaces.gsma.org/esim-messaging/1/ES4/EnableProfileResponse")
    );
    assert_eq!(env.addressing.relates_to, req.message_id);
    let back = Envelope::decode(env.encode().as_bytes()).expect("own response");
    let read: EuiccResponse = es4::ENABLE_PROFILE
        .decode_response(&back)
        .expect("response");
    assert_eq!(read, resp);
    assert_eq!(http::reply_route(&req), http::ReplyRoute::HttpResponse);
}

#[test]
fn fault_answer_is_returned_as_the_fault() {
    let fault = EnvelopeError::ActionNotSupported("urn:x".into()).to_fault();
    let env = Envelope::fault_reply(None, Default::default(), &fault);
    let back = Envelope::decode(env.encode().as_bytes()).expect("fault");
    let err = es4::GET_EIS
        .decode_response::<EisResponse>(&back)
        .expect_err("fault, not a response");
    assert!(matches!(err, MessageError::Fault(f) if f == fault));
}

#[test]
fn missing_action_is_message_addressing_header_required() {
    let mut env = Es4Request::GetEis(EidRequest {
        header: header(),
        eid: eid(),
    })
    .encode(request_addressing());
    env.addressing.action = None;
    let back = Envelope::decode(env.encode().as_bytes()).expect("envelope");
    let err = Es4Request::decode(&back).expect_err("no action");
    assert!(matches!(
        err,
        MessageError::Envelope(EnvelopeError::MessageAddressingHeaderRequired("Action"))
    ));
    match Refusal::of(&err) {
        Refusal::Fault(f) => {
            assert_eq!(
                f.subcode.as_deref(),
                Some("MessageAddressingHeaderRequired")
            )
        }
        other => panic!("expected a fault, got {other:?}"),
    }
}

#[test]
fn unknown_action_is_action_not_supported() {
    let mut env = Es4Request::GetEis(EidRequest {
        header: header(),
        eid: eid(),
    })
    .encode(request_addressing());
    env.addressing.action = Some("http://gsma.com/ES4/ProfileManagent/ES4-Reboot".into());
    let err = Es4Request::decode(&env).expect_err("unknown action");
    assert!(matches!(
        err,
        MessageError::Envelope(EnvelopeError::ActionNotSupported(ref a)) if a.ends_with("ES4-Reboot")
    ));
    // An ES3 action is not an ES4 one.
    env.addressing.action = Some("http://gsma.com/ES3/ProfileManagent/ES3-GetEISRequest".into());
    assert!(Es4Request::decode(&env).is_err());
}

#[test]
fn corrected_spelling_of_the_action_is_understood() {
    let mut env = Es4Request::EnableProfile(profile_request()).encode(request_addressing());
    env.addressing.action = Some("http://gsma.com/ES4/ProfileManagement/ES4-EnableProfile".into());
    assert_eq!(
        Es4Request::decode(&env).expect("ProfileManagement"),
        Es4Request::EnableProfile(profile_request())
    );
}

#[test]
fn body_other_than_the_action_announces_is_refused() {
    let mut env = Es4Request::EnableProfile(profile_request()).encode(request_addressing());
    env.body.name = "DisableProfile".into();
    let err = Es4Request::decode(&env).expect_err("mismatch");
    assert!(matches!(
        err,
        MessageError::UnexpectedBody { ref expected, ref found } if expected == "EnableProfile" && found == "DisableProfile"
    ));
    assert!(matches!(Refusal::of(&err), Refusal::Fault(_)));
}

#[test]
fn body_in_another_namespace_is_refused() {
    let mut env = Es4Request::EnableProfile(profile_request()).encode(request_addressing());
    env.body.namespace = Some("http://example.com/other".into());
    let err = Es4Request::decode(&env).expect_err("foreign namespace");
    assert!(matches!(err, MessageError::WrongNamespace { .. }));
    env.body.namespace = None;
    assert!(matches!(
        Es4Request::decode(&env).expect_err("no namespace"),
        MessageError::WrongNamespace {
            namespace: None,
            ..
        }
    ));
}

#[test]
fn missing_eid_is_eid_mandatory_element_missing() {
    let mut env = Es4Request::EnableProfile(profile_request()).encode(request_addressing());
    env.body.children.retain(|c| c.name != "Eid");
    let err = Es4Request::decode(&env).expect_err("no Eid");
    let Refusal::Status(data) = Refusal::of(&err) else {
        panic!("expected a status refusal for {err:?}");
    };
    assert_eq!(
        (data.subject_code.as_str(), data.reason_code.as_str()),
        ("8.1.1", "2.2")
    );
    assert_eq!(data.subject_identifier.as_deref(), Some("Eid"));
}

#[test]
fn malformed_iccid_is_profile_iccid_invalid() {
    let mut env = Es4Request::EnableProfile(profile_request()).encode(request_addressing());
    if let Some(i) = env.body.children.iter_mut().find(|c| c.name == "Iccid") {
        i.text = "89-not-digits".into();
    }
    let err = Es4Request::decode(&env).expect_err("bad ICCID");
    let refusal = Refusal::of(&err);
    let Refusal::Status(data) = &refusal else {
        panic!("expected a status refusal for {err:?}");
    };
    assert_eq!(
        (data.subject_code.as_str(), data.reason_code.as_str()),
        ("8.2.1", "2.1")
    );
    // The answer is the operation's response, Failed, relating to the request.
    let answer = refusal.to_envelope(Some(&env), Some(&es4::ENABLE_PROFILE), "urn:uuid:a");
    assert_eq!(refusal.http_status(answer.version), 200);
    let read: BaseResponse = es4::ENABLE_PROFILE
        .decode_response(&answer)
        .expect("response");
    assert_eq!(read.header.status(), soap::status::ExecutionStatus::Failed);
    assert_eq!(answer.addressing.relates_to, env.addressing.message_id);
}

#[test]
fn request_without_addressing_or_for_another_endpoint_is_refused() {
    let env = Es4Request::EnableProfile(profile_request()).encode(request_addressing());
    let mut no_id = env.clone();
    no_id.addressing.message_id = None;
    assert!(matches!(
        http::check_request(&no_id, SMSR_ES4, None),
        Err(EnvelopeError::MessageAddressingHeaderRequired("MessageID"))
    ));
    let mut no_to = env.clone();
    no_to.addressing.to = None;
    assert!(matches!(
        http::check_request(&no_to, SMSR_ES4, None),
        Err(EnvelopeError::MessageAddressingHeaderRequired("To"))
    ));
    assert!(matches!(
        http::check_request(&env, "https://other.example/es4", None),
        Err(EnvelopeError::DestinationUnreachable(_))
    ));
    let err = http::check_request(&env, SMSR_ES4, Some("\"urn:other\"")).expect_err("mismatch");
    let refusal = Refusal::Fault(err.to_fault());
    assert_eq!(
        refusal.http_status(soap::envelope::SoapVersion::Soap11),
        500
    );
    assert_eq!(
        refusal.http_status(soap::envelope::SoapVersion::Soap12),
        400
    );
    http::check_request(&env, SMSR_ES4, Some("\"\"")).expect("empty SOAPAction is allowed");
}

#[test]
fn foreign_requester_is_function_requester_unknown() {
    let env = Es4Request::EnableProfile(profile_request()).encode(request_addressing());
    let known = |from: &str| from == "urn:rsp-lab:mno:1";
    assert_eq!(http::check_requester(&env, known), Ok("urn:rsp-lab:mno:1"));
    let refusal = http::check_requester(&env, |_| false).expect_err("unknown requester");
    let Refusal::Status(data) = &refusal else {
        panic!("expected a status refusal");
    };
    assert_eq!(
        (data.subject_code.as_str(), data.reason_code.as_str()),
        ("1.1", "1.1")
    );
    let mut anonymous = env.clone();
    anonymous.addressing.from = None;
    assert!(http::check_requester(&anonymous, known).is_err());
}

#[test]
fn content_types_and_soap_action() {
    use soap::envelope::SoapVersion;
    assert_eq!(
        http::version_of_content_type("text/xml; charset=utf-8"),
        Some(SoapVersion::Soap11)
    );
    assert_eq!(
        http::version_of_content_type("text/xml"),
        Some(SoapVersion::Soap11)
    );
    assert_eq!(
        http::version_of_content_type("application/soap+xml; charset=\"UTF-8\"; action=\"x\""),
        Some(SoapVersion::Soap12)
    );
    assert_eq!(
        http::version_of_content_type("text/xml; charset=iso-8859-1"),
        None
    );
    assert_eq!(http::version_of_content_type("application/json"), None);
    assert_eq!(http::parse_soap_action("\"urn:a\""), "urn:a");
    assert_eq!(http::soap_action_header("urn:a"), "\"urn:a\"");
    assert_eq!(
        http::reply_route(&request_addressing().with_reply_to("https://mno.example/cb")),
        http::ReplyRoute::Callback("https://mno.example/cb".into())
    );
}

#[test]
fn response_action_is_the_addressing_default() {
    assert_eq!(
        es4::SMSR_CHANGE.response_action(),
        format!("{}/ES4/SMSRChangeResponse", ns::GSMA)
    );
}
