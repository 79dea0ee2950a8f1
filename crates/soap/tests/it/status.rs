//! SGP.02 5.1.5 function execution status and the common response fields on the wire.

use soap::bodies::BaseResponse;
use soap::message::Parts;
use soap::ns;
use soap::status::{
    ExecutionStatus, ResponseHeader, StatusCodeData, codes, parse_status, status_str,
};
use soap::xml::Element;

fn body_of(header: ResponseHeader) -> Element {
    let mut el = Element::qualified(ns::GSMA, "EnableProfileResponse");
    BaseResponse::new(header).write_parts(&mut el);
    el
}

#[test]
fn every_status_round_trips_with_the_spec_string() {
    let all = [
        (ExecutionStatus::ExecutedSuccess, "Executed-Success"),
        (ExecutionStatus::ExecutedWithWarning, "Executed-WithWarning"),
        (ExecutionStatus::Failed, "Failed"),
        (ExecutionStatus::Expired, "Expired"),
    ];
    for (status, text) in all {
        assert_eq!(status_str(status), text);
        let header = ResponseHeader::with(status, None);
        let el = body_of(header.clone());
        let fes = el.child("FunctionExecutionStatus").expect("status element");
        assert_eq!(fes.child("Status").map(|s| s.text.as_str()), Some(text));
        assert_eq!(
            BaseResponse::read_parts(&el).expect("read back").header,
            header
        );
    }
}

#[test]
fn jax_ws_spellings_of_the_status_are_read() {
    assert_eq!(
        parse_status("EXECUTED_SUCCESS"),
        Some(ExecutionStatus::ExecutedSuccess)
    );
    assert_eq!(
        parse_status("ExecutedWithWarning"),
        Some(ExecutionStatus::ExecutedWithWarning)
    );
    assert_eq!(parse_status("FAILED"), Some(ExecutionStatus::Failed));
    assert_eq!(parse_status("Done"), None);
}

#[test]
fn failed_status_carries_subject_reason_identifier_and_message_in_order() {
    let mut header = ResponseHeader::failed(codes::EID_UNKNOWN, "no such eUICC");
    header.processing_start = Some("2026-01-01T00:00:00Z".into());
    header.processing_end = Some("2026-01-01T00:00:01Z".into());
    header.acceptable_validity_period = Some(3600);
    if let Some(d) = header.function_execution_status.status_code_data.as_mut() {
        d.subject_identifier = Some("Eid".into());
    }
    let el = body_of(header.clone());
    let names: Vec<&str> = el.children.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "ProcessingStart",
            "ProcessingEnd",
            "AcceptableValidityPeriod",
            "FunctionExecutionStatus"
        ]
    );
    let scd = el
        .child("FunctionExecutionStatus")
        .and_then(|f| f.child("StatusCodeData"))
        .expect("status code data");
    let parts: Vec<(&str, &str)> = scd
        .children
        .iter()
        .map(|c| (c.name.as_str(), c.text.as_str()))
        .collect();
    assert_eq!(
        parts,
        [
            ("Subject", "8.1.1"),
            ("Reason", "3.9"),
            ("SubjectIdentifier", "Eid"),
            ("Message", "no such eUICC")
        ]
    );
    assert_eq!(
        BaseResponse::read_parts(&el).expect("read back").header,
        header
    );
}

#[test]
fn unknown_status_string_is_invalid() {
    let mut el = body_of(ResponseHeader::success());
    if let Some(status) = el
        .children
        .iter_mut()
        .find(|c| c.name == "FunctionExecutionStatus")
        .and_then(|f| f.children.iter_mut().find(|c| c.name == "Status"))
    {
        status.text = "Maybe".into();
    }
    let err = BaseResponse::read_parts(&el).expect_err("bad status");
    assert!(matches!(
        err,
        soap::message::MessageError::InvalidValue { ref element, ref value } if element == "Status" && value == "Maybe"
    ));
}

#[test]
fn status_code_data_needs_subject_and_reason() {
    let mut el = body_of(ResponseHeader::failed(codes::EID_UNKNOWN, "x"));
    if let Some(scd) = el
        .children
        .iter_mut()
        .find(|c| c.name == "FunctionExecutionStatus")
        .and_then(|f| f.children.iter_mut().find(|c| c.name == "StatusCodeData"))
    {
        scd.children.retain(|c| c.name != "Reason");
    }
    let err = BaseResponse::read_parts(&el).expect_err("no reason");
    assert!(matches!(err, soap::message::MessageError::MissingElement(ref e) if e == "Reason"));
}

#[test]
fn codes_are_the_sgp02_pairs() {
    let data = StatusCodeData::from(codes::PROFILE_ICCID_UNKNOWN);
    assert_eq!(
        (data.subject_code.as_str(), data.reason_code.as_str()),
        ("8.2.1", "3.9")
    );
    assert_eq!(codes::SMSR_UNKNOWN.subject, "8.7");
    assert_eq!(codes::SECURITY_DOMAIN_AID_UNKNOWN.subject, "8.3.1");
    assert_eq!(codes::subject_of_element("Eid"), "8.1.1");
    assert_eq!(codes::subject_of_element("Target-Smsr-id"), "8.7");
    assert_eq!(codes::subject_of_element("FunctionCallIdentifier"), "1.3.1");
}
