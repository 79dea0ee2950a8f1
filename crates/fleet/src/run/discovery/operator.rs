//! The operator's side of localization by discovery. Each morning it looks at each device as
//! its network sees it (the country it is in, on which IMSI, for how long) and decides by
//! the same policy file the eIM reads ([`eim::policy::decide`]). A device to localize
//! gets an ES2+ DownloadOrder of the country's next local profile type (SGP.22 5.3.1) and a
//! ConfirmOrder naming the root SM-DS (5.3.2, `smdsAddress`, released), which has the
//! SM-DP+ register the event there (5.9.1). The SM-DP+'s order status stands for the
//! progress reports an operator receives (ES2+.HandleDownloadProgressInfo, 5.3.5): an order
//! done while the device is still on a foreign IMSI means the profile did not attach and
//! the device went back to its bootstrap, so the next type is ordered. A ConfirmOrder that
//! fails (the SM-DS or the SM-DP+ unreachable: 8.9/5.1) is tried again the next morning;
//! orders still open when the run ends are cancelled (5.3.3), which deletes their events.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;

use certs::Pki;
use eim::policy::CountryRule;
use proto::ids::{Eid, Iccid, SmdpAddress};
use proto::json::es2p::FinalProfileStatusIndicator;
use sm_dp::{ConfirmOrder, Es2Client, Es2ClientOptions, SmDpView};

use crate::run::rotation::TypeRotation;
use crate::servers::smds::SMDS_FQDN;
use crate::servers::{SMDP_FQDN, error::SetupError};
use crate::world::inventory::TypePlan;

/// An order the operator placed for a device.
#[derive(Clone, Debug)]
struct Order {
    iccid: String,
    owner: String,
    /// The Matching ID (the event's EventID) once confirmed.
    matching_id: Option<String>,
}

/// What the operator did in a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OperatorCounts {
    /// DownloadOrders that reserved a profile.
    pub orders: u64,
    /// ConfirmOrders refused or unanswered (tried again the next morning).
    pub confirm_failures: u64,
    /// DownloadOrders refused or unanswered.
    pub order_failures: u64,
    /// Orders cancelled when the run ended.
    pub cancelled: u64,
}

/// How the network sees a device this morning.
#[derive(Clone, Copy, Debug)]
pub struct Seen<'a> {
    pub eid: &'a str,
    pub country: &'static str,
    /// Days on a foreign IMSI in the country; `None` when on a local one (or not attached).
    pub foreign_days: Option<u32>,
    pub rule: CountryRule,
}

/// What the operator did for one device this morning (for its history).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    None,
    /// Ordered and confirmed: the event is at the SM-DS.
    Ordered {
        iccid: String,
        profile_type: String,
    },
    /// Ordered, or confirmed again, without success.
    Failed(String),
}

/// The operator: its ES2+ clients (one per operator identity owning local types) and its
/// orders.
pub struct Operator {
    clients: BTreeMap<String, Es2Client>,
    smds: SmdpAddress,
    /// Which local type each device gets next.
    rotation: TypeRotation,
    open: HashMap<String, Order>,
    /// The SM-DP+'s order status by ICCID, read each morning.
    status: HashMap<String, sm_dp::OrderStatus>,
    /// Per device, the day the operator decided to localize it (its first order).
    decided: HashMap<String, u32>,
    pub counts: OperatorCounts,
}

impl Operator {
    /// ES2+ clients on `pki` for the owners of `types`, reaching the SM-DP+ at `es2`.
    pub fn new(pki: &Pki, es2: SocketAddr, types: &[TypePlan]) -> Result<Operator, SetupError> {
        let url = format!("https://{SMDP_FQDN}:{}", es2.port());
        let mut clients = BTreeMap::new();
        for t in types.iter().filter(|t| t.country.is_some()) {
            if !clients.contains_key(&t.owner) {
                let mut o = Es2ClientOptions::from_pki(pki, &t.owner, &url)
                    .map_err(|e| SetupError::Pki(e.to_string()))?;
                o.resolve = Some(es2);
                let c = Es2Client::new(&o).map_err(|e| SetupError::Smdp(e.to_string()))?;
                clients.insert(t.owner.clone(), c);
            }
        }
        let smds = SmdpAddress::parse(SMDS_FQDN).map_err(|e| SetupError::Smds(e.to_string()))?;
        Ok(Operator {
            clients,
            smds,
            rotation: TypeRotation::of(types),
            open: HashMap::new(),
            status: HashMap::new(),
            decided: HashMap::new(),
            counts: OperatorCounts::default(),
        })
    }

    /// Reads the SM-DP+'s order status (once a morning, for every device).
    pub async fn refresh(&mut self, smdp: &SmDpView) -> Result<(), storage::StoreError> {
        self.status = (smdp.order_list().await?.into_iter())
            .map(|o| (o.iccid, o.status))
            .collect();
        Ok(())
    }

    /// Records the day of the decision to localize `eid` (kept across the types ordered).
    pub fn note_decision(&mut self, eid: &str, day: u32) {
        self.decided.entry(eid.to_string()).or_insert(day);
    }

