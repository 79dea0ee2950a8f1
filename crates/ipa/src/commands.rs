//! `rsp-lab ipa --state FILE [--sgp32 1.0|1.2] run [--once] [--eim URL] [--rplmn MCCMNC]
//! [--rollback-after SECONDS] [--trace-dir DIR]`
//! as a library function: the IPA of the eUICC in a state file polls its eIM until there is
//! nothing more to do (`--once`), or keeps polling at an interval until shut down.
//!
//! ```no_run
//! # use std::path::Path;
//! # use ipa::commands::{RunOptions, run};
//! # async fn f() -> Result<(), ipa::IpaError> {
//! let options = RunOptions {
//!     once: true,
//!     rplmn: Some("26201".into()),
//!     ..RunOptions::new(infra::tls::ServerTrust::Insecure)
//! };
//! let report = run(Path::new("euicc.json"), options, std::future::pending(), |o| {
//!     println!("{}", o.to_json())
//! })
//! .await?;
//! # Ok(()) }
//! ```

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use infra::tls::ServerTrust;
use infra::trace::TraceDir;
use proto::ids::Plmn;

use super::agent::{AttachProbe, EimEntry, Ipa, IpaOptions};
use super::card::IpaCard;
use super::error::IpaError;
use super::esipa::{EsipaClient, EsipaOptions};
use super::report::{PendingDelivery, PollOutcome};
use euicc_sim::{Euicc, Sgp32Version};
use lpa::Resolve;
use lpa::quirks::Quirks;

/// The options of `rsp-lab ipa run`.
#[derive(Clone)]
pub struct RunOptions {
    /// Poll until the eIM has nothing, then stop.
    pub once: bool,
    /// `--eim URL`: the eIM's base URL instead of `https://<eimFqdn>`.
    pub eim_url: Option<String>,
    /// `--rplmn MCCMNC`: the serving network (`26201`, `310-260`).
    pub rplmn: Option<String>,
    /// `--trace-dir DIR`: every ESipa message is written there.
    pub trace_dir: Option<PathBuf>,
    pub trust: ServerTrust,
    /// `--resolve HOST:PORT:ADDR`, for the eIM and the SM-DP+ alike.
    pub resolve: Vec<Resolve>,
    /// Time between polls when not `once`.
    pub interval: Duration,
    /// Packages taken in one round before pausing.
    pub max_packages: usize,
    /// `--sgp32 VERSION`: the SGP.32 version spoken on ESipa; by default the eUICC's.
    pub sgp32: Option<Sgp32Version>,
    /// `--rollback-after SECONDS`: [`IpaOptions::rollback_after`].
    pub rollback_after: Option<Duration>,
    /// `--no-coverage ICCID`: profiles (an ICCID or its leading digits) with which the
    /// device cannot register on a network, the lab's stand-in for a profile without
    /// coverage. With any given, the IPA checks the network after each round
    /// ([`NoCoverage`]).
    pub no_coverage: Vec<String>,
    /// `--quirks FILE`: how this device departs from the specification
    /// ([`lpa::quirks`]), on ESipa and on ES9+ alike.
    pub quirks: Quirks,
    /// `--psk IDENTITY:HEXKEY`: the device's DTLS pre-shared key for an eIM reached over
    /// CoAP (`coaps://`).
    pub psk: Option<(Vec<u8>, Vec<u8>)>,
    /// `--coap-ack-timeout MS`: CoAP's ACK_TIMEOUT, RFC 7252's 2 s without.
    pub coap_ack_timeout: Option<Duration>,
}

impl RunOptions {
    pub fn new(trust: ServerTrust) -> RunOptions {
        RunOptions {
            once: false,
            eim_url: None,
            rplmn: None,
            trace_dir: None,
            trust,
            resolve: Vec::new(),
            interval: Duration::from_secs(60),
            max_packages: 32,
            sgp32: None,
            rollback_after: Some(super::agent::DEFAULT_ROLLBACK_AFTER),
            no_coverage: Vec::new(),
            quirks: Quirks::none(),
            psk: None,
            coap_ack_timeout: None,
        }
    }
}

