//! The operator's side of localization through SGP.02. Each morning it looks at each
//! device as its network sees it and decides by the same policy file the eIM reads
//! ([`eim::policy::decide`]). A device to localize gets the next profile of its country's
//! next local type: its MSISDN given to the SM-DP first (ES2.UpdateSubscriptionAddress,
//! SGP.02 5.3.6, kept for ProfileDownloadCompleted), then ES2.DownloadProfile with
//! EnableProfile (5.3.2), answered at once with `202` and later at the operator's
//! endpoint (`wsa:ReplyTo`). A download that failed, or whose enable the card rolled back
//! because the profile found no network, moves the device to the next type the next
//! morning; a profile left installed and disabled by a rolled-back enable is deleted
//! (ES2.DeleteProfile, 5.3.5), which frees its ISD-P. The SM-DP's notifications
//! (ES2.Handle*Notification, 5.3.7) arrive at the same endpoint and are counted.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::SocketAddr;

use axum::http::StatusCode;
use certs::{CertRole, Pki};
use proto::ids::{Eid, Iccid};
use soap::eis::SubscriptionAddress;
use soap::envelope::{Addressing, Envelope};
use soap::es2::{
    self, DownloadProfileRequest, Es2Callback, Es2ProfileRequest, Es2Request,
    UpdateSubscriptionAddressRequest,
};
use soap::http::request_headers;
use soap::status::{ExecutionStatus, RequestHeader, ResponseHeader};
use tokio::sync::{mpsc, watch};

pub use crate::run::discovery::operator::Seen;
use crate::run::rotation::TypeRotation;
use crate::servers::m2m::SMSR_ID;
use crate::servers::{SMDP_FQDN, error::SetupError};
use crate::world::inventory::{Catalog, TypePlan};

/// The largest answer the operator reads from the SM-DP.
const MAX_ANSWER: usize = 1 << 20;

/// What the operator did in a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OperatorCounts {
    /// DownloadProfile requests the SM-DP accepted (`202`).
    pub orders: u64,
    /// DownloadProfile or UpdateSubscriptionAddress refused at once or unanswered.
    pub order_failures: u64,
    /// DownloadProfileResponses: the profile downloaded and enabled, or not.
    pub downloads_done: u64,
    pub downloads_failed: u64,
    /// Of the failed ones, those whose profile stayed installed (the enable rolled back).
    pub enables_rolled_back: u64,
    /// DeleteProfile requests accepted, and their responses.
    pub deletes: u64,
    pub deletes_answered: u64,
    /// ES2 notifications received (Handle*Notification).
    pub notifications: u64,
    /// ES2 requests sent to the SM-DP, and messages received from it at the endpoint.
    pub requests: u64,
    pub received: u64,
}

/// What the operator did for one device this morning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    None,
    /// DownloadProfile accepted.
    Ordered {
        iccid: String,
        profile_type: String,
    },
    /// Not ordered, or refused.
    Failed(String),
}

/// A download waiting for its DownloadProfileResponse.
#[derive(Clone, Debug)]
struct Order {
    eid: String,
    iccid: String,
    owner: String,
}

/// One operator identity: its ES2 client (mutual TLS with its certificate).
struct Identity {
    client: reqwest::Client,
}

