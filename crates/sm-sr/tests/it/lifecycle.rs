//! Start, stop, restart: what the SM-SR keeps across them, and the retention sweep.

use sm_sr::registry::RegistryError;
use sm_sr::status::StatusCode;
use sm_sr::{OperationState, Retention};

use crate::support::{EID, Lab, P2, eis_json, eis_json_of, p2_of, requester};

#[tokio::test]
async fn the_registry_survives_a_restart_with_its_keys_and_counter() {
    let lab = Lab::with_eis().await;
    let before = lab.smsr.eis(EID).await.unwrap();
    let lab = lab.restart().await;
    let after = lab.smsr.eis(EID).await.unwrap();
    assert_eq!(after, before);
    assert_eq!(after.isd_r.scp80[0].counter, 5);
    assert_eq!(after.isd_r.scp80[0].kic.as_bytes(), &[0x11; 16]);
    assert_eq!(after.isd_r.scp81[0].psk.as_bytes(), &[0x33; 16]);
    assert!(
        !format!("{after:?}").contains("1111"),
        "keys are not printed"
    );
    lab.smsr.shutdown().await;
}

#[tokio::test]
async fn register_twice_unknown_and_malformed_are_refused_with_their_codes() {
    let lab = Lab::with_eis().await;
    let again = lab.smsr.import_eis_json(&eis_json()).await.unwrap_err();
    assert!(matches!(again, RegistryError::AlreadyRegistered(_)));
    assert_eq!(again.code(), Some(StatusCode::new("8.1.1", "3.3")));
    let bad = eis_json().replace(EID, "8904903212345123451234567890123");
    let e = lab.smsr.import_eis_json(&bad).await.unwrap_err();
    assert_eq!(e.code(), Some(StatusCode::new("8.1.1", "2.1")), "{e}");
    let two_enabled = eis_json().replace("\"Disabled\"", "\"Enabled\"");
    assert!(lab.smsr.import_eis_json(&two_enabled).await.is_err());
    assert!(lab.smsr.import_eis_json("{").await.is_err());

    lab.smsr.delete_eis(EID).await.unwrap();
    let gone = lab.smsr.eis(EID).await.unwrap_err();
    assert_eq!(gone.code(), Some(StatusCode::new("8.1.1", "3.9")));
    assert!(lab.smsr.delete_eis(EID).await.is_err());
    lab.smsr.shutdown().await;
}

#[tokio::test]
async fn an_operation_past_its_validity_is_swept_expired() {
    let lab = Lab::with_eis().await;
    let mut r = requester("mno-a");
    r.validity_secs = Some(0);
    let op = lab.smsr.es4().enable_profile(&r, EID, P2).await.unwrap();
    let swept = lab.smsr.sweep(Retention::default()).await.unwrap();
    assert_eq!(swept.expired, 1);
    let op = lab.smsr.operation(&op.operation_id).await.unwrap().unwrap();
    assert_eq!(op.state, OperationState::Expired);
    assert!(op.failed_with_code(StatusCode::new("1.6", "4.10")));
    assert!(lab.smsr.pending_commands(10).await.unwrap().is_empty());
    lab.smsr.shutdown().await;
}

/// Operations decided at the same moment for different eUICCs each queue their command
/// at a position of its own: on PostgreSQL (read committed) two transactions reading the
/// largest position at once would both take the next one and one would be refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_operations_queue_one_command_each_in_order() {
    const CARDS: usize = 12;
    let lab = Lab::start().await;
    let mut eids = Vec::new();
    for i in 0..CARDS {
        let (eid, json) = eis_json_of(i);
        assert_eq!(lab.smsr.import_eis_json(&json).await.unwrap(), eid);
        eids.push(eid);
    }
    let mut set = tokio::task::JoinSet::new();
    for (i, eid) in eids.iter().enumerate() {
        let (core, eid) = ((*lab.smsr).clone(), eid.clone());
        let iccid = p2_of(i);
        set.spawn(async move {
            let r = requester("mno-a");
            core.es4().enable_profile(&r, &eid, &iccid).await
        });
    }
    let mut accepted = Vec::new();
    while let Some(done) = set.join_next().await {
        accepted.push(
            done.unwrap()
                .expect("every operation is accepted")
                .operation_id,
        );
    }
    let pending = lab.smsr.pending_commands(100).await.unwrap();
    let mut queued: Vec<String> = pending.iter().map(|c| c.operation_id.clone()).collect();
    assert_eq!(queued.len(), CARDS, "one command per operation");
    queued.sort();
    accepted.sort();
    assert_eq!(queued, accepted);
    lab.smsr.shutdown().await;
}
