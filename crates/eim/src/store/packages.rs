//! The eIM Package queue of each device (SGP.32 v1.2 2.11.1, 5.14.5): eUICC Packages,
//! eUICC data requests and profile download triggers, delivered one at a time in queue
//! order. A package is re-delivered unchanged until its result arrives; an eUICC Package
//! gets its counterValue and eimSignature at the first delivery ([`mark_delivered`]).

use serde::Serialize;
use storage::{FromRow, Row};

use super::{StoreError, Tx, devices, parse_json, random_bytes};

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

impl FromRow for Package {
    fn from_row(mut r: Row) -> Result<Self, StoreError> {
        let kind: String = r.take(4)?;
        let state: String = r.take(9)?;
        let summary: Option<String> = r.take(16)?;
        Ok(Package {
            id: r.take(0)?,
            eid: r.take(1)?,
            seq: r.take(2)?,
            operation_id: r.take(3)?,
            kind: PackageKind::parse(&kind)?,
            body: r.take(5)?,
            eim_transaction_id: r.take(6)?,
            counter_value: r.take(7)?,
            der: r.take(8)?,
            state: PackageState::parse(&state)?,
            deliveries: r.take(10)?,
            created_at: r.take(11)?,
            first_sent_at: r.take(12)?,
            last_sent_at: r.take(13)?,
            result_at: r.take(14)?,
            result: r.take(15)?,
            summary: summary
                .map(|s| parse_json("packages.summary", &s))
                .transpose()?,
            seq_number: r.take(17)?,
            flag: r.take(18)?,
        })
    }
}

/// Queues a package at the end of the device's queue, with a fresh eimTransactionId.
pub(crate) fn insert(
    tx: &mut Tx<'_>,
    eid: &str,
    operation_id: Option<&str>,
    kind: PackageKind,
    body: &[u8],
    eim_transaction_id: Option<Vec<u8>>,
    now: i64,
) -> Result<Package, StoreError> {
    let id = super::new_id()?;
    let seq = devices::next_package_seq(tx, eid, now)?;
    let tid = match eim_transaction_id {
        Some(t) => t,
        None => random_bytes::<8>()?.to_vec(),
    };
    tx.execute(
        "INSERT INTO packages (id, eid, seq, operation_id, kind, body, eim_transaction_id, \
         counter_value, der, state, deliveries, created_at, first_sent_at, last_sent_at, \
         result_at, result, summary, seq_number, flag) VALUES ($1, $2, $3, $4, $5, $6, $7, \
         NULL, NULL, $8, 0, $9, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
        &[
            &id,
            &eid,
            &seq,
            &operation_id,
            &kind.as_str(),
            &body,
            &tid,
            &PackageState::Queued.as_str(),
            &now,
        ],
    )?;
    get(tx, &id)?.ok_or_else(|| StoreError::corrupt("packages", "inserted package not found"))
}

fn one(
    tx: &mut Tx<'_>,
    filter: &str,
    binds: &[&dyn storage::ToParam],
) -> Result<Option<Package>, StoreError> {
    tx.query_opt(
        &format!("SELECT {COLUMNS} FROM packages WHERE {filter}"),
        binds,
    )
}

fn many(
    tx: &mut Tx<'_>,
    filter: &str,
    binds: &[&dyn storage::ToParam],
) -> Result<Vec<Package>, StoreError> {
    tx.query(
        &format!("SELECT {COLUMNS} FROM packages WHERE {filter}"),
        binds,
    )
}

/// The package with this id.
pub(crate) fn get(tx: &mut Tx<'_>, id: &str) -> Result<Option<Package>, StoreError> {
    one(tx, "id = $1", &[&id])
}

/// The package of `eid` that carried `counter`.
pub(crate) fn by_counter(
    tx: &mut Tx<'_>,
    eid: &str,
    counter: i64,
) -> Result<Option<Package>, StoreError> {
    one(tx, "eid = $1 AND counter_value = $2", &[&eid, &counter])
}

/// The package with this eimTransactionId.
pub(crate) fn by_transaction(tx: &mut Tx<'_>, tid: &[u8]) -> Result<Option<Package>, StoreError> {
    one(tx, "eim_transaction_id = $1", &[&tid])
}

/// What the device gets on its next poll: the oldest package delivered without a result
/// (re-delivered as it was), else the oldest queued one.
///
/// Two lookups in the `(eid, state, seq)` index rather than one query over both states,
/// which SQLite answers with a temporary table and a sort on every poll. The two lookups
/// see two snapshots under PostgreSQL; [`another_sent`] closes the gap between them.
pub(crate) fn next_for_delivery(tx: &mut Tx<'_>, eid: &str) -> Result<Option<Package>, StoreError> {
    for state in [PackageState::Sent, PackageState::Queued] {
        let found = one(
            tx,
            "eid = $1 AND state = $2 ORDER BY seq LIMIT 1",
            &[&eid, &state.as_str()],
        )?;
        if found.is_some() {
            return Ok(found);
        }
    }
    Ok(None)
}

