//! The fleet operator's reaction to a scenario's events, through the eIM's operator
//! interface ([`eim::Fleet`], the engine behind `POST /v1/devices/{eid}/operations` and
//! `POST /v1/policy/avoid`): on the day a regulation change is announced, a localize
//! operation for every device of the country still on a foreign IMSI; on the day a carrier
//! degrades, the eIM's policy is told to avoid it ([`eim::AvoidRule`]: its name, network
//! and profile types) and the devices on a profile of it are asked to poll, so that the
//! eIM's own policy pass moves them to the country's other operator. A multi-IMSI SIM's
//! pre-loaded IMSI of the carrier is invisible to the eIM (it sees the bootstrap profile):
//! for those devices the operator orders the move itself. Only strategies with an eUICC
//! the eIM can download to react; a roaming or multi-IMSI SIM cannot.

use std::collections::HashMap;

use eim::config::Target;
use eim::{AvoidRule, OperationRequest};

use crate::devices::device::{DayContext, SimDevice, place_order};
use crate::servers::observe::Work;
use crate::world::countries::Country;
use crate::world::inventory::TypePlan;
use crate::world::scenario::{Change, Event, Scenario};

/// Orders to leave a degraded carrier per device, at most.
const MAX_MOVES: u32 = 3;

/// Tells the eIM to avoid `operator` and has the devices on one of its profiles poll.
async fn avoid(
    operator: &crate::world::countries::Operator,
    devices: &mut [Box<SimDevice>],
    types: &[TypePlan],
    ctx: &DayContext,
) {
    let rule = AvoidRule {
        operator: Some(operator.name.to_string()),
        plmn: Some(format!("{}-{}", operator.mcc, operator.mnc)),
        profile_types: types
            .iter()
            .filter(|t| t.country.is_some() && t.operator == *operator)
            .map(|t| t.name.clone())
            .collect(),
        avoid: true,
    };
    if let Err(e) = ctx.fleet.avoid(&rule).await {
        tracing::warn!(error = %e, operator = operator.name, "setting the eIM's avoid rule");
    }
    for d in devices.iter_mut() {
        let enabled = d.enabled_iccid().unwrap_or_default();
        let on_it = ctx
            .world
            .profile(&enabled)
            .is_some_and(|p| p.country.is_some() && p.operator == *operator);
        if on_it {
            d.log.pending = true;
        }
    }
}

/// Queues what the operator does on `day` about the scenario's events.
pub async fn react(
    scenario: &Scenario,
    day: u32,
    groups: &mut [crate::run::rounds::Group],
    types: &[TypePlan],
    ctx: &DayContext,
    moves: &mut HashMap<String, u32>,
) {
    // A regulation is acted on once, when announced; a degraded carrier every day from
    // then on, for devices that landed on it again (the eIM's own retry orders the
    // country's first type), at most MAX_MOVES times per device.
    let due = scenario.events.iter().filter(|e| match e.change {
        Change::Regulation { .. } => e.announced == day,
        Change::Carrier { .. } => e.announced <= day,
    });
    for event in due {
        for (country, devices) in groups.iter_mut() {
            let (targets, chosen): (Vec<Target>, Vec<&SimDevice>) = match &event.change {
                Change::Regulation { country: c, .. } if *c == country.code => {
                    let roaming = |d: &&SimDevice| {
                        !ctx.world
                            .is_local(&d.enabled_iccid().unwrap_or_default(), country)
                    };
                    let chosen = devices.iter().map(|d| &**d).filter(roaming).collect();
                    (Vec::new(), chosen)
                }
                Change::Carrier { operator, .. } if country.operators.contains(operator) => {
                    if event.announced == day {
                        avoid(operator, devices, types, ctx).await;
                    }
                    let others = types
                        .iter()
                        .filter(|t| t.country == Some(country.code) && t.operator != *operator)
                        .map(|t| Target {
                            profile_type: t.name.clone(),
                            operator: Some(t.owner.clone()),
                        })
                        .collect();
                    // On the multi-IMSI SIM's pre-loaded IMSI of it (the bootstrap enabled).
                    let imsi_on_it = ctx.world.preloaded.contains(country.code)
                        && country.operators.first() == Some(operator);
                    let on_imsi = |d: &&SimDevice| {
                        let enabled = d.enabled_iccid().unwrap_or_default();
                        imsi_on_it
                            && ctx
                                .world
                                .profile(&enabled)
                                .is_none_or(|p| p.country.is_none())
                    };
                    let chosen = devices.iter().map(|d| &**d).filter(on_imsi).collect();
                    (others, chosen)
                }
                _ => continue,
            };
            for d in chosen {
                if matches!(event.change, Change::Carrier { .. }) {
                    let n = moves.entry(d.eid.clone()).or_default();
                    let idle = matches!(ctx.fleet.work(&d.eid).await, Ok(Work::None));
                    if *n >= MAX_MOVES || !idle || day < d.deploy_day {
                        continue;
                    }
                    *n += 1;
                }
                localize(d, country, &targets, event, ctx).await;
            }
        }
    }
}

/// Queues at the eIM the localization of `d` to `country` (towards `targets`, when the
/// event names some) and places its order.
async fn localize(
    d: &SimDevice,
    country: &Country,
    targets: &[Target],
    event: &Event,
    ctx: &DayContext,
) {
    let req = OperationRequest::Localize {
        country: Some(country.code.to_string()),
        targets: targets.to_vec(),
    };
    match ctx.fleet.queue(&d.eid, &req).await {
        // One order at a time, in the devices' order: the SM-DP+ hands out the
        // inventory in the same order in every run, so the run repeats.
        Ok(_) => {
            place_order(ctx, &d.eid, None, None).await;
        }
        Err(e) => {
            tracing::warn!(eid = %d.eid, error = %e, "reacting to {}", event.label());
        }
    }
}
