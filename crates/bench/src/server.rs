//! The roles under measurement, each on a tokio runtime of its own whose threads carry the
//! role's name, so their CPU time can be told apart from the clients' ([`super::cpu`]).
//! Databases are fresh SQLite files in a temporary directory.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::Duration;

use certs::{CertRole, LabPkiOptions, Pki};
use eim::{Eim, EimHandle, EimServerConfig};
use sm_dp::{InventoryAdd, SmDp, SmDpConfig, SmDpHandle};
use sm_ds::{SmDs, SmDsConfig, SmDsHandle};

use fleet::servers::{FIRST_OPERATOR, SECOND_OPERATOR};

use crate::error::ServerError;

/// Name prefix of the SM-DP+'s runtime threads (Linux shows 15 characters of it).
pub const SMDP_THREAD: &str = "bench-smdp";
/// Name prefix of the SM-DS's runtime threads.
pub const SMDS_THREAD: &str = "bench-smds";
/// Name prefix of the eIM's runtime threads.
pub const EIM_THREAD: &str = "bench-eim";
/// Worker threads of a role's runtime: the machine class has two cores.
pub const SMDP_THREADS: usize = 2;

/// The lab PKI of a benchmark, generated in memory.
pub struct BenchPki {
    pub pki: Pki,
    pub ci_der: Vec<u8>,
}

impl BenchPki {
    pub fn new() -> Result<BenchPki, ServerError> {
        let pki = certs::generate(&LabPkiOptions {
            operators: vec![FIRST_OPERATOR.into(), SECOND_OPERATOR.into()],
            ..LabPkiOptions::default()
        })?;
        let ci_der = pki.require(CertRole::Ci)?.cert_der.clone();
        Ok(BenchPki { pki, ci_der })
    }
}

/// A runtime for one role.
pub struct RoleRuntime {
    rt: Option<tokio::runtime::Runtime>,
}

impl Drop for RoleRuntime {
    /// A runtime may not be dropped in an asynchronous context (where the benchmark ends,
    /// also on an error): its threads are let go in the background.
    fn drop(&mut self) {
        if let Some(rt) = self.rt.take() {
            rt.shutdown_background();
        }
    }
}

/// The SM-DP+ running on a [`RoleRuntime`].
pub struct BenchSmdp {
    handle: SmDpHandle,
    pub es9_addr: SocketAddr,
    pub es2_addr: SocketAddr,
    /// Its `GET /metrics` listener (loopback).
    pub metrics_addr: Option<SocketAddr>,
    /// Holds the database until the server stops.
    _dir: tempfile::TempDir,
}

