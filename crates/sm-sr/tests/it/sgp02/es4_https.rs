//! SGP.02 2.3 and 5.1 on the wire: ES4 over HTTPS with mutual TLS, the requester named by
//! its client certificate and `wsa:From`, WS-Addressing required.

use certs::CertRole;
use infra::client::ClientOptions;
use infra::tls::{Identity, ServerTrust};
use proto::ids::{Eid, Iccid};
use sm_sr::es4::listener::ES4_PATH;
use soap::bodies::{BaseResponse, ProfileRequest};
use soap::envelope::{Addressing, Envelope};
use soap::es4::ENABLE_PROFILE;
use soap::status::{ExecutionStatus, RequestHeader};

use crate::support::{EID, Lab, P2, pki};

use crate::support::tls_host as host;

/// An HTTPS client of the SM-SR presenting `operator`'s certificate (none for `None`).
pub(crate) fn client(lab: &Lab, operator: Option<&str>) -> reqwest::Client {
    let ci = pki().require(CertRole::Ci).unwrap().cert_der.clone();
    let mut o = ClientOptions::new(ServerTrust::roots(vec![ci]));
    o.identity = operator.map(operator_identity);
    o.resolve = vec![(host(), lab.smsr.es4_addr())];
    infra::client::build(&o).unwrap()
}

/// `operator`'s client certificate and key from the test PKI.
pub(crate) fn operator_identity(operator: &str) -> Identity {
    let cred = pki().operator(operator).unwrap();
    let key = cred.key().unwrap().to_sec1_pem().unwrap();
    Identity {
        chain: vec![cred.cert_der.clone()],
        key_pem: key.as_bytes().to_vec(),
    }
}

/// The ES4 endpoint address, what `wsa:To` names.
pub(crate) fn endpoint(lab: &Lab) -> String {
    format!(
        "https://{}:{}{ES4_PATH}",
        host(),
        lab.smsr.es4_addr().port()
    )
}

/// ES4.EnableProfile of P2 from `from`, answered at `reply_to`.
pub(crate) fn enable_p2(lab: &Lab, from: &str, reply_to: &str) -> String {
    let msg = ProfileRequest {
        header: RequestHeader::new("call-1"),
        eid: Eid::parse_lenient(EID).unwrap(),
        iccid: Iccid::parse_lenient(P2).unwrap(),
    };
    let a = Addressing::request(endpoint(lab), from, "urn:uuid:77").with_reply_to(reply_to);
    ENABLE_PROFILE.request(a, &msg).encode()
}

/// POSTs `body` to the ES4 endpoint; the status and body of the answer.
pub(crate) async fn post(
    lab: &Lab,
    client: &reqwest::Client,
    body: String,
) -> reqwest::Result<(u16, String)> {
    let r = client
        .post(endpoint(lab))
        .header("content-type", "text/xml; charset=utf-8")
        .header(
            "soapaction",
            format!("\"{}\"", ENABLE_PROFILE.request_action),
        )
        .body(body)
        .send()
        .await?;
    Ok((r.status().as_u16(), r.text().await?))
}

#[tokio::test]
async fn an_operator_with_its_certificate_is_accepted_202() {
    let lab = Lab::with_eis().await;
    let c = client(&lab, Some("mno-a"));
    let body = enable_p2(&lab, "mno-a", "https://mno-a.example/es4");
    assert_eq!(post(&lab, &c, body).await.unwrap(), (202, String::new()));
    let queued = lab.smsr.pending_commands(10).await.unwrap();
    assert_eq!(queued.len(), 1);
    let op = lab.smsr.operation(&queued[0].operation_id).await.unwrap();
    let op = op.unwrap();
    assert_eq!(op.requester.id, "mno-a");
    assert_eq!(op.requester.message_id.as_deref(), Some("urn:uuid:77"));
    lab.smsr.shutdown().await;
}

