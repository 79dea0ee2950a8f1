//! SGP.22 5.6.4: an installation result is matched on its transactionId. Wave 1 matched on
//! the EID, sequence number and operation first, so an eUICC re-created with the same EID
//! (its notification counter back at 1) had its second installation result dropped
//! silently and the order left open (issue 11). A result repeated as it was (the LPA
//! retries until it may remove it) still acts once.

use crate::support;

use proto::der::Asn1;
use serde_json::json;
use sm_dp::{OrderStatus, ProfileState};
use support::{FQDN, Lab, OPERATOR, b64};

async fn download_and_report(lab: &Lab, seq: i64) -> (String, String, serde_json::Value) {
    let (iccid, mid) = lab.order("t", Some(&lab.euicc.eid), None).await;
    let (d, _) = lab.authenticate(&lab.euicc, Some(&mid)).await.unwrap();
    let otpk = proto::crypto::EckaKeyPair::generate().unwrap();
    assert!(support::executed(
        &lab.get_bpp(&lab.euicc, &d, &otpk, None).await
    ));
    let pir = lab.euicc.pir(
        &d,
        certs::generate::DEFAULT_SMDP_OID,
        &iccid,
        FQDN,
        seq,
        true,
    );
    let body = json!({"pendingNotification": b64(&pir.to_der())});
    let answer = lab.es9.call("handleNotification", body.clone()).await;
    assert!(answer.is_null(), "204: {answer}");
    (iccid, mid, body)
}

#[tokio::test]
async fn sgp22_5_6_4_a_reused_sequence_number_does_not_hide_a_new_installation_result() {
    let lab = Lab::start().await;
    lab.inventory("t", OPERATOR, 2, "8949449999999990023").await;
    let (first, _, body) = download_and_report(&lab, 1).await;
    assert_eq!(lab.profile(&first).await.state, ProfileState::Installed);
    // The same result again (the LPA did not hear the 204): acted on once.
    let again = lab.es9.call("handleNotification", body).await;
    assert!(again.is_null());
    let history = lab.history(&first).await;
    assert_eq!(
        history
            .iter()
            .filter(|s| **s == ProfileState::Installed)
            .count(),
        1,
        "{history:?}"
    );
    // The eUICC re-created with the same EID: its next result carries seqNumber 1 again.
    let (second, mid, _) = download_and_report(&lab, 1).await;
    assert_eq!(lab.profile(&second).await.state, ProfileState::Installed);
    let order = lab
        .smdp
        .view()
        .order_by_matching_id(&mid)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        order.status,
        OrderStatus::Done,
        "the second order is closed too"
    );
    lab.smdp.shutdown().await;
}
