//! Running the SM-DP+: [`SmDp::start`] binds the ES9+ (NIST P-256 on rustls, and
//! brainpoolP256r1 on OpenSSL when the credentials hold that CERT.DP.TLS) and ES2+ (NIST
//! P-256, mutual TLS) listeners (and the metrics listener when configured), starts the outbox worker and returns a [`SmDpHandle`] with the bound addresses; [`serve`] is `rsp-lab smdp
//! serve`, running until Ctrl-C.

use std::net::SocketAddr;
use std::sync::Arc;

use infra::serve::ServerTls;
use infra::startup::{self, SetupError};
use server::{Bound, Launch, Running};
use tokio::sync::Notify;

use crate::config::{ConfigError, CredentialSource, ServeOptions, SmDpConfig};
use crate::context::{Context, Ctx};
use crate::credentials::{CredentialError, Credentials, data_dir_pki};
use crate::delivery;
use crate::metrics::SmDpMetrics;
use crate::store::{Store, StoreError};
use crate::view::SmDpView;

/// Why the SM-DP+ did not start.
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
    /// An operator's HandleDownloadProgressInfo client could not be built.
    #[error(transparent)]
    Operators(#[from] delivery::ClientsError),
    /// The SGP.02 SM-DP cannot run.
    #[error(transparent)]
    Sgp02(#[from] crate::sgp02::Sgp02SetupError),
}

/// The SM-DP+ server.
pub struct SmDp;

/// A running SM-DP+. Dropping it without [`SmDpHandle::shutdown`] also stops the listeners.
pub struct SmDpHandle {
    es9_addr: SocketAddr,
    es2_addr: SocketAddr,
    sgp02_addr: Option<SocketAddr>,
    metrics_addr: Option<SocketAddr>,
    address: String,
    oid: String,
    store: Store,
    running: Running,
}

impl SmDpHandle {
    /// Where ES9+ (both bindings) listens.
    pub fn es9_addr(&self) -> SocketAddr {
        self.es9_addr
    }

    /// Where ES2+ listens (mutual TLS).
    pub fn es2_addr(&self) -> SocketAddr {
        self.es2_addr
    }

    /// Where the SGP.02 SM-DP's ES2 and ES3 listener is, when configured.
    pub fn sgp02_addr(&self) -> Option<SocketAddr> {
        self.sgp02_addr
    }

    /// Where `GET /metrics` is served, when it is.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics_addr
    }

    /// The SM-DP+ address LPAs must send (activation codes carry it).
    pub fn address(&self) -> &str {
        &self.address
    }

    /// The SM-DP+ OID.
    pub fn oid(&self) -> &str {
        &self.oid
    }

    /// What may be read of the SM-DP+ (and seeded into it) from outside.
    pub fn view(&self) -> SmDpView {
        SmDpView::new(self.store.clone())
    }

    /// Stops accepting, lets open connections finish, stops the outbox worker, closes the
    /// database.
    pub async fn shutdown(self) {
        self.running.stop().await;
        self.store.close().await;
    }
}

impl SmDp {
    /// Starts the SM-DP+ in this process: checks the settings, loads the credentials, opens
    /// the database, binds the listeners and spawns the servers and workers.
    pub async fn start(config: SmDpConfig) -> Result<SmDpHandle, StartError> {
        let limits = [("es9", &config.es9_limits), ("es2", &config.es2_limits)];
        config.server.preflight("smdp", &limits)?;
        let creds = credentials(&config)?;
        let (address, oid) = identity(&config, &creds)?;
        let (store, url) = config
            .server
            .open_database("smdp.db", crate::store::MIGRATIONS)
            .await?;
        let metrics = Arc::new(SmDpMetrics::new(
            store.clone(),
            config.server.metrics_listen.is_some(),
            &config.server.faults,
        ));
        metrics.core.observe(&store);
        let es12 = crate::es12::Es12Client::build(&creds, &config.smds)
            .map_err(|e| invalid(format!("ES12 client: {e}")))?;
        let ctx: Ctx = Arc::new(Context {
            store: store.clone(),
            creds,
            address: address.clone(),
            oid: oid.clone(),
            policy: config.policy.clone(),
            operators: config.operators.clone(),
            trace: config.server.trace()?,
            outbox_wakeup: Arc::new(Notify::new()),
            metrics: metrics.clone(),
            es12,
            events_registered: std::sync::atomic::AtomicBool::new(false),
            faults: config.server.faults.clone(),
        });
        let (es9_addr, es2_addr, sgp02_addr, metrics_addr, running) = launch(&config, &ctx).await?;
        tracing::info!(%address, %oid, %es9_addr, %es2_addr, sgp02 = ?sgp02_addr, metrics = ?metrics_addr, database = %storage::url_for_display(&url), "SM-DP+ started");
        Ok(SmDpHandle {
            es9_addr,
            es2_addr,
            sgp02_addr,
            metrics_addr,
            address,
            oid,
            store,
            running,
        })
    }
}

