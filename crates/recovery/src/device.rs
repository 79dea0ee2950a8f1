//! The device under test. The runner judges it only from what reaches the servers, so any
//! device will do:
//!
//! - [`DeviceUnderTest::Own`]: rsp-lab's own, a separate process: a fresh software IoT
//!   eUICC (`rsp-lab euicc init --eim-config`) and its IPA (`rsp-lab ipa run`), told which
//!   profiles have no coverage;
//! - [`DeviceUnderTest::Command`]: a command the tester gives (`sh -c`), with the servers'
//!   coordinates in its environment: rsp-lab's IPA over a card in a PC/SC reader or a
//!   modem, or the tester's own device software;
//! - [`DeviceUnderTest::External`]: a device the tester runs on its own (a module on a
//!   bench), pointed at the printed addresses.
//!
//! A device other than rsp-lab's own must hold the eIM's configuration on its eUICC
//! (`eim-config.b64` in the run's directory, as AddInitialEim installs it) and trust the
//! lab CI (`ci.pem`).

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use tokio::process::{Child, Command};

use super::error::RecoveryError;
use super::scenario::{DeviceHints, ProfileType};
use super::servers::{SMDP_HOST, Servers, iccid_prefix, loopback_of};

/// CoAP's ACK_TIMEOUT of rsp-lab's own device (RFC 7252's is 2,000 ms).
const COAP_ACK_TIMEOUT_MS: u64 = 300;

/// Which device is tested.
#[derive(Clone, Debug)]
pub enum DeviceUnderTest {
    /// rsp-lab's own device: this `rsp-lab` binary run as `euicc` and `ipa`.
    Own { rsp_lab: PathBuf },
    /// `sh -c COMMAND` with the EID of its eUICC.
    Command { command: String, eid: String },
    /// A device started by the tester, with the EID of its eUICC.
    External { eid: String },
}

/// Where the device reaches the servers, as the environment of a device command gives it.
#[derive(Clone, Debug)]
pub struct Coordinates {
    /// `https://host:port` of ESipa (`coaps://` when the scenario's device uses CoAP).
    pub esipa_url: String,
    /// `HOST:PORT:ADDR` entries that lead the eIM's and the SM-DP+'s names to the
    /// listeners (`--resolve` of `rsp-lab ipa run`).
    pub resolve: Vec<String>,
    /// The lab CI (PEM).
    pub ca: PathBuf,
    /// The eIM Configuration Data (base64 DER).
    pub eim_config: PathBuf,
}

impl Coordinates {
    /// From the running servers; files written to `dir`.
    pub fn of(servers: &Servers, dir: &Path) -> Result<Coordinates, RecoveryError> {
        let io = RecoveryError::dir(dir);
        let esipa = servers.eim.esipa_addr();
        let es9 = servers.smdp.es9_addr();
        let eim_host = servers
            .eim
            .eim_address()
            .split(':')
            .next()
            .unwrap_or_default()
            .to_string();
        let ca = dir.join("ci.pem");
        std::fs::copy(servers.ci_pem(), &ca).map_err(io)?;
        let eim_config = dir.join("eim-config.b64");
        std::fs::write(
            &eim_config,
            servers.eim.fleet().eim_info().eim_configuration_data + "\n",
        )
        .map_err(io)?;
        // over CoAP the device reaches the eIM's CoAP listener by the same name
        let (scheme, esipa) = match servers.eim.esipa_coap_addr() {
            Some(coap) => ("coaps", coap),
            None => ("https", esipa),
        };
        Ok(Coordinates {
            esipa_url: format!("{scheme}://{eim_host}:{}", esipa.port()),
            resolve: vec![
                format!("{eim_host}:{}:{}", esipa.port(), loopback_of(esipa)),
                // Activation Codes name the SM-DP+ without a port: HTTPS's 443
                format!("{SMDP_HOST}:443:{}:{}", loopback_of(es9), es9.port()),
            ],
            ca,
            eim_config,
        })
    }

    /// The environment of a device command.
    fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("RSP_ESIPA_URL", self.esipa_url.clone()),
            ("RSP_RESOLVE_EIM", self.resolve[0].clone()),
            ("RSP_RESOLVE_SMDP", self.resolve[1].clone()),
            ("RSP_CA", self.ca.display().to_string()),
            ("RSP_EIM_CONFIG", self.eim_config.display().to_string()),
        ]
    }
}

/// A device that runs: its process when the runner started one, and its log.
pub struct RunningDevice {
    child: Option<Child>,
    pub log: PathBuf,
}

impl RunningDevice {
    /// Stops the device's process and whatever it started (its process group: a card
    /// served in the background, a shell's children), if the runner started one.
    pub async fn stop(mut self) {
        let Some(c) = &mut self.child else {
            return;
        };
        if let Some(pid) = c.id() {
            let _ = Command::new("kill")
                .args(["-TERM", "--", &format!("-{pid}")])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .await;
            if tokio::time::timeout(Duration::from_secs(3), c.wait())
                .await
                .is_ok()
            {
                return;
            }
        }
        let _ = c.start_kill();
        let _ = c.wait().await;
    }

