//! Running scenarios: for each, fresh servers, the device under test started, the steps
//! carried out in order, and a verdict from what reached the servers.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use conform::report::{CaseResult, Report, Verdict};
use eim::{OperationRequest, Registration};
use infra::faults::file::FileFaults;
use infra::faults::{FaultKind, Faults};
use proto::ids::{Eid, Iccid};
use sm_dp::{ConfirmOrder, Es2Client, Es2ClientOptions};

use super::device::{Coordinates, DeviceUnderTest};
use super::error::RecoveryError;
use super::judge::{self, LOOK_EVERY, Look, Seen};
use super::scenario::{Binding, Expect, ProfileType, Role, Scenario, Step};
use super::servers::{OPERATOR, SMDP_HOST, ServerOptions, Servers};
use super::step_error::{StepError, role_name};

/// How a run is carried out.
#[derive(Clone, Debug)]
pub struct RunOptions {
    pub servers: ServerOptions,
    pub device: DeviceUnderTest,
    /// Where each scenario's evidence goes (`<out>/<name>/`).
    pub out_dir: PathBuf,
    /// Every wait is multiplied by this (a slow device, a real network).
    pub time_scale: f64,
    /// The bootstrap profile the device has already: the `bootstrap` step then only
    /// records it.
    pub bootstrap_iccid: Option<String>,
}

/// What the runner tells the person at the terminal as it goes.
pub trait Progress {
    /// The servers are up: where a device reaches them.
    fn servers_up(&mut self, scenario: &Scenario, eid: &str, at: &Coordinates);
    /// A step begins.
    fn step(&mut self, n: usize, what: &str);
}

/// Runs each scenario in turn; the report of all.
pub async fn run(
    scenarios: &[Scenario],
    options: &RunOptions,
    progress: &mut dyn Progress,
) -> Result<Report, RecoveryError> {
    let mut results = Vec::new();
    for s in scenarios {
        results.push(run_one(s, options, progress).await?);
    }
    let target = match &options.device {
        DeviceUnderTest::Own { .. } => "rsp-lab's own device (software eUICC, IPA)".to_string(),
        DeviceUnderTest::Command { eid, .. } => format!("the device of EID {eid} (a command)"),
        DeviceUnderTest::External { eid } => format!("the device of EID {eid}"),
    };
    Ok(Report {
        target,
        cases: results,
    })
}

/// One scenario's state as its steps go.
struct Play<'a> {
    servers: &'a Servers,
    es2: Es2Client,
    eid: String,
    iccids: BTreeMap<ProfileType, Vec<String>>,
    last_operation: Option<(String, u64)>,
    /// Per role and kind: the injections counted before each rule was armed.
    armed: Vec<(Role, FaultKind, u64)>,
    scale: f64,
}

async fn run_one(
    s: &Scenario,
    options: &RunOptions,
    progress: &mut dyn Progress,
) -> Result<CaseResult, RecoveryError> {
    let started = Instant::now();
    let dir = options.out_dir.join(&s.name);
    std::fs::create_dir_all(&dir).map_err(RecoveryError::dir(&dir))?;
    let mut server_options = options.servers.clone();
    // A card outside keeps what it got: so do the servers (`keep_databases`).
    server_options.keep_databases = options.device.named_eid().is_some();
    server_options.indirect_download = s.indirect_download;
    server_options.esipa_coap = s.esipa == Binding::Coap;
    if !server_options.keep_databases {
        server_options.data_dir = options.servers.data_dir.join(&s.name);
    }
    if server_options.pki_dir.is_none() {
        // one PKI for every scenario of the run's directory
        let dir = options.servers.data_dir.join("pki");
        std::fs::create_dir_all(&options.servers.data_dir).map_err(RecoveryError::dir(&dir))?;
        super::servers::ensure_pki(&dir)?;
        server_options.pki_dir = Some(dir);
    }
    let servers = Servers::start(&server_options).await?;
    let at = Coordinates::of(&servers, &dir)?;
    let outcome = play(s, options, &servers, &at, &dir, progress).await;
    let evidence = match &outcome {
        Ok((eid, _)) | Err((eid, _)) if !eid.is_empty() => judge::evidence(&servers, eid).await,
        _ => serde_json::Value::Null,
    };
    let written = serde_json::to_string_pretty(&evidence).unwrap_or_default();
    let path = dir.join("eim.json");
    std::fs::write(&path, written).map_err(|source| RecoveryError::Write {
        path: path.clone(),
        source,
    })?;
    servers.shutdown().await;
    let (verdict, detail) = match outcome {
        Ok((_, seen)) => (Verdict::Pass, seen.join("; ")),
        Err((_, why)) => (Verdict::Fail, why),
    };
    Ok(CaseResult {
        name: s.title.clone(),
        group: "recovery".into(),
        test_case: Some(s.name.clone()),
        clause: s.clause.clone(),
        verdict,
        detail,
        evidence: s.name.clone(),
        millis: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
    })
}

