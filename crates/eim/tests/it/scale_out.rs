//! Two eIM instances over one PostgreSQL database (issue 12): one EID polling both at once
//! while packages are queued. Each counterValue is signed once (a package delivered by both
//! instances carries the same octets), the eUICC accepts every package exactly once, and
//! every result is acknowledged. Needs `RSP_TEST_POSTGRES_URL`; skipped with a notice
//! without it.

use eim_testkit as support;

use std::collections::BTreeMap;

use eim::Eim;
use proto::der::Asn1;
use proto::sgp32::{EimPackageResult, GetEimPackageResponse, ProvideEimPackageResultResponse};
use serde_json::json;
use support::euicc::TestEuicc;
use support::{Ipa, Lab, config};

#[cfg_attr(no_postgres, ignore = "needs RSP_TEST_POSTGRES_URL")]
#[tokio::test]
async fn one_eid_polling_two_instances_gets_each_package_once() {
    if std::env::var(storage::testing::POSTGRES_ENV).is_err() {
        println!(
            "notice: {} not set: test skipped",
            storage::testing::POSTGRES_ENV
        );
        return;
    }
    let lab = Lab::start().await;
    let other = Eim::start(config(&lab.pki, lab.dir.path(), &lab.db, &lab.clock))
        .await
        .unwrap();
    let ipas = [&lab.ipa, &Ipa::new(&lab.pki, other.esipa_addr())];
    let mut euicc = TestEuicc::of(&lab.pki, 1);
    lab.register(&euicc).await;
    let queued = 10;
    let mut ops = Vec::new();
    for _ in 0..queued {
        ops.push(
            lab.api
                .queue(&euicc.eid, json!({"type": "listProfiles"}))
                .await,
        );
    }

    let eid = euicc.eid_bcd();
    let mut delivered: BTreeMap<i64, Vec<u8>> = BTreeMap::new();
    let mut acknowledged = 0;
    for round in 0..100 {
        let (a, b) = tokio::join!(ipas[0].poll_eid(eid), ipas[1].poll_eid(eid));
        let mut got = Vec::new();
        for r in [a, b] {
            match r {
                GetEimPackageResponse::EuiccPackageRequest(p) => got.push(p),
                GetEimPackageResponse::EimPackageError(_) => {}
                other => panic!("unexpected: {other:?}"),
            }
        }
        if got.is_empty() {
            break;
        }
        for p in got {
            let counter = p.euicc_package_signed.value().counter_value;
            let der = p.to_der();
            // One counterValue, one signed package: both instances deliver the same octets.
            if let Some(seen) = delivered.get(&counter) {
                assert_eq!(
                    seen, &der,
                    "counter {counter} signed twice with different content"
                );
                continue;
            }
            delivered.insert(counter, der);
            let result = euicc.execute(&p);
            let answer = ipas[round % 2]
                .provide(Some(eid), EimPackageResult::EuiccPackageResult(result))
                .await;
            match answer {
                ProvideEimPackageResultResponse::EimAcknowledgements(a) => {
                    assert_eq!(a.0.len(), 1, "{a:?}");
                    acknowledged += 1;
                }
                other => panic!("result of counter {counter} not acknowledged: {other:?}"),
            }
        }
    }
    assert_eq!(delivered.len(), queued, "every package delivered");
    assert_eq!(
        delivered.keys().copied().collect::<Vec<_>>(),
        (1..=queued as i64).collect::<Vec<_>>(),
        "counter values 1..n, each once"
    );
    assert_eq!(
        euicc.last_counter, queued as i64,
        "the eUICC accepted each package once"
    );
    assert_eq!(acknowledged, queued);
    for id in ops {
        assert_eq!(lab.api.operation(&id).await["state"], "done");
    }
    other.shutdown().await;
    lab.eim_shutdown().await;
}
