//! Running the SM-DS: [`SmDs::start`] loads the credentials, opens the database, binds ES11
//! (server TLS) and ES12/ES15 (mutual TLS, client certificates under the trusted CIs),
//! starts the retention sweep and, for an alternative SM-DS, the ES15 worker, and returns a
//! [`SmDsHandle`]; [`serve`] runs one until
//! SIGINT or SIGTERM.

use std::net::SocketAddr;
use std::sync::Arc;

use infra::serve::ServerTls;
use infra::startup::{self, SetupError};
use server::{Bound, Launch, Running};
use tokio::sync::Notify;

use crate::config::{CredentialSource, SmDsConfig};
use crate::context::{Context, Ctx};
use crate::credentials::{CredentialError, Credentials};
use crate::metrics::SmDsMetrics;
use crate::store::{Db, StoreError};

/// Why the SM-DS did not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StartError {
    #[error(transparent)]
    Credentials(#[from] CredentialError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Setup(#[from] SetupError),
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
}

/// The SM-DS server.
pub struct SmDs;

/// A running SM-DS.
pub struct SmDsHandle {
    es11_addr: SocketAddr,
    es12_addr: SocketAddr,
    metrics_addr: Option<SocketAddr>,
    address: String,
    store: Db,
    running: Running,
}

impl SmDsHandle {
    /// Where ES11 (both bindings) listens.
    pub fn es11_addr(&self) -> SocketAddr {
        self.es11_addr
    }

    /// Where ES12 and ES15 listen (mutual TLS).
    pub fn es12_addr(&self) -> SocketAddr {
        self.es12_addr
    }

    /// Where `GET /metrics` is served, when it is.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics_addr
    }

    /// The SM-DS address eUICCs send.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// How many Event Records the SM-DS holds.
    pub async fn event_count(&self) -> Result<i64, StoreError> {
        self.store.read(crate::store::events::count).await
    }

    /// For benchmarks and tests, not the SGP.22 interfaces: stores one Event Record (SGP.22
    /// 5.9.1) per EID of `eids`, each naming `rsp_server_address` with the EventID
    /// `SEED-<EID>` ([`seeded_event_id`](crate::seeded_event_id)), registered as
    /// `dp:<host of rsp_server_address>` would register it over ES12, written straight to
    /// the store in transactions of [`SEED_BATCH`](crate::SEED_BATCH) records (a million in
    /// seconds, where ES12 takes a request per event). An EID that already has that event
    /// keeps it; neither the policy's events-per-EID limit nor ES15 forwarding applies.
    /// Returns how many records were stored.
    pub async fn seed_events(
        &self,
        eids: impl IntoIterator<Item = proto::ids::Eid>,
        rsp_server_address: &str,
    ) -> Result<u64, StoreError> {
        let host = rsp_server_address
            .rsplit_once(':')
            .map_or(rsp_server_address, |(h, _)| h);
        let registrant: Arc<str> = format!("dp:{host}").into();
        let address: Arc<str> = rsp_server_address.into();
        let mut eids = eids.into_iter().peekable();
        let mut stored = 0;
        while eids.peek().is_some() {
            let batch: Vec<String> = eids
                .by_ref()
                .take(crate::SEED_BATCH)
                .map(|e| e.as_str().to_string())
                .collect();
            let (registrant, address) = (registrant.clone(), address.clone());
            let now = crate::store::now_ms();
            stored += self
                .store
                .write(move |tx| {
                    crate::store::events::insert_batch(tx, &batch, &registrant, &address, now)
                })
                .await?;
        }
        Ok(stored)
    }

    /// Runs one retention sweep now (what the background sweep does every interval).
    pub async fn sweep(
        &self,
        keep: crate::store::retention::Retention,
    ) -> Result<crate::store::retention::Swept, StoreError> {
        let now = crate::store::now_ms();
        self.store
            .write(move |tx| crate::store::retention::sweep(tx, now, &keep))
            .await
    }

    /// ES15 calls queued for the root SM-DS and not delivered yet (failed ones not counted).
    pub async fn forwards_pending(&self) -> Result<i64, StoreError> {
        self.store.read(crate::store::outbox::pending).await
    }

    /// Stops accepting, lets open connections finish, closes the database.
    pub async fn shutdown(self) {
        self.running.stop().await;
        self.store.close().await;
    }
}