/// The operator: its ES2 clients (one per operator identity owning local types), its
/// endpoint for the SM-DP's responses and notifications, its stock and its orders.
pub struct Operator {
    identities: BTreeMap<String, Identity>,
    es2_url: String,
    /// The endpoint's URL (`wsa:ReplyTo`, and the notifications' address).
    pub endpoint: String,
    received: mpsc::Receiver<Envelope>,
    _stop: watch::Sender<bool>,
    /// Which local type each device gets next.
    rotation: TypeRotation,
    /// Per type, the ICCIDs not yet ordered, in order.
    stock: BTreeMap<String, VecDeque<String>>,
    /// By `MessageID`: the downloads waiting for their response.
    open: HashMap<String, Order>,
    /// By `MessageID`: the deletions waiting for their response.
    deleting: HashMap<String, Order>,
    /// Downloads that failed, to look at ([`Operator::review`]).
    failed: Vec<Order>,
    /// Profiles left installed by a rolled-back enable, to delete.
    to_delete: Vec<Order>,
    decided: HashMap<String, u32>,
    /// The devices whose last download failed, and why.
    last_failure: HashMap<String, String>,
    /// Per device: downloads ordered, enables rolled back.
    per_device: HashMap<String, (u32, u32)>,
    /// What the answers told of each device since [`Operator::events`] last took them.
    happened: Vec<(String, &'static str, String)>,
    sequence: u64,
    pub counts: OperatorCounts,
}

impl Operator {
    /// The endpoint on loopback (presenting the SM-DP's TLS name, CERT.DP.TLS, as the
    /// lab's callback endpoints do) and an ES2 client per owner of `types`.
    pub async fn start(pki: &Pki, types: &[TypePlan]) -> Result<Operator, SetupError> {
        let e = |x: String| SetupError::Pki(x);
        let ci = pki.require(CertRole::Ci).map_err(|x| e(x.to_string()))?;
        let mut identities = BTreeMap::new();
        for t in types.iter().filter(|t| t.country.is_some()) {
            if !identities.contains_key(&t.owner) {
                identities.insert(t.owner.clone(), identity(pki, &t.owner, &ci.cert_der)?);
            }
        }
        let (endpoint, received, stop) = listen(pki).await?;
        Ok(Operator {
            identities,
            es2_url: String::new(),
            endpoint,
            received,
            _stop: stop,
            rotation: TypeRotation::of(types),
            stock: BTreeMap::new(),
            open: HashMap::new(),
            deleting: HashMap::new(),
            failed: Vec::new(),
            to_delete: Vec::new(),
            decided: HashMap::new(),
            last_failure: HashMap::new(),
            per_device: HashMap::new(),
            happened: Vec::new(),
            sequence: 0,
            counts: OperatorCounts::default(),
        })
    }

    /// The operator identities (each needs its endpoint configured at the SM-DP).
    pub fn owners(&self) -> Vec<String> {
        self.identities.keys().cloned().collect()
    }

    /// Calls the SGP.02 SM-DP listening at `sgp02` from now on, ordering the local
    /// profiles of `catalog` (its stock there) in ICCID order.
    pub fn connect(&mut self, sgp02: SocketAddr, catalog: &Catalog) {
        self.es2_url = format!("https://{SMDP_FQDN}:{}/gsma/smdp/ES2", sgp02.port());
        for (iccid, p) in catalog {
            if p.country.is_some() {
                let stock = self.stock.entry(p.profile_type.clone()).or_default();
                stock.push_back(iccid.clone());
            }
        }
    }

    /// Downloads ordered for `eid` (accepted by the SM-DP).
    pub fn attempts(&self, eid: &str) -> u32 {
        self.per_device.get(eid).map_or(0, |c| c.0)
    }

    /// Enables of `eid`'s downloads the card rolled back.
    pub fn rollbacks(&self, eid: &str) -> u32 {
        self.per_device.get(eid).map_or(0, |c| c.1)
    }

    /// Whether no rolled-back profile waits for its deletion.
    pub fn nothing_to_delete(&self) -> bool {
        self.to_delete.is_empty() && self.failed.is_empty()
    }

    /// The day the operator decided to localize `eid`, if it did.
    pub fn decided_on(&self, eid: &str) -> Option<u32> {
        self.decided.get(eid).copied()
    }

    /// Why the device's last download failed, if it did.
    pub fn failure(&self, eid: &str) -> Option<String> {
        self.last_failure.get(eid).cloned()
    }

    /// What the SM-DP's answers told of the devices since the last call: `(EID, event,
    /// detail)` with the events the lab's reports know (`downloaded`, `enabled`,
    /// `rolled-back`, `deleted`, `download-failed`).
    pub fn events(&mut self) -> Vec<(String, &'static str, String)> {
        std::mem::take(&mut self.happened)
    }

    /// Requests waiting for their response.
    pub fn waiting(&self) -> usize {
        self.open.len() + self.deleting.len()
    }

