//! `rsp-lab bench download`: complete SGP.22 downloads (ES9+ over TLS on loopback, the
//! installation result through ES9+.HandleNotification included) by software eUICCs with
//! their LPAs in this process, against the SM-DP+ started in this process on a runtime of
//! its own, at each concurrency level of a sweep.
//!
//! Each download is a new device (its own eUICC, LPA, HTTPS client and therefore TLS
//! handshake) with its own released order, as a fleet of real devices would be. Orders and
//! devices are made before a level's clock starts; the level measures the downloads only.
//!
//! Or against an SM-DP+ already running ([`ExternalSmdp`]): orders are placed over its ES2+
//! with the operator certificate of the lab PKI it runs with, whose EUM issues the eUICCs;
//! its CPU time is read from `/proc/<pid>/stat` when its process ID is given.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use certs::CertRole;
use euicc_sim::apdu::Card;
use euicc_sim::{Euicc, EuiccOptions};
use lpa::{DownloadRequest, DownloadStep, Lpa, LpaOptions, Resolve, ServerTrust, StepHook};
use serde::Serialize;
use sm_dp::{ConfirmOrder, Es2Client, Es2ClientOptions, InventoryAdd, Template};

use super::cpu::CpuMark;
use super::error::DownloadError;
use super::paced;
use super::server::{BenchPki, RoleRuntime, SMDP_THREADS};
use super::stats::{Percentiles, ms};
use fleet::devices::deploy::issue;
use fleet::servers::{FIRST_OPERATOR, SMDP_FQDN};

/// ES9+ and ES10 steps of a download, in order, as the LPA announces them.
const STEPS: [DownloadStep; 7] = [
    DownloadStep::InitiateAuthentication,
    DownloadStep::AuthenticateServer,
    DownloadStep::AuthenticateClient,
    DownloadStep::PrepareDownload,
    DownloadStep::GetBoundProfilePackage,
    DownloadStep::LoadBoundProfilePackage,
    DownloadStep::HandleNotification,
];

/// What to run.
#[derive(Clone, Debug)]
pub struct DownloadOptions {
    /// Concurrent downloads of each level.
    pub concurrency: Vec<usize>,
    /// Downloads per level.
    pub downloads: usize,
    /// The profile package (DER) every profile is personalized from.
    pub template: Vec<u8>,
    /// Where `template` came from, for the report.
    pub template_name: String,
    /// An SM-DP+ already running, instead of one started in this process (`template` is
    /// then unused: the profiles are its inventory's).
    pub external: Option<ExternalSmdp>,
}

/// An SM-DP+ the benchmark did not start (`rsp-lab smdp serve`, or another one that
/// trusts the lab PKI's CI).
#[derive(Clone, Debug)]
pub struct ExternalSmdp {
    /// Its ES9+ base URL, e.g. `https://smdp.rsp-lab.test:8443`; the host is the SM-DP+
    /// address of the activation codes.
    pub es9: String,
    /// Its ES2+ base URL, e.g. `https://smdp.rsp-lab.test:8444`.
    pub es2: String,
    /// The lab PKI directory it runs with: the CI the devices trust, the EUM that issues
    /// them, the operator's ES2+ client certificate.
    pub pki: std::path::PathBuf,
    /// The operator placing the orders (its certificate under the PKI's operators).
    pub operator: String,
    /// The profile type ordered (its inventory must hold a profile per download).
    pub profile_type: String,
    /// Where to connect for ES9+ and ES2+ instead of resolving the URLs' host.
    pub es9_resolve: Option<SocketAddr>,
    pub es2_resolve: Option<SocketAddr>,
    /// Its process, whose CPU time is the server's (Linux); none: not measured.
    pub pid: Option<u32>,
}

