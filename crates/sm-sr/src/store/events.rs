//! A device's history: events (registration, state changes, package results, refusals) and
//! the serving networks it reported (rPLMN of ESipa.GetEimPackage, SGP.32 v1.2 6.3.2.6).

use serde::Serialize;
use sqlx::Row;

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
pub async fn add(
    tx: &mut Tx,
    eid: &str,
    kind: &str,
    detail: serde_json::Value,
    now: i64,
) -> Result<(), StoreError> {
    let seq = devices::next_event_seq(tx, eid, now).await?;
    sqlx::query(
        "INSERT INTO device_events (eid, seq, at, kind, detail) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(eid)
    .bind(seq)
    .bind(now)
    .bind(kind)
    .bind(detail.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The history of a device, oldest first; at most the last `limit` entries.
pub async fn list(tx: &mut Tx, eid: &str, limit: i64) -> Result<Vec<Event>, StoreError> {
    let rows = sqlx::query(
        "SELECT seq, at, kind, detail FROM device_events WHERE eid = $1 \
         ORDER BY seq DESC LIMIT $2",
    )
    .bind(eid)
    .bind(limit)
    .fetch_all(&mut **tx)
    .await?;
    let mut out = rows
        .iter()
        .map(|r| {
            let detail: String = r.try_get("detail")?;
            Ok(Event {
                seq: r.try_get("seq")?,
                at: r.try_get("at")?,
                kind: r.try_get("kind")?,
                detail: parse_json("device_events.detail", &detail)?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    out.reverse();
    Ok(out)
}

/// Appends a serving network.
pub async fn add_location(
    tx: &mut Tx,
    eid: &str,
    plmn: &str,
    country: Option<&str>,
    now: i64,
) -> Result<(), StoreError> {
    let seq: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM device_locations WHERE eid = $1")
            .bind(eid)
            .fetch_one(&mut **tx)
            .await?;
    sqlx::query(
        "INSERT INTO device_locations (eid, seq, at, plmn, country) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(eid)
    .bind(seq)
    .bind(now)
    .bind(plmn)
    .bind(country)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The serving networks of a device, oldest first; at most the last `limit`.
pub async fn locations(tx: &mut Tx, eid: &str, limit: i64) -> Result<Vec<Location>, StoreError> {
    let rows = sqlx::query(
        "SELECT seq, at, plmn, country FROM device_locations WHERE eid = $1 \
         ORDER BY seq DESC LIMIT $2",
    )
    .bind(eid)
    .bind(limit)
    .fetch_all(&mut **tx)
    .await?;
    let mut out = rows
        .iter()
        .map(|r| {
            Ok(Location {
                seq: r.try_get("seq")?,
                at: r.try_get("at")?,
                plmn: r.try_get("plmn")?,
                country: r.try_get("country")?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    out.reverse();
    Ok(out)
}
