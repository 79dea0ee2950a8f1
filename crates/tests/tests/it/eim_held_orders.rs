//! ES2+ orders held for the embedder (`Delivery::hold_orders`, what the localization lab
//! uses to hand out each country's inventory in device order): the eIM's worker leaves a
//! localization at its order step, and `Fleet::place_orders` places it, in the order its
//! caller chooses, after which the localization goes on as usual (SGP.22 5.3.1–5.3.2,
//! SGP.32 v1.2 2.11.1).

use std::time::Duration;

use eim::{EimHandle, OperationRequest};
use euicc_sim::{Euicc, Sgp32Version};
use sm_dp::{ProfileState, Template};
use tests::Lab;
use tests::lab_eim::{self, Api};

/// 262-01, Germany.
const GERMANY: [u8; 3] = [0x62, 0xF2, 0x10];

async fn localize(eim: &EimHandle, eid: &str) -> String {
    let req = OperationRequest::Localize {
        country: Some("DE".into()),
        targets: Vec::new(),
    };
    eim.fleet().queue(eid, &req).await.expect("queued").id
}

async fn step_and_iccid(eim: &EimHandle, op: &str) -> (Option<String>, Option<String>) {
    let v = eim
        .fleet()
        .operation(op)
        .await
        .expect("operation")
        .operation;
    let iccid = v.data["orderedIccid"].as_str().map(str::to_string);
    (v.step, iccid)
}

/// Places `order` (`Fleet::place_leased`): whether it signalled an allocation.
async fn placed_signalled(eim: &EimHandle, order: eim::LeasedOrder) -> bool {
    let signal = tokio::sync::Notify::new();
    eim.fleet().place_leased(order, Some(&signal)).await;
    tokio::time::timeout(Duration::from_millis(100), signal.notified())
        .await
        .is_ok()
}

/// An eIM that holds its orders for the caller, profiles of type `de-local-a` in stock, and
/// two registered devices, each with a localization to Germany queued.
struct Held {
    lab: Lab,
    eim: EimHandle,
    api: Api,
    /// The stock's ICCIDs, in the order the SM-DP+ hands them out.
    stock: Vec<String>,
    devices: Vec<Euicc>,
    eids: Vec<String>,
    /// Each device's localization.
    ops: Vec<String>,
}

async fn two_devices_held(count: u32, first_iccid: &str) -> Held {
    two_devices_held_for(count, first_iccid, Duration::from_secs(120)).await
}

/// [`two_devices_held`] with ES2+ steps leased for `lease`.
async fn two_devices_held_for(count: u32, first_iccid: &str, lease: Duration) -> Held {
    devices_held(Lab::start().await, 2, count, first_iccid, lease).await
}

/// `how_many` registered devices of `lab`, each with a localization to Germany queued, and
/// `count` profiles of type `de-local-a` in stock.
async fn devices_held(
    lab: Lab,
    how_many: u64,
    count: u32,
    first_iccid: &str,
    lease: Duration,
) -> Held {
    let stock = lab
        .inventory("de-local-a", Template::Minimal, count, first_iccid)
        .await;
    let eim = lab_eim::start_eim(&lab, |c| {
        c.delivery.hold_orders = true;
        c.delivery.order_lease = lease;
        c.localization.targets = lab_eim::german_targets(&["de-local-a"]);
    })
    .await;
    let api = Api::new(&lab, &eim);
    let mut devices = Vec::new();
    for n in 1..=how_many {
        let euicc = lab_eim::iot_device_numbered(&lab, &eim, Sgp32Version::V1_2, n);
        api.register(&euicc, true).await;
        devices.push(euicc);
    }
    let eids: Vec<String> = devices.iter().map(|e| e.eid().to_string()).collect();
    let mut ops = Vec::new();
    for eid in &eids {
        ops.push(localize(&eim, eid).await);
    }
    Held {
        lab,
        eim,
        api,
        stock,
        devices,
        eids,
        ops,
    }
}

