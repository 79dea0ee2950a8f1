//! ES3 refusals (SGP.02 5.1.6, 5.4): each condition answered `Failed` with its code, or a
//! SOAP fault for what the binding cannot read; nothing queued for the card.

use proto::ids::{Eid, Iccid};
use soap::bodies::ProfileRequest;
use soap::es3::{CREATE_ISDP, ENABLE_PROFILE, SEND_DATA};
use soap::message::Parts;
use soap::operation::Operation;
use soap::status::RequestHeader;

use super::es3_card::lab_with_card;
use super::es3_download::{create_isdp, send_data};
use super::es3_https::{call, failed_with, operator_client, post_raw, smdp_client, smdp_id};
use crate::support::{AID1, EID, Lab, P1};

fn codes(s: &str, r: &str) -> (String, String) {
    (s.into(), r.into())
}

/// `op` with `msg` from the test SM-DP is answered `Failed` with `want`; nothing is queued
/// for the card; the SM-SR stops.
async fn refused<M: Parts>(lab: Lab, op: &Operation, msg: &M, want: (&str, &str)) {
    let answer = call(&lab, &smdp_client(&lab), op, &smdp_id(), msg, None).await;
    assert_eq!(failed_with(op, &answer), codes(want.0, want.1));
    nothing_queued(&lab).await;
    lab.smsr.shutdown().await;
}

async fn nothing_queued(lab: &Lab) {
    assert!(lab.smsr.pending_commands(4).await.unwrap().is_empty());
}

#[tokio::test]
async fn create_isdp_on_an_unknown_eid_is_8_1_1_3_9() {
    let lab = Lab::with_eis().await;
    let req = create_isdp("89049032123451234512345678901236", "8949000000000000099", 0);
    refused(lab, &CREATE_ISDP, &req, ("8.1.1", "3.9")).await;
}

#[tokio::test]
async fn create_isdp_for_an_iccid_on_the_card_is_8_2_1_3_3() {
    let lab = Lab::with_eis().await;
    let req = create_isdp(EID, P1, 0);
    refused(lab, &CREATE_ISDP, &req, ("8.2.1", "3.3")).await;
}

#[tokio::test]
async fn send_data_to_another_sm_dps_isd_p_is_8_3_1_1_2() {
    let lab = Lab::with_eis().await;
    let req = send_data(EID, AID1, hex::decode("AA07220580F2800200").unwrap());
    refused(lab, &SEND_DATA, &req, ("8.3.1", "1.2")).await;
}

#[tokio::test]
async fn enabling_another_sm_dps_profile_is_8_2_1_1_2() {
    let lab = Lab::with_eis().await;
    let req = ProfileRequest {
        header: RequestHeader::new("dp-call-9"),
        eid: Eid::parse_lenient(EID).unwrap(),
        iccid: Iccid::parse_lenient(P1).unwrap(),
    };
    refused(lab, &ENABLE_PROFILE, &req, ("8.2.1", "1.2")).await;
}

#[tokio::test]
async fn send_data_to_an_unknown_security_domain_is_8_3_1_3_9() {
    let (lab, card) = lab_with_card().await;
    let data = hex::decode("AA07220580F2800200").unwrap();
    let req = send_data(card.eid(), "A0000005591010FFFFFFFF8900004200", data);
    refused(lab, &SEND_DATA, &req, ("8.3.1", "3.9")).await;
}

#[tokio::test]
async fn oversized_or_malformed_send_data_is_1_3_1_2_1() {
    let (lab, card) = lab_with_card().await;
    let c = smdp_client(&lab);
    let create = create_isdp(card.eid(), "8949000000000000099", 0);
    assert_eq!(
        call(&lab, &c, &CREATE_ISDP, &smdp_id(), &create, None)
            .await
            .0,
        202
    );
    let aid = "A0000005591010FFFFFFFF8900001000";
    let mut big = vec![0xAA, 0x82, 0x80, 0x01];
    big.extend(std::iter::repeat_n(0x00, sm_sr::es3::MAX_SEND_DATA - 3));
    for data in [
        big,
        vec![0x80, 0xF2, 0x80, 0x02, 0x00],
        vec![0xAA, 0x03, 0x81, 0x01, 0x00],
    ] {
        let req = send_data(card.eid(), aid, data);
        let answer = call(&lab, &c, &SEND_DATA, &smdp_id(), &req, None).await;
        assert_eq!(failed_with(&SEND_DATA, &answer), codes("1.3.1", "2.1"));
    }
    assert_eq!(
        lab.smsr.pending_commands(4).await.unwrap().len(),
        1,
        "the CreateISDP only"
    );
    lab.smsr.shutdown().await;
}

#[tokio::test]
async fn an_operator_certificate_on_es3_is_1_1_1_1() {
    let lab = Lab::with_eis().await;
    let req = create_isdp(EID, "8949000000000000099", 0);
    let c = operator_client(&lab, "mno-a");
    let answer = call(&lab, &c, &CREATE_ISDP, "mno-a", &req, None).await;
    assert_eq!(failed_with(&CREATE_ISDP, &answer), codes("1.1", "1.1"));
    nothing_queued(&lab).await;
    lab.smsr.shutdown().await;
}

#[tokio::test]
async fn an_sm_dp_certificate_on_es4_is_1_1_1_1() {
    let lab = Lab::with_eis().await;
    let c = smdp_client(&lab);
    let body = super::es4_https::enable_p2(&lab, &smdp_id(), "https://dp.example/cb");
    let (status, text) = super::es4_https::post(&lab, &c, body).await.unwrap();
    assert_eq!(
        failed_with(&soap::es4::ENABLE_PROFILE, &(status, text)),
        codes("1.1", "1.1")
    );
    nothing_queued(&lab).await;
    lab.smsr.shutdown().await;
}

#[tokio::test]
async fn malformed_soap_is_a_fault() {
    let lab = Lab::with_eis().await;
    let c = smdp_client(&lab);
    for body in ["<not-soap", "<Envelope/>"] {
        let (status, text) = post_raw(&lab, &c, &CREATE_ISDP, body.into()).await;
        assert!(matches!(status, 400 | 500), "{status} {text}");
        assert!(text.contains("Fault"), "{text}");
    }
    nothing_queued(&lab).await;
    lab.smsr.shutdown().await;
}