/// One concurrency level's figures.
#[derive(Clone, Debug, Serialize)]
pub struct LevelResult {
    pub concurrency: usize,
    pub downloads: usize,
    pub errors: usize,
    /// The first few error messages.
    pub error_samples: Vec<String>,
    pub wall_s: f64,
    pub downloads_per_s: f64,
    pub download: Percentiles,
    /// Per step (ES9+ functions and the eUICC's ES10b steps), by SGP.22 name.
    pub steps: Vec<(String, Percentiles)>,
    /// None: an external SM-DP+ whose process was not named.
    pub server_cpu_ms_per_download: Option<f64>,
    pub client_cpu_ms_per_download: f64,
    /// TLS connections the devices opened to the SM-DP+: one per download when each
    /// device keeps its connection from InitiateAuthentication to HandleNotification.
    pub connections: u64,
    /// The same seen from the server: TLS handshakes its ES9+ listener completed during
    /// the level (`smdp_tls_handshakes_total{listener="es9plus"}`, read before and after);
    /// none for an external SM-DP+.
    pub server_handshakes: Option<u64>,
}

/// The whole sweep.
#[derive(Clone, Debug, Serialize)]
pub struct DownloadReport {
    pub profile: String,
    pub profile_bytes: usize,
    pub levels: Vec<LevelResult>,
}

/// A device ready to download: its LPA, the activation code, and its step clock.
struct Ready {
    lpa: Lpa<Card<Euicc>>,
    activation_code: String,
    marks: Arc<Mutex<Vec<(DownloadStep, Instant)>>>,
}

/// What one download measured.
struct Done {
    total: Duration,
    steps: Vec<(DownloadStep, Duration)>,
    error: Option<String>,
    /// TLS connections the device opened.
    connections: u64,
}

/// The profile type the in-process SM-DP+'s inventory holds and the devices order.
const PROFILE_TYPE: &str = "bench";

/// Where the devices download from, and how orders are placed there.
struct Target {
    /// The PKI whose EUM issues the devices.
    pki: certs::Pki,
    /// The CI the devices trust.
    ci_der: Vec<u8>,
    es2: Es2Client,
    /// The SM-DP+ address of the activation codes, and where it is reached.
    host: String,
    es9_addr: SocketAddr,
    profile_type: String,
}

/// Whose CPU time is the server's.
#[derive(Clone, Copy)]
enum ServerCpu {
    /// The threads of the in-process SM-DP+ ([`SERVER_THREAD_PREFIXES`]).
    Threads,
    /// Another process (or this one).
    Process(u32),
    /// Not measured.
    Unknown,
}