#[tokio::test]
async fn held_orders_wait_for_the_caller_and_leave_in_its_order() {
    let Held {
        lab,
        eim,
        api,
        stock,
        mut devices,
        eids,
        ops,
    } = two_devices_held(2, "8949449999999990023").await;
    let (first, second) = (ops[0].clone(), ops[1].clone());

    // The worker runs (on its interval and asked to) but places no order.
    for _ in 0..3 {
        eim.fleet().run_engine().await.expect("engine round");
        tokio::time::sleep(Duration::from_millis(60)).await;
    }
    for op in [&first, &second] {
        assert_eq!(step_and_iccid(&eim, op).await, (Some("order".into()), None));
    }
    for iccid in &stock {
        assert_eq!(lab.profile(iccid).await.state, ProfileState::Available);
    }

    // The caller places the second device's order first: it gets the first profile.
    assert_eq!(eim.fleet().place_orders(&eids[1]).await.expect("placed"), 1);
    assert_eq!(
        step_and_iccid(&eim, &second).await,
        (Some("download".into()), Some(stock[0].clone()))
    );
    assert_eq!(lab.profile(&stock[0]).await.state, ProfileState::Released);
    assert_eq!(
        eim.fleet().place_orders(&eids[1]).await.expect("nothing"),
        0,
        "an order is placed once"
    );
    assert_eq!(
        step_and_iccid(&eim, &first).await.0.as_deref(),
        Some("order")
    );
    assert_eq!(eim.fleet().place_orders(&eids[0]).await.expect("placed"), 1);
    assert_eq!(
        step_and_iccid(&eim, &first).await,
        (Some("download".into()), Some(stock[1].clone()))
    );

    // The localization then goes on as usual: download, enable.
    let euicc = devices.remove(1);
    let mut ipa = lab_eim::iot_ipa(&lab, &eim, euicc, Sgp32Version::V1_2, None);
    let (settled, _) = lab_eim::poll_until_settled(&mut ipa, &api, &second, GERMANY).await;
    assert_eq!(settled["state"], "done", "{settled}");
    assert_eq!(settled["result"]["iccid"], stock[0].as_str(), "{settled}");
    eim.shutdown().await;
}

/// `Fleet::place_leased` tells its caller when the order's profile is allocated at the
/// SM-DP+ (the lab then starts the next device's order beside this one's record and
/// ConfirmOrder); an order whose DownloadOrder is refused tells nothing.
#[tokio::test]
async fn the_allocation_is_signalled_once_made_and_a_refusal_is_not() {
    // The lab (its SM-DP+) must outlive the orders: bound, not left to `..`.
    let Held {
        lab,
        eim,
        stock,
        eids,
        ops,
        ..
    } = two_devices_held(1, "8949449999999990031").await;
    let (first, second) = (&ops[0], &ops[1]);

    let allocated = std::sync::Arc::new(tokio::sync::Notify::new());
    let mut leased = eim.fleet().lease_orders(&eids[0]).await.expect("leased");
    assert_eq!(leased.len(), 1);
    let placing = {
        let (fleet, order, signal) = (eim.fleet(), leased.remove(0), allocated.clone());
        tokio::spawn(async move { fleet.place_leased(order, Some(&signal)).await })
    };
    tokio::time::timeout(Duration::from_secs(20), allocated.notified())
        .await
        .expect("the allocation is signalled");
    assert_ne!(
        lab.profile(&stock[0]).await.state,
        ProfileState::Available,
        "the profile is taken from the stock when the signal comes"
    );
    placing.await.expect("task");
    assert_eq!(
        step_and_iccid(&eim, first).await,
        (Some("download".into()), Some(stock[0].clone()))
    );

    // The stock is empty: DownloadOrder is refused, nothing is allocated, no signal.
    let mut leased = eim.fleet().lease_orders(&eids[1]).await.expect("leased");
    assert_eq!(leased.len(), 1);
    assert!(
        !placed_signalled(&eim, leased.remove(0)).await,
        "a refused order signals no allocation"
    );
    assert_eq!(step_and_iccid(&eim, second).await.1, None);
    eim.shutdown().await;
}