type Played = Result<(String, Vec<String>), (String, String)>;

/// The scenario's steps against the device; what each expectation saw, or why it failed
/// (with the EID, once known).
async fn play(
    s: &Scenario,
    options: &RunOptions,
    servers: &Servers,
    at: &Coordinates,
    dir: &Path,
    progress: &mut dyn Progress,
) -> Played {
    let no_eid = |why: String| (String::new(), why);
    let eid = options
        .device
        .prepare(servers, at, dir)
        .await
        .map_err(|e| no_eid(e.to_string()))?;
    let fail = |why: String| (eid.clone(), why);
    let es2 = meet_servers(servers, &eid, options)
        .await
        .map_err(|e| fail(e.to_string()))?;
    progress.servers_up(s, &eid, at);
    let mut device = options
        .device
        .start(&eid, at, &s.device, dir)
        .map_err(|e| fail(e.to_string()))?;
    let mut p = Play {
        servers,
        es2,
        eid: eid.clone(),
        iccids: BTreeMap::new(),
        last_operation: None,
        armed: Vec::new(),
        scale: options.time_scale,
    };
    if let Some(b) = &options.bootstrap_iccid {
        p.iccids
            .entry(ProfileType::Bootstrap)
            .or_default()
            .push(b.clone());
    }
    let mut seen = Vec::new();
    let mut outcome = Ok(());
    for (i, step) in s.steps.iter().enumerate() {
        progress.step(i + 1, &describe(step));
        let r = p.step(step, options, &mut device).await;
        match r {
            Ok(Some(what)) => seen.push(format!("step {}: {what}", i + 1)),
            Ok(None) => {}
            Err(why) => {
                outcome = Err(format!("step {} ({}): {why}", i + 1, describe(step)));
                break;
            }
        }
    }
    if outcome.is_ok() {
        outcome = p.faults_served().map_err(|e| e.to_string());
    }
    device.stop().await;
    match outcome {
        Ok(()) => Ok((eid, seen)),
        Err(why) => Err(fail(why)),
    }
}

/// The device registered at the eIM (unless an earlier scenario of a kept database did it:
/// its counter goes on), and the operator's ES2+ client of the SM-DP+.
async fn meet_servers(
    servers: &Servers,
    eid: &str,
    options: &RunOptions,
) -> Result<Es2Client, MeetError> {
    let registration = Registration {
        eid: eid.to_string(),
        euicc_certificate: None,
        eum_certificate: None,
        counter_value: None,
        association_token: None,
        eim_id: None,
        bootstrap_iccid: options.bootstrap_iccid.clone(),
    };
    let fleet = servers.eim.fleet();
    // registered in an earlier scenario of a kept database: its counter goes on
    if fleet.device(eid).await.is_err() {
        fleet
            .register(&registration)
            .await
            .map_err(|source| MeetError::Register {
                eid: eid.to_string(),
                source,
            })?;
    }
    let mut es2_options = Es2ClientOptions::from_pki(
        &servers.pki,
        OPERATOR,
        &format!("https://{SMDP_HOST}:{}", servers.smdp.es2_addr().port()),
    )
    .map_err(MeetError::Es2)?;
    es2_options.resolve = Some(servers.smdp.es2_addr());
    Es2Client::new(&es2_options).map_err(MeetError::Es2)
}

