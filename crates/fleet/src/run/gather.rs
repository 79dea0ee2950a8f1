//! The end of a run, read from where it is held: each eUICC's profiles, the network model's
//! last attach, the eIM's devices and operations, the SM-DP+'s profiles and orders. The
//! report and the guarantees are built from this, so their numbers are the servers' and the
//! eUICCs'.

use eim::Fleet;
use eim::policy::is_exposed;
use eim::{Operation, OperationState};

use crate::report::checks::{DeviceEnd, EimDevice, EndState, SmdpProfile};
use euicc_sim::Euicc;

use crate::devices::device::{DeviceLog, SimDevice};
use crate::report::{DeviceReport, ServingReport};
use crate::servers::observe::OrderRow;
use crate::world::World;
use crate::world::countries::Country;
use crate::world::inventory::GLOBAL_TYPE;
use crate::world::network::{Attach, Serving};

/// The localize operation that made the device local, if any: the last one done.
fn last_done(ops: &[Operation]) -> Option<&Operation> {
    ops.iter()
        .filter(|o| o.kind == "localize" && o.state == OperationState::Done)
        .max_by_key(|o| o.created_at)
}

/// Why the last localization did not succeed, if the last one failed.
fn last_failure(ops: &[Operation]) -> Option<String> {
    ops.iter()
        .filter(|o| o.kind == "localize")
        .max_by_key(|o| o.created_at)
        .filter(|o| o.state == OperationState::Error)
        .map(|o| o.error.clone().unwrap_or_else(|| "failed".into()))
}

/// The days `[from, until)` a device was exposed: its stay on a foreign IMSI went over
/// the country's limit on `from` and ended when it was localized (or the run ended). A
/// device still roaming at the end counts from its current foreign stay, so the last day
/// agrees with `exposed_after`.
fn exposure_window(
    log: &DeviceLog,
    deploy_day: u32,
    rule: &eim::policy::CountryRule,
    localized: bool,
    end_day: u32,
) -> Option<(u32, u32)> {
    let localized_on = log
        .history
        .iter()
        .find(|h| h.event == "localized")
        .map(|h| h.day);
    let (start, until) = if localized {
        (deploy_day, localized_on.unwrap_or(deploy_day))
    } else {
        (log.foreign_since.unwrap_or(deploy_day), end_day + 1)
    };
    let from = match rule.limit_days {
        None => return None,
        Some(0) => start,
        Some(limit) => start.saturating_add(limit + 1),
    };
    (from < until).then_some((from, until))
}

/// What the eIM recorded for one device.
struct EimRecord {
    operations: Vec<Operation>,
    /// Installation results received (one per triggered download).
    downloads: u32,
    /// Rollbacks reported in eUICC Package Results.
    rollbacks: u32,
}

/// The day from which the device would have been exposed had it never been localized
/// (the country's rule counted from its deployment), if that day came before `end_day`.
fn exposed_without_localization(
    deploy_day: u32,
    rule: &eim::policy::CountryRule,
    end_day: u32,
) -> Option<u32> {
    match rule.limit_days {
        None => None,
        Some(0) => Some(deploy_day),
        Some(limit) => Some(deploy_day.saturating_add(limit + 1)),
    }
    .filter(|from| *from <= end_day)
}

/// Why a device needs an operator's attention at the end, if it does: no working attach,
/// exposure beyond the country's rule, or a failed last localization (`failure`, ignored
/// for a device that ended local).
fn attention(
    country: &Country,
    failure: Option<String>,
    attach: &Attach,
    localized: bool,
    exposed_after: bool,
) -> Option<String> {
    let failure = if localized { None } else { failure };
    if !attach.is_attached() {
        Some(format!("no working attach at the end: {attach:?}"))
    } else if exposed_after {
        Some(format!(
            "on a foreign IMSI longer than {} allows{}",
            country.name,
            failure
                .map(|f| format!("; last localization: {f}"))
                .unwrap_or_default()
        ))
    } else {
        failure.map(|f| format!("last localization failed: {f}"))
    }
}

