//! Requests written by hand in the shape of the public SGP.02 WSDLs (rpc/literal, njiwa's
//! addressing namespace, JAX-WS `return` wrapper), as a deployed peer sends them.

use soap::bodies::{EuiccResponse, ProfileRequest};
use soap::envelope::Envelope;
use soap::es4::{self, Es4Request};
use soap::status::ExecutionStatus;

const ENABLE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
    xmlns:ns="http://namespaces.gsma.org/esim-messaging/1"
    xmlns:md="http://www.w3.org/2007/05/addressing/metadata">
  <soapenv:Header>
    <md:From><Address>urn:mno:7</Address></md:From>
    <md:To>https://smsr.lab.example/es4</md:To>
    <md:ReplyTo><md:Address>http://www.w3.org/2005/08/addressing/anonymous</md:Address></md:ReplyTo>
    <md:MessageID>id-77</md:MessageID>
    <md:Action>http://gsma.com/ES4/ProfileManagent/ES4-EnableProfile</md:Action>
  </soapenv:Header>
  <soapenv:Body>
    <ns:EnableProfile>
      <FunctionCallIdentifier>fc-9</FunctionCallIdentifier>
      <ValidityPeriod>86400</ValidityPeriod>
      <Eid>89049032001001123456789012345678</Eid>
      <Iccid>8988200000000000011</Iccid>
    </ns:EnableProfile>
  </soapenv:Body>
</soapenv:Envelope>"#;

#[test]
fn njiwa_shaped_enable_profile_is_decoded() {
    let env = Envelope::decode(ENABLE.as_bytes()).expect("hand-written envelope");
    assert_eq!(env.addressing.message_id.as_deref(), Some("id-77"));
    assert_eq!(
        env.addressing.to.as_deref(),
        Some("https://smsr.lab.example/es4")
    );
    let Es4Request::EnableProfile(ProfileRequest { header, eid, iccid }) =
        Es4Request::decode(&env).expect("ES4.EnableProfile")
    else {
        panic!("wrong variant");
    };
    assert_eq!(header.function_call_identifier, "fc-9");
    assert_eq!(header.validity_period, Some(86400));
    assert_eq!(eid.as_str(), "89049032001001123456789012345678");
    assert_eq!(iccid.to_string(), "8988200000000000011");
    // `From` has its Address unqualified in this shape.
    assert_eq!(
        env.addressing.from.map(|f| f.address).as_deref(),
        Some("urn:mno:7")
    );
}

#[test]
fn njiwa_shaped_response_with_return_wrapper_is_decoded() {
    let response = r#"<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/">
      <S:Header><Action xmlns="http://www.w3.org/2007/05/addressing/metadata">x</Action></S:Header>
      <S:Body><ns2:EnableProfileResponse xmlns:ns2="http://namespaces.gsma.org/esim-messaging/1">
        <return>
          <ProcessingStart>2026-01-01T00:00:00Z</ProcessingStart>
          <AcceptableValidityPeriod>86400</AcceptableValidityPeriod>
          <FunctionExecutionStatus><Status>EXECUTED_SUCCESS</Status></FunctionExecutionStatus>
          <EuiccResponseData>9000</EuiccResponseData>
        </return>
      </ns2:EnableProfileResponse></S:Body></S:Envelope>"#;
    let env = Envelope::decode(response.as_bytes()).expect("response envelope");
    let read: EuiccResponse = es4::ENABLE_PROFILE.decode_response(&env).expect("response");
    assert_eq!(read.header.status(), ExecutionStatus::ExecutedSuccess);
    assert_eq!(read.header.acceptable_validity_period, Some(86400));
    assert_eq!(
        read.euicc_response_data.map(|h| h.0),
        Some(vec![0x90, 0x00])
    );
}

#[test]
fn njiwa_audit_eis_callback_action_is_matched_ignoring_case() {
    let response = soap::bodies::EisResponse {
        header: soap::status::ResponseHeader::success(),
        eis: None,
    };
    let mut env =
        es4::Es4Callback::AuditEis(response.clone()).encode(soap::envelope::Addressing::default());
    env.addressing.action = Some("http://gsma.com/ES4/ProfileManagentCallback/ES4-AuditEIS".into());
    assert_eq!(
        es4::Es4Callback::decode(&env).expect("njiwa's spelling"),
        es4::Es4Callback::AuditEis(response)
    );
}
