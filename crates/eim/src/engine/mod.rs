//! The eIM's engine: device registration, operations and the packages they become, delivery
//! of packages to polling devices with counter allocation, results applied to the device's
//! state and to operations, the localization flow, the policy and a background worker for
//! ES2+ orders and notification forwarding.

pub(crate) mod attempts;
pub mod delivery;
pub mod failure;
pub mod forward;
pub mod localize;
pub mod notifications;
pub mod ordering;
pub mod policy;
pub mod profiles;
pub mod registration;
pub mod request;
pub mod results;
pub(crate) mod seen;
pub mod sweeper;
pub mod take;
pub mod worker;

use serde_json::json;

use crate::context::{Context, Ctx};
use crate::store::{
    self, Device, Operation, OperationState, PackageKind, PackageState, StoreError, Tx, devices,
    events, operations, packages,
};
pub use registration::Registration;
pub use request::{EimConfig, InvalidRequest, OperationRequest};

/// Why the engine refused or failed a request.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EngineError {
    #[error("no device with EID {0}")]
    UnknownDevice(String),
    #[error("no operation {0}")]
    UnknownOperation(String),
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<InvalidRequest> for EngineError {
    fn from(e: InvalidRequest) -> Self {
        EngineError::Invalid(e.0)
    }
}

/// Who may see a device: `None` is the lab itself (every device), `Some(op)` an operator
/// (its own devices only; others look unknown).
pub type Caller<'a> = Option<&'a str>;

/// The requester recorded for what the eIM queues on its own.
pub const EIM_REQUESTER: &str = "eim";
/// The requester recorded for localizations the policy queues.
pub const POLICY_REQUESTER: &str = "policy";

/// The device, if it exists and the caller may see it.
pub(crate) fn visible_device(
    tx: &mut Tx<'_>,
    caller: Caller<'_>,
    eid: &str,
) -> Result<Device, EngineError> {
    match devices::get(tx, eid)? {
        Some(d) if caller.is_none_or(|c| c == d.operator) => Ok(d),
        _ => Err(EngineError::UnknownDevice(eid.to_string())),
    }
}

/// A new operation row (not yet inserted).
pub(crate) fn new_operation(
    eid: &str,
    requester: &str,
    kind: &str,
    params: serde_json::Value,
    now: i64,
) -> Result<Operation, StoreError> {
    Ok(Operation {
        id: store::new_id()?,
        eid: eid.to_string(),
        requester: requester.to_string(),
        kind: kind.to_string(),
        params,
        state: OperationState::Queued,
        step: None,
        data: serde_json::Value::Null,
        result: None,
        error: None,
        country: None,
        created_at: now,
        sent_at: None,
        finished_at: None,
        updated_at: now,
        next_action_at: None,
    })
}

/// Queues an operation for a device inside `tx`.
pub(crate) fn queue_in(
    ctx: &Context,
    tx: &mut Tx<'_>,
    device: &Device,
    requester: &str,
    req: &OperationRequest,
) -> Result<Operation, EngineError> {
    let now = ctx.now();
    let plan = req.plan()?;
    let params = serde_json::to_value(req).map_err(|e| EngineError::Invalid(e.to_string()))?;
    let mut op = new_operation(&device.eid, requester, req.kind(), params, now)?;
    match (plan, req) {
        (Some(plan), _) => {
            operations::insert(tx, &op)?;
            packages::insert(
                tx,
                &device.eid,
                Some(&op.id),
                plan.kind,
                &plan.body,
                None,
                now,
            )?;
        }
        (None, OperationRequest::Localize { country, targets }) => {
            localize::prepare(ctx, device, &mut op, country.as_deref(), targets)?;
            operations::insert(tx, &op)?;
        }
        (None, _) => return Err(EngineError::Invalid("nothing to queue".into())),
    }
    events::add(
        tx,
        &device.eid,
        "operation-queued",
        json!({"operation": op.id, "kind": op.kind, "requester": requester}),
        now,
    )?;
    Ok(op)
}