    /// Whether the device's process ended on its own (with its status).
    pub fn exited(&mut self) -> Option<String> {
        let c = self.child.as_mut()?;
        match c.try_wait() {
            Ok(Some(status)) => Some(status.to_string()),
            _ => None,
        }
    }
}

impl DeviceUnderTest {
    /// The EID the tester named, for a device other than rsp-lab's own.
    pub fn named_eid(&self) -> Option<&str> {
        match self {
            DeviceUnderTest::Own { .. } => None,
            DeviceUnderTest::Command { eid, .. } | DeviceUnderTest::External { eid } => Some(eid),
        }
    }

    /// Makes rsp-lab's own eUICC in `dir` (nothing for another device); its EID.
    pub async fn prepare(
        &self,
        servers: &Servers,
        at: &Coordinates,
        dir: &Path,
    ) -> Result<String, RecoveryError> {
        let DeviceUnderTest::Own { rsp_lab } = self else {
            return Ok(self.named_eid().unwrap_or_default().to_string());
        };
        let state = dir.join("euicc.json");
        let _ = std::fs::remove_file(&state);
        let mut init = Command::new(rsp_lab);
        init.arg("euicc").arg("--state").arg(&state).arg("init");
        init.arg("--pki").arg(&servers.pki_dir);
        init.arg("--eim-config").arg(&at.eim_config);
        output(init, "rsp-lab euicc init").await?;
        let mut info = Command::new(rsp_lab);
        info.arg("euicc")
            .arg("--state")
            .arg(&state)
            .args(["info", "--json"]);
        let out = output(info, "rsp-lab euicc info").await?;
        let v: serde_json::Value = serde_json::from_slice(&out)
            .map_err(|e| RecoveryError::Device(format!("rsp-lab euicc info: {e}")))?;
        v["eid"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| RecoveryError::Device("rsp-lab euicc info: no eid".into()))
    }

    /// Starts the device (nothing to start for an external one); its output goes to
    /// `dir/device.log`.
    pub fn start(
        &self,
        eid: &str,
        at: &Coordinates,
        hints: &DeviceHints,
        dir: &Path,
    ) -> Result<RunningDevice, RecoveryError> {
        let log = dir.join("device.log");
        let mut cmd = match self {
            DeviceUnderTest::External { .. } => {
                return Ok(RunningDevice { child: None, log });
            }
            DeviceUnderTest::Own { rsp_lab } => {
                let mut c = Command::new(rsp_lab);
                c.arg("ipa").arg("--state").arg(dir.join("euicc.json"));
                c.arg("run").arg("--eim").arg(&at.esipa_url);
                if at.esipa_url.starts_with("coaps:") {
                    // RFC 7252 4.8.1: timers scaled down on loopback, so that a request
                    // the eIM lost is sent again within the scenario's waits
                    c.arg("--coap-ack-timeout")
                        .arg(COAP_ACK_TIMEOUT_MS.to_string());
                }
                for r in &at.resolve {
                    c.arg("--resolve").arg(r);
                }
                let interval = hints.interval_secs.unwrap_or(1).max(1);
                c.arg("--interval").arg(interval.to_string());
                let rollback = hints.rollback_after_secs.unwrap_or(5);
                c.arg("--rollback-after").arg(rollback.to_string());
                // the lab's stand-in for a profile without coverage
                c.arg("--no-coverage")
                    .arg(iccid_prefix(ProfileType::Uncovered));
                c
            }
            DeviceUnderTest::Command { command, .. } => {
                let mut c = Command::new("sh");
                c.arg("-c").arg(command);
                c
            }
        };
        for (k, v) in at.env() {
            cmd.env(k, v);
        }
        cmd.env("RSP_EID", eid);
        let file = |what: &str| {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&log)
                .map_err(|e| RecoveryError::Device(format!("{what} {}: {e}", log.display())))
        };
        // its own process group, stopped as one
        cmd.process_group(0);
        cmd.stdin(Stdio::null())
            .stdout(file("device log")?)
            .stderr(file("device log")?)
            .kill_on_drop(true);
        let child = cmd
            .spawn()
            .map_err(|e| RecoveryError::Device(format!("starting the device: {e}")))?;
        Ok(RunningDevice {
            child: Some(child),
            log,
        })
    }
}

/// Runs `cmd` to its end; its standard output, or its standard error as the failure.
async fn output(mut cmd: Command, what: &str) -> Result<Vec<u8>, RecoveryError> {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .await
        .map_err(|e| RecoveryError::Device(format!("{what}: {e}")))?;
    if !out.status.success() {
        return Err(RecoveryError::Device(format!(
            "{what}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(out.stdout)
}
