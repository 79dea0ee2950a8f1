//! The eIM's library API, for the lab and for the operator API alike: register devices,
//! queue operations, read devices, operations and history, run the localization policy, and
//! get the eIM configuration data eUICCs are given (ES10b.AddInitialEim, SGP.32 v1.2 5.9.4).

use base64::Engine as _;
use proto::der::{Asn1, Null, RawSequence};
use proto::sgp22::Certificate;
use proto::sgp32::{
    EimConfigurationData, EimIdType, EimPublicKeyData, EimSupportedProtocol,
    TrustedPublicKeyDataTls,
};
use serde::Serialize;

use crate::context::Ctx;
use crate::engine::{
    self, Caller, EngineError, OperationRequest, Registration, policy, registration, worker,
};
use crate::store::{
    Device, DeviceProfile, Event, Location, NotificationRecord, Operation, Package, devices,
    events, notifications, operations, packages,
};

/// A device as the API shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceView {
    #[serde(flatten)]
    pub device: Device,
    pub has_certificates: bool,
    pub profiles: Vec<DeviceProfile>,
    /// Whole days in `lastCountry` (on the eIM's clock).
    pub residency_days: Option<u32>,
    /// The last serving networks, oldest first.
    pub locations: Vec<Location>,
    /// Packages not yet settled, in queue order.
    pub pending_packages: Vec<Package>,
}

/// A device's history.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct History {
    pub events: Vec<Event>,
    pub locations: Vec<Location>,
    pub notifications: Vec<NotificationRecord>,
}

/// An operation with its packages.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OperationView {
    #[serde(flatten)]
    pub operation: Operation,
    pub packages: Vec<Package>,
}

/// Who this eIM is, for configuring eUICCs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EimInfo {
    pub eim_id: String,
    /// `host:port` of ESipa.
    pub eim_fqdn: String,
    /// CERT.EIM.ECDSA, base64 DER.
    pub eim_certificate: String,
    /// CERT.EIM.TLS, base64 DER.
    pub tls_certificate: String,
    /// EimConfigurationData (base64 DER) for ES10b.AddInitialEim, counterValue 0.
    pub eim_configuration_data: String,
    /// Whether that configuration asks for downloads through the eIM
    /// (`indirectProfileDownload`).
    pub indirect_profile_download: bool,
}

/// A handle on the running eIM's engine; cheap to clone.
#[derive(Clone)]
pub struct Fleet {
    pub(crate) ctx: Ctx,
}

fn b64(b: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(b)
}

impl Fleet {
    /// The eIM configuration data an eUICC needs to trust this eIM (SGP.32 v1.2
    /// 2.11.1.1.1): eimId, FQDN, the signing certificate (eimPublicKeyData), the TLS
    /// certificate, retrieve over HTTPS, and `indirectProfileDownload` when
    /// [`crate::EimServerConfig::indirect_profile_download`] asks for it (absent: the IPA
    /// downloads from the SM-DP+ itself).
    pub fn eim_configuration(&self, counter_value: i64) -> EimConfigurationData {
        let c = &self.ctx;
        EimConfigurationData {
            eim_id: c.eim_id.clone(),
            eim_fqdn: Some(c.eim_address.clone()),
            eim_id_type: Some(EimIdType::EimIdTypeFqdn),
            counter_value: Some(counter_value),
            association_token: None,
            eim_public_key_data: Some(EimPublicKeyData::EimCertificate(Certificate(RawSequence(
                c.creds.eim_cert.clone(),
            )))),
            trusted_public_key_data_tls: Some(TrustedPublicKeyDataTls::TrustedCertificateTls(
                Certificate(RawSequence(c.creds.tls_cert.clone())),
            )),
            eim_supported_protocol: Some(EimSupportedProtocol::from_bits(&[
                EimSupportedProtocol::EIM_RETRIEVE_HTTPS,
            ])),
            euicc_ci_pkid: c.creds.cis.first().map(|a| a.ski().to_vec()),
            indirect_profile_download: c.indirect_profile_download.then_some(Null),
        }
    }