/// The credentials of the configured source, with the configured further CIs and operator
/// CA; warns about what will not work with them.
fn credentials(config: &SmDpConfig) -> Result<Credentials, StartError> {
    let mut creds = match &config.server.credentials {
        CredentialSource::Pki(p) => Credentials::from_pki(p)?,
        CredentialSource::Dir(d) => Credentials::load_dir(d)?,
        CredentialSource::DataDir => {
            Credentials::from_pki(&data_dir_pki(&config.server.data_dir)?)?
        }
    };
    creds.trust_ci_certs(&config.trusted_cis)?;
    if !config.operator_ca.is_empty() {
        creds.set_operator_cas(&config.operator_ca)?;
    }
    warn_expired_tls(&creds);
    if creds.operator_roots.is_empty() {
        tracing::warn!(
            "no operator CA in the credentials: ES2+ identifies no operator and refuses \
             every request (1.1/1.1 function requester unknown)"
        );
    }
    Ok(creds)
}

/// The SM-DP+ address (configured, else the DP TLS certificate's dNSName) and OID
/// (configured, else the registeredID of CERT.DPauth.ECDSA).
fn identity(config: &SmDpConfig, creds: &Credentials) -> Result<(String, String), StartError> {
    let address = match (&config.address, creds.tls_dns_names.first()) {
        (Some(a), _) => a.clone(),
        (None, Some(d)) => d.clone(),
        (None, None) => {
            return Err(invalid(
                "no SM-DP+ address: give one or use a DP TLS certificate with a dNSName",
            ));
        }
    };
    let oid = config.oid.clone().unwrap_or_else(|| creds.smdp_oid.clone());
    if oid.parse::<proto::der::Oid>().is_err() {
        return Err(invalid(format!("SM-DP+ OID {oid:?} is not an OID")));
    }
    if oid != creds.smdp_oid {
        tracing::warn!(
            %oid,
            certificate_oid = %creds.smdp_oid,
            "the SM-DP+ OID differs from the registeredID of CERT.DPauth.ECDSA: eUICCs \
             sign the certificates' OID in installation results and cancelSession, which \
             this SM-DP+ then ignores or refuses"
        );
    }
    Ok((address, oid))
}

/// The listeners' addresses (ES9+, ES2+, SGP.02, metrics) and what runs.
type Launched = (
    SocketAddr,
    SocketAddr,
    Option<SocketAddr>,
    Option<SocketAddr>,
    Running,
);

/// Binds and serves ES9+ and ES2+ (mutual TLS), and starts the outbox worker, the sweeper
/// and the metrics listener.
async fn launch(config: &SmDpConfig, ctx: &Ctx) -> Result<Launched, StartError> {
    let creds = &ctx.creds;
    let es9_tls = ServerTls::new(startup::tls(&creds.tls, None)?, es9_brainpool(creds)?);
    // Without an operator CA the ES2+ listener asks for no client certificate, so every
    // request reaches `es2p::operator` without one and is refused there.
    let client_cas = (!creds.operator_roots.is_empty()).then_some(&creds.operator_roots[..]);
    let es2_tls = startup::tls(&creds.tls, client_cas)?;
    let clients = delivery::Clients::build(ctx, config.sgp02.as_ref())?;
    let (l9, l2) = (&config.es9_limits, &config.es2_limits);
    let es9 = Bound::listen(config.es9_listen, "ES9+", l9).await?;
    let es2 = Bound::listen(config.es2_listen, "ES2+", l2).await?;
    let metrics_listener = Bound::optional(config.server.metrics_listen, "metrics").await?;
    let (es9_addr, es2_addr) = (es9.addr, es2.addr);
    let metrics_addr = metrics_listener.as_ref().map(|b| b.addr);
    let mut launch = Launch::new();
    let core = &ctx.metrics.core;
    let es9_router = crate::es9p::router(ctx.clone());
    launch.serve(es9, es9_tls, "es9plus", es9_router, l9, core);
    let es2_router = crate::es2p::router(ctx.clone());
    launch.serve(es2, es2_tls, "es2plus", es2_router, l2, core);
    let outbox = config.outbox.clone();
    launch.spawn(delivery::run(
        ctx.clone(),
        clients,
        outbox,
        launch.stopping(),
    ));
    let retention = config.retention.clone();
    launch.spawn(crate::sweeper::run(
        ctx.clone(),
        retention,
        launch.stopping(),
    ));
    let sgp02_addr = match &config.sgp02 {
        Some(c) => Some(launch_sgp02(config, c, ctx, &mut launch).await?),
        None => None,
    };
    launch.serve_metrics(metrics_listener, ctx.metrics.clone());
    Ok((
        es9_addr,
        es2_addr,
        sgp02_addr,
        metrics_addr,
        launch.running(),
    ))
}

