//! The sessions of one simulated day, in rounds. In a round every device with a session to
//! run polls the eIM at the same time as the others (at most `parallel` at once, whatever
//! their country), each until the eIM has nothing more for it or its localization waits for
//! its ES2+ order. The eIM holds those orders for the lab
//! ([`eim::config::Delivery::hold_orders`]): between two rounds the lab places them, each
//! country's DownloadOrders in device order (the countries at once, every order of a
//! country leased at the start, and each confirmation beside the next device's
//! DownloadOrder), and the devices whose order is placed
//! go on in the next round. Each profile type's inventory (a type belongs to one country)
//! is so handed out in the same order in every run, and the same seed gives the same
//! report, while the sessions themselves overlap.

use std::collections::BTreeMap;
use std::sync::Arc;

use tokio::sync::Notify;
use tokio::task::JoinSet;

use crate::devices::device::{DayContext, SessionEnd, SimDevice, place_order};
use crate::run::day_parts::{DayPart, DayParts};
use crate::run::error::RunError;
use crate::run::joined::{bounded, joined};
use crate::servers::observe::Work;
use crate::world::countries::Country;

/// The devices of one country, in device order (boxed: a round moves them into its tasks
/// and back).
pub type Group = (&'static Country, Vec<Box<SimDevice>>);

/// A device by its group and its place in the group.
pub type Slot = (usize, usize);

/// Runs the sessions of the devices at `due` (the day's first round) and of those that
/// paused for an order (the next rounds) until none is left; the rounds' time goes to
/// `parts` as sessions, the time between them as orders.
pub async fn sessions(
    groups: &mut [Group],
    due: Vec<Slot>,
    day: u32,
    ctx: &Arc<DayContext>,
    parallel: usize,
    parts: &mut DayParts,
) -> Result<(), RunError> {
    if due.is_empty() {
        return Ok(());
    }
    let mut slots: Vec<Vec<Option<Box<SimDevice>>>> = groups
        .iter_mut()
        .map(|(_, ds)| std::mem::take(ds).into_iter().map(Some).collect())
        .collect();
    let outcome = rounds(&mut slots, due, day, ctx, parallel, parts).await;
    for ((_, ds), back) in groups.iter_mut().zip(slots) {
        *ds = back.into_iter().flatten().collect();
    }
    outcome
}

async fn rounds(
    slots: &mut [Vec<Option<Box<SimDevice>>>],
    mut due: Vec<Slot>,
    day: u32,
    ctx: &Arc<DayContext>,
    parallel: usize,
    parts: &mut DayParts,
) -> Result<(), RunError> {
    while !due.is_empty() {
        let round = DayParts::mark();
        let devices = (due.drain(..))
            .filter_map(|(g, p)| slots[g][p].take().map(|d| (g, p, d)))
            .collect();
        let mut ends = Vec::new();
        let mut asking = Vec::new();
        for (g, p, d, end) in run_sessions(devices, day, ctx, parallel).await? {
            match end {
                SessionEnd::Asking => asking.push((g, p, d)),
                end => {
                    ends.push((g, p, end));
                    slots[g][p] = Some(d);
                }
            }
        }
        for (g, p, d, end) in answer(asking, day, ctx).await? {
            ends.push((g, p, end));
            slots[g][p] = Some(d);
        }
        parts.add(DayPart::Sessions, round);
        let mut ordering: BTreeMap<usize, Vec<(usize, String)>> = BTreeMap::new();
        for (g, p, end) in ends {
            match (end, &slots[g][p]) {
                (SessionEnd::Ordering, Some(d)) => {
                    ordering.entry(g).or_default().push((p, d.eid.clone()));
                }
                (SessionEnd::Polling, Some(_)) => due.push((g, p)),
                _ => {}
            }
        }
        let between = DayParts::mark();
        let placed = place_orders(ordering, ctx).await;
        parts.add(DayPart::Orders, between);
        for (g, placed) in placed? {
            for (p, ok) in placed {
                match (&mut slots[g][p], ok) {
                    (Some(_), true) => due.push((g, p)),
                    (Some(d), false) => d.abandon_session(day, &ctx.world),
                    (None, _) => {}
                }
            }
        }
    }
    Ok(())
}

/// The sessions of `devices`, started in their order, at most `parallel` at once.
async fn run_sessions(
    devices: Vec<(usize, usize, Box<SimDevice>)>,
    day: u32,
    ctx: &Arc<DayContext>,
    parallel: usize,
) -> Result<Vec<(usize, usize, Box<SimDevice>, SessionEnd)>, RunError> {
    let ctx = ctx.clone();
    bounded(
        devices,
        parallel,
        "a round's sessions",
        move |(g, p, mut d)| {
            let ctx = ctx.clone();
            async move {
                // A session's future holds the IPA's poll and its ESipa exchange (9 KiB
                // while it held a download's too): boxed, it is not part of the state of
                // the round's tasks, which is copied each time one is spawned.
                let end = Box::pin(d.session(day, &ctx)).await;
                (g, p, d, end)
            }
        },
    )
    .await
    .map_err(RunError::from)
}

/// Devices whose sessions paused at [`SessionEnd::Asking`]: what the eIM holds for each,
/// asked in one read for all of them, handed to each device (on the runtime's workers, a
/// task per country, as the sessions ran there).
async fn answer(
    asking: Vec<(usize, usize, Box<SimDevice>)>,
    day: u32,
    ctx: &Arc<DayContext>,
) -> Result<Vec<(usize, usize, Box<SimDevice>, SessionEnd)>, RunError> {
    if asking.is_empty() {
        return Ok(Vec::new());
    }
    let eids = asking.iter().map(|(_, _, d)| d.eid.clone()).collect();
    let work = ctx.fleet.work_of(eids).await.map_err(Arc::new);
    let mut by_group: BTreeMap<usize, Vec<_>> = BTreeMap::new();
    for (i, (g, p, d)) in asking.into_iter().enumerate() {
        let w = match &work {
            Ok(all) => all.get(i).copied().ok_or(RunError::ShortAnswer)?,
            Err(_) => Work::None,
        };
        by_group.entry(g).or_default().push((p, d, w));
    }
    let mut set = JoinSet::new();
    for (g, devices) in by_group {
        let (ctx, failed) = (ctx.clone(), work.as_ref().err().cloned());
        set.spawn(async move {
            devices
                .into_iter()
                .map(|(p, mut d, w)| {
                    let work = match &failed {
                        Some(e) => Err(e.as_ref()),
                        None => Ok(w),
                    };
                    let end = d.answered(day, work, &ctx.world);
                    (g, p, d, end)
                })
                .collect::<Vec<_>>()
        });
    }
    let mut out = Vec::new();
    for done in joined(set, "the round's answers").await? {
        out.extend(done.map_err(|e| RunError::task("a round's answers", e))?);
    }
    Ok(out)
}

/// Places the orders the devices wait for: each group's in device order, the groups at
/// once. Whether each device's order was placed, in device order within each group.
///
/// A device's order starts once the previous device's profile is allocated (its
/// DownloadOrder answered) or its order has ended, so the DownloadOrders of a
/// group reach the SM-DP+ one after the other, in device order, and each ConfirmOrder
/// overlaps the next device's DownloadOrder. A confirmation refused after its allocation
/// (the order then cancelled and the next profile type ordered) would race the next
/// device's DownloadOrder; the lab's own SM-DP+ refuses none.
async fn place_orders(
    ordering: BTreeMap<usize, Vec<(usize, String)>>,
    ctx: &Arc<DayContext>,
) -> Result<Vec<(usize, Vec<(usize, bool)>)>, RunError> {
    let mut set = JoinSet::new();
    for (g, mut devices) in ordering {
        devices.sort_by_key(|(p, _)| *p);
        let ctx = ctx.clone();
        set.spawn(async move { (g, place_in_order(devices, ctx).await) });
    }
    let mut out = Vec::new();
    while let Some(done) = set.join_next().await {
        let (g, placed) = done.map_err(|e| RunError::task("placing orders", e))?;
        out.push((g, placed?));
    }
    Ok(out)
}

/// One group's orders, all leased at once, each DownloadOrder sent when the device before it
/// has its profile or has ended ([`place_orders`]).
async fn place_in_order(
    devices: Vec<(usize, String)>,
    ctx: Arc<DayContext>,
) -> Result<Vec<(usize, bool)>, RunError> {
    let mut orders = JoinSet::new();
    let mut previous: Option<Arc<Notify>> = None;
    for (p, eid) in devices {
        let allocated = Arc::new(Notify::new());
        let turn = previous.replace(allocated.clone());
        let ctx = ctx.clone();
        orders.spawn(async move {
            // Notified when the task ends however it ends, a panic included.
            let _ended = NotifyOnDrop(allocated.clone());
            (
                p,
                place_order(&ctx, &eid, turn.as_deref(), Some(&allocated)).await,
            )
        });
    }
    let mut placed = Vec::new();
    while let Some(done) = orders.join_next().await {
        placed.push(done.map_err(|e| RunError::task("placing an order", e))?);
    }
    placed.sort_by_key(|(p, _)| *p);
    Ok(placed)
}

/// Notifies its [`Notify`] when dropped.
struct NotifyOnDrop(Arc<Notify>);

impl Drop for NotifyOnDrop {
    fn drop(&mut self) {
        self.0.notify_one();
    }
}