    /// [`Fleet::eim_configuration`] with the certificates, for the API.
    pub fn eim_info(&self) -> EimInfo {
        let c = &self.ctx;
        EimInfo {
            eim_id: c.eim_id.clone(),
            eim_fqdn: c.eim_address.clone(),
            eim_certificate: b64(&c.creds.eim_cert),
            tls_certificate: b64(&c.creds.tls_cert),
            eim_configuration_data: b64(&self.eim_configuration(0).to_der()),
            indirect_profile_download: c.indirect_profile_download,
        }
    }

    /// Registers a device (the lab: owned by the configured operator).
    pub async fn register(&self, r: &Registration) -> Result<Device, EngineError> {
        registration::register(&self.ctx, None, r).await
    }

    pub(crate) async fn register_as(
        &self,
        caller: Caller<'_>,
        r: &Registration,
    ) -> Result<Device, EngineError> {
        registration::register(&self.ctx, caller, r).await
    }

    /// Queues an operation for a device.
    pub async fn queue(&self, eid: &str, req: &OperationRequest) -> Result<Operation, EngineError> {
        engine::queue_operation(&self.ctx, None, &self.ctx.operator, eid, req).await
    }

    pub(crate) async fn queue_as(
        &self,
        caller: &str,
        eid: &str,
        req: &OperationRequest,
    ) -> Result<Operation, EngineError> {
        engine::queue_operation(&self.ctx, Some(caller), caller, eid, req).await
    }

    /// Withdraws an operation that has not left yet.
    pub async fn cancel(&self, id: &str) -> Result<Operation, EngineError> {
        engine::cancel_operation(&self.ctx, None, id).await
    }

    pub(crate) async fn cancel_as(&self, caller: &str, id: &str) -> Result<Operation, EngineError> {
        engine::cancel_operation(&self.ctx, Some(caller), id).await
    }

    /// An operation with its packages.
    pub async fn operation(&self, id: &str) -> Result<OperationView, EngineError> {
        self.operation_as(None, id).await
    }

    pub(crate) async fn operation_as(
        &self,
        caller: Caller<'_>,
        id: &str,
    ) -> Result<OperationView, EngineError> {
        let operation = engine::operation(&self.ctx, caller, id).await?;
        let id = id.to_string();
        let packages = self
            .ctx
            .store
            .read(move |tx| packages::for_operation(tx, &id))
            .await?;
        Ok(OperationView {
            operation,
            packages,
        })
    }

    /// The operations of a device, oldest first.
    pub async fn operations(&self, eid: &str) -> Result<Vec<Operation>, EngineError> {
        self.operations_as(None, eid).await
    }

    pub(crate) async fn operations_as(
        &self,
        caller: Caller<'_>,
        eid: &str,
    ) -> Result<Vec<Operation>, EngineError> {
        let (caller, eid) = (caller.map(str::to_string), eid.to_string());
        self.ctx
            .store
            .read(move |tx| {
                engine::visible_device(tx, caller.as_deref(), &eid)?;
                Ok(operations::for_device(tx, &eid)?)
            })
            .await
    }

    /// A device with its profiles, residency, recent locations and pending packages.
    pub async fn device(&self, eid: &str) -> Result<DeviceView, EngineError> {
        self.device_as(None, eid).await
    }