    /// The day the operator decided to localize `eid`, if it did.
    pub fn decided_on(&self, eid: &str) -> Option<u32> {
        self.decided.get(eid).copied()
    }

    /// Whether an order for the device waits at the SM-DS (confirmed, not finished).
    pub fn awaits_download(&self, eid: &str) -> bool {
        self.open.get(eid).is_some_and(|o| {
            o.matching_id.is_some() && self.status.get(&o.iccid) == Some(&sm_dp::OrderStatus::Open)
        })
    }

    /// One device this morning.
    pub async fn consider(&mut self, seen: Seen<'_>) -> Action {
        if let Some(order) = self.open.get(seen.eid).cloned() {
            match self.status.get(&order.iccid) {
                Some(sm_dp::OrderStatus::Open) if order.matching_id.is_none() => {
                    return self.confirm(seen.eid, order).await;
                }
                Some(sm_dp::OrderStatus::Open) => return Action::None,
                Some(sm_dp::OrderStatus::Done) if seen.foreign_days.is_none() => {
                    return Action::None;
                }
                // Installed but not attached (rolled back), cancelled or failed: the next
                // type.
                _ => {
                    self.open.remove(seen.eid);
                    self.rotation.skip(seen.eid);
                }
            }
        }
        let due = (self.rotation).due(seen.eid, seen.country, seen.foreign_days, &seen.rule);
        let Some((profile_type, owner)) = due else {
            return Action::None;
        };
        let Some(client) = self.clients.get(&owner) else {
            return Action::None;
        };
        let eid = Eid::parse(seen.eid).ok();
        match client
            .download_order(eid, None, Some(profile_type.clone()))
            .await
        {
            Ok(r) => {
                self.counts.orders += 1;
                let order = Order {
                    iccid: r.iccid.as_str().to_string(),
                    owner,
                    matching_id: None,
                };
                self.status
                    .insert(order.iccid.clone(), sm_dp::OrderStatus::Open);
                match self.confirm(seen.eid, order).await {
                    Action::None => Action::Ordered {
                        iccid: r.iccid.as_str().to_string(),
                        profile_type,
                    },
                    other => other,
                }
            }
            Err(e) => {
                self.counts.order_failures += 1;
                // A refusal (no profile of the type left, 8.2.5/3.7) moves to the next type;
                // an SM-DP+ that cannot be reached is asked for the same one again.
                if matches!(e, sm_dp::Es2ClientError::Response(_)) {
                    self.rotation.skip(seen.eid);
                }
                Action::Failed(format!("DownloadOrder {profile_type}: {}", short(&e)))
            }
        }
    }

    /// ConfirmOrder with the root SM-DS (the order is kept either way).
    async fn confirm(&mut self, eid: &str, mut order: Order) -> Action {
        let outcome = match (self.clients.get(&order.owner), Iccid::parse(&order.iccid)) {
            (Some(client), Ok(iccid)) => {
                let request = ConfirmOrder {
                    eid: Eid::parse(eid).ok(),
                    smds_address: Some(self.smds.clone()),
                    ..ConfirmOrder::new(iccid)
                };
                client.confirm_order(request).await.map_err(|e| short(&e))
            }
            (_, Err(e)) => Err(e.to_string()),
            (None, _) => Err(format!("no ES2+ client for {}", order.owner)),
        };
        let action = match outcome {
            Ok(r) => {
                order.matching_id = Some(r.matching_id);
                Action::None
            }
            Err(e) => {
                self.counts.confirm_failures += 1;
                Action::Failed(format!("ConfirmOrder {}: {e}", order.iccid))
            }
        };
        self.open.insert(eid.to_string(), order);
        action
    }

    /// Cancels every order still open (SGP.22 5.3.3, the profile back to stock); the SM-DP+
    /// deletes their events at the SM-DS. Failures are returned, one line each.
    pub async fn cancel_open(&mut self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut open: Vec<(String, Order)> = self.open.drain().collect();
        open.sort_by(|a, b| a.0.cmp(&b.0));
        for (eid, order) in open {
            if self.status.get(&order.iccid) != Some(&sm_dp::OrderStatus::Open) {
                continue;
            }
            let (Some(client), Ok(iccid)) =
                (self.clients.get(&order.owner), Iccid::parse(&order.iccid))
            else {
                continue;
            };
            match client
                .cancel_order(
                    iccid,
                    Eid::parse(&eid).ok(),
                    order.matching_id.clone(),
                    FinalProfileStatusIndicator::Available,
                )
                .await
            {
                Ok(()) => self.counts.cancelled += 1,
                Err(e) => problems.push(format!("CancelOrder {}: {}", order.iccid, short(&e))),
            }
        }
        problems
    }
}

/// An ES2+ failure without the run's port numbers.
fn short(e: &sm_dp::Es2ClientError) -> String {
    match e {
        sm_dp::Es2ClientError::Http(_) => "the SM-DP+ could not be reached".into(),
        other => other.to_string(),
    }
}
