//! The SGP.02 SM-DP (SGP.02 2.2.1, 3.1, 5.3, 5.4): the M2M SM-DP that downloads a profile
//! into an ISD-P the SM-SR created, by ES3 requests the SM-SR relays to the eUICC. It runs
//! beside the SM-DP+ in `rsp-lab smdp serve` when `[sgp02]` is configured and the PKI holds
//! CERT.DP.ECDSA, and shares its profile inventory and personalized packages.
//!
//! - [`es2`]: operators order downloads and manage their profiles (SOAP, mutual TLS).
//! - `download`: a download carried out, step by step, each step committed.
//! - `es3_client` and [`callbacks`]: ES3 towards the SM-SRs, their asynchronous
//!   responses and notifications back.
//! - [`es8`]: the download itself (ES8, SGP.02 4.1.3), as a sans-I/O engine: the ISD-P's
//!   SCP03 key set established with the eUICC's ECASD, then the profile package in SCP03t
//!   segments; each step the bytes of one ES3.SendData, each card answer fed back.

pub mod callbacks;
pub mod config;
mod credentials;
mod download;
pub mod error;
pub mod es2;
mod es3_client;
pub mod es8;
mod reply;

pub use config::{Es2Endpoint, Sgp02Config, SmsrEndpoint};
pub use credentials::Sgp02Credentials;
pub use error::Sgp02Error;

use std::sync::Arc;

use axum::Extension;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use certs::CiAnchor;
use infra::client::ClientOptions;
use infra::serve::{PeerCertificates, RequestBody};
use infra::tls::ServerTrust;

use crate::credentials::Credentials;
use crate::store::Store;
use es3_client::Es3Client;

/// The running SGP.02 SM-DP.
pub(crate) struct Sgp02 {
    store: Store,
    creds: Arc<Sgp02Credentials>,
    es3: Es3Client,
    config: Sgp02Config,
    operator_anchors: Vec<CiAnchor>,
    /// Set when the SM-DP stops: a download in flight is abandoned where it is, as a
    /// killed process would leave it, and failed by the next start (`download::recover`).
    stopping: tokio::sync::watch::Receiver<bool>,
    /// The SM-DP-ID (CERT.DP.TLS's commonName), `wsa:From` of its ES2 notifications.
    smdp_id: String,
    /// Wakes the outbox worker after a notification for an operator was queued.
    outbox_wakeup: Arc<tokio::sync::Notify>,
}

/// Why the SGP.02 SM-DP cannot run with the credentials.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Sgp02SetupError {
    /// `[sgp02]` is configured but the PKI holds no CERT.DP.ECDSA.
    #[error("[sgp02] needs CERT.DP.ECDSA and SK.DP.ECDSA (SMDP/ of the lab PKI)")]
    NoDpEcdsa,
    /// CERT.DP.TLS names no SM-DP-ID.
    #[error("CERT.DP.TLS: {0}")]
    Identity(String),
    /// The HTTPS client.
    #[error(transparent)]
    Client(#[from] infra::client::ClientError),
}