    pub(crate) async fn device_as(
        &self,
        caller: Caller<'_>,
        eid: &str,
    ) -> Result<DeviceView, EngineError> {
        let now = self.ctx.now();
        let (caller, eid) = (caller.map(str::to_string), eid.to_string());
        let ctx = self.ctx.clone();
        self.ctx
            .store
            .read(move |tx| {
                let mut device = engine::visible_device(tx, caller.as_deref(), &eid)?;
                device.last_seen = ctx.seen.latest(&eid, device.last_seen);
                let profiles = devices::profiles(tx, &eid)?;
                let locations = events::locations(tx, &eid, 20)?;
                let pending_packages = packages::for_device(tx, &eid)?
                    .into_iter()
                    .filter(|p| {
                        matches!(
                            p.state,
                            crate::store::PackageState::Queued | crate::store::PackageState::Sent
                        )
                    })
                    .collect();
                Ok(DeviceView {
                    has_certificates: device.euicc_cert.is_some(),
                    residency_days: policy::residency_days(&device, now),
                    device,
                    profiles,
                    locations,
                    pending_packages,
                })
            })
            .await
    }

    /// Every device (the lab) by EID.
    pub async fn devices(&self) -> Result<Vec<Device>, EngineError> {
        self.devices_as(None).await
    }

    pub(crate) async fn devices_as(&self, caller: Caller<'_>) -> Result<Vec<Device>, EngineError> {
        let caller = caller.map(str::to_string);
        let mut list = self
            .ctx
            .store
            .read(move |tx| devices::list(tx, caller.as_deref()))
            .await?;
        for d in &mut list {
            d.last_seen = self.ctx.seen.latest(&d.eid, d.last_seen);
        }
        Ok(list)
    }

    /// A device's history (the last `limit` events and locations).
    pub async fn history(&self, eid: &str, limit: i64) -> Result<History, EngineError> {
        self.history_as(None, eid, limit).await
    }

    pub(crate) async fn history_as(
        &self,
        caller: Caller<'_>,
        eid: &str,
        limit: i64,
    ) -> Result<History, EngineError> {
        let (caller, eid) = (caller.map(str::to_string), eid.to_string());
        self.ctx
            .store
            .read(move |tx| {
                engine::visible_device(tx, caller.as_deref(), &eid)?;
                Ok(History {
                    events: events::list(tx, &eid, limit)?,
                    locations: events::locations(tx, &eid, limit)?,
                    notifications: notifications::for_device(tx, &eid)?,
                })
            })
            .await
    }

    /// Runs the localization policy over every device at the clock's now; returns the
    /// localize operations queued. Independent of `localization.enabled` (which only
    /// controls evaluation on each poll).
    pub async fn evaluate_policy(&self) -> Result<Vec<Operation>, EngineError> {
        policy::evaluate_all(&self.ctx, None, self.ctx.now()).await
    }

    /// Sets (or, with `avoid: false`, lifts) an operator the localization policy avoids,
    /// for every device (`POST /v1/policy/avoid` sets it for the caller's devices); the
    /// rules in force after it.
    pub async fn avoid(
        &self,
        rule: &policy::AvoidRule,
    ) -> Result<Vec<policy::AvoidRule>, EngineError> {
        policy::set_avoid(&self.ctx, None, rule).await
    }

    /// One round of the engine's worker now (due ES2+ orders, notification forwarding),
    /// instead of waiting for its interval.
    pub async fn run_engine(&self) -> Result<(), EngineError> {
        worker::tick(&self.ctx).await
    }

    /// Places the due ES2+ orders of `eid`'s localizations now (DownloadOrder and
    /// ConfirmOrder, as the worker would), oldest first; how many were placed. With
    /// [`crate::config::Delivery::hold_orders`] this is the only way orders leave.
    pub async fn place_orders(&self, eid: &str) -> Result<usize, EngineError> {
        worker::run_due(&self.ctx, "order", Some(eid)).await
    }

    /// Leases the due ES2+ orders of `eid`'s localizations, oldest first, without placing
    /// them (an order another instance holds is left out): a caller that sends each profile
    /// type's DownloadOrders in an order of its own (the lab, device by device) leases the
    /// next device's orders while the device before it is ordered, then places them with
    /// [`Fleet::place_leased`] when their turn comes, within
    /// [`crate::config::Delivery::order_lease`].
    pub async fn lease_orders(&self, eid: &str) -> Result<Vec<LeasedOrder>, EngineError> {
        Ok(worker::lease_due_orders(&self.ctx, eid)
            .await?
            .into_iter()
            .map(|(op, until)| LeasedOrder(op, until))
            .collect())
    }

