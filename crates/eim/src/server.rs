//! Running the eIM: [`Eim::start`] binds the ESipa and operator API listeners, starts the
//! engine's worker and returns a [`EimHandle`] with the bound addresses and the
//! [`Fleet`] API; [`serve`] is `rsp-lab eim serve`, running until Ctrl-C.

use std::net::SocketAddr;
use std::sync::Arc;

use infra::serve::until_stopped;
use infra::startup::{self, SetupError};
use server::{Bound, Launch, Running};
use tokio::sync::Notify;

use crate::config::{ConfigError, CredentialSource, EimServerConfig, ServeOptions};
use crate::context::{Context, Ctx};
use crate::credentials::{CredentialError, Credentials, data_dir_pki};
use crate::fleet::Fleet;
use crate::metrics::EimMetrics;
use crate::smdp::SmdpClients;
use crate::store::{Store, StoreError};

/// Why the eIM did not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StartError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Credentials(#[from] CredentialError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Setup(#[from] SetupError),
}

/// The eIM server.
pub struct Eim;

/// A running eIM. Dropping it without [`EimHandle::shutdown`] also stops the listeners.
pub struct EimHandle {
    esipa_addr: SocketAddr,
    coap: Option<coaps::CoapServer>,
    api_addr: SocketAddr,
    web: Option<(SocketAddr, String)>,
    metrics_addr: Option<SocketAddr>,
    fleet: Fleet,
    running: Running,
}

impl EimHandle {
    /// Where ESipa (both bindings) listens.
    pub fn esipa_addr(&self) -> SocketAddr {
        self.esipa_addr
    }

    /// Where ESipa over CoAP on DTLS listens, when it does.
    pub fn esipa_coap_addr(&self) -> Option<SocketAddr> {
        self.coap.as_ref().map(coaps::CoapServer::local_addr)
    }

    /// Where the operator API listens (mutual TLS).
    pub fn api_addr(&self) -> SocketAddr {
        self.api_addr
    }

    /// Where the fleet dashboard listens, when it does.
    pub fn web_addr(&self) -> Option<SocketAddr> {
        self.web.as_ref().map(|(a, _)| *a)
    }

    /// The URL that opens the dashboard (with its access token), when it listens.
    pub fn web_url(&self) -> Option<String> {
        self.web
            .as_ref()
            .map(|(a, token)| format!("http://{a}/?token={token}"))
    }

    /// Where `GET /metrics` is served, when it is.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics_addr
    }

    /// The eimId packages are signed with.
    pub fn eim_id(&self) -> &str {
        &self.fleet.ctx.eim_id
    }

    /// `host:port` devices reach ESipa at (the eimFqdn given to eUICCs).
    pub fn eim_address(&self) -> &str {
        &self.fleet.ctx.eim_address
    }

    /// The engine API (register, queue, read, policy).
    pub fn fleet(&self) -> Fleet {
        self.fleet.clone()
    }

    /// The database, for reports and checks.
    pub fn store(&self) -> &Store {
        &self.fleet.ctx.store
    }

    /// Stops accepting, lets open connections finish, stops the worker, closes the database.
    pub async fn shutdown(self) {
        if let Some(coap) = self.coap {
            coap.shutdown().await;
        }
        self.running.stop().await;
        if let Err(e) = crate::engine::seen::write(&self.fleet.ctx).await {
            tracing::warn!(error = %e, "writing the times devices were seen");
        }
        self.fleet.ctx.store.close().await;
    }
}

