//! The localization policy applied to the fleet: a device seen in a country for long enough
//! on a foreign IMSI (its enabled profile is not a local one for that country) gets a
//! localize operation with the profile types configured for that country. The rule and the
//! decision are the lead's [`crate::policy`]; residency comes from the serving networks the
//! device reported (rPLMN → MCC → country, [`crate::mcc`]), on the eIM's clock.
//!
//! Operators to avoid ([`AvoidRule`], `POST /v1/policy/avoid`, [`crate::Fleet::avoid`]):
//! a carrier that degrades is named by its name (the serviceProviderName of its profiles)
//! and/or its network (MCC-MNC), with the profile types that are its. The policy pass then
//! moves a device localized on it to the country's other profile types, and orders none
//! of its types for a new localization while another is configured.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::clock::DAY_MS;
use crate::config::Target;
use crate::context::{Context, Ctx};
use crate::policy::{Decision, decide};
use crate::store::{Device, Operation, OperationState, StoreError, Tx, devices, operations};

use super::{EngineError, OperationRequest, POLICY_REQUESTER, queue_in};

/// Why a device was or was not sent to localization.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// A localize operation was queued.
    Queued(String),
    /// Nothing to do, and why.
    Skip(&'static str),
}

/// Whole days of residency in the current country at `now`.
pub fn residency_days(device: &Device, now: i64) -> Option<u32> {
    let since = device.country_since?;
    let days = now.saturating_sub(since).max(0) / DAY_MS;
    Some(u32::try_from(days).unwrap_or(u32::MAX))
}

/// What the policy decides for one device, before anything is written.
pub(crate) enum Due {
    /// Nothing to do, and why.
    Skip(&'static str),
    /// A localization to queue: the country and the profile types it may order (empty:
    /// every type configured for the country).
    Localize {
        country: String,
        targets: Vec<Target>,
    },
}

/// Decides for one device inside `tx`, queuing a localization when due.
pub(crate) fn verdict_in(
    ctx: &Context,
    tx: &mut Tx<'_>,
    device: &Device,
    now: i64,
) -> Result<(Verdict, Option<Operation>), EngineError> {
    let (country, targets) = match due_in(ctx, tx, device, now)? {
        Due::Skip(why) => return Ok((Verdict::Skip(why), None)),
        Due::Localize { country, targets } => (country, targets),
    };
    let op = queue_in(
        ctx,
        tx,
        device,
        POLICY_REQUESTER,
        &OperationRequest::Localize {
            country: Some(country),
            targets,
        },
    )?;
    Ok((Verdict::Queued(op.id.clone()), Some(op)))
}

/// What the policy decides for one device, reading only (a poll answered on a reader asks
/// this, and takes the writer only when a localization is due).
pub(crate) fn due_in(
    ctx: &Context,
    tx: &mut Tx<'_>,
    device: &Device,
    now: i64,
) -> Result<Due, EngineError> {
    let Some(country) = device.last_country.clone() else {
        return Ok(Due::Skip("no known country"));
    };
    let localized = device.localized_country.as_deref() == Some(country.as_str());
    // The avoid rules are read only where they decide something: whether a localized
    // device is on an avoided operator, and which targets a localization may order (most
    // polls are of devices the country rule leaves roaming, which need neither).
    let rules = if localized {
        Some(rules_for(tx, &device.operator)?)
    } else {
        None
    };
    let moving = match &rules {
        Some(rules) => on_avoided(tx, device, &country, rules)?.is_some(),
        None => false,
    };
    if localized && !moving {
        return Ok(Due::Skip("already on a local profile"));
    }
    let Some(days) = residency_days(device, now) else {
        return Ok(Due::Skip("no residency"));
    };
    let rule = ctx.localization.policy.rule(&country);
    if !moving && decide(&rule, days) != Decision::LocalizeNow {
        return Ok(Due::Skip("the country rule says keep roaming"));
    }
    let Some(configured) = ctx.localization.targets.get(&country) else {
        return Ok(Due::Skip("no profile types configured for the country"));
    };
    let rules = match rules {
        Some(rules) => rules,
        None => rules_for(tx, &device.operator)?,
    };
    let targets = match avoiding(tx, device, &country, &rules, configured)? {
        Some(t) => t,
        None if moving => {
            return Ok(Due::Skip("every profile type of the country is avoided"));
        }
        None => Vec::new(),
    };
    if operations::has_open_localization(tx, &device.eid)? {
        return Ok(Due::Skip("a localization is under way"));
    }
    let previous = operations::localizations(tx, &device.eid, &country)?;
    let max_failed = ctx.localization.max_failed as usize;
    let failed_in_a_row = previous
        .iter()
        .take_while(|o| o.state != OperationState::Done)
        .count();
    if max_failed > 0 && failed_in_a_row >= max_failed {
        return Ok(Due::Skip(
            "localization failed too often: the device needs an operator",
        ));
    }
    if let Some(last) = previous.first() {
        let retry_ms = i64::from(ctx.localization.retry_after_days).saturating_mul(DAY_MS);
        let ended = last.finished_at.unwrap_or(last.updated_at);
        if last.state != OperationState::Done && now.saturating_sub(ended) < retry_ms {
            return Ok(Due::Skip("the last localization failed recently"));
        }
    }
    Ok(Due::Localize { country, targets })
}

/// An operator the localization policy avoids.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AvoidRule {
    /// Its name, as its profiles carry it (serviceProviderName, SGP.22 ProfileInfo);
    /// compared without regard to case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    /// Its network, `MCC-MNC`: a device localized in a country and served by it is on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plmn: Option<String>,
    /// Its profile types (a device on one of them is on it; none is ordered while the
    /// country has another).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub profile_types: Vec<String>,
    /// `false` lifts the rule.
    #[serde(default = "yes", skip_serializing)]
    pub avoid: bool,
}

