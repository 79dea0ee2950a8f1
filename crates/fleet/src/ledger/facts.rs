//! What the ledger is written from: each device's deployment and attach history (the
//! network model's), and the subscription operations that moved devices, as the roles
//! expose them — ES2+ orders and the signed installation results from
//! [`sm_dp::SmDpView`], the eIM's operations with the signed eUICC Package Results from
//! [`eim::Fleet`]. The live ledger ([`super::live`]) reads the operations that ended each
//! day ([`Seen`]).

use std::collections::HashSet;

use eim::Fleet;

use super::error::LedgerRunError;
use crate::devices::device::HistoryEntry;
use crate::devices::device::SimDevice;
use crate::world::World;
use crate::world::countries::{Country, Operator};

/// One device as the ledger needs it.
#[derive(Clone, Debug)]
pub struct DeviceFacts {
    pub index: usize,
    pub eid: String,
    pub country: &'static Country,
    pub deploy_day: u32,
    /// The visited network while roaming.
    pub partner: Operator,
    pub bootstrap_iccid: String,
    /// Attach changes and other events, by day (the network model's record).
    pub history: Vec<HistoryEntry>,
}

impl DeviceFacts {
    /// A device of the run, without its history.
    pub fn of(d: &SimDevice) -> DeviceFacts {
        DeviceFacts {
            index: d.index,
            eid: d.eid.clone(),
            country: d.country,
            deploy_day: d.deploy_day,
            partner: d.partner,
            bootstrap_iccid: d.bootstrap_iccid.clone(),
            history: Vec::new(),
        }
    }
}

/// One subscription operation.
#[derive(Clone, Debug)]
pub struct OperationFacts {
    pub eid: String,
    /// `es2-order`, `installation-result`, `euicc-package-result`, `eim-operation`.
    pub kind: &'static str,
    pub reference: String,
    pub iccid: Option<String>,
    pub outcome: String,
    /// DER as received, for the messages the eUICC signed.
    pub signed_der: Option<Vec<u8>>,
    /// The operator the profile belongs to (the device's new home), when known.
    pub operator: Option<Operator>,
}

/// Everything a replayed ledger is written from.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub devices: Vec<DeviceFacts>,
    pub operations: Vec<OperationFacts>,
}

fn operator_of(world: &World, iccid: Option<&str>) -> Option<Operator> {
    iccid
        .and_then(|i| world.profile(i))
        .filter(|p| p.country.is_some())
        .map(|p| p.operator)
}

/// Which operations were already written, so each is written once, on the day it ended.
#[derive(Default)]
pub struct Seen {
    keys: HashSet<String>,
}

impl Seen {
    fn first(&mut self, kind: &str, reference: &str) -> bool {
        self.keys.insert(format!("{kind}:{reference}"))
    }

    /// The SM-DP+'s orders that ended (all of them with `all`) and its installation
    /// results, not written yet.
    pub async fn smdp(
        &mut self,
        world: &World,
        smdp: &sm_dp::SmDpView,
        all: bool,
    ) -> Result<Vec<OperationFacts>, LedgerRunError> {
        let mut out = Vec::new();
        for o in smdp.order_list().await? {
            let open = o.status.as_str() == "open";
            let Some(eid) = o.eid.filter(|_| all || !open) else {
                continue;
            };
            if !self.first("order", &o.id) {
                continue;
            }
            out.push(OperationFacts {
                eid,
                kind: "es2-order",
                reference: o.id,
                operator: operator_of(world, Some(&o.iccid)),
                iccid: Some(o.iccid),
                outcome: o.status.as_str().to_string(),
                signed_der: None,
            });
        }
        for n in smdp.notifications().await? {
            let key = format!("{}:{}", n.eid, n.seq_number);
            if n.operation != "install" || !self.first("install", &key) {
                continue;
            }
            out.push(OperationFacts {
                eid: n.eid,
                kind: "installation-result",
                reference: n.iccid.clone().unwrap_or_default(),
                operator: operator_of(world, n.iccid.as_deref()),
                iccid: n.iccid,
                outcome: n.outcome,
                signed_der: Some(n.body),
            });
        }
        Ok(out)
    }

    /// The eIM's localize operations of `eid` that ended (all of them with `all`), with
    /// the eUICC Package Results it received for them, not written yet.
    pub async fn eim(
        &mut self,
        world: &World,
        fleet: &Fleet,
        eid: &str,
        all: bool,
    ) -> Result<Vec<OperationFacts>, LedgerRunError> {
        let mut out = Vec::new();
        let ops = fleet.operations(eid).await?;
        for op in ops.iter().filter(|o| o.kind == "localize") {
            if !(all || op.state.is_final()) || !self.first("eim", &op.id) {
                continue;
            }
            let view = fleet.operation(&op.id).await?;
            let iccid = [&op.data, &op.params]
                .into_iter()
                .chain(op.result.as_ref())
                .find_map(|v| v.get("iccid").and_then(|i| i.as_str()))
                .map(String::from);
            let outcome = match &op.error {
                Some(e) => format!("{}: {e}", op.state.as_str()),
                None => op.state.as_str().to_string(),
            };
            let operator = operator_of(world, iccid.as_deref());
            out.push(OperationFacts {
                eid: op.eid.clone(),
                kind: "eim-operation",
                reference: op.id.clone(),
                operator,
                iccid: iccid.clone(),
                outcome,
                signed_der: None,
            });
            for p in view.packages.iter().filter(|p| p.result.is_some()) {
                out.push(OperationFacts {
                    eid: op.eid.clone(),
                    kind: "euicc-package-result",
                    reference: p.id.clone(),
                    operator,
                    iccid: iccid.clone(),
                    outcome: "received".into(),
                    signed_der: p.result.clone(),
                });
            }
        }
        Ok(out)
    }
}
