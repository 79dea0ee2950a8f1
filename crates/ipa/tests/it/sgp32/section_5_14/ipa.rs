//! The IPA against an eIM over real HTTPS (SGP.32 v1.2 5.14, 6.3): GetEimPackage with the
//! EID, the state change and the serving network; an eUICC Package executed and its
//! result delivered with the notifications; acknowledged objects removed; the rollback
//! when the new profile does not attach; eUICC data; an indirect download through the eIM.

use crate::common;
use crate::fake_eim;
use crate::iot_common;

use std::sync::Arc;

use euicc_sim::Euicc;
use euicc_sim::state::ProfileStatus;
use fake_eim::FakeEim;
use iot_common::*;
use ipa::{
    ESIPA_ADMIN_PROTOCOL, ESIPA_CONTENT_TYPE, ESIPA_USER_AGENT, Ipa, IpaError, IpaOptions,
    PollOutcome,
};
use proto::der::Null;
use proto::sgp32::{
    EimPackageError, EimPackageResult, EnableProfileResult, EsipaMessageFromIpaToEim,
    EuiccPackageResult, EuiccResultData, ExecuteFallbackMechanismResult, GetEimPackageResponse,
    IpaEuiccDataErrorCode, IpaEuiccDataRequest, IpaEuiccDataResponse, ProfileDownloadData,
    ProfileDownloadTriggerRequest, ProfileDownloadTriggerResultData, RollbackCmdResult,
    RollbackProfileResult, StateChangeCause,
};

const PLMN: [u8; 3] = [0x62, 0xF2, 0x10];

fn ipa(eim: &FakeEim, euicc: Euicc) -> Ipa<Euicc> {
    Ipa::new(euicc, eim.client(), IpaOptions::default()).expect("IPA")
}

fn state_of(ipa: &Ipa<Euicc>, digits: &str) -> ProfileStatus {
    ipa.card().state().profile_by_iccid(digits).unwrap().state
}