impl RoleRuntime {
    /// A multi-threaded runtime of `threads` workers named `name`; its blocking threads
    /// stay alive for the whole run so none of their CPU time is lost.
    pub fn new(name: &str, threads: usize) -> Result<RoleRuntime, ServerError> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads)
            .thread_name(name)
            .thread_keep_alive(Duration::from_secs(24 * 3600))
            .enable_all()
            .build()
            .map_err(ServerError::Runtime)?;
        Ok(RoleRuntime { rt: Some(rt) })
    }

    /// Starts the SM-DP+ on loopback with a fresh SQLite database.
    pub async fn start_smdp(&self, pki: &BenchPki) -> Result<BenchSmdp, ServerError> {
        let dir = tempfile::tempdir().map_err(ServerError::TempDir)?;
        let mut c = SmDpConfig::new(dir.path().join("smdp"));
        c.server.credentials = sm_dp::CredentialSource::Pki(Box::new(pki.pki.clone()));
        c.es9_listen = SocketAddr::from(([127, 0, 0, 1], 0));
        c.es2_listen = SocketAddr::from(([127, 0, 0, 1], 0));
        c.server.database_url = Some(storage::sqlite_url(&dir.path().join("smdp.db")));
        c.server.metrics_listen = Some(SocketAddr::from(([127, 0, 0, 1], 0)));
        let handle = self.start_role("SM-DP+", SmDp::start(c)).await?;
        Ok(BenchSmdp {
            es9_addr: handle.es9_addr(),
            es2_addr: handle.es2_addr(),
            metrics_addr: handle.metrics_addr(),
            handle,
            _dir: dir,
        })
    }

    /// Runs a role's start on this runtime, so that its tasks are spawned here.
    async fn start_role<T, E>(
        &self,
        role: &'static str,
        start: impl Future<Output = Result<T, E>> + Send + 'static,
    ) -> Result<T, ServerError>
    where
        T: Send + 'static,
        E: Send + 'static,
        ServerError: From<E>,
    {
        let started = self
            .handle()?
            .spawn(start)
            .await
            .map_err(|source| ServerError::Task { role, source })?;
        Ok(started?)
    }

    /// Runs a role's shutdown on this runtime, if it still runs.
    async fn shut_down(&self, shutdown: impl Future<Output = ()> + Send + 'static) {
        if let Ok(rt) = self.handle() {
            let _ = rt.spawn(shutdown).await;
        }
    }

    fn handle(&self) -> Result<&tokio::runtime::Handle, ServerError> {
        self.rt
            .as_ref()
            .map(|rt| rt.handle())
            .ok_or(ServerError::Stopped)
    }

    /// Stops the server, then the runtime.
    pub async fn stop(self, server: BenchSmdp) {
        let BenchSmdp { handle, _dir, .. } = server;
        self.shut_down(handle.shutdown()).await;
    }

    /// Starts the eIM on loopback with a fresh SQLite database, no SM-DP+ and no policy.
    /// With `psks`, ESipa over CoAP/DTLS too (SGP.32's CoAP binding), on a loopback port,
    /// for devices with these PSK identities and keys.
    pub async fn start_eim(
        &self,
        pki: &BenchPki,
        psks: Option<HashMap<Vec<u8>, Vec<u8>>>,
    ) -> Result<BenchEim, ServerError> {
        let dir = tempfile::tempdir().map_err(ServerError::TempDir)?;
        let mut c = EimServerConfig::new(dir.path().join("eim"));
        c.server.credentials = eim::CredentialSource::Pki(Box::new(pki.pki.clone()));
        c.esipa_listen = SocketAddr::from(([127, 0, 0, 1], 0));
        c.api_listen = SocketAddr::from(([127, 0, 0, 1], 0));
        c.server.database_url = Some(storage::sqlite_url(&dir.path().join("eim.db")));
        c.operator = FIRST_OPERATOR.into();
        c.esipa_coap = psks.map(|psks| eim::EsipaCoap {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            psks,
        });
        let handle = self.start_role("eIM", Eim::start(c)).await?;
        Ok(BenchEim { handle, _dir: dir })
    }

    /// Stops the eIM.
    pub async fn stop_eim(self, server: BenchEim) {
        let BenchEim { handle, _dir } = server;
        self.shut_down(handle.shutdown()).await;
    }
}

impl RoleRuntime {
    /// Starts the root SM-DS of `pki` on loopback with a fresh SQLite database (its
    /// database threads named `smds-db`).
    pub async fn start_smds(&self, pki: &BenchPki) -> Result<BenchSmds, ServerError> {
        let dir = tempfile::tempdir().map_err(ServerError::TempDir)?;
        let mut c = SmDsConfig::new(
            dir.path().join("smds"),
            sm_ds::CredentialSource::Pki(Box::new(pki.pki.clone())),
        );
        c.es11_listen = SocketAddr::from(([127, 0, 0, 1], 0));
        c.es12_listen = SocketAddr::from(([127, 0, 0, 1], 0));
        c.server.database_url = Some(storage::sqlite_url(&dir.path().join("smds.db")));
        let handle = self.start_role("SM-DS", SmDs::start(c)).await?;
        Ok(BenchSmds { handle, _dir: dir })
    }

    /// Stops the SM-DS.
    pub async fn stop_smds(&self, server: BenchSmds) {
        let BenchSmds { handle, _dir } = server;
        self.shut_down(handle.shutdown()).await;
    }
}

/// The SM-DS running on a [`RoleRuntime`].
pub struct BenchSmds {
    pub handle: SmDsHandle,
    _dir: tempfile::TempDir,
}

/// The eIM running on a [`RoleRuntime`].
pub struct BenchEim {
    pub handle: EimHandle,
    _dir: tempfile::TempDir,
}

impl BenchSmdp {
    /// Adds profiles to the inventory.
    pub async fn add_inventory(&self, add: InventoryAdd) -> Result<(), ServerError> {
        self.handle
            .view()
            .add_inventory(&add)
            .await
            .map(|_| ())
            .map_err(ServerError::Inventory)
    }
}