/// `Fleet::work_of` answers for many devices in one read what `Fleet::work` answers for
/// each (the lab asks it once per round of sessions): a device waiting for its order, one
/// whose order is placed (its download trigger queued), one with nothing.
#[tokio::test]
async fn the_work_of_many_devices_is_what_each_is_asked_alone() {
    use eim::Work;
    let Held {
        lab,
        eim,
        api,
        eids,
        ..
    } = two_devices_held(2, "8949449999999990049").await;
    let idle = lab_eim::iot_device_numbered(&lab, &eim, Sgp32Version::V1_2, 3);
    api.register(&idle, true).await;
    let mut asked = eids.clone();
    asked.push(idle.eid().to_string());

    let each = |fleet: eim::Fleet, eids: Vec<String>| async move {
        let mut out = Vec::new();
        for eid in &eids {
            out.push(fleet.work(eid).await.expect("work"));
        }
        out
    };
    let all = eim.fleet().work_of(asked.clone()).await.expect("work_of");
    assert_eq!(all, [Work::Ordering, Work::Ordering, Work::None]);
    assert_eq!(all, each(eim.fleet(), asked.clone()).await);

    assert_eq!(eim.fleet().place_orders(&eids[1]).await.expect("placed"), 1);
    let all = eim.fleet().work_of(asked.clone()).await.expect("work_of");
    assert_eq!(all, [Work::Ordering, Work::Packages, Work::None]);
    assert_eq!(all, each(eim.fleet(), asked).await);
    assert!(
        eim.fleet()
            .work_of(Vec::new())
            .await
            .expect("nothing asked")
            .is_empty()
    );
    eim.shutdown().await;
}

/// `Fleet::lease_orders` takes a device's held orders without placing them (the lab leases
/// each country's orders at once, then places them device by device): a leased order is
/// neither leased again nor placed by `place_orders` while its lease runs, and
/// `Fleet::place_leased` places it (profile allocated, download step reached).
#[tokio::test]
async fn a_leased_order_is_placed_by_its_holder_only() {
    let Held {
        lab,
        eim,
        stock,
        eids,
        ops,
        ..
    } = two_devices_held(2, "8949449999999990056").await;

    let mut leased = eim.fleet().lease_orders(&eids[0]).await.expect("leased");
    assert_eq!(leased.len(), 1);
    assert!(
        eim.fleet()
            .lease_orders(&eids[0])
            .await
            .expect("asked")
            .is_empty(),
        "a leased order is leased once"
    );
    assert_eq!(
        eim.fleet().place_orders(&eids[0]).await.expect("ran"),
        0,
        "nor placed by anyone else while its lease runs"
    );
    assert_eq!(
        step_and_iccid(&eim, &ops[0]).await,
        (Some("order".into()), None)
    );
    assert_eq!(lab.profile(&stock[0]).await.state, ProfileState::Available);

    // Meanwhile the other device's order is placed and takes the first profile; the leased
    // one, placed by its holder, the second.
    assert_eq!(eim.fleet().place_orders(&eids[1]).await.expect("placed"), 1);
    let allocated = tokio::sync::Notify::new();
    eim.fleet()
        .place_leased(leased.remove(0), Some(&allocated))
        .await;
    tokio::time::timeout(Duration::from_secs(1), allocated.notified())
        .await
        .expect("the allocation is signalled");
    assert_eq!(
        step_and_iccid(&eim, &ops[0]).await,
        (Some("download".into()), Some(stock[1].clone()))
    );
    assert_eq!(lab.profile(&stock[1]).await.state, ProfileState::Released);
    eim.shutdown().await;
}

