//! `SmDsHandle::seed_events`, the benchmarks' and tests' way to fill the SM-DS: the records
//! it stores are the Event Records ES11 answers (SGP.22 5.8.2), stored once per EID.

use proto::ids::Eid;
use proto::sgp22::AuthenticateClientResponseEs11;
use sm_ds::seeded_event_id;

use crate::support::device::{Device, discover};
use crate::support::{EID, Lab, SMDP};

#[tokio::test]
async fn seeded_events_are_counted_once_and_discovered() {
    let lab = Lab::start().await;
    let others: Vec<Eid> = (0..(sm_ds::SEED_BATCH as u64 + 5))
        .map(|i| Eid::from_prefix(&format!("89049099{i:022}")).unwrap())
        .collect();
    let stored = lab.smds.seed_events(others.clone(), SMDP).await.unwrap();
    assert_eq!(stored, others.len() as u64, "more than one batch");
    // already there: kept, not stored again
    assert_eq!(
        lab.smds
            .seed_events(others[..3].to_vec(), SMDP)
            .await
            .unwrap(),
        0
    );
    let mine = Eid::parse(EID).unwrap();
    assert_eq!(lab.smds.seed_events([mine], SMDP).await.unwrap(), 1);
    assert_eq!(
        lab.smds.event_count().await.unwrap(),
        others.len() as i64 + 1
    );

    let AuthenticateClientResponseEs11::AuthenticateClientOk(found) =
        discover(&lab.lpa(), &mut Device::new()).await
    else {
        panic!("refused");
    };
    assert_eq!(found.event_entries.len(), 1, "{found:?}");
    assert_eq!(found.event_entries[0].event_id, seeded_event_id(EID));
    assert_eq!(found.event_entries[0].rsp_server_address, SMDP);
}