    /// Places an order [`Fleet::lease_orders`] leased (DownloadOrder, then ConfirmOrder).
    /// `allocated`, when given, is notified as soon as the order's profile is allocated
    /// (DownloadOrder answered; the eIM records it meanwhile), before its ConfirmOrder: a
    /// caller that hands out each profile type's inventory in its own order can send the
    /// next device's DownloadOrder then, beside this one's confirmation. Not notified when
    /// the DownloadOrder did not succeed (refused, unreachable). Its outcome is in the
    /// operation, as when the worker places it. A lease with less than half its time left
    /// is renewed first; one that ran out and was taken over by another instance places
    /// nothing (the new holder does).
    pub async fn place_leased(&self, order: LeasedOrder, allocated: Option<&tokio::sync::Notify>) {
        worker::run_held(&self.ctx, "order", order.0, order.1, allocated).await;
    }

    /// Counts of operations by kind and state.
    pub async fn operation_counts(&self) -> Result<Vec<(String, String, i64)>, EngineError> {
        Ok(self.ctx.store.read(operations::counts).await?)
    }

    /// What the eIM still has to do for `eid`: a package waiting for its poll, or a
    /// localization at its ES2+ order step (the lab asks instead of polling blindly). A
    /// short read on the calling thread ([`storage::Db::read_inline`]).
    pub async fn work(&self, eid: &str) -> Result<Work, EngineError> {
        let eid = eid.to_string();
        Ok(self
            .ctx
            .store
            .read_inline(move |tx| {
                Ok::<_, crate::store::StoreError>(if packages::has_any_pending(tx, &eid)? {
                    Work::Packages
                } else if operations::is_ordering(tx, &eid)? {
                    Work::Ordering
                } else {
                    Work::None
                })
            })
            .await?)
    }

    /// [`Fleet::work`] for each of `eids`, in their order, from one read transaction: a
    /// caller that asks for many devices at once (the lab, once per round of sessions)
    /// pays for one transaction and one look at the localizations waiting for an order,
    /// not one of each per device.
    pub async fn work_of(&self, eids: Vec<String>) -> Result<Vec<Work>, EngineError> {
        if eids.is_empty() {
            return Ok(Vec::new());
        }
        Ok(self
            .ctx
            .store
            .read(move |tx| {
                let ordering = operations::ordering_eids(tx)?;
                eids.iter()
                    .map(|eid| {
                        Ok(if packages::has_any_pending(tx, eid)? {
                            Work::Packages
                        } else if ordering.contains(eid) {
                            Work::Ordering
                        } else {
                            Work::None
                        })
                    })
                    .collect::<Result<Vec<_>, crate::store::StoreError>>()
            })
            .await?)
    }

    /// Localizations that ended on the device's side whose ES2+ CancelOrder the worker has
    /// still to send (their last step): they end once it has.
    pub async fn cancels_pending(&self) -> Result<i64, EngineError> {
        Ok(self
            .ctx
            .store
            .read(|tx| operations::count_at_step(tx, "cancel"))
            .await?)
    }

    /// Notifications still to be forwarded to their SM-DP+.
    pub async fn notifications_to_forward(&self) -> Result<i64, EngineError> {
        Ok(self.ctx.store.read(notifications::pending_count).await?)
    }

    /// The whole fleet, as its end state is checked: every device, its operations and how
    /// many downloads and rollbacks its history records, read in pages of
    /// [`Fleet::snapshot_page`] (linear in the fleet, whatever its size).
    pub async fn snapshot(&self) -> Result<Vec<DeviceSnapshot>, EngineError> {
        let mut all = Vec::new();
        loop {
            let after = all.last().map(|s: &DeviceSnapshot| s.device.eid.clone());
            let page = self.snapshot_page(after.as_deref(), SNAPSHOT_PAGE).await?;
            if page.is_empty() {
                return Ok(all);
            }
            all.extend(page);
        }
    }