/// Who a device is, for its end ([`end_of`]).
pub(crate) struct Who<'a> {
    pub eid: &'a str,
    pub country: &'static Country,
    pub deploy_day: u32,
    pub bootstrap_iccid: &'a str,
}

/// What the servers say of a device's localizations, for its end ([`end_of`]).
pub(crate) struct Told {
    /// Downloads and rollbacks.
    pub attempts: u32,
    pub rollbacks: u32,
    /// Why its last localization failed, if it did.
    pub failure: Option<String>,
    /// Seconds from the decision to localize to the local attach.
    pub localize_seconds: Option<f64>,
}

/// The profiles on a device's eUICC at the end.
struct OnCard {
    /// The enabled profiles' ICCIDs (one, unless something went wrong).
    enabled: Vec<String>,
    /// The profile holding the Fallback Attribute.
    fallback: Option<String>,
    /// The local profiles (of a country's type) on the eUICC.
    local_profiles: Vec<String>,
}

impl OnCard {
    fn read(card: &Euicc, world: &World) -> OnCard {
        let state = card.state();
        let enabled: Vec<String> = state
            .profiles
            .iter()
            .filter(|p| p.state == euicc_sim::state::ProfileStatus::Enabled)
            .map(|p| p.iccid.clone())
            .collect();
        let fallback = state.fallback_profile().map(|p| p.iccid.clone());
        let local_profiles: Vec<String> = state
            .profiles
            .iter()
            .filter(|p| world.profile(&p.iccid).is_some_and(|f| f.country.is_some()))
            .map(|p| p.iccid.clone())
            .collect();
        OnCard {
            enabled,
            fallback,
            local_profiles,
        }
    }
}

/// How the network serves a device at the end, as the report says it.
fn serving_of(attach: &Attach) -> ServingReport {
    match attach {
        Attach::Attached {
            serving: Serving::Home,
            ..
        } => ServingReport::Home,
        _ => ServingReport::Roaming,
    }
}

/// The report entry and end state of a device with `card` and `log` at the end of day
/// `end_day` (its history moves into the report unless `keep`).
pub(crate) fn end_of(
    card: &Euicc,
    log: &mut DeviceLog,
    keep: bool,
    who: Who<'_>,
    world: &World,
    told: Told,
    end_day: u32,
) -> (DeviceReport, DeviceEnd) {
    let OnCard {
        enabled,
        fallback,
        local_profiles,
    } = OnCard::read(card, world);
    let first = enabled.first().cloned();
    let enabled_iccid = first.clone().unwrap_or_default();
    let localized = world.is_local(&enabled_iccid, who.country);
    let foreign_days = if localized {
        0
    } else {
        end_day.saturating_sub(log.foreign_since.unwrap_or(who.deploy_day))
    };
    let attach = world.attach(who.country, &enabled_iccid, foreign_days);
    let rule = world.rule(who.country.code);
    let resident = end_day.saturating_sub(who.deploy_day);
    let exposed_after = !localized && is_exposed(&rule, foreign_days);
    let attention = attention(who.country, told.failure, &attach, localized, exposed_after);
    let exposed_days = exposure_window(log, who.deploy_day, &rule, localized, end_day);
    let report = DeviceReport {
        eid: who.eid.to_string(),
        country: who.country.code.to_string(),
        enabled_profile_type: first
            .as_deref()
            .and_then(|i| world.profile(i))
            .map(|p| p.profile_type.clone()),
        enabled_iccid: first,
        fallback_iccid: fallback.clone(),
        serving: serving_of(&attach),
        attached: attach.is_attached(),
        localized,
        attempts: told.attempts,
        rollbacks: told.rollbacks,
        attention,
        history: if keep {
            log.history.clone()
        } else {
            std::mem::take(&mut log.history)
        },
        localize_seconds: told.localize_seconds,
        exposed_before: is_exposed(&rule, resident),
        exposed_after,
        exposed_days,
        exposed_without_from: exposed_without_localization(who.deploy_day, &rule, end_day),
        home_days: log.home_days,
        roaming_days: log.roaming_days,
        quirks: Vec::new(),
    };
    let end = DeviceEnd {
        eid: who.eid.to_string(),
        country: who.country.code,
        attach,
        enabled,
        fallback,
        bootstrap: who.bootstrap_iccid.to_string(),
        local_profiles,
        // The eIM knows of downloaded local profiles, not of a multi-IMSI SIM's own IMSIs.
        localized: world
            .profile(&enabled_iccid)
            .is_some_and(|p| who.country.is_home_mcc(&p.mcc)),
    };
    (report, end)
}