/// The SGP.02 SM-DP's listener (ES2 for operators, ES3 for the SM-SRs: mutual TLS under
/// the operator CA or the CI, with the ES2+ listener's limits), and the clean-up of the
/// downloads a restart cut short.
async fn launch_sgp02(
    config: &SmDpConfig,
    c: &crate::sgp02::Sgp02Config,
    ctx: &Ctx,
    launch: &mut Launch,
) -> Result<SocketAddr, StartError> {
    let signals = (launch.stopping(), ctx.outbox_wakeup.clone());
    let s = crate::sgp02::Sgp02::new(c, &ctx.creds, ctx.store.clone(), signals)?;
    let roots = s.client_roots(&ctx.creds);
    let tls = startup::tls(&ctx.creds.tls, Some(&roots))?;
    let limits = &config.es2_limits;
    let bound = Bound::listen(c.listen, "SGP.02 ES2/ES3", limits).await?;
    let addr = bound.addr;
    let core = &ctx.metrics.core;
    let router = crate::sgp02::router(s.clone());
    launch.serve(bound, tls, "sgp02", router, limits, core);
    let recovering = s.clone();
    s.spawn(recovering.recover());
    Ok(addr)
}

/// ES9+'s brainpoolP256r1 side, when the credentials hold a brainpool CERT.DP.TLS: served to
/// the clients that prefer brainpoolP256r1 (SGP.22 2.6.1; RFC 8422 5.1.1, RFC 7027), on
/// OpenSSL. ES2+ stays NIST P-256 (operators' clients, and the SM-DP+'s own client
/// certificate towards them, are NIST P-256).
fn es9_brainpool(
    creds: &Credentials,
) -> Result<Option<infra::tls::brainpool::BrainpoolServer>, StartError> {
    let Some(b) = &creds.tls_brainpool else {
        return Ok(None);
    };
    let server = infra::tls::brainpool::brainpool_server_config(&b.identity)
        .map_err(|e| SetupError::Tls(format!("brainpoolP256r1 CERT.DP.TLS: {e}")))?;
    Ok(Some(server))
}

/// An expired CERT.DP.TLS is served anyway (a lab uses the SGP.26 test set, whose DP TLS
/// certificate expired 2026-08-02); LPAs that check validity will refuse the handshake.
fn warn_expired_tls(creds: &Credentials) {
    let now = time::OffsetDateTime::now_utc();
    if creds.tls_not_after < now {
        tracing::warn!(
            not_after = %creds.tls_not_after,
            "CERT.DP.TLS has expired: serving it anyway; LPAs checking validity will refuse the TLS handshake"
        );
    }
    if let Some(b) = creds.tls_brainpool.as_ref().filter(|b| b.not_after < now) {
        tracing::warn!(
            not_after = %b.not_after,
            "the brainpoolP256r1 CERT.DP.TLS has expired: serving it anyway"
        );
    }
}

/// `rsp-lab smdp serve`: starts with the options and runs until Ctrl-C (SIGINT) or SIGTERM.
/// The signal handlers are installed before the server starts, so a signal arriving right
/// after the start line still shuts it down cleanly.
pub async fn serve(options: &ServeOptions) -> Result<(), StartError> {
    let config = SmDpConfig::from_options(options)?;
    startup::run_until_terminated(SmDp::start(config), SmDpHandle::shutdown).await
}

/// A setting that cannot work ([`SetupError::invalid`]).
fn invalid(why: impl Into<String>) -> StartError {
    StartError::Setup(SetupError::invalid(why))
}
