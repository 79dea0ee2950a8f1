//! The servers of a run by discovery, on loopback with real TLS and SQLite: the root SM-DS
//! (sm-ds), then the SM-DP+ (sm-dp) with the inventory, registering its events at that
//! SM-DS over ES12. No eIM. Every listener a device or the operator reaches is behind a
//! [`Gate`], closed on the days of an [`Outage`] of its server; the SM-DP+'s ES12 calls go
//! through the SM-DS's gate too, so an SM-DS outage is one for the SM-DP+ as well.

use std::net::SocketAddr;

use certs::Pki;
use sm_dp::SmDpHandle;
use sm_ds::{CredentialSource, SmDs, SmDsConfig, SmDsHandle};

use crate::servers::gate::Gate;
use crate::servers::{Layout, error::SetupError, fresh_sqlite, start_smdp};
use crate::world::inventory::{Catalog, TypePlan};
use crate::world::outage::{Outage, Role};

/// The root SM-DS's address: its CERT.DS.TLS dNSName, the eUICCs' rootDsAddress.
pub const SMDS_FQDN: &str = certs::generate::DEFAULT_SMDS_FQDN;

fn loopback() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

/// The running servers and their gates.
pub struct DsServers {
    pub pki: Pki,
    pub smdp: SmDpHandle,
    pub smds: SmDsHandle,
    /// Every profile of the inventory.
    pub catalog: Catalog,
    smdp_gates: [Gate; 2],
    smds_gates: [Gate; 2],
}

fn gate_error(e: std::io::Error) -> SetupError {
    SetupError::Io {
        what: "a loopback gate".into(),
        detail: e.to_string(),
    }
}

impl DsServers {
    /// Starts the root SM-DS, then the SM-DP+ with `types` loaded, on `pki`.
    pub async fn start(
        layout: &mut Layout,
        pki: Pki,
        types: &[TypePlan],
    ) -> Result<DsServers, SetupError> {
        let mut c = SmDsConfig::new(
            layout.data_dir.join("smds"),
            CredentialSource::Pki(Box::new(pki.clone())),
        );
        c.es11_listen = loopback();
        c.es12_listen = loopback();
        c.server.database_url = Some(fresh_sqlite(&layout.data_dir.join("smds.db"))?);
        c.server.trace_dir = layout.trace("smds");
        let smds = SmDs::start(c)
            .await
            .map_err(|e| SetupError::Smds(e.to_string()))?;
        let smds_gates = [
            Gate::start(smds.es11_addr()).await.map_err(gate_error)?,
            Gate::start(smds.es12_addr()).await.map_err(gate_error)?,
        ];
        layout.smds_resolve = vec![(SMDS_FQDN.to_string(), smds_gates[1].addr())];
        let (smdp, catalog) = start_smdp(layout, &pki, types).await?;
        let smdp_gates = [
            Gate::start(smdp.es9_addr()).await.map_err(gate_error)?,
            Gate::start(smdp.es2_addr()).await.map_err(gate_error)?,
        ];
        Ok(DsServers {
            pki,
            smdp,
            smds,
            catalog,
            smdp_gates,
            smds_gates,
        })
    }

    /// Where devices reach the SM-DP+'s ES9+.
    pub fn es9_addr(&self) -> SocketAddr {
        self.smdp_gates[0].addr()
    }

    /// Where the operator reaches the SM-DP+'s ES2+.
    pub fn es2_addr(&self) -> SocketAddr {
        self.smdp_gates[1].addr()
    }

    /// Where devices reach the SM-DS's ES11.
    pub fn es11_addr(&self) -> SocketAddr {
        self.smds_gates[0].addr()
    }

    /// Opens and closes the gates for `day`; the roles that are down.
    pub fn set_day(&self, day: u32, outages: &[Outage]) -> Vec<Role> {
        let mut down = Vec::new();
        for (role, gates) in [
            (Role::Smdp, &self.smdp_gates),
            (Role::Smds, &self.smds_gates),
        ] {
            let is_down = Outage::down(outages, role, day);
            for g in gates {
                g.set_open(!is_down);
            }
            if is_down {
                down.push(role);
            }
        }
        down
    }

    /// `name → address` of the servers' own listeners, for the terminal.
    pub fn endpoints(&self) -> Vec<(&'static str, String)> {
        vec![
            ("SM-DP+ ES9+", self.smdp.es9_addr().to_string()),
            ("SM-DP+ ES2+", self.smdp.es2_addr().to_string()),
            ("SM-DS ES11", self.smds.es11_addr().to_string()),
            ("SM-DS ES12", self.smds.es12_addr().to_string()),
        ]
    }

    /// Stops both servers.
    pub async fn shutdown(self) {
        drop(self.smdp_gates);
        drop(self.smds_gates);
        self.smdp.shutdown().await;
        self.smds.shutdown().await;
    }
}