/// The report entry and end state of one fleet device at the end of day `end_day`.
fn device_end(
    d: &mut SimDevice,
    keep: bool,
    world: &World,
    eim: &EimRecord,
    end_day: u32,
) -> (DeviceReport, DeviceEnd) {
    let ops = eim.operations.as_slice();
    let told = Told {
        attempts: eim.downloads,
        rollbacks: eim.rollbacks,
        failure: last_failure(ops),
        localize_seconds: last_done(ops).and_then(|o| {
            o.finished_at
                .map(|f| (f - o.created_at).max(0) as f64 / 1000.0)
        }),
    };
    let who = Who {
        eid: &d.eid,
        country: d.country,
        deploy_day: d.deploy_day,
        bootstrap_iccid: &d.bootstrap_iccid,
    };
    let (mut report, end) = end_of(d.ipa.card(), &mut d.log, keep, who, world, told, end_day);
    report.quirks = d.personal.quirks.iter().map(|q| q.name()).collect();
    (report, end)
}

/// Devices per read of the eIM's end state.
const SNAPSHOT_PAGE: u32 = 1_000;

/// The end of a run as [`gather`] reads it, and the devices it was asked to keep.
pub struct Gathered {
    pub reports: Vec<DeviceReport>,
    pub end: EndState,
    /// The devices, in their order, when kept (empty otherwise).
    pub devices: Vec<Box<SimDevice>>,
}

