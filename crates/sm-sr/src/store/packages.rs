//! The eIM Package queue of each device (SGP.32 v1.2 2.11.1, 5.14.5): eUICC Packages,
//! eUICC data requests and profile download triggers, delivered one at a time in queue
//! order. A package is re-delivered unchanged until its result arrives; an eUICC Package
//! gets its counterValue and eimSignature at the first delivery ([`mark_delivered`]).

use serde::Serialize;
use sqlx::Row;

use super::{StoreError, Tx, decode_hex, decode_hex_opt, devices, parse_json, random_bytes};

/// What a package carries (the alternative of GetEimPackageResponse).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PackageKind {
    /// `euiccPackageRequest` (BF51), signed by the eIM.
    EuiccPackage,
    /// `ipaEuiccDataRequest` (BF52).
    IpaEuiccData,
    /// `profileDownloadTriggerRequest` (BF54).
    DownloadTrigger,
}

impl PackageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PackageKind::EuiccPackage => "euicc-package",
            PackageKind::IpaEuiccData => "ipa-euicc-data",
            PackageKind::DownloadTrigger => "download-trigger",
        }
    }

    fn parse(s: &str) -> Result<PackageKind, StoreError> {
        [
            PackageKind::EuiccPackage,
            PackageKind::IpaEuiccData,
            PackageKind::DownloadTrigger,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
        .ok_or_else(|| StoreError::corrupt("packages.kind", s))
    }
}

/// Where a package stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PackageState {
    Queued,
    Sent,
    Done,
    Failed,
    Cancelled,
}

impl PackageState {
    pub fn as_str(self) -> &'static str {
        match self {
            PackageState::Queued => "queued",
            PackageState::Sent => "sent",
            PackageState::Done => "done",
            PackageState::Failed => "failed",
            PackageState::Cancelled => "cancelled",
        }
    }

    fn parse(s: &str) -> Result<PackageState, StoreError> {
        [
            PackageState::Queued,
            PackageState::Sent,
            PackageState::Done,
            PackageState::Failed,
            PackageState::Cancelled,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
        .ok_or_else(|| StoreError::corrupt("packages.state", s))
    }
}

/// One package.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Package {
    pub id: String,
    pub eid: String,
    pub seq: i64,
    pub operation_id: Option<String>,
    pub kind: PackageKind,
    /// For an eUICC Package the EuiccPackage CHOICE (DER); otherwise the whole request.
    #[serde(skip)]
    pub body: Vec<u8>,
    #[serde(serialize_with = "hex_upper")]
    pub eim_transaction_id: Vec<u8>,
    pub counter_value: Option<i64>,
    /// The message as delivered (DER), fixed at the first delivery.
    #[serde(skip)]
    pub der: Option<Vec<u8>>,
    pub state: PackageState,
    pub deliveries: i64,
    pub created_at: i64,
    pub first_sent_at: Option<i64>,
    pub last_sent_at: Option<i64>,
    pub result_at: Option<i64>,
    #[serde(skip)]
    pub result: Option<Vec<u8>>,
    pub summary: Option<serde_json::Value>,
    pub seq_number: Option<i64>,
    pub flag: Option<String>,
}

fn hex_upper<S: serde::Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&hex::encode_upper(v))
}

const COLUMNS: &str = "id, eid, seq, operation_id, kind, body, eim_transaction_id, \
    counter_value, der, state, deliveries, created_at, first_sent_at, last_sent_at, result_at, \
    result, summary, seq_number, flag";

fn from_row(r: &sqlx::any::AnyRow) -> Result<Package, StoreError> {
    let kind: String = r.try_get("kind")?;
    let state: String = r.try_get("state")?;
    let body: String = r.try_get("body")?;
    let tid: String = r.try_get("eim_transaction_id")?;
    let summary: Option<String> = r.try_get("summary")?;
    Ok(Package {
        id: r.try_get("id")?,
        eid: r.try_get("eid")?,
        seq: r.try_get("seq")?,
        operation_id: r.try_get("operation_id")?,
        kind: PackageKind::parse(&kind)?,
        body: decode_hex("packages.body", &body)?,
        eim_transaction_id: decode_hex("packages.eim_transaction_id", &tid)?,
        counter_value: r.try_get("counter_value")?,
        der: decode_hex_opt("packages.der", r.try_get("der")?)?,
        state: PackageState::parse(&state)?,
        deliveries: r.try_get("deliveries")?,
        created_at: r.try_get("created_at")?,
        first_sent_at: r.try_get("first_sent_at")?,
        last_sent_at: r.try_get("last_sent_at")?,
        result_at: r.try_get("result_at")?,
        result: decode_hex_opt("packages.result", r.try_get("result")?)?,
        summary: summary
            .map(|s| parse_json("packages.summary", &s))
            .transpose()?,
        seq_number: r.try_get("seq_number")?,
        flag: r.try_get("flag")?,
    })
}

/// Queues a package at the end of the device's queue, with a fresh eimTransactionId.
pub async fn insert(
    tx: &mut Tx,
    eid: &str,
    operation_id: Option<&str>,
    kind: PackageKind,
    body: &[u8],
    eim_transaction_id: Option<Vec<u8>>,
    now: i64,
) -> Result<Package, StoreError> {
    let id = super::new_id()?;
    let seq = devices::next_package_seq(tx, eid, now).await?;
    let tid = match eim_transaction_id {
        Some(t) => t,
        None => random_bytes::<8>()?.to_vec(),
    };
    sqlx::query(
        "INSERT INTO packages (id, eid, seq, operation_id, kind, body, eim_transaction_id, \
         counter_value, der, state, deliveries, created_at, first_sent_at, last_sent_at, \
         result_at, result, summary, seq_number, flag) VALUES ($1, $2, $3, $4, $5, $6, $7, \
         NULL, NULL, $8, 0, $9, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
    )
    .bind(&id)
    .bind(eid)
    .bind(seq)
    .bind(operation_id)
    .bind(kind.as_str())
    .bind(hex::encode(body))
    .bind(hex::encode(&tid))
    .bind(PackageState::Queued.as_str())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    get(tx, &id)
        .await?
        .ok_or_else(|| StoreError::corrupt("packages", "inserted package not found"))
}

