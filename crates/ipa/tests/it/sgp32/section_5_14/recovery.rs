//! The IPA's own recovery (SGP.32 v1.2 5.9.16, 5.9.18, 5.9.20, 5.9.21, 5.14.6, 5.14.7):
//! the rollback when the eIM cannot be reached with the profile an enable with rollbackFlag
//! enabled; what the eUICC holds for the eIM delivered before the first poll; every eIM
//! configuration kept, the unusable ones reported; the Fallback Mechanism and the return
//! from it. Against the test eIM over real HTTPS.

use crate::fake_eim;
use crate::iot_common;

use std::sync::Arc;
use std::time::Duration;

use euicc_sim::state::{EimConfig, EimProtocol, ProfileStatus};
use euicc_sim::{Euicc, EuiccOptions};
use fake_eim::FakeEim;
use iot_common::*;
use ipa::{AttachProbe, EimUnusable, Ipa, IpaError, IpaOptions, PollOutcome, RollbackCause};
use proto::sgp22::NotificationSentRequest;
use proto::sgp32::{
    EimPackageResult, EnableProfileResult, EsipaMessageFromIpaToEim, EuiccResultData,
    ExecuteFallbackMechanismResult, GetEimPackageResponse, HandleNotificationEsipa,
    ReturnFromFallbackResult, RollbackCmdResult, RollbackProfileResult, StateChangeCause,
};

use crate::common::credentials;

fn ipa_with(eim: &FakeEim, euicc: Euicc, rollback_after: Option<Duration>) -> Ipa<Euicc> {
    let options = IpaOptions {
        rollback_after,
        ..IpaOptions::default()
    };
    Ipa::new(euicc, eim.client(), options).expect("IPA")
}

fn package(outcome: PollOutcome) -> ipa::PackageOutcome {
    match outcome {
        PollOutcome::Package(p) => *p,
        other => panic!("{other:?}"),
    }
}

/// The names of the messages the eIM received, in order.
fn names(server: &FakeEim) -> Vec<&'static str> {
    server
        .received()
        .iter()
        .map(|m| match m {
            EsipaMessageFromIpaToEim::GetEimPackageRequest(_) => "get",
            EsipaMessageFromIpaToEim::ProvideEimPackageResult(_) => "result",
            EsipaMessageFromIpaToEim::HandleNotificationEsipa(_) => "notification",
            _ => "other",
        })
        .collect()
}