impl Eim {
    /// Starts the eIM in this process.
    pub async fn start(config: EimServerConfig) -> Result<EimHandle, StartError> {
        let limits = [("esipa", &config.esipa_limits), ("api", &config.api_limits)];
        config.server.preflight("eim", &limits)?;
        let (creds, eim_id) = credentials(&config)?;
        let (store, url) = config
            .server
            .open_database("eim.db", crate::store::MIGRATIONS)
            .await?;
        let metrics = Arc::new(EimMetrics::new(
            store.clone(),
            config.clock.clone(),
            config.server.metrics_listen.is_some(),
            &config.server.faults,
        ));
        metrics.core.observe(&store);
        let trace = config.server.trace()?;
        let smdp = SmdpClients::build(&config.smdp, &creds, trace.clone())
            .map_err(|e| invalid(e.to_string()))?;
        let listeners = Listeners::bind(&config).await?;
        let (esipa_addr, api_addr) = (listeners.esipa.addr, listeners.api.addr);
        let metrics_addr = listeners.metrics.as_ref().map(|b| b.addr);
        let host = creds
            .tls_dns_names
            .first()
            .cloned()
            .unwrap_or_else(|| certs::generate::DEFAULT_EIM_FQDN.to_string());
        let ctx: Ctx = Arc::new(Context {
            store: store.clone(),
            creds,
            eim_id: eim_id.clone(),
            eim_address: format!("{host}:{}", esipa_addr.port()),
            clock: config.clock.clone(),
            trace,
            smdp,
            delivery: config.delivery.clone(),
            localization: config.localization.clone(),
            operator: config.operator.clone(),
            indirect_profile_download: config.indirect_profile_download,
            wakeup: Arc::new(Notify::new()),
            seen: Default::default(),
            faults: config.server.faults.clone(),
        });
        let requests = metrics.core.requests.clone();
        let (web, running) = launch(&config, &ctx, metrics, listeners)?;
        let coap = match &config.esipa_coap {
            Some(c) => Some(serve_coap(&config, c, &ctx, &requests).await?),
            None => None,
        };
        tracing::info!(%eim_id, %esipa_addr, %api_addr, metrics = ?metrics_addr,
            database = %storage::url_for_display(&url), "eIM started");
        Ok(EimHandle {
            esipa_addr,
            coap,
            api_addr,
            web,
            metrics_addr,
            fleet: Fleet { ctx },
            running,
        })
    }
}

/// ESipa over CoAP on DTLS at `c.listen` ([`crate::esipa::coap`]): the devices' PSKs and
/// the eIM's TLS certificate, the ESipa listener's body limit, its requests counted with
/// the HTTPS ones under `binding="coap"`.
async fn serve_coap(
    config: &EimServerConfig,
    c: &crate::config::EsipaCoap,
    ctx: &Ctx,
    requests: &infra::metrics::RequestMetrics,
) -> Result<coaps::CoapServer, StartError> {
    let limits = infra::serve::BodyLimits::from(&config.esipa_limits);
    let dtls = coaps::DtlsConfig {
        psks: c.psks.clone(),
        certificate: Some((ctx.creds.tls.chain.clone(), ctx.creds.tls.key_pem.clone())),
    };
    let server = coaps::ServerConfig {
        limits: coaps::Limits {
            max_body: limits.max_bytes,
            ..coaps::Limits::default()
        },
        faults: Some(Arc::new(crate::faults::coap::CoapFaults(ctx.clone()))),
        ..coaps::ServerConfig::default()
    };
    let router = requests.layer("esipa", crate::esipa::router(ctx.clone()));
    let handler = crate::esipa::coap::CoapEsipa::new(router, limits);
    let addr = c.listen.to_string();
    let coap = coaps::dtls::serve(&addr, server, dtls, handler)
        .await
        .map_err(|e| invalid(format!("ESipa over CoAP at {addr}: {e}")))?;
    tracing::info!(addr = %coap.local_addr(), psks = c.psks.len(), "ESipa over CoAP/DTLS");
    Ok(coap)
}

/// The credentials of the configured source and the eimId (configured, else the CN of the
/// eIM signing certificate); the operator API needs an operator CA.
fn credentials(config: &EimServerConfig) -> Result<(Credentials, String), StartError> {
    let creds = match &config.server.credentials {
        CredentialSource::Pki(p) => Credentials::from_pki(p)?,
        CredentialSource::Dir(d) => Credentials::load_dir(d)?,
        CredentialSource::DataDir => {
            Credentials::from_pki(&data_dir_pki(&config.server.data_dir)?)?
        }
    };
    let eim_id = config
        .eim_id
        .clone()
        .or_else(|| creds.eim_cn.clone())
        .unwrap_or_else(|| certs::generate::DEFAULT_EIM_ID.to_string());
    if eim_id.is_empty() || eim_id.len() > 128 {
        return Err(invalid(format!(
            "eimId {eim_id:?} must have 1 to 128 characters"
        )));
    }
    if creds.operator_roots.is_empty() {
        return Err(invalid(
            "no operator CA in the credentials: the operator API could accept no client",
        ));
    }
    Ok((creds, eim_id))
}

