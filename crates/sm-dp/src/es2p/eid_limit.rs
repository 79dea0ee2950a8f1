//! A limit on the open download orders one EID may hold (the lab's answer to seed 002's
//! "burst of downloads for one EID"): an ES2+.DownloadOrder naming an EID that already has
//! [`crate::config::Policy::max_open_orders_per_eid`] orders neither downloaded, cancelled
//! nor expired is refused, before any profile is reserved for it.
//!
//! SGP.22 v2.5 5.3.1 defines no status code for such a limit; the refusal is the one the
//! function defines for an EID the SM-DP+ will not serve, subject 8.1.1 (EID), reason 3.8
//! (Refused) — [`Es2Error::EidRefused`]. An honest order flow holds one open order per EID
//! at a time (the eIM orders, the device downloads, the eIM cancels what failed).

use super::Es2Error;
use crate::store::{OrderStatus, Tx, now_ms};

/// Refuses a new order for `eid` when it already holds `limit` open orders (0: no limit).
pub(crate) fn check(tx: &mut Tx<'_>, eid: &str, limit: u32) -> Result<(), Es2Error> {
    if limit == 0 {
        return Ok(());
    }
    let (open,): (i64,) = tx.query_one(
        "SELECT COUNT(*) FROM orders WHERE eid = $1 AND status = $2 \
         AND (expires_at IS NULL OR expires_at > $3)",
        &[&eid, &OrderStatus::Open.as_str(), &now_ms()],
    )?;
    if open >= i64::from(limit) {
        return Err(Es2Error::EidRefused(format!(
            "{open} open orders for this EID (limit {limit})"
        )));
    }
    Ok(())
}
