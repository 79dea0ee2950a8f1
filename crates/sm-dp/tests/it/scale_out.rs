//! Several SM-DP+ instances over one PostgreSQL database (issue 12): a profile is never
//! handed out twice, and a download continues whichever instance each ES9+ call reaches.
//! Needs `RSP_TEST_POSTGRES_URL` (CI starts a server with tools/postgres); skipped with a
//! notice without it.

use crate::support;

use std::collections::BTreeSet;

use proto::der::Asn1;
use serde_json::json;
use sm_dp::{ProfileState, SmDp, SmDpHandle};
use support::euicc::sig_value;
use support::{Es9Client, FQDN, Lab, OPERATOR, b64, config, es2_client, executed, unb64};

/// The lab's SM-DP+ and `more` further instances on its PostgreSQL database.
async fn instances(more: usize) -> Option<(Lab, Vec<SmDpHandle>)> {
    if std::env::var(storage::testing::POSTGRES_ENV).is_err() {
        println!(
            "notice: {} not set: test skipped",
            storage::testing::POSTGRES_ENV
        );
        return None;
    }
    let lab = Lab::start().await;
    let mut extra = Vec::new();
    for _ in 0..more {
        let mut c = config(&lab.pki, lab.dir.path(), &lab.db);
        c.operators.insert(OPERATOR.into(), lab.endpoint.clone());
        extra.push(SmDp::start(c).await.unwrap());
    }
    Some((lab, extra))
}

#[cfg_attr(no_postgres, ignore = "needs RSP_TEST_POSTGRES_URL")]
#[tokio::test]
async fn concurrent_orders_through_three_instances_hand_each_profile_out_once() {
    let Some((lab, extra)) = instances(2).await else {
        return;
    };
    lab.inventory("t", OPERATOR, 100, "8949449999999990023")
        .await;
    let clients: Vec<_> = std::iter::once(&lab.smdp)
        .chain(extra.iter())
        .map(|h| std::sync::Arc::new(es2_client(&lab.pki, OPERATOR, h)))
        .collect();
    let mut set = tokio::task::JoinSet::new();
    for i in 0..200 {
        let client = clients[i % clients.len()].clone();
        set.spawn(async move { client.download_order(None, None, Some("t".into())).await });
    }
    let (mut ok, mut refused) = (Vec::new(), 0);
    while let Some(r) = set.join_next().await {
        match r.unwrap() {
            Ok(o) => ok.push(o.iccid.as_str().to_string()),
            Err(e) => {
                let text = e.to_string();
                // SGP.22 5.3.1: profile type unavailable (8.2.5/3.7).
                assert!(text.contains("8.2.5") && text.contains("3.7"), "{text}");
                refused += 1;
            }
        }
    }
    let unique: BTreeSet<&String> = ok.iter().collect();
    assert_eq!(
        ok.len(),
        100,
        "every profile ordered once ({refused} refused)"
    );
    assert_eq!(unique.len(), 100, "no ICCID twice");
    assert_eq!(refused, 100);
    let left = lab.smdp.view().count_by_state("t").await.unwrap();
    assert_eq!(left, vec![(ProfileState::Allocated, 100)]);
    for h in extra {
        h.shutdown().await;
    }
    lab.smdp.shutdown().await;
}

#[cfg_attr(no_postgres, ignore = "needs RSP_TEST_POSTGRES_URL")]
#[tokio::test]
async fn a_download_whose_calls_alternate_between_instances_completes() {
    let Some((lab, extra)) = instances(1).await else {
        return;
    };
    let es9 = [
        Es9Client::new(&lab.pki, lab.smdp.es9_addr()),
        Es9Client::new(&lab.pki, extra[0].es9_addr()),
    ];
    lab.inventory("t", OPERATOR, 1, "8949449999999990023").await;
    let (iccid, mid) = lab.order("t", Some(&lab.euicc.eid), None).await;
    let euicc = &lab.euicc;

    // InitiateAuthentication on instance 0 ...
    let init = es9[0].initiate(euicc, FQDN).await;
    assert!(executed(&init), "{init}");
    let (asr, mut d) = euicc.authenticate_server(
        &unb64(&init["serverSigned1"]),
        &sig_value(&unb64(&init["serverSignature1"])),
        &unb64(&init["serverCertificate"]),
        Some(&mid),
    );
    // ... AuthenticateClient on instance 1 ...
    let ac = es9[1]
        .call(
            "authenticateClient",
            json!({"transactionId": init["transactionId"], "authenticateServerResponse": b64(&asr.to_der())}),
        )
        .await;
    assert!(executed(&ac), "{ac}");
    euicc.accept_smdp_signed2(
        &mut d,
        &unb64(&ac["smdpSigned2"]),
        &sig_value(&unb64(&ac["smdpSignature2"])),
        &unb64(&ac["smdpCertificate"]),
    );
    // ... GetBoundProfilePackage on instance 0 ...
    let otpk = proto::crypto::EckaKeyPair::generate().unwrap();
    let pdr = euicc.prepare_download(&d, &otpk, None);
    let bpp = es9[0]
        .call(
            "getBoundProfilePackage",
            json!({"transactionId": hex::encode_upper(&d.transaction_id), "prepareDownloadResponse": b64(&pdr.to_der())}),
        )
        .await;
    assert!(executed(&bpp), "{bpp}");
    // ... and the installation result on instance 1.
    let pir = euicc.pir(&d, certs::generate::DEFAULT_SMDP_OID, &iccid, FQDN, 1, true);
    let n = es9[1]
        .call(
            "handleNotification",
            json!({"pendingNotification": b64(&pir.to_der())}),
        )
        .await;
    assert!(n.is_null(), "204 expected: {n}");
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Installed);
    let order = lab
        .smdp
        .view()
        .order_by_matching_id(&mid)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(order.status, sm_dp::OrderStatus::Done);
    for h in extra {
        h.shutdown().await;
    }
    lab.smdp.shutdown().await;
}
