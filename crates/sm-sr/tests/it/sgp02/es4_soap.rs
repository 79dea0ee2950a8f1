//! SGP.02 5.5 over the web-service binding: a SOAP request dispatched to the ES4 function,
//! accepted with `202` or answered `Failed` with the refusal's code.

use proto::ids::{Eid, Iccid};
use sm_sr::es4::SoapRequest;
use soap::bodies::{BaseResponse, EuiccResponse, ProfileRequest};
use soap::envelope::{Addressing, Envelope};
use soap::es4::{ENABLE_PROFILE, SMSR_CHANGE, SmsrChangeRequest};
use soap::operation::Operation;
use soap::status::{ExecutionStatus, RequestHeader, ResponseHeader};

use crate::support::{EID, Lab, P2};

const ENDPOINT: &str = "https://smsr.rsp-lab.test/gsma/es4";

fn addressing(from: &str) -> Addressing {
    Addressing::request(ENDPOINT, from, "urn:uuid:42").with_reply_to("https://mno.example/cb")
}

fn enable_p2(from: &str) -> Vec<u8> {
    let msg = ProfileRequest {
        header: RequestHeader::new("call-1"),
        eid: Eid::parse_lenient(EID).unwrap(),
        iccid: Iccid::parse_lenient(P2).unwrap(),
    };
    ENABLE_PROFILE
        .request(addressing(from), &msg)
        .encode()
        .into_bytes()
}

async fn call(lab: &Lab, requester: &str, body: &[u8]) -> soap::http::Answer {
    let r = SoapRequest {
        requester,
        body,
        content_type: Some("text/xml; charset=utf-8"),
        soap_action: None,
        endpoint: ENDPOINT,
    };
    lab.smsr.es4_soap(r).await
}

fn failed_with(header: &ResponseHeader) -> (ExecutionStatus, String, String) {
    let s = &header.function_execution_status;
    let data = s.status_code_data.clone().unwrap();
    (s.status, data.subject_code, data.reason_code)
}

fn response<M: soap::message::Parts>(op: Operation, answer: &soap::http::Answer) -> M {
    let env = Envelope::decode(answer.body.as_bytes()).unwrap();
    assert_eq!(env.addressing.relates_to.as_deref(), Some("urn:uuid:42"));
    op.decode_response(&env).unwrap()
}

#[tokio::test]
async fn an_accepted_request_is_202_and_queues_its_command() {
    let lab = Lab::with_eis().await;
    let answer = call(&lab, "mno-a", &enable_p2("mno-a")).await;
    assert_eq!((answer.status, answer.body.as_str()), (202, ""));
    let queued = lab.smsr.pending_commands(10).await.unwrap();
    assert_eq!(queued.len(), 1);
    let op = lab
        .smsr
        .operation(&queued[0].operation_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(op.requester.message_id.as_deref(), Some("urn:uuid:42"));
    assert_eq!(
        op.requester.reply_to.as_deref(),
        Some("https://mno.example/cb")
    );
    lab.smsr.shutdown().await;
}

#[tokio::test]
async fn refusals_answer_failed_with_their_code() {
    let lab = Lab::with_eis().await;
    let answer = call(&lab, "mno-b", &enable_p2("mno-b")).await;
    assert_eq!(answer.status, 200);
    let r: EuiccResponse = response(ENABLE_PROFILE, &answer);
    let want = (ExecutionStatus::Failed, "8.2.1".into(), "1.2".into());
    assert_eq!(failed_with(&r.header), want, "not mno-b's profile");

    let change = SmsrChangeRequest {
        header: RequestHeader::new("call-2"),
        eid: Eid::parse_lenient(EID).unwrap(),
        target_smsr_id: "smsr-2".into(),
    };
    let body = SMSR_CHANGE.request(addressing("mno-a"), &change).encode();
    let r: BaseResponse = response(SMSR_CHANGE, &call(&lab, "mno-a", body.as_bytes()).await);
    assert_eq!(
        failed_with(&r.header),
        (ExecutionStatus::Failed, "8.7".into(), "3.9".into()),
        "no such peer SM-SR"
    );

    let fault = call(&lab, "mno-a", b"<not-soap/>").await;
    assert!(fault.status >= 400, "{fault:?}");
    assert!(lab.smsr.pending_commands(10).await.unwrap().is_empty());
    lab.smsr.shutdown().await;
}

#[tokio::test]
async fn a_from_other_than_the_authenticated_requester_is_refused_1_1_1_1() {
    let lab = Lab::with_eis().await;
    let answer = call(&lab, "mno-b", &enable_p2("mno-a")).await;
    assert_eq!(answer.status, 200);
    let r: BaseResponse = response(ENABLE_PROFILE, &answer);
    let want = (ExecutionStatus::Failed, "1.1".into(), "1.1".into());
    assert_eq!(failed_with(&r.header), want);
    assert!(lab.smsr.pending_commands(10).await.unwrap().is_empty());
    lab.smsr.shutdown().await;
}
