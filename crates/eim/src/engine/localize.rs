//! Localization of one device (ARCHITECTURE.md "How a localization flows through the code"): order a
//! local profile over ES2+ (DownloadOrder + ConfirmOrder with release, SGP.22 5.3.1–5.3.2),
//! queue a profile download trigger with its activation code (SGP.32 v1.2 2.11.1), and once
//! the installation result arrives, an enable PSMO with rollbackFlag (2.11.1.1.3) — the
//! bootstrap profile keeps the fallback attribute. A refused order, a failed installation
//! or a rollback moves to the next configured profile type; a profile left behind by a
//! failed attempt is deleted.
//!
//! Steps (`Operation::step`): `order` (the engine's worker calls ES2+), `download` (the
//! trigger is queued or delivered), `enable` (the enable package is queued or delivered).

use serde_json::json;

use super::attempts::{give_up_attempt, next_target};
use super::failure::Failure;
use super::{EIM_REQUESTER, EngineError, OperationRequest, finish, queue_in};
use crate::config::Target;
use crate::context::Context;
use crate::store::{Device, Operation, OperationState, Tx, devices, events, operations, packages};

/// Fills a new localize operation: country, targets, first step.
pub(crate) fn prepare(
    ctx: &Context,
    device: &Device,
    op: &mut Operation,
    country: Option<&str>,
    targets: &[Target],
) -> Result<(), EngineError> {
    let country = match country.or(device.last_country.as_deref()) {
        Some(c) => c.to_ascii_uppercase(),
        None => {
            return Err(EngineError::Invalid(
                "no country given and none known for the device".into(),
            ));
        }
    };
    let targets = if targets.is_empty() {
        ctx.localization
            .targets
            .get(&country)
            .cloned()
            .unwrap_or_default()
    } else {
        targets.to_vec()
    };
    if targets.is_empty() {
        return Err(EngineError::Invalid(format!(
            "no profile types to order for {country}: give targets or configure \
             localization.targets.{country}"
        )));
    }
    op.country = Some(country);
    op.step = Some("order".into());
    op.data = json!({"targets": targets, "attempt": 0, "orderTries": 0, "attempts": []});
    Ok(())
}

/// The trigger's installation result arrived.
pub(crate) fn on_install_result(
    ctx: &Context,
    tx: &mut Tx<'_>,
    device: &Device,
    op: &mut Operation,
    outcome: Result<String, Failure>,
    now: i64,
) -> Result<(), EngineError> {
    if op.state.is_final() || op.step.as_deref() != Some("download") {
        return Ok(());
    }
    match outcome {
        Ok(iccid) => {
            let req = OperationRequest::Enable {
                iccid: iccid.clone(),
                rollback: true,
            };
            let plan = req
                .plan()?
                .ok_or_else(|| EngineError::Invalid("enable has a package".into()))?;
            packages::insert(
                tx,
                &device.eid,
                Some(&op.id),
                plan.kind,
                &plan.body,
                None,
                now,
            )?;
            op.data["installedIccid"] = json!(iccid);
            op.step = Some("enable".into());
            op.updated_at = now;
        }
        Err(e) => {
            give_up_attempt(op, e.to_string(), now);
            ctx.wakeup.notify_one();
        }
    }
    operations::save(tx, op)?;
    Ok(())
}

/// The enable PSMO's result arrived (or a rollback replaced it).
pub(crate) fn on_enable_result(
    ctx: &Context,
    tx: &mut Tx<'_>,
    device: &Device,
    op: &mut Operation,
    outcome: Result<(), Failure>,
    rolled_back: bool,
    now: i64,
) -> Result<(), EngineError> {
    let installed = op.data["installedIccid"].as_str().map(str::to_string);
    match outcome {
        Ok(()) if op.step.as_deref() == Some("enable") && !op.state.is_final() => {
            let country = op.country.clone();
            devices::set(
                tx,
                &device.eid,
                devices::Field::LocalizedCountry,
                country.as_deref(),
                now,
            )?;
            let summary = json!({
                "country": country, "iccid": installed,
                "profileType": op.data["profileType"].clone(),
                "activationCode": op.data["activationCode"].clone(),
                "attempts": op.data["attempts"].clone(),
            });
            finish(op, OperationState::Done, Some(summary), None, now);
            events::add(
                tx,
                &device.eid,
                "localized",
                json!({"operation": op.id, "country": country, "iccid": installed}),
                now,
            )?;
        }
        Ok(()) => return Ok(()),
        Err(e) => {
            // A rollback may arrive after the operation was done: the local profile could
            // not hold the network. Move on to the next profile type either way.
            let why = if rolled_back {
                format!("rolled back to the fallback profile ({e})")
            } else {
                format!("enable failed: {e}")
            };
            if let Some(iccid) = &installed {
                queue_in(
                    ctx,
                    tx,
                    device,
                    EIM_REQUESTER,
                    &OperationRequest::Delete {
                        iccid: iccid.clone(),
                    },
                )?;
            }
            if op.state == OperationState::Done {
                op.state = OperationState::Sent;
                op.finished_at = None;
            }
            op.data["iccid"] = json!(installed);
            next_target(op, why, now);
            ctx.wakeup.notify_one();
        }
    }
    operations::save(tx, op)?;
    Ok(())
}