    /// One device this morning; `msisdn`: its local subscriptions' MSISDN.
    pub async fn consider(&mut self, seen: Seen<'_>, msisdn: &str, day: u32) -> Action {
        if self.open.values().any(|o| o.eid == seen.eid) {
            return Action::None;
        }
        let due = (self.rotation).due(seen.eid, seen.country, seen.foreign_days, &seen.rule);
        let Some((profile_type, owner)) = due else {
            return Action::None;
        };
        let Some(iccid) = self
            .stock
            .get_mut(&profile_type)
            .and_then(VecDeque::pop_front)
        else {
            self.rotation.skip(seen.eid);
            return Action::Failed(format!("no {profile_type} profile left"));
        };
        self.decided.entry(seen.eid.to_string()).or_insert(day);
        let order = Order {
            eid: seen.eid.to_string(),
            iccid: iccid.clone(),
            owner,
        };
        match self.order(&order, msisdn).await {
            Ok(id) => {
                self.counts.orders += 1;
                self.per_device.entry(order.eid.clone()).or_default().0 += 1;
                self.open.insert(id, order);
                Action::Ordered {
                    iccid,
                    profile_type,
                }
            }
            Err(why) => {
                self.counts.order_failures += 1;
                self.rotation.skip(seen.eid);
                Action::Failed(why)
            }
        }
    }

    /// UpdateSubscriptionAddress then DownloadProfile of `order`; the download's
    /// `MessageID`.
    async fn order(&mut self, order: &Order, msisdn: &str) -> Result<String, String> {
        let (eid, iccid) = parse(order)?;
        let header = RequestHeader::new(self.next_id("address"));
        let update = UpdateSubscriptionAddressRequest {
            header,
            eid: eid.clone(),
            smsr_id: SMSR_ID.into(),
            iccid: iccid.clone(),
            subscription_address: SubscriptionAddress {
                imsi: None,
                msisdn: Some(msisdn.to_string()),
            },
        };
        let (status, env) = self
            .call(&order.owner, Es2Request::UpdateSubscriptionAddress(update))
            .await?;
        let answered = env.and_then(|e| {
            es2::UPDATE_SUBSCRIPTION_ADDRESS
                .decode_response::<soap::bodies::BaseResponse>(&e)
                .ok()
        });
        match answered {
            Some(r) if status == 200 && r.header.status() == ExecutionStatus::ExecutedSuccess => {}
            Some(r) => return Err(format!("UpdateSubscriptionAddress: {}", outcome(&r.header))),
            None => return Err(format!("UpdateSubscriptionAddress answered HTTP {status}")),
        }
        let id = self.next_id("download");
        let download = DownloadProfileRequest {
            header: RequestHeader::new(id.clone()),
            eid,
            smsr_id: SMSR_ID.into(),
            profile_type: None,
            iccid: Some(iccid),
            enable_profile: Some(true),
        };
        let (status, env) = self
            .call_as(&order.owner, Es2Request::DownloadProfile(download), &id)
            .await?;
        match status {
            202 => Ok(id),
            _ => {
                let why = env
                    .and_then(|e| {
                        es2::DOWNLOAD_PROFILE
                            .decode_response::<es2::DownloadProfileResponse>(&e)
                            .ok()
                    })
                    .map_or_else(|| format!("HTTP {status}"), |r| outcome(&r.header));
                Err(format!("DownloadProfile {}: {why}", order.iccid))
            }
        }
    }

    /// Looks at the downloads that failed: a profile the inventory holds as installed
    /// or disabled on the eUICC stayed there after its enable was rolled back, and is to
    /// be deleted. The SM-DP's inventory stands for the operator's own records of its
    /// profiles (what its ES2 responses and notifications told it).
    pub async fn review(&mut self, smdp: &sm_dp::SmDpView) {
        for order in std::mem::take(&mut self.failed) {
            let on_card = matches!(
                smdp.profile(&order.iccid)
                    .await
                    .ok()
                    .flatten()
                    .map(|p| p.state),
                Some(sm_dp::ProfileState::Installed | sm_dp::ProfileState::Disabled)
            );
            if on_card {
                self.counts.enables_rolled_back += 1;
                self.per_device.entry(order.eid.clone()).or_default().1 += 1;
                let what = format!("{}: no network, the card went back", order.iccid);
                self.happened
                    .push((order.eid.clone(), "downloaded", order.iccid.clone()));
                self.happened.push((order.eid.clone(), "rolled-back", what));
                self.to_delete.push(order);
            }
        }
    }