/// A lease that ran out while its holder waited for its turn: when another instance leased
/// the order meanwhile, the first holder places nothing and the new one places it, so the
/// stock gives one profile, not two; when nobody took it, the holder renews it and places
/// the order.
#[tokio::test]
async fn a_lease_that_ran_out_is_placed_by_one_holder_only() {
    let Held {
        lab,
        eim,
        stock,
        eids,
        ops,
        ..
    } = two_devices_held_for(2, "8949449999999990064", Duration::from_millis(300)).await;

    let mut first = eim.fleet().lease_orders(&eids[0]).await.expect("leased");
    assert_eq!(first.len(), 1);
    tokio::time::sleep(Duration::from_millis(400)).await;
    // Taken over, as another instance on the same database takes a lease that ran out.
    let mut second = eim.fleet().lease_orders(&eids[0]).await.expect("leased");
    assert_eq!(second.len(), 1, "a lease that ran out is taken over");

    assert!(
        !placed_signalled(&eim, first.remove(0)).await,
        "the first holder allocates nothing"
    );
    assert_eq!(
        step_and_iccid(&eim, &ops[0]).await,
        (Some("order".into()), None)
    );
    assert_eq!(lab.profile(&stock[0]).await.state, ProfileState::Available);

    eim.fleet().place_leased(second.remove(0), None).await;
    assert_eq!(
        step_and_iccid(&eim, &ops[0]).await,
        (Some("download".into()), Some(stock[0].clone()))
    );
    assert_eq!(
        lab.profile(&stock[1]).await.state,
        ProfileState::Available,
        "one order, one profile"
    );

    // Nobody takes the other device's lease: it is renewed and placed when it ran out.
    let mut alone = eim.fleet().lease_orders(&eids[1]).await.expect("leased");
    assert_eq!(alone.len(), 1);
    tokio::time::sleep(Duration::from_millis(400)).await;
    eim.fleet().place_leased(alone.remove(0), None).await;
    assert_eq!(
        step_and_iccid(&eim, &ops[1]).await,
        (Some("download".into()), Some(stock[1].clone()))
    );
    eim.shutdown().await;
}

/// Orders placed all at once (as the lab places a round's: each country's in device order,
/// every ConfirmOrder beside the next orders) open no more ES2+ connections than the eIM
/// has calls in flight per operator: the others wait for one of those connections. Without
/// that bound, each call in flight was a connection of its own, and a 100,000-device lab
/// filled the SM-DP+'s `max_connections` with them; its next orders timed out.
#[tokio::test]
async fn orders_placed_at_once_share_a_bounded_set_of_es2_connections() {
    const DEVICES: u32 = 3 * eim::smdp::ES2_CALLS_AT_ONCE as u32;
    let lab =
        Lab::start_with(|c| c.server.metrics_listen = Some("127.0.0.1:0".parse().unwrap())).await;
    let metrics = lab.smdp.metrics_addr().await.expect("metrics listener");
    let Held {
        lab,
        eim,
        stock,
        eids,
        ops,
        ..
    } = devices_held(
        lab,
        u64::from(DEVICES),
        DEVICES,
        "8949449999999990072",
        Duration::from_secs(120),
    )
    .await;
    let handshakes = || tests::metrics::smdp_tls_handshakes(metrics, "es2plus");
    let before = handshakes().await;
    let mut placing = tokio::task::JoinSet::new();
    for eid in eids {
        let fleet = eim.fleet();
        placing.spawn(async move { fleet.place_orders(&eid).await });
    }
    while let Some(placed) = placing.join_next().await {
        assert_eq!(placed.expect("task").expect("placed"), 1);
    }
    let mut allocated = Vec::new();
    for op in &ops {
        let (step, iccid) = step_and_iccid(&eim, op).await;
        assert_eq!(step.as_deref(), Some("download"));
        allocated.extend(iccid);
    }
    allocated.sort();
    assert_eq!(allocated, stock, "each device one profile of the stock");
    let opened = handshakes().await - before;
    assert!(
        (1.0..=eim::smdp::ES2_CALLS_AT_ONCE as f64).contains(&opened),
        "{} ES2+ calls at once over {opened} connections",
        2 * DEVICES
    );
    eim.shutdown().await;
    drop(lab);
}
