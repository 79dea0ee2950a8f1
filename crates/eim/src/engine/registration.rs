//! Device registration: an operator tells the eIM about an eUICC that carries this eIM's
//! configuration (installed by ES10b.AddInitialEim, SGP.32 v1.2 5.9.4).
//!
//! The lab's model of the association: the eUICC's EimConfigurationData for this eIM holds
//! the eimId, the initial counterValue (registration's `counterValue`, default 0: the first
//! package carries 1) and the eIM's signing certificate; the eUICC answers AddInitialEim
//! with an associationToken, which registration passes on. Certificates are checked
//! (CI → EUM → eUICC, EID in the EUM's range, EID = the registered one); without them, or
//! without a token, the eIM first asks the device with an IpaEuiccDataRequest.

use base64::Engine as _;
use proto::ids::{Eid, Iccid};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{Caller, EIM_REQUESTER, EngineError, OperationRequest, queue_in};
use crate::context::{Context, Ctx};
use crate::store::{Device, DeviceProfile, StoreError, Tx, devices, events};

/// A registration (operator API body).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Registration {
    /// 32 digits.
    pub eid: String,
    /// CERT.EUICC.ECDSA, base64 DER.
    #[serde(default)]
    pub euicc_certificate: Option<String>,
    /// CERT.EUM.ECDSA, base64 DER.
    #[serde(default)]
    pub eum_certificate: Option<String>,
    /// The counterValue of the eIM configuration on the eUICC (default 0).
    #[serde(default)]
    pub counter_value: Option<i64>,
    /// What the eUICC answered to AddInitialEim for this eIM.
    #[serde(default)]
    pub association_token: Option<i64>,
    /// The eimId configured on the eUICC (default: this eIM's).
    #[serde(default)]
    pub eim_id: Option<String>,
    /// The profile the eUICC shipped with, enabled and holding the fallback attribute.
    #[serde(default)]
    pub bootstrap_iccid: Option<String>,
}

fn b64(member: &str, s: &str) -> Result<Vec<u8>, EngineError> {
    base64::engine::general_purpose::STANDARD
        .decode(s)
        .map_err(|e| EngineError::Invalid(format!("{member}: {e}")))
}

/// Registers a device; the caller becomes its owner.
pub(crate) async fn register(
    ctx: &Ctx,
    caller: Caller<'_>,
    r: &Registration,
) -> Result<Device, EngineError> {
    let now = ctx.now();
    let eid = Eid::parse(&r.eid).map_err(|e| EngineError::Invalid(format!("eid: {e}")))?;
    let euicc = r
        .euicc_certificate
        .as_deref()
        .map(|c| b64("euiccCertificate", c))
        .transpose()?;
    let eum = r
        .eum_certificate
        .as_deref()
        .map(|c| b64("eumCertificate", c))
        .transpose()?;
    match (&euicc, &eum) {
        (Some(euicc), Some(eum)) => check_chain(ctx, eid.as_str(), eum, euicc)?,
        (None, None) => {}
        _ => {
            return Err(EngineError::Invalid(
                "give both euiccCertificate and eumCertificate, or neither".into(),
            ));
        }
    }
    let bootstrap = r
        .bootstrap_iccid
        .as_deref()
        .map(|i| {
            Iccid::parse_lenient(i)
                .map(|i| i.as_str().to_string())
                .map_err(|e| EngineError::Invalid(format!("bootstrapIccid: {e}")))
        })
        .transpose()?;
    let eim_id = r.eim_id.clone().unwrap_or_else(|| ctx.eim_id.clone());
    if eim_id.is_empty() || eim_id.len() > 128 {
        return Err(EngineError::Invalid(
            "eimId must have 1 to 128 characters".into(),
        ));
    }
    let counter = r.counter_value.unwrap_or(0);
    if counter < 0 {
        return Err(EngineError::Invalid(
            "counterValue must not be negative".into(),
        ));
    }
    let operator = caller.unwrap_or(&ctx.operator).to_string();
    let new = devices::NewDevice {
        eid: eid.as_str().to_string(),
        operator: operator.clone(),
        eim_id,
        counter_value: counter,
        association_token: r.association_token,
        euicc_cert: euicc,
        eum_cert: eum,
        bootstrap_iccid: bootstrap,
    };
    let c = ctx.clone();
    let device = ctx.store.write(move |tx| insert(&c, tx, &new, now)).await?;
    tracing::info!(eid = %eid, operator = %operator, "device registered");
    Ok(device)
}

/// The device, its bootstrap profile, the history entry and (without certificates or
/// token) the eUICC data request, in one transaction.
fn insert(
    ctx: &Context,
    tx: &mut Tx<'_>,
    new: &devices::NewDevice,
    now: i64,
) -> Result<Device, EngineError> {
    let eid = new.eid.as_str();
    if !devices::insert(tx, new, now)? {
        return Err(EngineError::Conflict(format!(
            "EID {eid} is already registered"
        )));
    }
    if let Some(iccid) = &new.bootstrap_iccid {
        devices::put_profile(
            tx,
            eid,
            &DeviceProfile {
                iccid: iccid.clone(),
                state: "enabled".into(),
                fallback: true,
                profile_name: None,
                service_provider: None,
                updated_at: now,
            },
        )?;
        devices::set(tx, eid, devices::Field::EnabledIccid, Some(iccid), now)?;
        devices::set(tx, eid, devices::Field::FallbackIccid, Some(iccid), now)?;
    }
    events::add(
        tx,
        eid,
        "registered",
        json!({"operator": new.operator, "counterValue": new.counter_value,
               "associationToken": new.association_token,
               "certificates": new.euicc_cert.is_some()}),
        now,
    )?;
    let device = devices::get(tx, eid)?
        .ok_or_else(|| StoreError::corrupt("devices", "registered device not found"))?;
    if new.euicc_cert.is_none() || new.association_token.is_none() {
        queue_in(
            ctx,
            tx,
            &device,
            EIM_REQUESTER,
            &OperationRequest::EuiccData { tags: None },
        )?;
    }
    Ok(device)
}

/// Checks an eUICC's chain against the trusted CIs and the expected EID.
pub(crate) fn check_chain(
    ctx: &Context,
    eid: &str,
    eum: &[u8],
    euicc: &[u8],
) -> Result<(), EngineError> {
    let v = certs::verify_euicc_chain(
        &ctx.creds.cis,
        eum,
        euicc,
        Some(time::OffsetDateTime::now_utc()),
    )
    .map_err(|e| EngineError::Invalid(format!("eUICC certificate chain: {e}")))?;
    if v.eid != eid {
        return Err(EngineError::Invalid(format!(
            "the eUICC certificate is for EID {}, not {eid}",
            v.eid
        )));
    }
    Ok(())
}