impl SmDs {
    /// Starts the SM-DS in this process.
    pub async fn start(config: SmDsConfig) -> Result<SmDsHandle, StartError> {
        let limits = [("es11", &config.es11_limits), ("es12", &config.es12_limits)];
        config.server.preflight("smds", &limits)?;
        let creds = credentials(&config)?;
        let address = address(&config, &creds)?;
        let (store, url) = config
            .server
            .open_database("smds.db", crate::store::MIGRATIONS)
            .await?;
        let metrics = Arc::new(SmDsMetrics::new(
            store.clone(),
            config.server.metrics_listen.is_some(),
        ));
        metrics.core.observe(&store);
        let ctx: Ctx = Arc::new(Context {
            store: store.clone(),
            creds,
            address: address.clone(),
            policy: config.policy.clone(),
            trace: config.server.trace()?,
            forwards: config.root.is_some(),
            outbox_wakeup: Arc::new(Notify::new()),
            metrics,
        });
        let (es11_addr, es12_addr, metrics_addr, running) = launch(&config, ctx).await?;
        tracing::info!(%address, %es11_addr, %es12_addr, metrics = ?metrics_addr, database = %storage::url_for_display(&url), "SM-DS started");
        Ok(SmDsHandle {
            es11_addr,
            es12_addr,
            metrics_addr,
            address,
            store,
            running,
        })
    }
}

/// The credentials of the configured source, for the configured site.
fn credentials(config: &SmDsConfig) -> Result<Credentials, StartError> {
    let pki = match &config.server.credentials {
        CredentialSource::Pki(p) => (**p).clone(),
        CredentialSource::Dir(d) => certs::Pki::load_dir(d).map_err(CredentialError::from)?,
        CredentialSource::DataDir => {
            server::credentials::data_dir_pki(&config.server.data_dir, "CertificateIssuer")
                .map_err(CredentialError::from)?
        }
    };
    Ok(Credentials::from_pki(&pki, config.site)?)
}

/// The SM-DS address: configured, else the DS TLS certificate's dNSName.
fn address(config: &SmDsConfig, creds: &Credentials) -> Result<String, StartError> {
    match (&config.address, creds.tls_dns_names.first()) {
        (Some(a), _) => Ok(a.clone()),
        (None, Some(d)) => Ok(d.clone()),
        (None, None) => Err(StartError::Setup(SetupError::Invalid(
            "no SM-DS address: give one or use a DS TLS certificate with a dNSName".into(),
        ))),
    }
}

/// The listeners' addresses (ES11, ES12, metrics) and what runs.
type Launched = (SocketAddr, SocketAddr, Option<SocketAddr>, Running);

/// Binds and serves ES11 (server TLS) and ES12/ES15 (mutual TLS, client certificates under
/// the trusted CIs), the retention sweep, the metrics listener and, for an alternative
/// SM-DS, the ES15 worker.
async fn launch(config: &SmDsConfig, ctx: Ctx) -> Result<Launched, StartError> {
    let es11_tls = ServerTls::new(startup::tls(&ctx.creds.tls, None)?, None);
    let es12_tls = startup::tls(&ctx.creds.tls, Some(&ctx.creds.ci_roots))?;
    let es15 = match &config.root {
        Some(root) => Some((
            crate::es15::client(&ctx, root).map_err(|e| SetupError::Tls(e.to_string()))?,
            root.clone(),
        )),
        None => None,
    };
    let (l11, l12) = (&config.es11_limits, &config.es12_limits);
    let es11 = Bound::listen(config.es11_listen, "ES11", l11).await?;
    let es12 = Bound::listen(config.es12_listen, "ES12", l12).await?;
    let metrics_listener = Bound::optional(config.server.metrics_listen, "metrics").await?;
    let (es11_addr, es12_addr) = (es11.addr, es12.addr);
    let metrics_addr = metrics_listener.as_ref().map(|b| b.addr);
    let mut launch = Launch::new();
    let core = &ctx.metrics.core;
    launch.serve(
        es11,
        es11_tls,
        "es11",
        crate::es11::router(ctx.clone()),
        l11,
        core,
    );
    launch.serve(
        es12,
        es12_tls,
        "es12",
        crate::es12::router(ctx.clone()),
        l12,
        core,
    );
    let sweep = crate::sweeper::run(ctx.clone(), config.retention.clone(), launch.stopping());
    launch.spawn(sweep);
    launch.serve_metrics(metrics_listener, ctx.metrics.clone());
    if let Some((client, root)) = es15 {
        let (wakeup, stopping) = (ctx.outbox_wakeup.clone(), launch.stopping());
        let forward = config.forward.clone();
        launch.spawn(crate::es15::run(
            ctx, client, root, forward, wakeup, stopping,
        ));
    }
    Ok((es11_addr, es12_addr, metrics_addr, launch.running()))
}

/// `rsp-lab smds serve`: the configuration of `options` ([`SmDsConfig::from_options`]),
/// started and run until Ctrl-C (SIGINT) or SIGTERM; the signal handlers are installed
/// first, so a signal right after the start line still stops it cleanly.
pub async fn serve(options: &crate::config::ServeOptions) -> Result<(), StartError> {
    let config = SmDsConfig::from_options(options)?;
    run(config).await
}

/// [`serve`] with a configuration built in code.
pub async fn run(config: SmDsConfig) -> Result<(), StartError> {
    startup::run_until_terminated(SmDs::start(config), SmDsHandle::shutdown).await
}