    /// DeleteProfile of each profile a rolled-back enable left installed.
    pub async fn delete_left_over(&mut self) -> Vec<String> {
        let mut problems = Vec::new();
        for order in std::mem::take(&mut self.to_delete) {
            let Ok((eid, iccid)) = parse(&order) else {
                continue;
            };
            let id = self.next_id("delete");
            let request = Es2ProfileRequest {
                header: RequestHeader::new(id.clone()),
                eid,
                smsr_id: SMSR_ID.into(),
                iccid,
            };
            match self
                .call_as(&order.owner, Es2Request::DeleteProfile(request), &id)
                .await
            {
                Ok((202, _)) => {
                    self.counts.deletes += 1;
                    self.deleting.insert(id, order);
                }
                Ok((status, _)) => {
                    problems.push(format!("DeleteProfile {}: HTTP {status}", order.iccid))
                }
                Err(e) => problems.push(format!("DeleteProfile {}: {e}", order.iccid)),
            }
        }
        problems
    }

    /// Takes what arrived at the endpoint until nothing is awaited any more, or `patience`
    /// passed without anything arriving; whether nothing is awaited.
    pub async fn settle(&mut self, patience: std::time::Duration) -> bool {
        loop {
            while let Ok(env) = self.received.try_recv() {
                self.take(env);
            }
            if self.waiting() == 0 {
                return true;
            }
            match tokio::time::timeout(patience, self.received.recv()).await {
                Ok(Some(env)) => self.take(env),
                _ => return false,
            }
        }
    }

    /// One message from the SM-DP: a response to a request, or a notification.
    fn take(&mut self, env: Envelope) {
        self.counts.received += 1;
        let relates_to = env.addressing.relates_to.clone().unwrap_or_default();
        match Es2Callback::decode(&env) {
            Ok(Es2Callback::DownloadProfile(r)) => {
                let Some(order) = self.open.remove(&relates_to) else {
                    return;
                };
                if r.header.status() == ExecutionStatus::ExecutedSuccess {
                    self.counts.downloads_done += 1;
                    self.last_failure.remove(&order.eid);
                    let what = format!("{} through the SM-SR", order.iccid);
                    self.happened
                        .push((order.eid.clone(), "downloaded", what.clone()));
                    self.happened.push((order.eid.clone(), "enabled", what));
                    return;
                }
                self.counts.downloads_failed += 1;
                let why = format!("{}: {}", order.iccid, outcome(&r.header));
                self.happened
                    .push((order.eid.clone(), "download-failed", why));
                self.last_failure
                    .insert(order.eid.clone(), outcome(&r.header));
                self.rotation.skip(&order.eid);
                self.failed.push(order);
            }
            Ok(Es2Callback::DeleteProfile(r)) => {
                if let Some(order) = self.deleting.remove(&relates_to) {
                    self.counts.deletes_answered += 1;
                    if r.header.status() == ExecutionStatus::ExecutedSuccess {
                        let what = format!("{} (its enable rolled back)", order.iccid);
                        self.happened.push((order.eid, "deleted", what));
                    }
                }
            }
            Ok(_) => self.counts.notifications += 1,
            Err(e) => tracing::warn!(error = %e, "the operator's endpoint: not an ES2 message"),
        }
    }

    fn next_id(&mut self, what: &str) -> String {
        self.sequence += 1;
        format!("urn:uuid:operator-{what}-{}", self.sequence)
    }

    async fn call_as(
        &mut self,
        owner: &str,
        request: Es2Request,
        id: &str,
    ) -> Result<(u16, Option<Envelope>), String> {
        let a = Addressing::request(&self.es2_url, owner, id).with_reply_to(&self.endpoint);
        self.post(owner, request.encode(a)).await
    }

    async fn call(
        &mut self,
        owner: &str,
        request: Es2Request,
    ) -> Result<(u16, Option<Envelope>), String> {
        let id = self.next_id("call");
        let a = Addressing::request(&self.es2_url, owner, &id);
        self.post(owner, request.encode(a)).await
    }

