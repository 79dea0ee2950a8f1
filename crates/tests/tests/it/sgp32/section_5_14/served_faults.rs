//! Faults the eIM serves on purpose to a device under test (`[faults]`, issue 55), met by our
//! own IPA and IoT eUICC over loopback TLS with the real database: each fault is injected,
//! the device ends in the recovery SGP.32 v1.2 expects, the fault is counted in
//! `eim_faults_injected_total` and written to the device's history (its dashboard page).
//!
//! - The eIM unreachable for a window: the poll fails and the IPA keeps what it has; after
//!   the window the next poll is answered (SGP.32 v1.2 3.1.1: the IPA polls again).
//! - An answer lost after the eIM delivered a package: the next poll gets the same octets
//!   (same counterValue), which the eUICC executes once (5.14.5, 2.11.2).
//! - An eUICC Package with a stale counter: the eUICC refuses it with a signed
//!   `replayError(4)` and the IPA reports it (5.9.1 LoadEuiccPackage, 5.14.5).
//! - An eUICC Package with a bad signature: the eUICC refuses it unsigned
//!   (`euiccPackageErrorUnsigned`) and the IPA reports it.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use eim::{EimHandle, EimServerConfig, ManualClock, ServeOptions};
use euicc_sim::Euicc;
use euicc_sim::Sgp32Version;
use infra::faults::{FaultKind, Faults, Rule, Select};
use infra::metrics::exposition;
use ipa::{Ipa, IpaError, PollOutcome};
use proto::sgp32::{EuiccPackageErrorCode, EuiccPackageResult};
use serde_json::json;
use tests::Lab;
use tests::lab_eim::{self, Api};
use tests::metrics::scrape;

/// 262-01, Germany.
const GERMANY: [u8; 3] = [0x62, 0xF2, 0x10];

/// The faults of a `--faults` file holding `table`, read as `eim serve` reads it.
fn faults(table: &str) -> Faults {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("faults.toml");
    std::fs::write(&file, table).unwrap();
    EimServerConfig::from_options(&ServeOptions {
        server: server::Flags {
            data_dir: dir.path().into(),
            faults_file: Some(file),
            ..server::Flags::default()
        },
        ..ServeOptions::default()
    })
    .expect("the faults file")
    .server
    .faults
}

struct Bed {
    _lab: Lab,
    eim: EimHandle,
    api: Api,
    eid: String,
    ipa: Ipa<Euicc>,
    metrics: SocketAddr,
}

/// A lab's eIM serving `faults` on `clock`, with its metrics, and one registered device.
async fn bed(faults: Faults, clock: ManualClock) -> Bed {
    let lab = Lab::start().await;
    let eim = lab_eim::start_eim(&lab, |c| {
        c.server.faults = faults;
        c.clock = Arc::new(clock);
        c.server.metrics_listen = Some("127.0.0.1:0".parse().unwrap());
        c.web_listen = Some("127.0.0.1:0".parse().unwrap());
    })
    .await;
    let metrics = eim.metrics_addr().expect("metrics listener");
    let api = Api::new(&lab, &eim);
    let euicc = lab_eim::iot_device(&lab, &eim, Sgp32Version::V1_2);
    api.register(&euicc, true).await;
    let eid = euicc.eid().to_string();
    let ipa = lab_eim::iot_ipa(&lab, &eim, euicc, Sgp32Version::V1_2, None);
    Bed {
        _lab: lab,
        eim,
        api,
        eid,
        ipa,
        metrics,
    }
}

impl Bed {
    async fn injected(&self, kind: FaultKind) -> f64 {
        exposition::value(
            &scrape(self.metrics).await,
            "eim_faults_injected_total",
            &[("role", "eim"), ("kind", kind.as_str())],
        )
    }

