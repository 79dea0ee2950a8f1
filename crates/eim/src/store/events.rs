//! A device's history: events (registration, state changes, package results, refusals) and
//! the serving networks it reported (rPLMN of ESipa.GetEimPackage, SGP.32 v1.2 6.3.2.6).

use serde::Serialize;

use super::{StoreError, Tx, devices, parse_json};

/// One history entry.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    pub seq: i64,
    pub at: i64,
    pub kind: String,
    pub detail: serde_json::Value,
}

/// One reported serving network.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    pub seq: i64,
    pub at: i64,
    /// MCC-MNC.
    pub plmn: String,
    /// ISO 3166 alpha-2, when the MCC is listed.
    pub country: Option<String>,
}

/// Appends a history entry.
pub(crate) fn add(
    tx: &mut Tx<'_>,
    eid: &str,
    kind: &str,
    detail: serde_json::Value,
    now: i64,
) -> Result<(), StoreError> {
    let seq = devices::next_event_seq(tx, eid, now)?;
    tx.execute(
        "INSERT INTO device_events (eid, seq, at, kind, detail) VALUES ($1, $2, $3, $4, $5)",
        &[&eid, &seq, &now, &kind, &detail.to_string()],
    )?;
    Ok(())
}

/// The history of a device, oldest first; at most the last `limit` entries.
pub(crate) fn list(tx: &mut Tx<'_>, eid: &str, limit: i64) -> Result<Vec<Event>, StoreError> {
    let rows: Vec<(i64, i64, String, String)> = tx.query(
        "SELECT seq, at, kind, detail FROM device_events WHERE eid = $1 \
         ORDER BY seq DESC LIMIT $2",
        &[&eid, &limit],
    )?;
    let mut out = rows
        .into_iter()
        .map(|(seq, at, kind, detail)| {
            Ok(Event {
                seq,
                at,
                kind,
                detail: parse_json("device_events.detail", &detail)?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    out.reverse();
    Ok(out)
}

/// How many events of `kind` each device whose EID is after `after` and up to `last` has
/// (one query for a page of the fleet).
pub(crate) fn count_by_device_in(
    tx: &mut Tx<'_>,
    kind: &str,
    after: &str,
    last: &str,
) -> Result<Vec<(String, i64)>, StoreError> {
    tx.query(
        "SELECT eid, COUNT(*) FROM device_events WHERE kind = $1 AND eid > $2 AND eid <= $3 \
         GROUP BY eid",
        &[&kind, &after, &last],
    )
}

/// Appends a serving network.
pub(crate) fn add_location(
    tx: &mut Tx<'_>,
    eid: &str,
    plmn: &str,
    country: Option<&str>,
    now: i64,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO device_locations (eid, seq, at, plmn, country) \
         SELECT CAST($1 AS TEXT), COALESCE(MAX(seq), 0) + 1, CAST($2 AS BIGINT), \
         CAST($3 AS TEXT), CAST($4 AS TEXT) FROM device_locations WHERE eid = $1",
        &[&eid, &now, &plmn, &country],
    )?;
    Ok(())
}

/// The serving networks of a device, oldest first; at most the last `limit`.
pub(crate) fn locations(
    tx: &mut Tx<'_>,
    eid: &str,
    limit: i64,
) -> Result<Vec<Location>, StoreError> {
    let rows: Vec<(i64, i64, String, Option<String>)> = tx.query(
        "SELECT seq, at, plmn, country FROM device_locations WHERE eid = $1 \
         ORDER BY seq DESC LIMIT $2",
        &[&eid, &limit],
    )?;
    let mut out: Vec<Location> = rows
        .into_iter()
        .map(|(seq, at, plmn, country)| Location {
            seq,
            at,
            plmn,
            country,
        })
        .collect();
    out.reverse();
    Ok(out)
}