/// Why the servers could not be readied for a scenario's device.
#[derive(Debug, thiserror::Error)]
enum MeetError {
    /// The eIM refused the device's registration.
    #[error("registering {eid} at the eIM: {source}")]
    Register {
        eid: String,
        source: eim::EngineError,
    },
    /// The operator's ES2+ client could not be made.
    #[error("ES2+ client: {0}")]
    Es2(sm_dp::Es2ClientError),
}

/// A step in a few words.
fn describe(step: &Step) -> String {
    match step {
        Step::Bootstrap => "bootstrap".into(),
        Step::Download { profile } => format!("download {}", profile.as_str()),
        Step::Enable { profile, rollback } => format!(
            "enable {}{}",
            profile.as_str(),
            if *rollback { " with rollback" } else { "" }
        ),
        Step::Queue { operation } => format!(
            "queue {}",
            operation
                .get("type")
                .and_then(|t| t.as_str())
                .unwrap_or("?")
        ),
        Step::Arm { role, rule, .. } => format!(
            "arm {} at the {}",
            rule.iter()
                .map(|r| r.kind.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            role_name(*role)
        ),
        Step::Expect(e) => format!("expect {:?}", e.check).to_lowercase(),
        Step::Wait { secs } => format!("wait {secs} s"),
    }
}

impl Play<'_> {
    fn iccid(&self, t: ProfileType) -> Option<String> {
        self.iccids.get(&t).and_then(|v| v.last().cloned())
    }

    fn faults(&self, role: Role) -> &Faults {
        match role {
            Role::Smdp => &self.servers.smdp_faults,
            Role::Eim => &self.servers.eim_faults,
        }
    }

    fn scaled(&self, secs: u64) -> Duration {
        Duration::from_secs_f64((secs as f64 * self.scale).max(0.1))
    }

    async fn step(
        &mut self,
        step: &Step,
        options: &RunOptions,
        device: &mut super::device::RunningDevice,
    ) -> Result<Option<String>, StepError> {
        match step {
            Step::Bootstrap => self.bootstrap(options, device).await.map(Some),
            Step::Download { profile } => {
                let ac = self.order(*profile).await?;
                self.queue(serde_json::json!({"type": "download", "activationCode": ac}))
                    .await?;
                Ok(None)
            }
            Step::Enable { profile, rollback } => {
                let iccid = self
                    .iccid(*profile)
                    .ok_or(StepError::NotDownloaded(profile.as_str()))?;
                self.queue(
                    serde_json::json!({"type": "enable", "iccid": iccid, "rollback": rollback}),
                )
                .await?;
                Ok(None)
            }
            Step::Queue { operation } => {
                let v = serde_json::to_value(operation).map_err(StepError::Operation)?;
                self.queue(v).await?;
                Ok(None)
            }
            Step::Arm { role, seed, rule } => {
                let table = FileFaults {
                    seed: *seed,
                    rule: rule.clone(),
                };
                let now = std::time::SystemTime::now();
                let built = match role {
                    Role::Smdp => sm_dp::faults_from_table(table, now),
                    Role::Eim => eim::faults_from_table(table, now),
                }
                .map_err(StepError::Faults)?;
                for r in rule {
                    if let Some(kind) = FaultKind::parse(&r.kind) {
                        let before = self.faults(*role).injected(kind);
                        self.armed.push((*role, kind, before));
                    }
                }
                self.faults(*role).arm(&built);
                Ok(None)
            }
            Step::Expect(e) => self.expect(e, device).await.map(Some),
            Step::Wait { secs } => {
                tokio::time::sleep(self.scaled(*secs)).await;
                Ok(None)
            }
        }
    }

    /// ES2+ DownloadOrder and ConfirmOrder of a profile of type `t` for the EID; its
    /// Activation Code (SGP.22 4.1).
    async fn order(&mut self, t: ProfileType) -> Result<String, StepError> {
        let eid = Eid::parse(&self.eid).map_err(|source| StepError::Eid {
            eid: self.eid.clone(),
            source,
        })?;
        let ordered = self
            .es2
            .download_order(Some(eid.clone()), None, Some(t.as_str().into()))
            .await
            .map_err(StepError::DownloadOrder)?;
        let iccid: Iccid = ordered.iccid.clone();
        let confirmed = self
            .es2
            .confirm_order(ConfirmOrder {
                iccid: iccid.clone(),
                eid: Some(eid),
                matching_id: None,
                confirmation_code: None,
                smds_address: None,
                release_flag: true,
            })
            .await
            .map_err(StepError::ConfirmOrder)?;
        self.iccids
            .entry(t)
            .or_default()
            .push(iccid.as_str().to_string());
        Ok(format!("1${SMDP_HOST}${}", confirmed.matching_id))
    }

    /// Queues an operation at the eIM; it becomes the last operation.
    async fn queue(&mut self, body: serde_json::Value) -> Result<String, StepError> {
        let request: OperationRequest =
            serde_json::from_value(body.clone()).map_err(|source| StepError::OperationBody {
                body: body.clone(),
                source,
            })?;
        let polls = judge::polls(self.servers.eim.metrics_addr())
            .await
            .unwrap_or(0);
        let op = self
            .servers
            .eim
            .fleet()
            .queue(&self.eid, &request)
            .await
            .map_err(|source| StepError::Queue { body, source })?;
        self.last_operation = Some((op.id.clone(), polls));
        Ok(op.id)
    }

    /// The bootstrap profile: downloaded, enabled and set as Fallback through the eIM,
    /// each operation done before the next (SGP.32 v1.2 3.4.5).
    async fn bootstrap(
        &mut self,
        options: &RunOptions,
        device: &mut super::device::RunningDevice,
    ) -> Result<String, StepError> {
        if let Some(iccid) = &options.bootstrap_iccid {
            return Ok(format!("the device's bootstrap {iccid}"));
        }
        let done = Expect {
            check: super::scenario::Check::Operation,
            within_secs: Some(120),
            within_polls: None,
            state: None,
            contains: None,
            profile: None,
            kind: None,
        };
        let ac = self.order(ProfileType::Bootstrap).await?;
        self.queue(serde_json::json!({"type": "download", "activationCode": ac}))
            .await?;
        self.expect(&done, device).await?;
        let iccid = self.iccid(ProfileType::Bootstrap).unwrap_or_default();
        self.queue(serde_json::json!({"type": "enable", "iccid": iccid, "rollback": false}))
            .await?;
        self.expect(&done, device).await?;
        self.queue(serde_json::json!({"type": "setFallback", "iccid": iccid}))
            .await?;
        self.expect(&done, device).await?;
        Ok(format!("bootstrap {iccid} downloaded, enabled, Fallback"))
    }

    /// Waits until `e` holds; what was seen, or why it cannot hold.
    async fn expect(
        &self,
        e: &Expect,
        device: &mut super::device::RunningDevice,
    ) -> Result<String, StepError> {
        let deadline = Instant::now() + self.scaled(e.secs());
        let last = self
            .last_operation
            .as_ref()
            .map(|(id, polls)| (id.as_str(), *polls));
        let iccid_of = |t: ProfileType| self.iccid(t);
        let seen = Seen {
            servers: self.servers,
            eid: &self.eid,
            iccid_of: &iccid_of,
            last_operation: last,
        };
        loop {
            let so_far = match judge::look(e, &seen).await {
                Look::Holds(what) => return Ok(what),
                Look::Never(why) => return Err(StepError::Never(why)),
                Look::NotYet(what) => what,
            };
            if let Some(status) = device.exited() {
                return Err(StepError::DeviceEnded {
                    status,
                    log: device.log.display().to_string(),
                    so_far,
                });
            }
            if Instant::now() >= deadline {
                return Err(StepError::NotWithin {
                    secs: self.scaled(e.secs()).as_secs_f64(),
                    so_far,
                });
            }
            tokio::time::sleep(LOOK_EVERY).await;
        }
    }

    /// Every armed rule met the device: each armed kind was injected more often than
    /// before it was armed.
    fn faults_served(&self) -> Result<(), StepError> {
        for (role, kind, before) in &self.armed {
            if self.faults(*role).injected(*kind) <= *before {
                return Err(StepError::NeverServed {
                    role: *role,
                    kind: *kind,
                });
            }
        }
        Ok(())
    }
}