/// Why the end state of a run could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GatherError {
    /// The eIM's devices could not be read.
    #[error(transparent)]
    Eim(#[from] eim::EngineError),
    /// The SM-DP+'s profiles or orders could not be read.
    #[error(transparent)]
    SmDp(#[from] storage::StoreError),
    /// A device of the fleet is missing from the eIM's registry.
    #[error("device {0} is not registered at the eIM")]
    Unregistered(String),
    /// An M2M device's modem failed, its card could not be read back.
    #[error("device {0}: its modem failed, the card is lost")]
    Device(String),
}

/// A device's report entry, end state and the eIM's record of it.
type DeviceEnds = (DeviceReport, DeviceEnd, EimDevice);

/// Reads the end of the run. Unless `keep` (something still reads the devices), each device
/// is dropped as soon as its part is read, its history moved into its report, so the end
/// state does not add to the fleet's memory.
pub async fn gather(
    devices: Vec<Box<SimDevice>>,
    keep: bool,
    world: &World,
    fleet: &Fleet,
    smdp: Option<&sm_dp::SmDpView>,
    end_day: u32,
) -> Result<Gathered, GatherError> {
    let mut end = EndState::default();
    let mut devices: Vec<Option<Box<SimDevice>>> = devices.into_iter().map(Some).collect();
    let ends = read_eim(&mut devices, keep, world, fleet, end_day).await?;
    let mut reports = Vec::with_capacity(devices.len());
    for (n, slot) in ends.into_iter().enumerate() {
        let (r, e, eim) = slot.ok_or_else(|| {
            let eid = devices[n].as_ref().map_or("?", |d| d.eid.as_str());
            GatherError::Unregistered(eid.to_string())
        })?;
        reports.push(r);
        end.devices.push(e);
        end.eim.push(eim);
    }
    match smdp {
        Some(view) => read_smdp(&mut end, world, view).await?,
        // An SM-DP+ outside the lab: its profiles and orders are not readable.
        None => end.smdp_outside = true,
    }
    Ok(Gathered {
        reports,
        end,
        devices: devices.into_iter().flatten().collect(),
    })
}

/// Each device's end, in the devices' order, with the eIM's record of it; a device is
/// taken out of `devices` as it is read (and put back when `keep`), and a device the eIM
/// does not list has no end.
async fn read_eim(
    devices: &mut [Option<Box<SimDevice>>],
    keep: bool,
    world: &World,
    fleet: &Fleet,
    end_day: u32,
) -> Result<Vec<Option<DeviceEnds>>, GatherError> {
    // The eIM read page by page in EID order: each row once (per-device queries made the
    // checks quadratic in practice at 5,000 devices), one page in memory at a time (the
    // whole fleet at once added a third to the peak memory of 100,000 devices).
    let position: std::collections::HashMap<String, usize> = (devices.iter().enumerate())
        .filter_map(|(i, d)| d.as_ref().map(|d| (d.eid.clone(), i)))
        .collect();
    let mut ends: Vec<Option<DeviceEnds>> = std::iter::repeat_with(|| None)
        .take(devices.len())
        .collect();
    let mut after: Option<String> = None;
    loop {
        let page = fleet.snapshot_page(after.as_deref(), SNAPSHOT_PAGE).await?;
        let Some(last) = page.last().map(|s| s.device.eid.clone()) else {
            break;
        };
        for s in page {
            let Some(&i) = position.get(s.device.eid.as_str()) else {
                continue; // registered at the eIM by someone else than the lab
            };
            let Some(mut d) = devices[i].take() else {
                continue; // the eIM listed it twice
            };
            ends[i] = Some(snapshot_end(&mut d, s, keep, world, end_day));
            if keep {
                devices[i] = Some(d);
            }
        }
        after = Some(last);
    }
    Ok(ends)
}

/// The end of device `d`, which the eIM's snapshot `s` describes.
fn snapshot_end(
    d: &mut SimDevice,
    s: eim::DeviceSnapshot,
    keep: bool,
    world: &World,
    end_day: u32,
) -> DeviceEnds {
    let eim = EimRecord {
        downloads: s.downloads,
        rollbacks: s.rollbacks,
        operations: s.operations,
    };
    let (r, e) = device_end(d, keep, world, &eim, end_day);
    let open_operations = eim
        .operations
        .iter()
        .filter(|o| !o.state.is_final())
        .count();
    let device = EimDevice {
        eid: d.eid.clone(),
        enabled_iccid: s.device.enabled_iccid,
        fallback_iccid: s.device.fallback_iccid,
        localized_country: s.device.localized_country,
        open_operations,
    };
    (r, e, device)
}

/// The SM-DP+'s local profiles and orders, into `end`.
pub(crate) async fn read_smdp(
    end: &mut EndState,
    world: &World,
    smdp: &sm_dp::SmDpView,
) -> Result<(), GatherError> {
    // Type by type: the bootstrap profiles (one per device) are not read at all.
    let local_types: std::collections::BTreeSet<&str> = (world.catalog.values())
        .map(|f| f.profile_type.as_str())
        .filter(|t| *t != GLOBAL_TYPE)
        .collect();
    for t in local_types {
        let profiles = smdp.profiles(Some(t)).await?;
        end.smdp_local_profiles
            .extend(profiles.into_iter().map(|p| SmdpProfile {
                iccid: p.iccid,
                state: p.state,
                eid: p.eid,
                error_reason: p.error_reason,
            }));
    }
    end.smdp_local_profiles
        .sort_by(|a, b| a.iccid.cmp(&b.iccid));
    end.smdp_orders = smdp
        .order_list()
        .await?
        .into_iter()
        .map(|o| OrderRow {
            id: o.id,
            iccid: o.iccid,
            eid: o.eid,
            status: o.status.as_str().to_string(),
        })
        .collect();
    Ok(())
}