/// Takes a queued package for its first delivery: `false` when another transaction took it
/// first (or it left the queue), so that two concurrent polls never sign one package twice.
pub(crate) fn claim(tx: &mut Tx<'_>, id: &str) -> Result<bool, StoreError> {
    let n = tx.execute(
        "UPDATE packages SET state = $2 WHERE id = $1 AND state = $3",
        &[
            &id,
            &PackageState::Sent.as_str(),
            &PackageState::Queued.as_str(),
        ],
    )?;
    Ok(n == 1)
}

/// Whether a package of `eid` other than `id` is delivered without a result.
///
/// Read after [`claim`]: under PostgreSQL's READ COMMITTED, another instance can commit the
/// first delivery of the head of the queue between the two lookups of
/// [`next_for_delivery`], so that this transaction claims the package behind it. One
/// outstanding package per device keeps the counterValues in the order the eUICC must
/// see them (SGP.32 v1.2 5.14.5: a lower counterValue after a higher one is a replay).
pub(crate) fn another_sent(tx: &mut Tx<'_>, eid: &str, id: &str) -> Result<bool, StoreError> {
    let (n,): (i64,) = tx.query_one(
        "SELECT COUNT(*) FROM packages WHERE eid = $1 AND state = 'sent' AND id <> $2",
        &[&eid, &id],
    )?;
    Ok(n > 0)
}

/// Returns a claimed package to the queue, undoing [`claim`] in the same transaction.
pub(crate) fn unclaim(tx: &mut Tx<'_>, id: &str) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE packages SET state = $2 WHERE id = $1 AND state = $3",
        &[
            &id,
            &PackageState::Queued.as_str(),
            &PackageState::Sent.as_str(),
        ],
    )?;
    Ok(())
}

/// Records the first delivery of a claimed package: its counterValue (if any) and octets.
pub(crate) fn mark_delivered(
    tx: &mut Tx<'_>,
    id: &str,
    counter: Option<i64>,
    der: &[u8],
    now: i64,
) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE packages SET counter_value = $2, der = $3, deliveries = 1, first_sent_at = $4, \
         last_sent_at = $4 WHERE id = $1",
        &[&id, &counter, &der, &now],
    )?;
    Ok(())
}

/// Records one more delivery of the same octets.
pub(crate) fn mark_redelivered(tx: &mut Tx<'_>, id: &str, now: i64) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE packages SET deliveries = deliveries + 1, last_sent_at = $2 WHERE id = $1",
        &[&id, &now],
    )?;
    Ok(())
}

/// Records the result of a package and its final state.
pub(crate) fn set_result(
    tx: &mut Tx<'_>,
    id: &str,
    state: PackageState,
    result: &[u8],
    summary: &serde_json::Value,
    seq_number: Option<i64>,
    now: i64,
) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE packages SET state = $2, result = $3, summary = $4, seq_number = $5, \
         result_at = $6, flag = NULL WHERE id = $1",
        &[
            &id,
            &state.as_str(),
            &result,
            &summary.to_string(),
            &seq_number,
            &now,
        ],
    )?;
    Ok(())
}

/// Marks a package (e.g. a result with a bad signature was refused), keeping its state.
pub(crate) fn set_flag(tx: &mut Tx<'_>, id: &str, flag: Option<&str>) -> Result<(), StoreError> {
    tx.execute("UPDATE packages SET flag = $2 WHERE id = $1", &[&id, &flag])?;
    Ok(())
}

/// Sets the state of a package.
pub(crate) fn set_state(tx: &mut Tx<'_>, id: &str, state: PackageState) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE packages SET state = $2 WHERE id = $1",
        &[&id, &state.as_str()],
    )?;
    Ok(())
}

/// The packages of a device in queue order.
pub(crate) fn for_device(tx: &mut Tx<'_>, eid: &str) -> Result<Vec<Package>, StoreError> {
    many(tx, "eid = $1 ORDER BY seq", &[&eid])
}

/// The packages of an operation in queue order.
pub(crate) fn for_operation(
    tx: &mut Tx<'_>,
    operation_id: &str,
) -> Result<Vec<Package>, StoreError> {
    many(tx, "operation_id = $1 ORDER BY seq", &[&operation_id])
}

/// Whether the device has a queued or sent package of this kind whose body is `body`.
pub(crate) fn has_pending(
    tx: &mut Tx<'_>,
    eid: &str,
    kind: PackageKind,
    body: &[u8],
) -> Result<bool, StoreError> {
    let (n,): (i64,) = tx.query_one(
        "SELECT (SELECT COUNT(*) FROM packages WHERE eid = $1 AND state = 'queued' \
         AND kind = $2 AND body = $3) + (SELECT COUNT(*) FROM packages WHERE eid = $1 \
         AND state = 'sent' AND kind = $2 AND body = $3)",
        &[&eid, &kind.as_str(), &body],
    )?;
    Ok(n > 0)
}

/// Whether `eid` has a package queued or delivered without a result.
pub(crate) fn has_any_pending(tx: &mut Tx<'_>, eid: &str) -> Result<bool, StoreError> {
    let (n,): (i64,) = tx.query_one(
        "SELECT (SELECT COUNT(*) FROM packages WHERE eid = $1 AND state = 'queued') + \
         (SELECT COUNT(*) FROM packages WHERE eid = $1 AND state = 'sent')",
        &[&eid],
    )?;
    Ok(n > 0)
}