    async fn post(
        &mut self,
        owner: &str,
        env: Envelope,
    ) -> Result<(u16, Option<Envelope>), String> {
        let client = &self
            .identities
            .get(owner)
            .ok_or_else(|| format!("no ES2 identity {owner}"))?
            .client;
        self.counts.requests += 1;
        let action = env.addressing.action.clone().unwrap_or_default();
        let headers = request_headers(&action);
        let (status, body) =
            infra::client::post_bounded(client, &self.es2_url, &headers, env.encode(), MAX_ANSWER)
                .await
                .map_err(|_| "the SM-DP could not be reached".to_string())?;
        Ok((status, Envelope::decode(&body).ok()))
    }
}

fn parse(order: &Order) -> Result<(Eid, Iccid), String> {
    let eid = Eid::parse_lenient(&order.eid).map_err(|e| e.to_string())?;
    let iccid = Iccid::parse_lenient(&order.iccid).map_err(|e| e.to_string())?;
    Ok((eid, iccid))
}

/// A response's status in words: `Failed 8.2.5/3.7`.
fn outcome(h: &ResponseHeader) -> String {
    let f = &h.function_execution_status;
    match &f.status_code_data {
        Some(d) => format!("{:?} {}/{}", f.status, d.subject_code, d.reason_code),
        None => format!("{:?}", f.status),
    }
}

/// The ES2 client of operator `owner`: its certificate under the operator CA, the CI as
/// the only trusted root.
fn identity(pki: &Pki, owner: &str, ci: &[u8]) -> Result<Identity, SetupError> {
    let e = |x: String| SetupError::Pki(format!("operator {owner}: {x}"));
    let cred = pki.operator(owner).map_err(|x| e(x.to_string()))?;
    let key = cred.key().map_err(|x| e(x.to_string()))?;
    let key = key.to_sec1_pem().map_err(|x| e(x.to_string()))?;
    let mut o =
        infra::client::ClientOptions::new(infra::tls::ServerTrust::roots(vec![ci.to_vec()]));
    o.identity = Some(infra::tls::Identity {
        chain: vec![cred.cert_der.clone()],
        key_pem: key.as_bytes().to_vec(),
    });
    o.resolve = vec![(SMDP_FQDN.into(), SocketAddr::from(([127, 0, 0, 1], 0)))];
    let client = infra::client::build(&o).map_err(|x| e(x.to_string()))?;
    Ok(Identity { client })
}

/// The operator's endpoint on loopback, presenting CERT.DP.TLS (the lab has no operator
/// server certificate; its name leads to loopback): every ES2 message the SM-DP posts there
/// is handed over, `202`. Its URL, what arrives, and the sender that stops it when dropped.
pub async fn listen(
    pki: &Pki,
) -> Result<(String, mpsc::Receiver<Envelope>, watch::Sender<bool>), SetupError> {
    let e = |x: String| SetupError::Io {
        what: "the operator's ES2 endpoint".into(),
        detail: x,
    };
    let (dp, dp_key) = pki
        .require_key(CertRole::DpTls)
        .map_err(|x| SetupError::Pki(x.to_string()))?;
    let pem = dp_key
        .to_sec1_pem()
        .map_err(|x| SetupError::Pki(x.to_string()))?;
    let identity = infra::tls::Identity {
        chain: vec![dp.cert_der.clone()],
        key_pem: pem.as_bytes().to_vec(),
    };
    let tls = infra::tls::server_config(&identity, None).map_err(|x| e(x.to_string()))?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|x| e(x.to_string()))?;
    let port = listener.local_addr().map_err(|x| e(x.to_string()))?.port();
    let (tx, received) = mpsc::channel(4096);
    let router =
        axum::Router::new().fallback(axum::routing::post(move |body: axum::body::Bytes| {
            let tx = tx.clone();
            async move {
                let Ok(env) = Envelope::decode(&body) else {
                    return StatusCode::BAD_REQUEST;
                };
                match tx.send(env).await {
                    Ok(()) => StatusCode::ACCEPTED,
                    Err(_) => StatusCode::SERVICE_UNAVAILABLE,
                }
            }
        }));
    let (stop, stopping) = watch::channel(false);
    let shutdown = infra::serve::until_stopped(stopping);
    tokio::spawn(infra::serve::serve_tls(listener, tls, router, shutdown));
    Ok((format!("https://{SMDP_FQDN}:{port}/es2"), received, stop))
}