fn yes() -> bool {
    true
}

impl AvoidRule {
    /// The rule checked and normalised (PLMN as `MCC-MNC`), and its key.
    fn checked(&self) -> Result<(AvoidRule, String), EngineError> {
        let invalid = |m: String| EngineError::Invalid(m);
        let name = self
            .operator
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty());
        let plmn = match self.plmn.as_deref() {
            Some(p) => Some(
                p.parse::<proto::ids::Plmn>()
                    .map_err(|e| invalid(format!("plmn {p:?}: {e}")))?
                    .to_string(),
            ),
            None => None,
        };
        let key = match (name, &plmn) {
            (Some(n), _) => n.to_lowercase(),
            (None, Some(p)) => p.clone(),
            (None, None) => return Err(invalid("give operator (a name) or plmn".into())),
        };
        let rule = AvoidRule {
            operator: name.map(str::to_string),
            plmn,
            profile_types: self.profile_types.clone(),
            avoid: self.avoid,
        };
        Ok((rule, key))
    }
}

/// Sets (or lifts) a rule for the devices of `owner` (`None`: every device).
pub(crate) async fn set_avoid(
    ctx: &Ctx,
    owner: Option<&str>,
    rule: &AvoidRule,
) -> Result<Vec<AvoidRule>, EngineError> {
    let (rule, key) = rule.checked()?;
    let owner = owner.unwrap_or_default().to_string();
    let body = serde_json::to_string(&rule).map_err(|e| EngineError::Invalid(e.to_string()))?;
    let now = ctx.now();
    let out = ctx
        .store
        .write(move |tx| {
            tx.execute(
                "DELETE FROM policy_avoid WHERE owner = $1 AND key = $2",
                &[&owner, &key],
            )?;
            if rule.avoid {
                tx.execute(
                    "INSERT INTO policy_avoid (owner, key, rule, created_at) \
                     VALUES ($1, $2, $3, $4)",
                    &[&owner, &key, &body, &now],
                )?;
            }
            owned(tx, &owner)
        })
        .await?;
    Ok(out)
}

/// The rules `owner` set (`None`: the eIM's own).
pub(crate) async fn avoided(ctx: &Ctx, owner: Option<&str>) -> Result<Vec<AvoidRule>, EngineError> {
    let owner = owner.unwrap_or_default().to_string();
    Ok(ctx.store.read(move |tx| owned(tx, &owner)).await?)
}

fn parse_rules(rows: Vec<(String,)>) -> Result<Vec<AvoidRule>, StoreError> {
    rows.into_iter()
        .map(|(r,)| serde_json::from_str(&r).map_err(|e| StoreError::corrupt("policy_avoid", e)))
        .collect()
}

fn owned(tx: &mut Tx<'_>, owner: &str) -> Result<Vec<AvoidRule>, StoreError> {
    parse_rules(tx.query(
        "SELECT rule FROM policy_avoid WHERE owner = $1 ORDER BY key",
        &[&owner],
    )?)
}