fn package(outcome: PollOutcome) -> ipa::PackageOutcome {
    match outcome {
        PollOutcome::Package(p) => *p,
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn sgp32_5_14_5_poll_carries_eid_state_change_and_rplmn() {
    let server = FakeEim::start().await;
    let eim = Eim::new();
    let mut euicc = iot_euicc(&eim);
    preload(&mut euicc, BOOTSTRAP, false, true);
    preload(&mut euicc, LOCAL, true, false);
    let mut ipa = ipa(&server, euicc);
    assert_eq!(ipa.eim().base_url, "https://eim.rsp-lab.test");
    assert_eq!(
        ipa.execute_fallback().unwrap(),
        ExecuteFallbackMechanismResult::Ok
    );

    assert_eq!(ipa.poll(Some(PLMN)).await.unwrap(), PollOutcome::NoPackage);
    assert_eq!(ipa.poll(None).await.unwrap(), PollOutcome::NoPackage);
    // The fallback's disable and enable notifications went before the first poll.
    let received = server.received();
    assert!(
        received[..2]
            .iter()
            .all(|m| matches!(m, EsipaMessageFromIpaToEim::HandleNotificationEsipa(_))),
        "{received:?}"
    );
    assert!(ipa.card().state().notifications.is_empty());
    let received = &received[2..];
    let EsipaMessageFromIpaToEim::GetEimPackageRequest(first) = &received[0] else {
        panic!("{received:?}")
    };
    assert_eq!(first.eid_value, eid_of(ipa.card()));
    assert_eq!(first.notify_state_change, Some(Null));
    assert_eq!(first.state_change_cause, Some(StateChangeCause::Fallback));
    assert_eq!(first.r_plmn, Some(PLMN));
    let EsipaMessageFromIpaToEim::GetEimPackageRequest(second) = &received[1] else {
        panic!("{received:?}")
    };
    assert_eq!(second.notify_state_change, None, "told once");
    assert_eq!(second.state_change_cause, None);
    assert_eq!(
        server.headers()[2],
        [
            ESIPA_CONTENT_TYPE.to_string(),
            ESIPA_ADMIN_PROTOCOL.to_string(),
            ESIPA_USER_AGENT.to_string()
        ]
    );
}

#[tokio::test]
async fn sgp32_5_14_6_result_delivered_with_notifications_then_acknowledged_and_removed() {
    let server = FakeEim::start().await;
    let mut eim = Eim::new();
    let euicc = fleet_euicc(&eim);
    let req = eim.psmos(&euicc, vec![enable(LOCAL, true)]);
    server.push(GetEimPackageResponse::EuiccPackageRequest(req));
    let mut ipa = ipa(&server, euicc);

    let outcomes = ipa.poll_until_idle(Some(PLMN), 8).await.unwrap();
    assert_eq!(outcomes.len(), 1);
    let p = package(outcomes[0].clone());
    assert_eq!(
        results(&p.result),
        [EuiccResultData::EnableResult(EnableProfileResult::Ok)]
    );
    assert!(verifies(ipa.card(), &p.result, TOKEN));
    assert_eq!(p.rollback, None, "without a probe the new profile attaches");
    assert_eq!(p.enabled_by_package.as_deref(), Some(LOCAL));
    assert_eq!(p.delivery.notifications_sent, [1, 2]);
    assert_eq!(p.delivery.acknowledged, [3, 1, 2]);
    assert_eq!(p.delivery.removed, [3, 1, 2]);
    assert!(ipa.card().state().notifications.is_empty());
    assert!(ipa.card().state().iot.package_results.is_empty());

    // The eIM got the result and the disable/enable notifications in one message.
    let delivered = server
        .received()
        .into_iter()
        .find_map(|m| match m {
            EsipaMessageFromIpaToEim::ProvideEimPackageResult(r) => Some(r),
            _ => None,
        })
        .unwrap();
    assert_eq!(delivered.eid_value, Some(eid_of(ipa.card())));
    let EimPackageResult::EprAndNotifications(e) = delivered.eim_package_result else {
        panic!("ePRAndNotifications expected")
    };
    assert_eq!(e.euicc_package_result, p.result);
    assert_eq!(e.notification_list.len(), 2);
}

#[tokio::test]
async fn sgp32_5_9_16_ipa_rolls_back_when_the_new_profile_does_not_attach() {
    let server = FakeEim::start().await;
    let mut eim = Eim::new();
    let euicc = fleet_euicc(&eim);
    let req = eim.psmos(&euicc, vec![enable(LOCAL, true)]);
    server.push(GetEimPackageResponse::EuiccPackageRequest(req));
    let mut ipa = ipa(&server, euicc);
    let probe = |_eid: &str, iccid: &str| iccid != LOCAL;
    ipa.set_attach_probe(Arc::new(probe));

    let p = package(ipa.poll(Some(PLMN)).await.unwrap());
    let rollback = p.rollback.expect("a rollback");
    assert_eq!(rollback.failed_iccid, LOCAL);
    assert_eq!(rollback.cmd_result, RollbackCmdResult::Ok);
    assert_eq!(
        results(&p.result),
        [
            EuiccResultData::EnableResult(EnableProfileResult::Ok),
            EuiccResultData::RollbackResult(RollbackProfileResult::Ok),
        ],
        "the rollback's result replaces the package's"
    );
    assert!(verifies(ipa.card(), &p.result, TOKEN));
    assert_eq!(p.enabled_by_package, None, "rolled back");
    assert_eq!(ipa.enabled_iccid().unwrap().as_deref(), Some(BOOTSTRAP));
    assert_eq!(state_of(&ipa, BOOTSTRAP), ProfileStatus::Enabled);
    assert!(
        ipa.card().state().iot.package_results.is_empty(),
        "acknowledged"
    );
}

#[tokio::test]
async fn sgp32_2_11_2_2_euicc_data_for_the_tag_list() {
    let server = FakeEim::start().await;
    let eim = Eim::new();
    let euicc = fleet_euicc(&eim);
    let tags = [
        0xA0, 0x81, 0xA2, 0xBF, 0x20, 0xBF, 0x22, 0x83, 0x84, 0xA5, 0xA6, 0xA8, 0xA9,
    ];
    server.push(GetEimPackageResponse::IpaEuiccDataRequest(
        IpaEuiccDataRequest {
            tag_list: tags.to_vec(),
            eim_transaction_id: Some(vec![7, 7]),
            ..IpaEuiccDataRequest::default()
        },
    ));
    server.push(GetEimPackageResponse::IpaEuiccDataRequest(
        IpaEuiccDataRequest {
            tag_list: vec![0x9F, 0x70],
            ..IpaEuiccDataRequest::default()
        },
    ));
    let mut ipa = ipa(&server, euicc);
    let PollOutcome::EuiccData(d) = ipa.poll(None).await.unwrap() else {
        panic!("eUICC data")
    };
    let IpaEuiccDataResponse::IpaEuiccData(data) = &d.response else {
        panic!("{:?}", d.response)
    };
    assert_eq!(data.eim_transaction_id, Some(vec![7, 7]));
    assert_eq!(data.notifications_list, Some(vec![]));
    assert_eq!(data.euicc_package_result_list, Some(vec![]));
    assert_eq!(data.association_token, Some(TOKEN));
    assert_eq!(data.root_smds_address.as_deref(), Some("smds.rsp-lab.test"));
    assert!(data.euicc_info1.is_some() && data.ipa_capabilities.is_some());
    assert!(
        data.euicc_info2
            .as_ref()
            .unwrap()
            .iot_specific_info
            .is_some()
    );
    assert_eq!(
        data.euicc_certificate.as_ref().unwrap().as_bytes(),
        ipa.card().credentials().euicc_certificate()
    );
    assert!(data.eum_certificate.is_some() && data.device_info.is_some());

    let PollOutcome::EuiccData(d) = ipa.poll(None).await.unwrap() else {
        panic!("eUICC data")
    };
    match d.response {
        IpaEuiccDataResponse::IpaEuiccDataResponseError(e) => assert_eq!(
            e.ipa_euicc_data_error_code,
            IpaEuiccDataErrorCode::IncorrectTagList
        ),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn sgp32_3_2_indirect_download_through_the_eim() {
    let server = FakeEim::start().await;
    let eim = Eim::new();
    let mut config = eim.config();
    config.indirect_profile_download = true;
    let mut euicc = Euicc::in_memory(
        common::credentials(),
        euicc_sim::EuiccOptions::iot_with_eim(config),
    )
    .unwrap();
    preload(&mut euicc, BOOTSTRAP, true, true);
    server.eim.lock().unwrap().download_iccid = Some(OTHER.into());
    server.push(GetEimPackageResponse::ProfileDownloadTriggerRequest(
        ProfileDownloadTriggerRequest {
            profile_download_data: Some(ProfileDownloadData::ActivationCode(
                "1$smdp.rsp-lab.test$MATCHING-ID-1".into(),
            )),
            eim_transaction_id: Some(vec![0xD0]),
        },
    ));
    let mut ipa = ipa(&server, euicc);
    assert!(ipa.eim().indirect_profile_download);

    let PollOutcome::Download(d) = ipa.poll(Some(PLMN)).await.unwrap() else {
        panic!("a download")
    };
    assert!(d.indirect);
    assert_eq!(d.installed_iccid.as_deref(), Some(OTHER));
    assert_eq!(d.result.eim_transaction_id, Some(vec![0xD0]));
    assert!(matches!(
        d.result.profile_download_trigger_result_data,
        ProfileDownloadTriggerResultData::ProfileInstallationResult(_)
    ));
    assert_eq!(
        d.delivery.removed.len(),
        1,
        "the installation result acknowledged"
    );
    assert_eq!(state_of(&ipa, OTHER), ProfileStatus::Disabled);
    assert!(ipa.card().state().notifications.is_empty());
    let names: Vec<&str> = server
        .received()
        .iter()
        .map(|m| match m {
            EsipaMessageFromIpaToEim::GetEimPackageRequest(_) => "get",
            EsipaMessageFromIpaToEim::InitiateAuthenticationRequestEsipa(_) => "init",
            EsipaMessageFromIpaToEim::AuthenticateClientRequestEsipa(_) => "auth",
            EsipaMessageFromIpaToEim::GetBoundProfilePackageRequestEsipa(_) => "bpp",
            EsipaMessageFromIpaToEim::ProvideEimPackageResult(_) => "result",
            _ => "other",
        })
        .collect();
    assert_eq!(names, ["get", "init", "auth", "bpp", "result"]);
}

#[tokio::test]
async fn sgp32_6_3_2_6_eim_errors_and_unreachable_eim() {
    let server = FakeEim::start().await;
    let eim = Eim::new();
    server.push(GetEimPackageResponse::EimPackageError(
        EimPackageError::EidNotFound,
    ));
    let mut ipa = ipa(&server, fleet_euicc(&eim));
    assert_eq!(
        ipa.poll(None).await.unwrap(),
        PollOutcome::EimError(EimPackageError::EidNotFound)
    );

    let mut nowhere = Ipa::new(
        fleet_euicc(&eim),
        server.client(),
        IpaOptions {
            eim_url: Some("https://127.0.0.1:1".into()),
            ..IpaOptions::default()
        },
    )
    .unwrap();
    assert!(matches!(
        nowhere.poll(None).await,
        Err(IpaError::Connection { .. })
    ));
    let _ = EuiccPackageResult::EuiccPackageErrorUnsigned(Default::default());
}

#[tokio::test]
async fn sgp32_5_9_16_ipa_rolls_back_later_and_reports_the_replacing_result() {
    let server = FakeEim::start().await;
    let mut eim = Eim::new();
    let euicc = fleet_euicc(&eim);
    let req = eim.psmos(&euicc, vec![enable(LOCAL, true)]);
    server.push(GetEimPackageResponse::EuiccPackageRequest(req));
    let mut ipa = ipa(&server, euicc);
    let first = package(ipa.poll(None).await.unwrap());
    assert_eq!(first.enabled_by_package.as_deref(), Some(LOCAL));

    let later = package(ipa.rollback().await.unwrap().expect("rollback allowed"));
    assert_eq!(later.enabled_by_package, None, "rolled back");
    assert_eq!(ipa.enabled_iccid().unwrap().as_deref(), Some(BOOTSTRAP));
    assert_eq!(later.rollback.unwrap().failed_iccid, LOCAL);
    assert!(seq_number(&later.result) > seq_number(&first.result));
    assert!(verifies(ipa.card(), &later.result, TOKEN));
    let delivered = server
        .received()
        .into_iter()
        .filter(|m| matches!(m, EsipaMessageFromIpaToEim::ProvideEimPackageResult(_)))
        .count();
    assert_eq!(delivered, 2);
    assert_eq!(ipa.rollback().await.unwrap(), None, "once");
}

#[tokio::test]
async fn sgp32_5_14_run_command_on_a_state_file() {
    use ipa::commands::{RunOptions, parse_rplmn, run};
    use lpa::Resolve;

    let server = FakeEim::start().await;
    let mut eim = Eim::new();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("device.json");
    let mut euicc = Euicc::create(
        &path,
        common::credentials(),
        euicc_sim::EuiccOptions::iot_with_eim(eim.config()),
    )
    .unwrap();
    preload(&mut euicc, BOOTSTRAP, true, true);
    preload(&mut euicc, LOCAL, false, false);
    server.push(GetEimPackageResponse::EuiccPackageRequest(
        eim.psmos(&euicc, vec![enable(LOCAL, false)]),
    ));
    drop(euicc);

    let ci = common::pki()
        .require(certs::CertRole::Ci)
        .unwrap()
        .cert_der
        .clone();
    let options = RunOptions {
        once: true,
        rplmn: Some("26201".into()),
        trace_dir: Some(dir.path().join("trace")),
        resolve: vec![Resolve {
            host: fake_eim::EIM_HOST.into(),
            port: None,
            addr: server.addr,
        }],
        ..RunOptions::new(infra::tls::ServerTrust::roots(vec![ci]))
    };
    let mut seen = Vec::new();
    let report = run(&path, options, std::future::pending(), |o| {
        seen.push(o.kind())
    })
    .await
    .unwrap();
    assert_eq!(seen, ["euiccPackage", "noPackage"]);
    assert_eq!(report.outcomes.len(), 1);
    assert_eq!(report.polls, 2);
    assert_eq!(report.to_json()["outcomes"][0]["enabledByPackage"], LOCAL);
    assert_eq!(parse_rplmn("26201").unwrap(), PLMN);
    assert!(parse_rplmn("2620").is_err());

    let reopened = Euicc::open(&path).unwrap();
    assert_eq!(
        reopened.state().profile_by_iccid(LOCAL).unwrap().state,
        ProfileStatus::Enabled
    );
    let traced = std::fs::read_dir(dir.path().join("trace")).unwrap().count();
    assert_eq!(
        traced, 6,
        "three ESipa exchanges, request and response each"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sgp32_5_14_a_fleet_polls_concurrently_with_one_client() {
    let server = FakeEim::start().await;
    let eim = Eim::new();
    let client = server.client();
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let mut ipa = Ipa::new(fleet_euicc(&eim), client.clone(), IpaOptions::default()).unwrap();
        tasks.push(tokio::spawn(async move { ipa.poll(Some(PLMN)).await }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap().unwrap(), PollOutcome::NoPackage);
    }
    assert_eq!(server.received().len(), 20);
}