/// Queues an operation for a device (operator API, lab).
pub(crate) async fn queue_operation(
    ctx: &Ctx,
    caller: Caller<'_>,
    requester: &str,
    eid: &str,
    req: &OperationRequest,
) -> Result<Operation, EngineError> {
    let (c, caller, requester, eid, req) = (
        ctx.clone(),
        caller.map(str::to_string),
        requester.to_string(),
        eid.to_string(),
        req.clone(),
    );
    let op = ctx
        .store
        .write(move |tx| {
            let device = visible_device(tx, caller.as_deref(), &eid)?;
            queue_in(&c, tx, &device, &requester, &req)
        })
        .await?;
    if op.kind == "localize" {
        ctx.wakeup.notify_one();
    }
    Ok(op)
}

/// An operation the caller may see.
pub(crate) async fn operation(
    ctx: &Ctx,
    caller: Caller<'_>,
    id: &str,
) -> Result<Operation, EngineError> {
    let (caller, id) = (caller.map(str::to_string), id.to_string());
    ctx.store
        .read(move |tx| {
            let op = operations::get(tx, &id)?
                .ok_or_else(|| EngineError::UnknownOperation(id.clone()))?;
            visible_device(tx, caller.as_deref(), &op.eid)
                .map_err(|_| EngineError::UnknownOperation(id.clone()))?;
            Ok(op)
        })
        .await
}

/// Withdraws an operation none of whose packages has left yet.
pub(crate) async fn cancel_operation(
    ctx: &Ctx,
    caller: Caller<'_>,
    id: &str,
) -> Result<Operation, EngineError> {
    let now = ctx.now();
    let (caller, id) = (caller.map(str::to_string), id.to_string());
    ctx.store
        .write(move |tx| cancel_in(tx, caller.as_deref(), &id, now))
        .await
}

fn cancel_in(
    tx: &mut Tx<'_>,
    caller: Caller<'_>,
    id: &str,
    now: i64,
) -> Result<Operation, EngineError> {
    let mut op =
        operations::get(tx, id)?.ok_or_else(|| EngineError::UnknownOperation(id.to_string()))?;
    visible_device(tx, caller, &op.eid)
        .map_err(|_| EngineError::UnknownOperation(id.to_string()))?;
    if op.state != OperationState::Queued {
        return Err(EngineError::Conflict(format!(
            "operation is {}, only queued operations can be cancelled",
            op.state.as_str()
        )));
    }
    let pkgs = packages::for_operation(tx, id)?;
    if pkgs.iter().any(|p| p.state != PackageState::Queued) {
        return Err(EngineError::Conflict(
            "a package of the operation was already delivered".into(),
        ));
    }
    for p in &pkgs {
        packages::set_state(tx, &p.id, PackageState::Cancelled)?;
    }
    op.state = OperationState::Cancelled;
    op.finished_at = Some(now);
    op.updated_at = now;
    operations::save(tx, &op)?;
    events::add(
        tx,
        &op.eid,
        "operation-cancelled",
        json!({"operation": op.id}),
        now,
    )?;
    Ok(op)
}

/// Finishes an operation.
pub(crate) fn finish(
    op: &mut Operation,
    state: OperationState,
    result: Option<serde_json::Value>,
    error: Option<String>,
    now: i64,
) {
    op.state = state;
    if result.is_some() {
        op.result = result;
    }
    op.error = error;
    op.finished_at = Some(now);
    op.updated_at = now;
    op.next_action_at = None;
}

/// Queues an internal single-package operation unless the same package is already pending.
pub(crate) fn queue_internal(
    ctx: &Context,
    tx: &mut Tx<'_>,
    device: &Device,
    req: &OperationRequest,
) -> Result<Option<Operation>, EngineError> {
    if let Some(plan) = req.plan()? {
        let kind = plan.kind;
        if packages::has_pending(tx, &device.eid, kind, &plan.body)? {
            return Ok(None);
        }
        debug_assert!(kind != PackageKind::DownloadTrigger);
    }
    Ok(Some(queue_in(ctx, tx, device, EIM_REQUESTER, req)?))
}