/// Runs the sweep; `progress` is told after each download.
pub async fn run(
    options: &DownloadOptions,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<DownloadReport, DownloadError> {
    match &options.external {
        Some(external) => run_external(options, external, progress).await,
        None => run_in_process(options, progress).await,
    }
}

async fn run_in_process(
    options: &DownloadOptions,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<DownloadReport, DownloadError> {
    let pki = BenchPki::new()?;
    let smdp = RoleRuntime::new(super::server::SMDP_THREAD, SMDP_THREADS)?;
    let server = smdp.start_smdp(&pki).await?;
    let total = options.downloads * options.concurrency.len();
    server
        .add_inventory(InventoryAdd {
            profile_type: PROFILE_TYPE.into(),
            template: Template::Der(options.template.clone()),
            count: u32::try_from(total).map_err(|_| DownloadError::TooMany)?,
            iccid_start: "8949449999000000002".into(),
            imsi_start: "001010000000001".into(),
            operator: Some(FIRST_OPERATOR.into()),
            service_provider_name: Some("Bench Operator".into()),
            profile_name: None,
        })
        .await?;
    let mut es2 = Es2ClientOptions::from_pki(
        &pki.pki,
        FIRST_OPERATOR,
        &format!("https://{SMDP_FQDN}:{}", server.es2_addr.port()),
    )?;
    es2.resolve = Some(server.es2_addr);
    let target = Target {
        pki: pki.pki.clone(),
        ci_der: pki.ci_der.clone(),
        es2: Es2Client::new(&es2)?,
        host: SMDP_FQDN.into(),
        es9_addr: server.es9_addr,
        profile_type: PROFILE_TYPE.into(),
    };
    // Plain HTTP on loopback; infra's builder installs the TLS provider reqwest needs
    // and asks for a trust, which no request of this client uses.
    let metrics = infra::client::build(&infra::client::ClientOptions::new(ServerTrust::roots(
        vec![pki.ci_der.clone()],
    )))
    .map_err(DownloadError::MetricsClient)?;

    let handshakes = Some((&metrics, server.metrics_addr));
    let levels = sweep(options, &target, ServerCpu::Threads, handshakes, progress).await;
    smdp.stop(server).await;
    Ok(DownloadReport {
        profile: options.template_name.clone(),
        profile_bytes: options.template.len(),
        levels: levels?,
    })
}

/// Each level of `options` against `target`, with devices the target's EUM issued; the
/// server's handshakes are read from its metrics when it serves them.
async fn sweep(
    options: &DownloadOptions,
    target: &Target,
    cpu: ServerCpu,
    handshakes: Option<(&reqwest::Client, Option<SocketAddr>)>,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<Vec<LevelResult>, DownloadError> {
    let total = options.downloads * options.concurrency.len();
    let mut credentials = issue(&target.pki, total)?.into_iter();
    let mut levels = Vec::new();
    let mut done_so_far = 0;
    for &concurrency in &options.concurrency {
        let batch: Vec<_> = credentials.by_ref().take(options.downloads).collect();
        let ready = prepare(target, batch).await?;
        let tick = |n: usize| progress(done_so_far + n);
        let before = match handshakes {
            Some((http, addr)) => Some(es9_handshakes(http, addr).await?),
            None => None,
        };
        let mut level = run_level(concurrency, ready, &tick, cpu).await;
        if let (Some((http, addr)), Some(before)) = (handshakes, before) {
            level.server_handshakes =
                Some(es9_handshakes(http, addr).await?.saturating_sub(before));
        }
        levels.push(level);
        done_so_far += options.downloads;
    }
    Ok(levels)
}

async fn run_external(
    options: &DownloadOptions,
    external: &ExternalSmdp,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<DownloadReport, DownloadError> {
    let pki = certs::Pki::load_dir(&external.pki).map_err(|source| DownloadError::PkiDir {
        path: external.pki.clone(),
        source,
    })?;
    let ci_der = pki.require(CertRole::Ci)?.cert_der.clone();
    let mut es2 = Es2ClientOptions::from_pki(&pki, &external.operator, &external.es2)
        .map_err(DownloadError::ExternalEs2)?;
    es2.resolve = external.es2_resolve;
    let (host, es9_addr) = es9_endpoint(&external.es9, external.es9_resolve).await?;
    let target = Target {
        pki,
        ci_der,
        es2: Es2Client::new(&es2).map_err(DownloadError::ExternalEs2)?,
        host,
        es9_addr,
        profile_type: external.profile_type.clone(),
    };
    let cpu = match external.pid {
        Some(pid) if super::cpu::pid_cpu(pid).is_none() => {
            return Err(DownloadError::NoProcess(pid));
        }
        Some(pid) => ServerCpu::Process(pid),
        None => ServerCpu::Unknown,
    };
    Ok(DownloadReport {
        profile: format!("profile type {} of {}", external.profile_type, external.es9),
        profile_bytes: 0,
        levels: sweep(options, &target, cpu, None, progress).await?,
    })
}

/// The host of an ES9+ URL (the SM-DP+ address) and the address to connect to.
async fn es9_endpoint(
    url: &str,
    resolve: Option<SocketAddr>,
) -> Result<(String, SocketAddr), DownloadError> {
    let unusable = |problem: String| DownloadError::SmdpUrl {
        url: url.to_string(),
        problem,
    };
    let parsed = reqwest::Url::parse(url).map_err(|e| unusable(e.to_string()))?;
    if parsed.scheme() != "https" {
        return Err(unusable("ES9+ is HTTPS".into()));
    }
    let host = parsed
        .host_str()
        .ok_or_else(|| unusable("no host".into()))?
        .to_string();
    if let Some(addr) = resolve {
        return Ok((host, addr));
    }
    let port = parsed.port().unwrap_or(443);
    let addr = tokio::net::lookup_host((host.as_str(), port))
        .await
        .map_err(|e| unusable(e.to_string()))?
        .next()
        .ok_or_else(|| unusable(format!("{host} has no address")))?;
    Ok((host, addr))
}

/// The TLS handshakes the SM-DP+'s ES9+ listener completed so far, from its metrics
/// (plain HTTP on loopback).
async fn es9_handshakes(
    http: &reqwest::Client,
    metrics: Option<SocketAddr>,
) -> Result<u64, DownloadError> {
    let addr = metrics.ok_or(DownloadError::NoMetrics)?;
    let failed = DownloadError::Metrics;
    let answer = http
        .get(format!("http://{addr}/metrics"))
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .map_err(failed)?;
    let text = answer.text().await.map_err(failed)?;
    let samples = infra::metrics::exposition::parse(&text)
        .map_err(|e| DownloadError::Exposition(Box::new(e)))?;
    let n = infra::metrics::exposition::value(
        &samples,
        "smdp_tls_handshakes_total",
        &[("listener", "es9plus")],
    );
    Ok(n as u64)
}

/// Orders one released profile per device at `target` and opens its LPA.
async fn prepare(
    target: &Target,
    batch: Vec<euicc_sim::Credentials>,
) -> Result<Vec<Ready>, DownloadError> {
    let lpa = lpa_options(&target.ci_der, &target.host, target.es9_addr);
    let mut out = Vec::with_capacity(batch.len());
    for creds in batch {
        let ordered = target
            .es2
            .download_order(None, None, Some(target.profile_type.clone()))
            .await
            .map_err(DownloadError::DownloadOrder)?;
        let confirmed = target
            .es2
            .confirm_order(ConfirmOrder::new(ordered.iccid))
            .await
            .map_err(DownloadError::ConfirmOrder)?;
        let euicc = Euicc::in_memory(creds, EuiccOptions::default())?;
        let mut device = Lpa::open(Card::new(euicc), lpa.clone())?;
        let marks = Arc::new(Mutex::new(Vec::with_capacity(STEPS.len())));
        let sink = marks.clone();
        let hook: StepHook = Arc::new(move |step| {
            if let Ok(mut m) = sink.lock() {
                m.push((step, Instant::now()));
            }
            Box::pin(async {})
        });
        device.on_step(hook);
        out.push(Ready {
            lpa: device,
            activation_code: format!("LPA:1${}${}", target.host, confirmed.matching_id),
            marks,
        });
    }
    Ok(out)
}

/// A device LPA's options: the server `host` reached at `addr` over TLS under the CI
/// `ci_der`, a minute per request.
pub(crate) fn lpa_options(ci_der: &[u8], host: &str, addr: SocketAddr) -> LpaOptions {
    let mut lpa = LpaOptions::default();
    lpa.es9.trust = Some(ServerTrust::roots(vec![ci_der.to_vec()]));
    lpa.es9.resolve = vec![Resolve {
        host: host.to_string(),
        port: None,
        addr,
    }];
    lpa.es9.timeout = Duration::from_secs(60);
    lpa
}

/// One download, timed per step.
async fn download(mut r: Ready) -> Done {
    let started = Instant::now();
    let result = match DownloadRequest::activation_code(&r.activation_code) {
        Ok(request) => r.lpa.download(&request).await.map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    let end = Instant::now();
    let error = match result {
        Ok(report) if report.notifications.iter().all(|n| n.accepted()) => None,
        Ok(report) => Some(format!("installation result not accepted: {report}")),
        Err(e) => Some(e),
    };
    let marks = r.marks.lock().map(|m| m.clone()).unwrap_or_default();
    let steps = marks
        .iter()
        .enumerate()
        .map(|(i, (step, at))| {
            let until = marks.get(i + 1).map_or(end, |(_, next)| *next);
            (*step, until - *at)
        })
        .collect();
    Done {
        total: end - started,
        steps,
        error,
        connections: r.lpa.es9().map_or(0, |c| c.connections()),
    }
}

async fn run_level(
    concurrency: usize,
    ready: Vec<Ready>,
    tick: &(dyn Fn(usize) + Sync),
    server: ServerCpu,
) -> LevelResult {
    let n = ready.len();
    let cpu = cpu_mark(server);
    let started = Instant::now();
    let mut results = Vec::with_capacity(n);
    paced::each(concurrency, ready, download, |done| {
        results.push(done.unwrap_or_else(|e| Done {
            total: Duration::ZERO,
            steps: Vec::new(),
            error: Some(format!("task: {e}")),
            connections: 0,
        }));
        tick(results.len());
    })
    .await;
    let wall = started.elapsed();
    let (server_cpu, client_cpu) = cpu_mark(server).since(&cpu);
    let server_cpu = match server {
        ServerCpu::Unknown => None,
        ServerCpu::Threads | ServerCpu::Process(_) => Some(server_cpu),
    };
    summarize(concurrency, results, wall, server_cpu, client_cpu)
}

fn cpu_mark(server: ServerCpu) -> CpuMark {
    match server {
        ServerCpu::Threads => CpuMark::now(SERVER_THREAD_PREFIXES),
        ServerCpu::Process(pid) => CpuMark::of_process(pid),
        ServerCpu::Unknown => CpuMark::without_server(),
    }
}

/// Threads whose CPU time is the SM-DP+'s.
pub const SERVER_THREAD_PREFIXES: &[&str] = &[super::server::SMDP_THREAD, "smdp-db"];

fn summarize(
    concurrency: usize,
    results: Vec<Done>,
    wall: Duration,
    server_cpu: Option<Duration>,
    client_cpu: Duration,
) -> LevelResult {
    let n = results.len();
    let errors: Vec<String> = results.iter().filter_map(|d| d.error.clone()).collect();
    let mut totals: Vec<Duration> = results
        .iter()
        .filter(|d| d.error.is_none())
        .map(|d| d.total)
        .collect();
    let steps = STEPS
        .iter()
        .map(|s| {
            let mut v: Vec<Duration> = results
                .iter()
                .filter(|d| d.error.is_none())
                .flat_map(|d| d.steps.iter().filter(|(x, _)| x == s).map(|(_, t)| *t))
                .collect();
            (s.name().to_string(), Percentiles::of(&mut v))
        })
        .collect();
    let per = |d: Duration| if n == 0 { 0.0 } else { ms(d) / n as f64 };
    LevelResult {
        concurrency,
        downloads: n,
        errors: errors.len(),
        error_samples: errors.into_iter().take(3).collect(),
        wall_s: wall.as_secs_f64(),
        downloads_per_s: n as f64 / wall.as_secs_f64().max(1e-9),
        download: Percentiles::of(&mut totals),
        steps,
        server_cpu_ms_per_download: server_cpu.map(per),
        client_cpu_ms_per_download: per(client_cpu),
        connections: results.iter().map(|d| d.connections).sum(),
        server_handshakes: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_es9_url_gives_the_activation_codes_host_and_where_to_connect() {
        let at: SocketAddr = "127.0.0.1:18443".parse().unwrap();
        let (host, addr) = es9_endpoint("https://smdp.rsp-lab.test:8443", Some(at))
            .await
            .expect("an HTTPS URL");
        assert_eq!((host.as_str(), addr), ("smdp.rsp-lab.test", at));
        // Without an address to connect to, the host is resolved with the URL's port.
        let (host, addr) = es9_endpoint("https://127.0.0.1:8443", None)
            .await
            .expect("a literal address");
        assert_eq!(
            (host.as_str(), addr),
            ("127.0.0.1", "127.0.0.1:8443".parse().unwrap())
        );
        let (_, addr) = es9_endpoint("https://127.0.0.1", None).await.unwrap();
        assert_eq!(addr.port(), 443);
        for bad in [
            "http://smdp.rsp-lab.test:8443",
            "smdp.rsp-lab.test",
            "https://",
        ] {
            let e = es9_endpoint(bad, Some(at)).await.expect_err(bad);
            assert!(
                matches!(&e, DownloadError::SmdpUrl { url, .. } if url == bad),
                "{bad}: {e}"
            );
            assert!(e.to_string().starts_with("--smdp"), "{bad}: {e}");
        }
    }
}