/// What a run did.
#[derive(Clone, Debug, Default)]
pub struct RunReport {
    pub eid: String,
    pub eim_id: String,
    /// Every eIM Configuration Data of the eUICC, those not polled with why.
    pub eims: Vec<EimEntry>,
    /// What the eUICC held for the eIM at start-up, delivered before the first poll.
    pub pending: PendingDelivery,
    /// Every outcome except "no package".
    pub outcomes: Vec<PollOutcome>,
    pub polls: usize,
}

impl RunReport {
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "eid": self.eid,
            "eimId": self.eim_id,
            "eims": self.eims.iter().map(EimEntry::to_json).collect::<Vec<_>>(),
            "pending": self.pending.to_json(),
            "polls": self.polls,
            "outcomes": self.outcomes.iter().map(PollOutcome::to_json).collect::<Vec<_>>(),
        })
    }
}

/// The 3-octet TS 24.008 form of `MCCMNC` / `MCC-MNC`.
pub fn parse_rplmn(text: &str) -> Result<[u8; 3], IpaError> {
    Plmn::parse(text)
        .map(|p| p.to_bytes())
        .map_err(|e| IpaError::Setup(format!("--rplmn {text:?}: {e}")))
}

/// Runs the IPA of the eUICC in `state` until done (`once`) or until `shutdown`
/// completes; `on_outcome` sees every outcome as it happens.
pub async fn run(
    state: &Path,
    mut options: RunOptions,
    shutdown: impl Future<Output = ()>,
    on_outcome: impl FnMut(&PollOutcome),
) -> Result<RunReport, IpaError> {
    let euicc = Euicc::open(state).map_err(|e| IpaError::State(e.to_string()))?;
    options.sgp32 = Some(options.sgp32.unwrap_or(euicc.state().options.sgp32));
    run_on(euicc, options, shutdown, on_outcome).await
}

/// Runs the IPA on `card` (the eUICC of a state file, or a card behind APDUs:
/// [`super::ApduCard`]) until done (`once`) or until `shutdown` completes. ESipa speaks
/// `options.sgp32`, v1.2 when not given.
pub async fn run_on<C: IpaCard>(
    card: C,
    options: RunOptions,
    shutdown: impl Future<Output = ()>,
    mut on_outcome: impl FnMut(&PollOutcome),
) -> Result<RunReport, IpaError> {
    let rplmn = options.rplmn.as_deref().map(parse_rplmn).transpose()?;
    let esipa = esipa_client(&options)?;
    let ipa_options = ipa_options(&options);
    let mut ipa = Ipa::new(card, esipa, ipa_options)?;
    let coverage =
        (!options.no_coverage.is_empty()).then(|| NoCoverage(options.no_coverage.clone()));
    if let Some(c) = &coverage {
        ipa.set_attach_probe(Arc::new(c.clone()));
    }
    // SGP.32 v1.2 5.9.11, 5.14.6, 5.14.7: what the eUICC kept for the eIM goes first.
    let pending = match ipa.deliver_pending().await {
        Ok(p) => p,
        // left due: the first poll delivers it
        Err(e) if !options.once && e.eim_unreachable() => {
            tracing::warn!(error = %e, "the eIM could not be reached at start-up");
            PendingDelivery::default()
        }
        Err(e) => return Err(e),
    };
    let mut report = RunReport {
        eid: ipa.eid().to_string(),
        eim_id: ipa.eim().eim_id.clone(),
        eims: ipa.eims().to_vec(),
        pending,
        ..RunReport::default()
    };
    tokio::pin!(shutdown);
    loop {
        if coverage.is_some() {
            check_network(&mut ipa)?;
        }
        poll_round(&mut ipa, rplmn, &options, &mut report, &mut on_outcome).await?;
        if options.once {
            return Ok(report);
        }
        tokio::select! {
            _ = &mut shutdown => return Ok(report),
            _ = tokio::time::sleep(options.interval) => {}
        }
    }
}