async fn one(tx: &mut Tx, filter: &str, binds: &[&str]) -> Result<Option<Package>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM packages WHERE {filter}");
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for b in binds {
        q = q.bind(*b);
    }
    let row = q.fetch_optional(&mut **tx).await?;
    row.as_ref().map(from_row).transpose()
}

/// The package with this id.
pub async fn get(tx: &mut Tx, id: &str) -> Result<Option<Package>, StoreError> {
    one(tx, "id = $1", &[id]).await
}

/// The package of `eid` that carried `counter`.
pub async fn by_counter(
    tx: &mut Tx,
    eid: &str,
    counter: i64,
) -> Result<Option<Package>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM packages WHERE eid = $1 AND counter_value = $2");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(eid)
        .bind(counter)
        .fetch_optional(&mut **tx)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The package with this eimTransactionId.
pub async fn by_transaction(tx: &mut Tx, tid: &[u8]) -> Result<Option<Package>, StoreError> {
    one(tx, "eim_transaction_id = $1", &[&hex::encode(tid)]).await
}

/// What the device gets on its next poll: the oldest package delivered without a result
/// (re-delivered as it was), else the oldest queued one.
pub async fn next_for_delivery(tx: &mut Tx, eid: &str) -> Result<Option<Package>, StoreError> {
    for state in [PackageState::Sent, PackageState::Queued] {
        let p = one(
            tx,
            "eid = $1 AND state = $2 ORDER BY seq LIMIT 1",
            &[eid, state.as_str()],
        )
        .await?;
        if p.is_some() {
            return Ok(p);
        }
    }
    Ok(None)
}

/// Takes a queued package for its first delivery: `false` when another transaction took it
/// first (or it left the queue), so that two concurrent polls never sign one package twice.
pub async fn claim(tx: &mut Tx, id: &str) -> Result<bool, StoreError> {
    let done = sqlx::query("UPDATE packages SET state = $2 WHERE id = $1 AND state = $3")
        .bind(id)
        .bind(PackageState::Sent.as_str())
        .bind(PackageState::Queued.as_str())
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Records the first delivery of a claimed package: its counterValue (if any) and octets.
pub async fn mark_delivered(
    tx: &mut Tx,
    id: &str,
    counter: Option<i64>,
    der: &[u8],
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE packages SET counter_value = $2, der = $3, deliveries = 1, first_sent_at = $4, \
         last_sent_at = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(counter)
    .bind(hex::encode(der))
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Records one more delivery of the same octets.
pub async fn mark_redelivered(tx: &mut Tx, id: &str, now: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE packages SET deliveries = deliveries + 1, last_sent_at = $2 WHERE id = $1")
        .bind(id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Records the result of a package and its final state.
pub async fn set_result(
    tx: &mut Tx,
    id: &str,
    state: PackageState,
    result: &[u8],
    summary: &serde_json::Value,
    seq_number: Option<i64>,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE packages SET state = $2, result = $3, summary = $4, seq_number = $5, \
         result_at = $6, flag = NULL WHERE id = $1",
    )
    .bind(id)
    .bind(state.as_str())
    .bind(hex::encode(result))
    .bind(summary.to_string())
    .bind(seq_number)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Marks a package (e.g. a result with a bad signature was refused), keeping its state.
pub async fn set_flag(tx: &mut Tx, id: &str, flag: Option<&str>) -> Result<(), StoreError> {
    sqlx::query("UPDATE packages SET flag = $2 WHERE id = $1")
        .bind(id)
        .bind(flag)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Sets the state of a package.
pub async fn set_state(tx: &mut Tx, id: &str, state: PackageState) -> Result<(), StoreError> {
    sqlx::query("UPDATE packages SET state = $2 WHERE id = $1")
        .bind(id)
        .bind(state.as_str())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The packages of a device in queue order.
pub async fn for_device(tx: &mut Tx, eid: &str) -> Result<Vec<Package>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM packages WHERE eid = $1 ORDER BY seq");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(eid)
        .fetch_all(&mut **tx)
        .await?;
    rows.iter().map(from_row).collect()
}

/// The packages of an operation in queue order.
pub async fn for_operation(tx: &mut Tx, operation_id: &str) -> Result<Vec<Package>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM packages WHERE operation_id = $1 ORDER BY seq");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(operation_id)
        .fetch_all(&mut **tx)
        .await?;
    rows.iter().map(from_row).collect()
}

/// Whether the device has a queued or sent package of this kind whose body is `body`.
pub async fn has_pending(
    tx: &mut Tx,
    eid: &str,
    kind: PackageKind,
    body: &[u8],
) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM packages WHERE eid = $1 AND kind = $2 AND body = $3 \
         AND state IN ('queued', 'sent')",
    )
    .bind(eid)
    .bind(kind.as_str())
    .bind(hex::encode(body))
    .fetch_one(&mut **tx)
    .await?;
    Ok(n > 0)
}
