//! Running the SM-SR: [`SmSr::start`] opens the database, starts the retention sweep and
//! the metrics listener, and returns a [`SmSrHandle`] through which the EIS registry
//! ([`crate::registry`]), ES4 ([`crate::es4`]) and ES5 ([`crate::es5_in`]) are driven;
//! [`SmSrHandle::shutdown`] stops it all. The ES4/ES3/ES7 SOAP listener
//! ([`crate::es4::listener`]) is served from the same launch.

use std::net::SocketAddr;

use infra::client::ClientOptions;
use infra::startup::{self, SetupError};
use infra::tls::ServerTrust;
use server::{Bound, Launch, Running};

use crate::config::{Es4Credentials, SmSrConfig};
use crate::context::{Context, Ctx};
use crate::store::StoreError;
use crate::store::retention::{Retention, Swept};

/// Why the SM-SR did not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StartError {
    /// The database could not be opened or migrated.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A listener, the data directory or the trace directory.
    #[error(transparent)]
    Setup(#[from] SetupError),
    /// The configuration.
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    /// The ES4 TLS credentials.
    #[error(transparent)]
    Credentials(#[from] server::credentials::CredentialError),
    /// The HTTPS client of the asynchronous responses.
    #[error(transparent)]
    Client(#[from] infra::client::ClientError),
    /// The SCP81 listener's TLS context.
    #[error(transparent)]
    Tls(#[from] scp81::TlsError),
}

/// The SM-SR server.
pub struct SmSr;

/// The SM-SR's functions (registry, ES4, what the bearers hand in), shared by the
/// handle ([`SmSrHandle`] dereferences to it) and the bearers' tasks.
#[derive(Clone)]
pub struct SmSrCore {
    pub(crate) ctx: Ctx,
}

/// A running SM-SR.
pub struct SmSrHandle {
    core: SmSrCore,
    metrics_addr: Option<SocketAddr>,
    es4_addr: SocketAddr,
    scp81_addr: Option<SocketAddr>,
    running: Running,
}

impl std::ops::Deref for SmSrHandle {
    type Target = SmSrCore;

    fn deref(&self) -> &SmSrCore {
        &self.core
    }
}

impl SmSr {
    /// Starts the SM-SR in this process.
    pub async fn start(config: SmSrConfig) -> Result<SmSrHandle, StartError> {
        config
            .server
            .preflight("smsr", &[("es4", &config.es4_limits)])?;
        let (store, url) = config
            .server
            .open_database("smsr.db", crate::store::MIGRATIONS)
            .await?;
        let ctx = Context::new(store, &config, config.server.metrics_listen.is_some());
        ctx.metrics.core.observe(&ctx.store);
        let metrics_listener = Bound::optional(config.server.metrics_listen, "metrics").await?;
        let metrics_addr = metrics_listener.as_ref().map(|b| b.addr);
        let mut launch = Launch::new();
        let es4_addr = launch_es4(&config, &ctx, &mut launch).await?;
        launch_outbox(&config, &ctx, &mut launch)?;
        launch_es7(&config, &ctx, &mut launch)?;
        let sweep = crate::sweeper::run(ctx.clone(), config.retention.clone(), launch.stopping());
        launch.spawn(sweep);
        launch.serve_metrics(metrics_listener, ctx.metrics.clone());
        let scp81_addr = start_scp81(&config, &ctx, &mut launch).await?;
        if let Some(link) = &config.smsc {
            let core = SmSrCore { ctx: ctx.clone() };
            let address = config.sms_address.clone();
            let push = push_target(&config, scp81_addr);
            let bearer = crate::scp80::run(core, link.clone(), address, push, launch.stopping());
            launch.spawn(bearer);
        }
        tracing::info!(smsr_id = %config.smsr_id, es4 = %es4_addr, scp81 = ?scp81_addr, metrics = ?metrics_addr, database = %storage::url_for_display(&url), "SM-SR started");
        Ok(SmSrHandle {
            core: SmSrCore { ctx },
            metrics_addr,
            es4_addr,
            scp81_addr,
            running: launch.running(),
        })
    }
}

/// Binds and serves the ES4/ES3/ES7 listener ([`crate::es4::listener`]): mutual TLS under
/// the operator CA (operators, ES4) and the CI (SM-DPs, ES3).
async fn launch_es4(
    config: &SmSrConfig,
    ctx: &Ctx,
    launch: &mut Launch,
) -> Result<SocketAddr, StartError> {
    let creds = es4_credentials(config)?;
    let client_roots = [&creds.operator_roots[..], &creds.smdp_roots[..]].concat();
    let tls = startup::tls(&creds.tls, Some(&client_roots))?;
    let bound = Bound::listen(config.es4_listen, "ES4", &config.es4_limits).await?;
    let addr = bound.addr;
    let router = crate::es4::listener::router(SmSrCore { ctx: ctx.clone() }, &creds);
    let metrics = &ctx.metrics.core;
    launch.serve(bound, tls, "es4", router, &config.es4_limits, metrics);
    Ok(addr)
}

/// The ES4 credentials configured, else those of the credentials source.
fn es4_credentials(config: &SmSrConfig) -> Result<Es4Credentials, StartError> {
    Ok(match &config.es4_credentials {
        Some(c) => c.clone(),
        None => Es4Credentials::load(&config.server.credentials, &config.server.data_dir)?,
    })
}

/// Starts the outbox of asynchronous responses ([`crate::outbox`]) and the operators'
/// notifications ([`crate::notifier`]): their HTTPS client
/// presents the SM-SR's certificate and trusts the CI and the operator CA.
fn launch_outbox(config: &SmSrConfig, ctx: &Ctx, launch: &mut Launch) -> Result<(), StartError> {
    let creds = es4_credentials(config)?;
    let mut options = ClientOptions::new(ServerTrust::roots(creds.callback_roots));
    options.identity = Some(creds.tls);
    options.resolve = config.outbox.resolve.clone();
    options
        .resolve
        .extend(crate::config::resolve_pairs(&config.operators));
    options
        .resolve
        .extend(crate::config::resolve_pairs(&config.smdps));
    let client = infra::client::build(&options)?;
    let task = crate::outbox::run(
        ctx.clone(),
        client.clone(),
        config.outbox.clone(),
        launch.stopping(),
    );
    launch.spawn(task);
    let policy = (
        config.outbox.clone(),
        config.operators.clone(),
        config.smdps.clone(),
    );
    let notify = crate::notifier::run(ctx.clone(), client, policy, launch.stopping());
    launch.spawn(notify);
    Ok(())
}

/// Sets up ES7 ([`crate::es7`]): its HTTPS client presents the SM-SR's certificate and
/// trusts the CI (peers present CERT.SR.TLS), waits as long as a handover may take; and
/// starts the handover task.
fn launch_es7(config: &SmSrConfig, ctx: &Ctx, launch: &mut Launch) -> Result<(), StartError> {
    let creds = es4_credentials(config)?;
    let mut options = ClientOptions::new(ServerTrust::roots(creds.smdp_roots.clone()));
    options.identity = Some(creds.tls.clone());
    options.timeout = ES7_TIMEOUT;
    options.resolve = config
        .peers
        .iter()
        .filter_map(|p| Some((crate::config::host_of(&p.url)?, p.resolve?)))
        .collect();
    let es7 = crate::es7::Es7Context {
        smsr_id: config.smsr_id.clone(),
        client: infra::client::build(&options)?,
        peers: config.peers.clone(),
        sr_ecdsa: creds.sr_ecdsa.clone(),
        eum_keys: creds.eum_keys.clone(),
        wake: tokio::sync::Notify::new(),
    };
    let _ = ctx.es7.set(es7);
    let core = SmSrCore { ctx: ctx.clone() };
    let timing = (config.outbox.poll, config.outbox.backoff);
    launch.spawn(crate::es7::run_handovers(core, timing, launch.stopping()));
    Ok(())
}

/// How long an ES7 exchange may take: HandoverEUICC spans SM-SR2's calls back and three
/// round trips to the card.
const ES7_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(300);

/// Binds and starts the SCP81 admin server when `[scp81]` is configured.
async fn start_scp81(
    config: &SmSrConfig,
    ctx: &Ctx,
    launch: &mut Launch,
) -> Result<Option<SocketAddr>, StartError> {
    let Some(s) = &config.scp81 else {
        return Ok(None);
    };
    let bound = Bound::listen(s.listen, "scp81", &config.scp81_limits).await?;
    let core = SmSrCore { ctx: ctx.clone() };
    let admin = crate::scp81::Scp81Server::new(core, bound)?;
    let addr = admin.addr();
    launch.spawn(admin.run(launch.stopping()));
    Ok(Some(addr))
}

/// Where the push SMS sends eUICCs: the configured public address, else the SCP81
/// listener as bound (SGP.02 2.4.4).
fn push_target(
    config: &SmSrConfig,
    bound: Option<SocketAddr>,
) -> Option<crate::scp81::push::PushTarget> {
    let s = config.scp81.as_ref()?;
    Some(crate::scp81::push::PushTarget {
        addr: s.public_address.or(bound)?,
        admin_uri: s.admin_uri.clone(),
        retry: s.push_retry,
    })
}

impl SmSrHandle {
    /// Where ES4/ES3/ES7 are served (HTTPS, mutual TLS; POST at
    /// [`crate::es4::listener::ES4_PATH`]).
    pub fn es4_addr(&self) -> SocketAddr {
        self.es4_addr
    }

    /// Where `GET /metrics` is served, when it is.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics_addr
    }

    /// Where the SCP81 admin server (ES5 over HTTPS) listens, when `[scp81]` is set.
    pub fn scp81_addr(&self) -> Option<SocketAddr> {
        self.scp81_addr
    }

    /// The SM-SR identifier.
    pub fn smsr_id(&self) -> &str {
        &self.ctx.smsr_id
    }

    /// Runs one retention sweep now (what the background sweep does every interval).
    pub async fn sweep(&self, keep: Retention) -> Result<Swept, StoreError> {
        let now = crate::store::now_ms();
        self.ctx
            .store
            .write(move |tx| crate::store::retention::sweep(tx, now, &keep))
            .await
    }

    /// Stops the background tasks and listeners, closes the database.
    pub async fn shutdown(self) {
        self.running.stop().await;
        self.core.ctx.store.close().await;
    }
}

/// `rsp-lab smsr serve`: the configuration of `options` ([`SmSrConfig::from_options`]),
/// started and run until Ctrl-C (SIGINT) or SIGTERM.
pub async fn serve(options: &crate::config::ServeOptions) -> Result<(), StartError> {
    let config = SmSrConfig::from_options(options)?;
    run(config).await
}

/// [`serve`] with a configuration built in code.
pub async fn run(config: SmSrConfig) -> Result<(), StartError> {
    startup::run_until_terminated(SmSr::start(config), SmSrHandle::shutdown).await
}