    /// The faults in the device's history, as its dashboard page lists them.
    async fn faults_in_history(&self) -> Vec<String> {
        let history = self.eim.fleet().history(&self.eid, 100).await.unwrap();
        history
            .events
            .iter()
            .filter(|e| e.kind == "fault")
            .map(|e| e.detail["fault"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// The device's page on the dashboard, as a browser gets it with the logged token.
    async fn dashboard_page(&self) -> String {
        let addr = self.eim.web_addr().expect("dashboard");
        let url = self.eim.web_url().expect("dashboard URL");
        let token = url.split("token=").nth(1).expect("token");
        let path = format!("/devices/{}", self.eid);
        let first = http_get(addr, &format!("{path}?token={token}"), None).await;
        let cookie = first
            .lines()
            .find_map(|l| l.strip_prefix("set-cookie: "))
            .and_then(|c| c.split(';').next())
            .expect("a session cookie")
            .to_string();
        http_get(addr, &path, Some(&cookie)).await
    }

    /// The operation's state once the eIM settled it.
    async fn state(&self, op: &str) -> String {
        self.api.operation(op).await["state"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// The one package outcome of a poll.
    async fn package(&mut self) -> Box<ipa::PackageOutcome> {
        match self.ipa.poll(Some(GERMANY)).await.expect("poll") {
            PollOutcome::Package(p) => p,
            other => panic!("expected a package, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn sgp32_3_1_1_the_eim_unreachable_for_a_window_then_the_device_polls_again() {
    let clock = ManualClock::starting_now();
    let start = SystemTime::UNIX_EPOCH + Duration::from_millis(clock_ms(&clock));
    let mut rule = Rule::new(FaultKind::Unreachable, Select::All);
    rule.from = Some(start);
    rule.until = Some(start + Duration::from_secs(3 * 24 * 3600));
    let mut b = bed(Faults::new("eim", vec![rule]), clock.clone()).await;

    let refused = b.ipa.poll(Some(GERMANY)).await;
    assert!(
        matches!(&refused, Err(IpaError::Connection { function, .. }) if *function == "getEimPackage"),
        "{refused:?}"
    );
    clock.advance_days(3);
    let answered = b.ipa.poll(Some(GERMANY)).await.expect("after the window");
    assert!(matches!(answered, PollOutcome::NoPackage), "{answered:?}");
    assert_eq!(b.injected(FaultKind::Unreachable).await, 1.0);
    assert_eq!(b.faults_in_history().await, ["unreachable"]);
}

/// One GET on a fresh connection: the whole answer as text.
async fn http_get(addr: SocketAddr, path: &str, cookie: Option<&str>) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let cookie = cookie
        .map(|c| format!("Cookie: {c}\r\n"))
        .unwrap_or_default();
    let req = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n{cookie}Connection: close\r\n\r\n");
    s.write_all(req.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).await.unwrap();
    String::from_utf8_lossy(&raw).into_owned()
}

fn clock_ms(clock: &ManualClock) -> u64 {
    use eim::Clock;
    u64::try_from(clock.now_ms()).unwrap()
}

#[tokio::test]
async fn sgp32_5_14_5_an_answer_lost_after_delivery_then_the_same_package_again() {
    let f = faults(
        "[faults]\n[[faults.rule]]\nkind = \"lose_answer\"\neid_prefix = \"89\"\n\
         functions = [\"getEimPackage\"]\ntimes = 1\n",
    );
    let mut b = bed(f, ManualClock::starting_now()).await;
    let op = b.api.queue(&b.eid, json!({"type": "listProfiles"})).await;
    let lost = b.ipa.poll(Some(GERMANY)).await;
    assert!(
        matches!(&lost, Err(IpaError::Connection { .. })),
        "{lost:?}"
    );
    let p = b.package().await;
    assert!(
        matches!(p.result, EuiccPackageResult::EuiccPackageResultSigned(_)),
        "executed once, on the second delivery: {:?}",
        p.result
    );
    assert_eq!(b.state(&op).await, "done");
    assert_eq!(b.injected(FaultKind::LoseAnswer).await, 1.0);
    assert_eq!(b.faults_in_history().await, ["lose_answer"]);
}

#[tokio::test]
async fn sgp32_5_9_1_a_stale_counter_is_refused_by_the_euicc_and_reported() {
    let f = faults("[faults]\n[[faults.rule]]\nkind = \"stale_counter\"\ntimes = 1\n");
    let mut b = bed(f, ManualClock::starting_now()).await;
    let op = b.api.queue(&b.eid, json!({"type": "listProfiles"})).await;
    let p = b.package().await;
    match &p.result {
        EuiccPackageResult::EuiccPackageErrorSigned(e) => assert_eq!(
            e.euicc_package_error_data_signed
                .value()
                .euicc_package_error_code,
            EuiccPackageErrorCode::ReplayError
        ),
        other => panic!("the eUICC must refuse a stale counter: {other:?}"),
    }
    assert!(p.delivery.refused.is_none(), "the eIM took the report");
    assert_ne!(b.state(&op).await, "done");
    // the eIM's counter moved on: the next package is accepted
    let next = b.api.queue(&b.eid, json!({"type": "listProfiles"})).await;
    let p = b.package().await;
    assert!(
        matches!(p.result, EuiccPackageResult::EuiccPackageResultSigned(_)),
        "{:?}",
        p.result
    );
    assert_eq!(b.state(&next).await, "done");
    assert_eq!(b.injected(FaultKind::StaleCounter).await, 1.0);
    assert_eq!(b.faults_in_history().await, ["stale_counter"]);
    let page = b.dashboard_page().await;
    let history = page
        .split("<table id=\"history\">")
        .nth(1)
        .expect("the history table");
    assert!(
        history.contains("fault") && history.contains("stale_counter"),
        "the fault in the device's history on its page: {history}"
    );
}

#[tokio::test]
async fn sgp32_5_9_1_a_bad_signature_is_refused_by_the_euicc_and_reported() {
    let f = faults("[faults]\n[[faults.rule]]\nkind = \"bad_signature\"\nshare = 1.0\ntimes = 1\n");
    let mut b = bed(f, ManualClock::starting_now()).await;
    let op = b.api.queue(&b.eid, json!({"type": "listProfiles"})).await;
    let p = b.package().await;
    assert!(
        matches!(p.result, EuiccPackageResult::EuiccPackageErrorUnsigned(_)),
        "the eUICC must refuse a signature that does not verify: {:?}",
        p.result
    );
    assert_ne!(b.state(&op).await, "done");
    assert_eq!(b.injected(FaultKind::BadSignature).await, 1.0);
    assert_eq!(b.faults_in_history().await, ["bad_signature"]);
}

#[tokio::test]
async fn sgp32_5_14_5_a_delayed_answer_is_waited_for() {
    let f = faults(
        "[faults]\n[[faults.rule]]\nkind = \"delay\"\ndelay_ms = 200\n\
         functions = [\"getEimPackage\"]\ntimes = 1\n",
    );
    let mut b = bed(f, ManualClock::starting_now()).await;
    let started = std::time::Instant::now();
    let answered = b.ipa.poll(Some(GERMANY)).await.expect("a delayed answer");
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert!(matches!(answered, PollOutcome::NoPackage), "{answered:?}");
    assert_eq!(b.injected(FaultKind::Delay).await, 1.0);
    assert_eq!(b.faults_in_history().await, ["delay"]);
}