/// The eUICC Package Results the eIM received, as their result lists.
fn delivered_results(server: &FakeEim) -> Vec<Vec<EuiccResultData>> {
    server
        .received()
        .into_iter()
        .filter_map(|m| match m {
            EsipaMessageFromIpaToEim::ProvideEimPackageResult(p) => match p.eim_package_result {
                EimPackageResult::EuiccPackageResult(r) => Some(results(&r)),
                EimPackageResult::EprAndNotifications(e) => Some(results(&e.euicc_package_result)),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

const ENABLED_THEN_ROLLED_BACK: [EuiccResultData; 2] = [
    EuiccResultData::EnableResult(EnableProfileResult::Ok),
    EuiccResultData::RollbackResult(RollbackProfileResult::Ok),
];

#[tokio::test]
async fn sgp32_5_9_16_rollback_when_the_result_cannot_reach_the_eim() {
    let server = FakeEim::start().await;
    let mut eim = Eim::new();
    let euicc = fleet_euicc(&eim);
    let req = eim.psmos(&euicc, vec![enable(LOCAL, true)]);
    server.push(GetEimPackageResponse::EuiccPackageRequest(req));
    // The new profile's first delivery meets a gateway's 503: with no time to wait, the IPA
    // rolls back and reports from the bootstrap, which reaches the eIM.
    server.unavailable_for(1);
    let mut ipa = ipa_with(&server, euicc, Some(Duration::ZERO));

    let p = package(ipa.poll(None).await.unwrap());
    let rollback = p.rollback.expect("a rollback");
    assert_eq!(rollback.failed_iccid, LOCAL);
    assert_eq!(rollback.cmd_result, RollbackCmdResult::Ok);
    assert_eq!(
        rollback.cause,
        RollbackCause::EimUnreachable { attempts: 1 }
    );
    assert_eq!(results(&p.result), ENABLED_THEN_ROLLED_BACK);
    assert!(verifies(ipa.card(), &p.result, TOKEN));
    assert_eq!(p.enabled_by_package, None, "rolled back");
    assert_eq!(ipa.enabled_iccid().unwrap().as_deref(), Some(BOOTSTRAP));
    assert_eq!(p.delivery.undelivered, None);
    // The eIM saw only the rollback's result, which replaced the enable's, and
    // acknowledged it: nothing is left on the eUICC.
    assert_eq!(
        delivered_results(&server),
        [ENABLED_THEN_ROLLED_BACK.to_vec()]
    );
    let card = ipa.card().state();
    assert_eq!(
        card.profile_by_iccid(LOCAL).unwrap().state,
        ProfileStatus::Disabled
    );
    assert!(card.iot.package_results.is_empty());
    assert!(card.notifications.is_empty());
}

#[tokio::test]
async fn sgp32_5_9_16_rollback_when_the_eim_withholds_its_answer() {
    let server = FakeEim::start().await;
    let mut eim = Eim::new();
    let euicc = fleet_euicc(&eim);
    let req = eim.psmos(&euicc, vec![enable(LOCAL, true)]);
    server.push(GetEimPackageResponse::EuiccPackageRequest(req));
    // The answer to the enable's result never comes within the IPA's wait for one answer.
    server.withhold_results(1);
    let options = IpaOptions {
        rollback_after: Some(Duration::ZERO),
        ..IpaOptions::default()
    };
    let client = server.client_waiting(Duration::from_millis(300));
    let mut ipa = Ipa::new(euicc, client, options).expect("IPA");

    let p = package(ipa.poll(None).await.unwrap());
    let rollback = p.rollback.expect("a rollback");
    assert_eq!(
        rollback.cause,
        RollbackCause::EimUnreachable { attempts: 1 }
    );
    assert_eq!(results(&p.result), ENABLED_THEN_ROLLED_BACK);
    assert_eq!(p.enabled_by_package, None, "rolled back");
    assert_eq!(ipa.enabled_iccid().unwrap().as_deref(), Some(BOOTSTRAP));
    assert_eq!(
        p.delivery.undelivered, None,
        "the rollback's result was answered"
    );
    assert!(ipa.card().state().iot.package_results.is_empty());
}

#[tokio::test]
async fn sgp32_5_9_16_no_rollback_when_the_eim_answers_within_the_time() {
    let server = FakeEim::start().await;
    let mut eim = Eim::new();
    let euicc = fleet_euicc(&eim);
    let req = eim.psmos(&euicc, vec![enable(LOCAL, true)]);
    server.push(GetEimPackageResponse::EuiccPackageRequest(req));
    // Two tries fail, the third gets through long before ten seconds have passed.
    server.unavailable_for(2);
    let mut ipa = ipa_with(&server, euicc, Some(Duration::from_secs(10)));

    let p = package(ipa.poll(None).await.unwrap());
    assert_eq!(p.rollback, None);
    assert_eq!(p.enabled_by_package.as_deref(), Some(LOCAL));
    assert_eq!(
        delivered_results(&server),
        [vec![EuiccResultData::EnableResult(EnableProfileResult::Ok)]]
    );
    assert!(ipa.card().state().iot.package_results.is_empty());
}

#[tokio::test]
async fn sgp32_5_9_16_without_a_rollback_time_a_failed_delivery_is_an_error() {
    let server = FakeEim::start().await;
    let mut eim = Eim::new();
    let euicc = fleet_euicc(&eim);
    let req = eim.psmos(&euicc, vec![enable(LOCAL, true)]);
    server.push(GetEimPackageResponse::EuiccPackageRequest(req));
    server.unavailable_for(1);
    let mut ipa = ipa_with(&server, euicc, None);
    assert!(matches!(
        ipa.poll(None).await,
        Err(IpaError::Http { status: 503, .. })
    ));
    assert_eq!(ipa.enabled_iccid().unwrap().as_deref(), Some(LOCAL));
}

/// The network of LOCAL attaches but does not route to the eIM.
struct NoRouteFromLocal;

impl AttachProbe for NoRouteFromLocal {
    fn attaches(&self, _eid: &str, _iccid: &str) -> bool {
        true
    }

    fn reaches_eim(&self, _eid: &str, iccid: &str) -> bool {
        iccid != LOCAL
    }
}

#[tokio::test]
async fn sgp32_5_9_16_an_unreported_rollback_goes_before_the_next_poll() {
    let server = FakeEim::start().await;
    let mut eim = Eim::new();
    let euicc = fleet_euicc(&eim);
    let req = eim.psmos(&euicc, vec![enable(LOCAL, true)]);
    server.push(GetEimPackageResponse::EuiccPackageRequest(req));
    let mut ipa = ipa_with(&server, euicc, Some(Duration::ZERO));
    ipa.set_attach_probe(Arc::new(NoRouteFromLocal));
    // The rollback's own delivery fails too (the eIM is down for everyone).
    server.unavailable_for(1);

    let p = package(ipa.poll(None).await.unwrap());
    let rollback = p.rollback.expect("a rollback");
    assert_eq!(
        rollback.cause,
        RollbackCause::EimUnreachable { attempts: 1 }
    );
    assert!(p.delivery.undelivered.is_some(), "{:?}", p.delivery);
    assert_eq!(p.enabled_by_package, None, "rolled back");
    assert_eq!(ipa.enabled_iccid().unwrap().as_deref(), Some(BOOTSTRAP));
    assert_eq!(ipa.card().state().iot.package_results.len(), 1, "kept");
    assert_eq!(names(&server), ["get"], "nothing reached the eIM since");

    // The next poll delivers the rollback's result first, then asks for a package.
    assert_eq!(ipa.poll(None).await.unwrap(), PollOutcome::NoPackage);
    assert_eq!(names(&server), ["get", "result", "get"]);
    assert_eq!(
        delivered_results(&server),
        [ENABLED_THEN_ROLLED_BACK.to_vec()]
    );
    let card = ipa.card().state();
    assert!(card.iot.package_results.is_empty(), "acknowledged, removed");
    assert!(card.notifications.is_empty());
}

#[tokio::test]
async fn sgp32_5_9_11_results_and_notifications_pending_at_start_up_go_first() {
    let server = FakeEim::start().await;
    let mut eim = Eim::new();
    let euicc = fleet_euicc(&eim);
    let req = eim.psmos(&euicc, vec![enable(LOCAL, true)]);
    server.push(GetEimPackageResponse::EuiccPackageRequest(req));
    // An eIM that acknowledges nothing: the result and its notifications stay.
    server.set_acknowledge(false);
    let mut ipa = ipa_with(&server, euicc, Some(Duration::ZERO));
    let p = package(ipa.poll(None).await.unwrap());
    assert_eq!(p.delivery.notifications_sent, [1, 2]);
    let euicc = ipa.into_card();
    assert_eq!(euicc.state().iot.package_results.len(), 1);
    assert_eq!(euicc.state().notifications.len(), 2);

    // The device restarts; now the eIM acknowledges. Before its first poll the IPA
    // delivers the result with both notifications.
    server.set_acknowledge(true);
    let before = server.received().len();
    let mut ipa = ipa_with(&server, euicc, Some(Duration::ZERO));
    assert_eq!(ipa.poll(None).await.unwrap(), PollOutcome::NoPackage);
    let after: Vec<_> = server.received().split_off(before);
    assert_eq!(after.len(), 2, "{after:?}");
    let EsipaMessageFromIpaToEim::ProvideEimPackageResult(r) = &after[0] else {
        panic!("{after:?}")
    };
    let EimPackageResult::EprAndNotifications(e) = &r.eim_package_result else {
        panic!("ePRAndNotifications expected")
    };
    assert_eq!(e.euicc_package_result, p.result);
    assert_eq!(e.notification_list.len(), 2);
    assert!(matches!(
        after[1],
        EsipaMessageFromIpaToEim::GetEimPackageRequest(_)
    ));
    let card = ipa.card().state();
    assert!(card.iot.package_results.is_empty());
    assert!(card.notifications.is_empty());
}

#[tokio::test]
async fn sgp32_5_14_7_notifications_alone_go_with_handle_notification() {
    let server = FakeEim::start().await;
    let mut eim = Eim::new();
    let euicc = fleet_euicc(&eim);
    let req = eim.psmos(&euicc, vec![enable(LOCAL, true)]);
    server.push(GetEimPackageResponse::EuiccPackageRequest(req));
    server.set_acknowledge(false);
    let mut ipa = ipa_with(&server, euicc, Some(Duration::ZERO));
    let p = package(ipa.poll(None).await.unwrap());
    let mut euicc = ipa.into_card();
    // The eIM had acknowledged the result alone: the notifications are left.
    es10(
        &mut euicc,
        &NotificationSentRequest {
            seq_number: seq_number(&p.result),
        },
    );
    assert_eq!(euicc.state().notifications.len(), 2);

    let before = server.received().len();
    let mut ipa = ipa_with(&server, euicc, Some(Duration::ZERO));
    let pending = ipa.deliver_pending().await.unwrap();
    assert_eq!(pending.results_sent, Vec::<i64>::new());
    assert_eq!(pending.notifications_sent, [1, 2]);
    assert_eq!(pending.removed, [1, 2]);
    let after: Vec<_> = server.received().split_off(before);
    assert_eq!(after.len(), 2);
    assert!(after.iter().all(|m| matches!(
        m,
        EsipaMessageFromIpaToEim::HandleNotificationEsipa(
            HandleNotificationEsipa::PendingNotification(_)
        )
    )));
    assert!(ipa.card().state().notifications.is_empty());
    // Done once: the poll asks for a package straight away.
    assert_eq!(ipa.poll(None).await.unwrap(), PollOutcome::NoPackage);
    assert_eq!(server.received().len(), before + 3);
}

/// An eIM reached only by a proprietary protocol.
fn proprietary(eim: &Eim) -> EimConfig {
    EimConfig {
        eim_id: "eim-proprietary".into(),
        supported_protocols: vec![EimProtocol::Proprietary],
        ..eim.config()
    }
}

#[tokio::test]
async fn sgp32_5_9_18_every_eim_configuration_kept_unusable_ones_reported() {
    let server = FakeEim::start().await;
    let eim = Eim::new();
    let options = EuiccOptions {
        eims: vec![proprietary(&eim), eim.config()],
        ..EuiccOptions::iot_with_eim(eim.config())
    };
    let euicc = Euicc::in_memory(credentials(), options).unwrap();
    let mut ipa = ipa_with(&server, euicc, None);
    assert_eq!(
        ipa.eim().eim_id,
        EIM_ID,
        "the one reached over HTTPS is polled"
    );
    let eims = ipa.eims();
    assert_eq!(eims.len(), 2);
    assert_eq!(eims[0].eim_id, "eim-proprietary");
    assert_eq!(
        eims[0].unusable,
        Some(EimUnusable::NoRetrieval(vec![EimProtocol::Proprietary]))
    );
    assert_eq!(eims[1].unusable, None);
    assert!(
        eims[0].to_json()["unusable"]
            .as_str()
            .unwrap()
            .contains("eimProprietary")
    );
    assert_eq!(ipa.poll(None).await.unwrap(), PollOutcome::NoPackage);

    // Only the proprietary one: the IPA says which and why; with a URL it polls it.
    let only = |eim: &Eim| EuiccOptions::iot_with_eim(proprietary(eim));
    let euicc = Euicc::in_memory(credentials(), only(&eim)).unwrap();
    let e = Ipa::new(euicc, server.client(), IpaOptions::default()).unwrap_err();
    assert!(matches!(&e, IpaError::NoEim { unusable } if unusable.len() == 1));
    let text = e.to_string();
    assert!(
        text.contains("eim-proprietary") && text.contains("eimProprietary"),
        "{text}"
    );
    let euicc = Euicc::in_memory(credentials(), only(&eim)).unwrap();
    let options = IpaOptions {
        eim_url: Some("https://eim.rsp-lab.test".into()),
        ..IpaOptions::default()
    };
    let mut ipa = Ipa::new(euicc, server.client(), options).unwrap();
    assert_eq!(ipa.eim().eim_id, "eim-proprietary");
    assert!(ipa.eims()[0].unusable.is_some(), "still reported");
    assert_eq!(ipa.poll(None).await.unwrap(), PollOutcome::NoPackage);
}

#[tokio::test]
async fn sgp32_5_9_20_21_fallback_when_nothing_registers_and_the_return() {
    let server = FakeEim::start().await;
    let mut eim = Eim::new();
    let euicc = fleet_euicc(&eim);
    let req = eim.psmos(&euicc, vec![enable(LOCAL, false)]);
    server.push(GetEimPackageResponse::EuiccPackageRequest(req));
    let mut ipa = ipa_with(&server, euicc, None);
    let p = package(ipa.poll(None).await.unwrap());
    assert_eq!(p.enabled_by_package.as_deref(), Some(LOCAL));

    // LOCAL stops registering: the Fallback Profile takes over, and the eIM hears why.
    assert_eq!(
        ipa.recover_network().unwrap(),
        ExecuteFallbackMechanismResult::Ok
    );
    assert_eq!(ipa.enabled_iccid().unwrap().as_deref(), Some(BOOTSTRAP));
    assert_eq!(
        ipa.recover_network().unwrap(),
        ExecuteFallbackMechanismResult::ProfileNotInDisabledState,
        "already on the Fallback Profile"
    );
    assert_eq!(ipa.poll(None).await.unwrap(), PollOutcome::NoPackage);
    let last_poll = |server: &FakeEim| {
        server
            .received()
            .into_iter()
            .rev()
            .find_map(|m| match m {
                EsipaMessageFromIpaToEim::GetEimPackageRequest(g) => Some(g),
                _ => None,
            })
            .unwrap()
    };
    assert_eq!(
        last_poll(&server).state_change_cause,
        Some(StateChangeCause::Fallback)
    );

    // LOCAL still does not attach: the return is undone at once.
    ipa.set_attach_probe(Arc::new(|_: &str, iccid: &str| iccid != LOCAL));
    let back = ipa.try_return_from_fallback().unwrap();
    assert_eq!(back.result, ReturnFromFallbackResult::Ok);
    assert_eq!(
        back.fell_back_again,
        Some(ExecuteFallbackMechanismResult::Ok)
    );
    assert_eq!(back.enabled_iccid.as_deref(), Some(BOOTSTRAP));

    // Now it does: the device stays on LOCAL, and the next poll says so.
    ipa.set_attach_probe(Arc::new(|_: &str, _: &str| true));
    let back = ipa.try_return_from_fallback().unwrap();
    assert_eq!(back.result, ReturnFromFallbackResult::Ok);
    assert_eq!(back.fell_back_again, None);
    assert_eq!(back.enabled_iccid.as_deref(), Some(LOCAL));
    assert_eq!(
        ipa.try_return_from_fallback().unwrap().result,
        ReturnFromFallbackResult::FallbackNotAvailable,
        "no Fallback Mechanism in effect"
    );
    assert_eq!(ipa.poll(None).await.unwrap(), PollOutcome::NoPackage);
    assert_eq!(
        last_poll(&server).state_change_cause,
        Some(StateChangeCause::Fallback)
    );
}