#[tokio::test]
async fn a_client_without_a_certificate_does_not_get_through() {
    let lab = Lab::with_eis().await;
    let c = client(&lab, None);
    let body = enable_p2(&lab, "mno-a", "https://mno-a.example/es4");
    assert!(post(&lab, &c, body).await.is_err());
    assert!(lab.smsr.pending_commands(10).await.unwrap().is_empty());
    lab.smsr.shutdown().await;
}

#[tokio::test]
async fn a_foreign_operators_certificate_is_refused_1_1_1_1() {
    let lab = Lab::with_eis().await;
    let c = client(&lab, Some("mno-b"));
    let body = enable_p2(&lab, "mno-a", "https://mno-a.example/es4");
    let (status, text) = post(&lab, &c, body).await.unwrap();
    assert_eq!(status, 200);
    let env = Envelope::decode(text.as_bytes()).unwrap();
    let r: BaseResponse = ENABLE_PROFILE.decode_response(&env).unwrap();
    let s = &r.header.function_execution_status;
    assert_eq!(s.status, ExecutionStatus::Failed);
    let data = s.status_code_data.clone().unwrap();
    assert_eq!(
        (data.subject_code.as_str(), data.reason_code.as_str()),
        ("1.1", "1.1")
    );
    assert!(lab.smsr.pending_commands(10).await.unwrap().is_empty());
    lab.smsr.shutdown().await;
}

#[tokio::test]
async fn a_message_without_ws_addressing_is_a_fault() {
    let lab = Lab::with_eis().await;
    let c = client(&lab, Some("mno-a"));
    let body = enable_p2(&lab, "mno-a", "https://mno-a.example/es4");
    let bare = strip_header(&body).expect("a SOAP Header");
    assert!(!bare.contains("MessageID"), "{bare}");
    let (status, text) = post(&lab, &c, bare).await.unwrap();
    assert_eq!(status, 500, "{text}");
    assert!(text.contains("Fault"), "{text}");
    assert!(lab.smsr.pending_commands(10).await.unwrap().is_empty());
    lab.smsr.shutdown().await;
}

/// `body` without its SOAP Header element (so without any WS-Addressing header).
fn strip_header(body: &str) -> Option<String> {
    let open = body.find(":Header")?;
    let open = body[..open].rfind('<')?;
    let prefix_end = body[open..].find(':')? + open;
    let prefix = &body[open + 1..prefix_end];
    let close_tag = format!("</{prefix}:Header>");
    let close = body.find(&close_tag)? + close_tag.len();
    Some(format!("{}{}", &body[..open], &body[close..]))
}

#[tokio::test]
async fn get_eis_answers_the_requesters_profiles_without_keys() {
    let lab = Lab::with_eis().await;
    let c = client(&lab, Some("mno-a"));
    let msg = soap::bodies::EidRequest {
        header: RequestHeader::new("call-3"),
        eid: Eid::parse_lenient(EID).unwrap(),
    };
    let a = Addressing::request(endpoint(&lab), "mno-a", "urn:uuid:78");
    let body = soap::es4::GET_EIS.request(a, &msg).encode();
    let r = c
        .post(endpoint(&lab))
        .header("content-type", "text/xml; charset=utf-8")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let text = r.text().await.unwrap();
    let env = Envelope::decode(text.as_bytes()).unwrap();
    let got: soap::bodies::EisResponse = soap::es4::GET_EIS.decode_response(&env).unwrap();
    let s = &got.header.function_execution_status;
    assert_eq!(s.status, ExecutionStatus::ExecutedSuccess, "{text}");
    let eis = got.eis.unwrap();
    assert_eq!(eis.eid().as_str(), EID);
    let iccids: Vec<&str> = eis.profiles.iter().map(|p| p.iccid.as_str()).collect();
    assert_eq!(
        iccids,
        [crate::support::P1, P2],
        "mno-b's profile is left out"
    );
    let isd_r = eis.isd_r.unwrap();
    assert!(isd_r.key_sets.is_empty());
    for key in ["11".repeat(16), "22".repeat(16), "33".repeat(16)] {
        assert!(
            !text.to_ascii_lowercase().contains(&key),
            "a key on the wire"
        );
    }
    lab.smsr.shutdown().await;
}