/// The rules that apply to a device of `operator`: the eIM's, then its operator's. Two
/// keyed reads: one statement over both owners (`owner = '' OR owner = $1`) made SQLite
/// build a temporary table for the pair on every run, five times the cost.
fn rules_for(tx: &mut Tx<'_>, operator: &str) -> Result<Vec<AvoidRule>, StoreError> {
    let mut rules = owned(tx, "")?;
    if !operator.is_empty() {
        rules.extend(owned(tx, operator)?);
    }
    Ok(rules)
}

/// The profile type of the profile enabled on the device, as the localization that
/// installed it recorded it.
fn enabled_type(
    tx: &mut Tx<'_>,
    device: &Device,
    country: &str,
) -> Result<Option<String>, StoreError> {
    let Some(iccid) = device.enabled_iccid.as_deref() else {
        return Ok(None);
    };
    let ops = operations::localizations(tx, &device.eid, country)?;
    Ok(ops.iter().find_map(|o| {
        let r = o.result.as_ref()?;
        (r.get("iccid").and_then(Value::as_str) == Some(iccid))
            .then(|| {
                r.get("profileType")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .flatten()
    }))
}

/// The rule a localized device is on the operator of, with the type it is on.
fn on_avoided(
    tx: &mut Tx<'_>,
    device: &Device,
    country: &str,
    rules: &[AvoidRule],
) -> Result<Option<Option<String>>, StoreError> {
    if rules.is_empty() {
        return Ok(None);
    }
    let ptype = enabled_type(tx, device, country)?;
    let provider = match device.enabled_iccid.as_deref() {
        Some(iccid) => devices::profiles(tx, &device.eid)?
            .into_iter()
            .find(|p| p.iccid == iccid)
            .and_then(|p| p.service_provider),
        None => None,
    };
    let on = rules.iter().any(|r| {
        let by_name = r.operator.as_ref().zip(provider.as_ref());
        by_name.is_some_and(|(a, b)| a.eq_ignore_ascii_case(b))
            || (r.plmn.is_some() && r.plmn == device.last_plmn)
            || ptype.as_ref().is_some_and(|t| r.profile_types.contains(t))
    });
    Ok(on.then_some(ptype))
}

/// The country's targets without the avoided types (and without the type the device is on
/// when it is on an avoided operator); `None` when no rule applies or nothing would be left.
fn avoiding(
    tx: &mut Tx<'_>,
    device: &Device,
    country: &str,
    rules: &[AvoidRule],
    configured: &[Target],
) -> Result<Option<Vec<Target>>, StoreError> {
    if rules.is_empty() {
        return Ok(None);
    }
    let current = on_avoided(tx, device, country, rules)?.flatten();
    let kept: Vec<Target> = configured
        .iter()
        .filter(|t| {
            current.as_deref() != Some(t.profile_type.as_str())
                && !rules
                    .iter()
                    .any(|r| r.profile_types.contains(&t.profile_type))
        })
        .cloned()
        .collect();
    Ok((!kept.is_empty()).then_some(kept))
}

/// [`verdict_in`], returning only a queued operation.
pub(crate) fn evaluate_in(
    ctx: &Context,
    tx: &mut Tx<'_>,
    device: &Device,
    now: i64,
) -> Result<Option<Operation>, EngineError> {
    Ok(verdict_in(ctx, tx, device, now)?.1)
}

/// Evaluates every device of `caller` (every device: `None`) at `now` (the lab calls this
/// once per simulated day, an operator through the API); returns the operations queued.
/// One transaction for the fleet: the device rows are read once, and only devices the
/// country rule sends to localization cost further queries.
pub(crate) async fn evaluate_all(
    ctx: &Ctx,
    caller: Option<&str>,
    now: i64,
) -> Result<Vec<Operation>, EngineError> {
    let (c, caller) = (ctx.clone(), caller.map(str::to_string));
    let out = ctx
        .store
        .write(move |tx| {
            let mut out = Vec::new();
            for d in devices::list(tx, caller.as_deref())? {
                if let Some(op) = evaluate_in(&c, tx, &d, now)? {
                    out.push(op);
                }
            }
            Ok::<_, EngineError>(out)
        })
        .await?;
    if !out.is_empty() {
        ctx.wakeup.notify_one();
    }
    Ok(out)
}
