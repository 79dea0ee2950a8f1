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
    Device, DeviceProfile, Event, Location, NotificationRecord, Operation, Package, StoreError,
    devices, events, notifications, operations, packages,
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
    /// [`crate::SmSrConfig::indirect_profile_download`] asks for it (absent: the IPA
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
        let mut tx = self.ctx.store.begin().await?;
        let packages = packages::for_operation(&mut tx, id).await?;
        tx.commit().await.map_err(StoreError::from)?;
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
        let mut tx = self.ctx.store.begin().await?;
        engine::visible_device(&mut tx, caller, eid).await?;
        let list = operations::for_device(&mut tx, eid).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(list)
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
        let mut tx = self.ctx.store.begin().await?;
        let device = engine::visible_device(&mut tx, caller, eid).await?;
        let profiles = devices::profiles(&mut tx, eid).await?;
        let locations = events::locations(&mut tx, eid, 20).await?;
        let pending_packages = packages::for_device(&mut tx, eid)
            .await?
            .into_iter()
            .filter(|p| {
                matches!(
                    p.state,
                    crate::store::PackageState::Queued | crate::store::PackageState::Sent
                )
            })
            .collect();
        tx.commit().await.map_err(StoreError::from)?;
        Ok(DeviceView {
            has_certificates: device.euicc_cert.is_some(),
            residency_days: policy::residency_days(&device, now),
            device,
            profiles,
            locations,
            pending_packages,
        })
    }

    /// Every device (the lab) by EID.
    pub async fn devices(&self) -> Result<Vec<Device>, EngineError> {
        self.devices_as(None).await
    }

    pub(crate) async fn devices_as(&self, caller: Caller<'_>) -> Result<Vec<Device>, EngineError> {
        let mut tx = self.ctx.store.begin().await?;
        let list = devices::list(&mut tx, caller).await?;
        tx.commit().await.map_err(StoreError::from)?;
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
        let mut tx = self.ctx.store.begin().await?;
        engine::visible_device(&mut tx, caller, eid).await?;
        let h = History {
            events: events::list(&mut tx, eid, limit).await?,
            locations: events::locations(&mut tx, eid, limit).await?,
            notifications: notifications::for_device(&mut tx, eid).await?,
        };
        tx.commit().await.map_err(StoreError::from)?;
        Ok(h)
    }

    /// Runs the localization policy over every device at the clock's now; returns the
    /// localize operations queued. Independent of `localization.enabled` (which only
    /// controls evaluation on each poll).
    pub async fn evaluate_policy(&self) -> Result<Vec<Operation>, EngineError> {
        policy::evaluate_all(&self.ctx, self.ctx.now()).await
    }

    /// One round of the engine's worker now (due ES2+ orders, notification forwarding),
    /// instead of waiting for its interval.
    pub async fn run_engine(&self) -> Result<(), EngineError> {
        worker::tick(&self.ctx).await
    }

    /// Counts of operations by kind and state.
    pub async fn operation_counts(&self) -> Result<Vec<(String, String, i64)>, EngineError> {
        let mut tx = self.ctx.store.begin().await?;
        let c = operations::counts(&mut tx).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(c)
    }

    /// The store, for reports and checks of one's own.
    pub fn store(&self) -> &crate::store::Store {
        &self.ctx.store
    }
}