/// The eIM's bound listeners.
struct Listeners {
    esipa: Bound,
    api: Bound,
    web: Option<Bound>,
    metrics: Option<Bound>,
}

impl Listeners {
    async fn bind(config: &EimServerConfig) -> Result<Listeners, StartError> {
        Ok(Listeners {
            esipa: Bound::listen(config.esipa_listen, "ESipa", &config.esipa_limits).await?,
            api: Bound::listen(config.api_listen, "operator API", &config.api_limits).await?,
            web: Bound::optional(config.web_listen, "dashboard").await?,
            metrics: Bound::optional(config.server.metrics_listen, "metrics").await?,
        })
    }
}

/// The dashboard's address and token (when it listens), and what runs.
type Launched = (Option<(SocketAddr, String)>, Running);

/// Serves ESipa and the operator API (mutual TLS), and starts the engine's worker, the
/// sweeper, the overview sampler, the dashboard and the metrics listener.
fn launch(
    config: &EimServerConfig,
    ctx: &Ctx,
    metrics: Arc<EimMetrics>,
    listeners: Listeners,
) -> Result<Launched, StartError> {
    let esipa_tls = startup::tls(&ctx.creds.tls, None)?;
    let api_tls = startup::tls(&ctx.creds.tls, Some(&ctx.creds.operator_roots))?;
    let mut launch = Launch::new();
    let (esipa, api) = (
        crate::esipa::router(ctx.clone()),
        crate::api::router(ctx.clone()),
    );
    let core = &metrics.core;
    launch.serve(
        listeners.esipa,
        esipa_tls,
        "esipa",
        esipa,
        &config.esipa_limits,
        core,
    );
    launch.serve(
        listeners.api,
        api_tls,
        "operator_api",
        api,
        &config.api_limits,
        core,
    );
    launch.spawn(crate::engine::worker::run(ctx.clone(), launch.stopping()));
    launch.spawn(crate::engine::seen::run(ctx.clone(), launch.stopping()));
    let retention = config.retention.clone();
    launch.spawn(crate::engine::sweeper::run(
        ctx.clone(),
        retention,
        launch.stopping(),
    ));
    let fleet = Fleet { ctx: ctx.clone() };
    let sampler = crate::overview::sampler(fleet, config.sample_interval, launch.stopping());
    launch.spawn(sampler);
    let web = match listeners.web {
        Some(listener) => Some(start_web(listener, ctx, &mut launch)?),
        None => None,
    };
    launch.serve_metrics(listeners.metrics, metrics);
    Ok((web, launch.running()))
}

/// Serves the fleet dashboard on `bound` ([`crate::web`]) until the eIM stops; logs the URL
/// to open once. Returns the address and the access token.
fn start_web(
    bound: Bound,
    ctx: &Ctx,
    launch: &mut Launch,
) -> Result<(SocketAddr, String), StartError> {
    let (listener, addr) = (bound.listener, bound.addr);
    let w = crate::web::Web::new(Fleet { ctx: ctx.clone() })?;
    let token = w.token().to_string();
    if !addr.ip().is_loopback() {
        tracing::warn!(%addr, "the dashboard is plain HTTP off loopback: put it behind a TLS proxy");
    }
    tracing::info!("dashboard: open http://{addr}/?token={token}");
    let stopped = until_stopped(launch.stopping());
    launch.spawn(crate::web::serve(listener, w, stopped));
    Ok((addr, token))
}

/// `rsp-lab eim serve`: starts with the options and runs until Ctrl-C (SIGINT) or SIGTERM
/// ([`infra::signals`]).
pub async fn serve(options: &ServeOptions) -> Result<(), StartError> {
    let config = EimServerConfig::from_options(options)?;
    startup::run_until_terminated(Eim::start(config), EimHandle::shutdown).await
}

/// A setting that cannot work ([`SetupError::invalid`]).
fn invalid(why: impl Into<String>) -> StartError {
    StartError::Setup(SetupError::invalid(why))
}