/// The ESipa client of the run: trust, `--resolve`, `--trace-dir` and quirks of `options`.
fn esipa_client(options: &RunOptions) -> Result<EsipaClient, IpaError> {
    let trace = options
        .trace_dir
        .as_ref()
        .map(TraceDir::new)
        .transpose()
        .map_err(|e| IpaError::Setup(format!("--trace-dir: {e}")))?;
    Ok(EsipaClient::new(&EsipaOptions {
        resolve: options
            .resolve
            .iter()
            .map(|r| (r.host.clone(), r.addr))
            .collect(),
        trace,
        psk: options.psk.clone(),
        coap_ack_timeout: options.coap_ack_timeout,
        ..EsipaOptions::new(options.trust.clone())
    })?
    .with_quirks(options.quirks.clone()))
}

/// The IPA's options for the run: its eIM, and the LPA of a direct download trusting and
/// reaching the SM-DP+ as the eIM.
fn ipa_options(options: &RunOptions) -> IpaOptions {
    let mut ipa_options = IpaOptions {
        eim_url: options.eim_url.clone(),
        ..IpaOptions::default()
    };
    // The SM-DP+ of a direct download is trusted as the eIM is (the lab CI).
    ipa_options.lpa.es9.trust = Some(options.trust.clone());
    ipa_options.lpa.es9.resolve = options.resolve.clone();
    ipa_options.lpa.es9.trace_dir = options.trace_dir.clone();
    ipa_options.sgp32 = options.sgp32.unwrap_or(Sgp32Version::V1_2);
    ipa_options.rollback_after = options.rollback_after;
    ipa_options.lpa.es9.quirks = options.quirks.clone();
    ipa_options
}

/// Polls until the eIM has no package (or answers with an error), at most
/// `options.max_packages` times; an eIM out of reach ends the round unless `once`.
async fn poll_round<C: IpaCard>(
    ipa: &mut Ipa<C>,
    rplmn: Option<[u8; 3]>,
    options: &RunOptions,
    report: &mut RunReport,
    on_outcome: &mut impl FnMut(&PollOutcome),
) -> Result<(), IpaError> {
    for _ in 0..options.max_packages {
        report.polls += 1;
        let outcome = match ipa.poll(rplmn).await {
            Ok(o) => o,
            // The IPA starts every ESipa exchange (SGP.32 v1.2 5.14): an eIM out of
            // reach is tried again at the next poll, what the eUICC holds for it kept
            // until then.
            Err(e) if !options.once && e.eim_unreachable() => {
                tracing::warn!(error = %e, "the eIM could not be reached; polling again later");
                break;
            }
            Err(e) => return Err(e),
        };
        on_outcome(&outcome);
        let idle = matches!(outcome, PollOutcome::NoPackage | PollOutcome::EimError(_));
        if !matches!(outcome, PollOutcome::NoPackage) {
            report.outcomes.push(outcome);
        }
        if idle {
            break;
        }
    }
    Ok(())
}

/// Profiles without coverage (`--no-coverage`): the device attaches with every profile
/// except those whose ICCID starts with one of these.
#[derive(Clone, Debug)]
pub struct NoCoverage(pub Vec<String>);

impl AttachProbe for NoCoverage {
    fn attaches(&self, _eid: &str, iccid: &str) -> bool {
        !self.0.iter().any(|p| iccid.starts_with(p.as_str()))
    }
}

/// Before a round: when the enabled profile cannot register, the Fallback Mechanism
/// (SGP.32 v1.2 3.4.5: the IPA has nothing else that reaches a network). After an enable
/// with `rollbackFlag` the IPA rolled back already within the package.
fn check_network<C: IpaCard>(ipa: &mut Ipa<C>) -> Result<(), IpaError> {
    let Some(iccid) = ipa.enabled_iccid()? else {
        return Ok(());
    };
    let attaches = ipa.probe_attaches(&iccid);
    if !attaches {
        ipa.recover_network()?;
    }
    Ok(())
}