impl Sgp02 {
    /// The SGP.02 SM-DP of `config` with the SM-DP's credentials and database.
    pub(crate) fn new(
        config: &Sgp02Config,
        creds: &Credentials,
        store: Store,
        (stopping, outbox_wakeup): (tokio::sync::watch::Receiver<bool>, Arc<tokio::sync::Notify>),
    ) -> Result<Arc<Sgp02>, Sgp02SetupError> {
        let sgp02 = creds.sgp02.as_ref().ok_or(Sgp02SetupError::NoDpEcdsa)?;
        let smdp_id = smdp_id(creds, sgp02)?;
        let mut roots = sgp02.ci_roots.clone();
        roots.extend(creds.operator_roots.iter().cloned());
        let mut options = ClientOptions::new(ServerTrust::roots(roots));
        options.identity = Some(creds.tls.clone());
        options.timeout = std::time::Duration::from_secs(60);
        for (id, s) in &config.smsrs {
            if let (Some(addr), Some(host)) = (s.resolve, config.smsr_host(id)) {
                options.resolve.push((host, addr));
            }
        }
        let http = infra::client::build(&options)?;
        Ok(Arc::new(Sgp02 {
            store,
            creds: Arc::new(Sgp02Credentials {
                dp_certificate: sgp02.dp_certificate.clone(),
                dp_key: sgp02.dp_key.clone(),
                eum_keys: sgp02.eum_keys.clone(),
                ci_roots: sgp02.ci_roots.clone(),
                ci_anchors: sgp02.ci_anchors.clone(),
            }),
            es3: Es3Client::new(http, smdp_id.clone(), config.clone()),
            config: config.clone(),
            operator_anchors: creds.operator_anchors.clone(),
            stopping,
            smdp_id,
            outbox_wakeup,
        }))
    }

    /// Runs `work` in its own task until it ends or the SM-DP stops.
    pub(crate) fn spawn(&self, work: impl Future<Output = ()> + Send + 'static) {
        let mut stopping = self.stopping.clone();
        tokio::spawn(async move {
            tokio::select! {
                _ = stopping.wait_for(|s| *s) => {}
                () = work => {}
            }
        });
    }

    /// The client certificate roots of the listener: operators and SM-SRs.
    pub(crate) fn client_roots(&self, creds: &Credentials) -> Vec<Vec<u8>> {
        let mut roots = creds.operator_roots.clone();
        roots.extend(self.creds.ci_roots.iter().cloned());
        roots
    }

    /// Fails the downloads a restart cut short ([`download::recover`]).
    pub(crate) async fn recover(self: Arc<Self>) {
        download::recover(&self).await;
    }
}

/// The SM-DP-ID: CERT.DP.TLS's commonName (the SM-SR names the SM-DP by it).
fn smdp_id(creds: &Credentials, sgp02: &Sgp02Credentials) -> Result<String, Sgp02SetupError> {
    let leaf = creds
        .tls
        .chain
        .first()
        .ok_or_else(|| Sgp02SetupError::Identity("no certificate".into()))?;
    let v = certs::verify_cert(&sgp02.ci_anchors, leaf, certs::CertRole::DpTls, None)
        .map_err(|e| Sgp02SetupError::Identity(e.to_string()))?;
    v.subject_cn
        .filter(|cn| !cn.is_empty())
        .ok_or_else(|| Sgp02SetupError::Identity("no commonName".into()))
}

/// The listener's routes: ES2 for operators, ES3 for the SM-SRs. Bodies are read under
/// the listener's limits ([`RequestBody`]); one over them is answered `413`.
pub(crate) fn router(s: Arc<Sgp02>) -> Router {
    Router::new()
        .route(
            es2::ES2_PATH,
            post(
                |State(s): State<Arc<Sgp02>>,
                 Extension(peer): Extension<PeerCertificates>,
                 headers: HeaderMap,
                 RequestBody(body): RequestBody| async move {
                    match body {
                        Ok(body) => es2::handle(s, &peer, &headers, &body).await,
                        Err(e) => too_large(&e),
                    }
                },
            ),
        )
        .route(
            callbacks::ES3_CALLBACK_PATH,
            post(
                |State(s): State<Arc<Sgp02>>,
                 Extension(peer): Extension<PeerCertificates>,
                 RequestBody(body): RequestBody| async move {
                    match body {
                        Ok(body) => callbacks::handle(&s, &peer, &body).await.into_response(),
                        Err(e) => too_large(&e),
                    }
                },
            ),
        )
        .with_state(s)
}

/// A body the listener's limits refused.
fn too_large(e: &infra::serve::BodyError) -> axum::response::Response {
    (StatusCode::PAYLOAD_TOO_LARGE, e.to_string()).into_response()
}