    /// At most `limit` devices of [`Fleet::snapshot`], the first ones by EID after `after`
    /// (from the first with `None`), each page in one read: a caller that goes through the
    /// fleet page by page holds one page at a time, not the whole fleet, and reads each
    /// row once (linear). Pages are separate reads: a fleet still changing can move
    /// between them (the lab reads its end state once the run has settled).
    pub async fn snapshot_page(
        &self,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Vec<DeviceSnapshot>, EngineError> {
        let after = after.unwrap_or_default().to_string();
        Ok(self
            .ctx
            .store
            .read(move |tx| snapshot_page(tx, &after, limit))
            .await?)
    }

    /// Rows per table of the eIM's database (sizing, retention checks).
    pub async fn row_counts(&self) -> Result<Vec<(&'static str, i64)>, EngineError> {
        Ok(self
            .ctx
            .store
            .read(crate::store::retention::row_counts)
            .await?)
    }
}

/// What the eIM holds for one device at the end of a run.
#[derive(Clone, Debug, PartialEq)]
pub struct DeviceSnapshot {
    /// The device's row without its certificates and EUICCInfo (`None`: a fleet-wide read
    /// does not carry about 2 KiB of octets per device; [`Fleet::device`] has them).
    pub device: Device,
    pub operations: Vec<Operation>,
    /// Installation results received (`download-result` events).
    pub downloads: u32,
    /// Rollbacks reported (`rollback` events).
    pub rollbacks: u32,
}

/// A localization's ES2+ order leased for its caller and not yet placed
/// ([`Fleet::lease_orders`], [`Fleet::place_leased`]), with the time its lease ends
/// (wall-clock ms).
#[derive(Debug)]
pub struct LeasedOrder(Operation, i64);

/// Work the eIM holds for one device.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Work {
    /// Nothing queued, nothing being ordered.
    None,
    /// A package is queued or was delivered without a result: the device should poll.
    Packages,
    /// A localization is at its ES2+ order step: the eIM's worker is on it.
    Ordering,
}

/// Devices per page when [`Fleet::snapshot`] reads the whole fleet.
const SNAPSHOT_PAGE: u32 = 2_000;

fn snapshot_page(
    tx: &mut crate::store::Tx<'_>,
    after: &str,
    limit: u32,
) -> Result<Vec<DeviceSnapshot>, crate::store::StoreError> {
    use std::collections::HashMap;
    let devices = devices::page_without_octets(tx, after, limit)?;
    let Some(last) = devices.last().map(|d| d.eid.clone()) else {
        return Ok(Vec::new());
    };
    if devices.first().is_some_and(|d| d.eid.as_str() <= after) {
        // A page that does not move on would have its reader loop for ever.
        return Err(crate::store::StoreError::corrupt(
            "devices",
            "a page of devices did not start after the EID asked for",
        ));
    }
    let mut count = |kind: &str| {
        events::count_by_device_in(tx, kind, after, &last).map(|v| {
            v.into_iter()
                .map(|(e, n)| (e, u32::try_from(n).unwrap_or(u32::MAX)))
                .collect::<HashMap<String, u32>>()
        })
    };
    let downloads = count("download-result")?;
    let rollbacks = count("rollback")?;
    let mut ops: HashMap<String, Vec<Operation>> = HashMap::new();
    for op in operations::of_devices_in(tx, after, &last)? {
        ops.entry(op.eid.clone()).or_default().push(op);
    }
    Ok(devices
        .into_iter()
        .map(|device| DeviceSnapshot {
            operations: ops.remove(&device.eid).unwrap_or_default(),
            downloads: downloads.get(&device.eid).copied().unwrap_or(0),
            rollbacks: rollbacks.get(&device.eid).copied().unwrap_or(0),
            device,
        })
        .collect())
}
