//! Download orders (ES2+ DownloadOrder and ConfirmOrder, SGP.22 5.3.1, 5.3.2) with what the
//! ES9+ checks need: EID binding, Matching ID, confirmation code, expiry, retries, and the
//! last Bound Profile Package for the rebinding rules of SGP.22 5.6.2.

use std::sync::LazyLock;

use storage::{FromRow, Row};

use super::{StoreError, Tx, new_id, now_ms};

/// Where an order stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderStatus {
    /// Ordered; downloadable once released.
    Open,
    /// The profile was installed.
    Done,
    /// Cancelled by the operator (CancelOrder) or by the end user (CancelSession).
    Cancelled,
    /// Unusable: confirmation code retries exceeded, installation failed.
    Failed,
}

impl OrderStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Open => "open",
            OrderStatus::Done => "done",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::Failed => "failed",
        }
    }

    fn parse(s: &str) -> Result<OrderStatus, StoreError> {
        [
            OrderStatus::Open,
            OrderStatus::Done,
            OrderStatus::Cancelled,
            OrderStatus::Failed,
        ]
        .into_iter()
        .find(|o| o.as_str() == s)
        .ok_or_else(|| StoreError::corrupt("orders.status", s))
    }
}

/// A download order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Order {
    pub id: String,
    pub iccid: String,
    pub operator: String,
    pub eid: Option<String>,
    /// Whether the operator named `eid` (DownloadOrder or ConfirmOrder) rather than a
    /// download binding the order to the eUICC that authenticated.
    pub eid_by_operator: bool,
    /// `None` before ConfirmOrder, and for an order confirmed with an empty Matching ID
    /// (downloadable by EID alone, the default SM-DP+ case).
    pub matching_id: Option<String>,
    /// SHA-256 of the confirmation code; its presence sets ccRequiredFlag.
    pub cc_hash: Option<Vec<u8>>,
    pub cc_attempts: i64,
    pub download_attempts: i64,
    /// The order's own cap on download attempts; `None` takes the policy's.
    pub max_attempts: Option<i64>,
    pub released: bool,
    pub status: OrderStatus,
    /// Unix milliseconds; set by ConfirmOrder.
    pub expires_at: Option<i64>,
    /// The last Bound Profile Package (DER) and the otPK.EUICC.ECKA it is bound to.
    pub bpp: Option<Vec<u8>>,
    pub bpp_euicc_otpk: Option<Vec<u8>>,
    /// The transaction ID inside that BPP's InitialiseSecureChannel.
    pub bpp_transaction_id: Option<Vec<u8>>,
    /// The SM-DS at which the order's Event is registered, or is to be at ReleaseProfile
    /// (ConfirmOrder's smdsAddress, SGP.22 5.3.2); its deletion is queued when the order
    /// ends ([`crate::es12`]).
    pub smds_address: Option<String>,
}

impl Order {
    /// Whether the order's time to live is over at `now`.
    pub fn is_expired(&self, now: i64) -> bool {
        self.expires_at.is_some_and(|t| now >= t)
    }

    /// The cap on download attempts: the order's own, else `policy`.
    pub fn attempt_cap(&self, policy: i64) -> i64 {
        self.max_attempts.unwrap_or(policy)
    }

    /// Whether its download attempts are used up under `policy`'s cap.
    pub fn attempts_used_up(&self, policy: i64) -> bool {
        self.download_attempts >= self.attempt_cap(policy)
    }
}

const COLUMNS: &str = "id, iccid, operator, eid, matching_id, cc_hash, cc_attempts, \
    download_attempts, released, status, expires_at, bpp, bpp_euicc_otpk, bpp_transaction_id, \
    eid_by_operator, max_attempts, smds_address";

impl FromRow for Order {
    fn from_row(mut r: Row) -> Result<Self, StoreError> {
        let status: String = r.take(9)?;
        Ok(Order {
            id: r.take(0)?,
            iccid: r.take(1)?,
            operator: r.take(2)?,
            eid: r.take(3)?,
            matching_id: r.take(4)?,
            cc_hash: r.take(5)?,
            cc_attempts: r.take(6)?,
            download_attempts: r.take(7)?,
            released: r.take(8)?,
            status: OrderStatus::parse(&status)?,
            expires_at: r.take(10)?,
            bpp: r.take(11)?,
            bpp_euicc_otpk: r.take(12)?,
            bpp_transaction_id: r.take(13)?,
            eid_by_operator: r.take(14)?,
            max_attempts: r.take(15)?,
            smds_address: r.take(16)?,
        })
    }
}

fn one(tx: &mut Tx<'_>, filter: &str, value: &str) -> Result<Option<Order>, StoreError> {
    tx.query_opt(
        &format!("SELECT {COLUMNS} FROM orders WHERE {filter} ORDER BY created_at DESC"),
        &[&value],
    )
}

/// Creates an open order for a profile; `eid` is the operator's.
pub(crate) fn create(
    tx: &mut Tx<'_>,
    iccid: &str,
    operator: &str,
    eid: Option<&str>,
) -> Result<Order, StoreError> {
    let id = new_id()?;
    tx.execute(
        "INSERT INTO orders (id, iccid, operator, eid, matching_id, cc_hash, cc_attempts, \
         download_attempts, released, status, expires_at, bpp, bpp_euicc_otpk, \
         bpp_transaction_id, created_at, updated_at, eid_by_operator) \
         VALUES ($1, $2, $3, $4, NULL, NULL, 0, 0, 0, $5, NULL, NULL, NULL, NULL, $6, $6, $7)",
        &[
            &id,
            &iccid,
            &operator,
            &eid,
            &OrderStatus::Open.as_str(),
            &now_ms(),
            &eid.is_some(),
        ],
    )?;
    by_id(tx, &id)?.ok_or_else(|| StoreError::corrupt("orders", "inserted order not found"))
}

/// The order with this id.
pub(crate) fn by_id(tx: &mut Tx<'_>, id: &str) -> Result<Option<Order>, StoreError> {
    one(tx, "id = $1", id)
}

/// The open order of a profile.
pub(crate) fn open_for_iccid(tx: &mut Tx<'_>, iccid: &str) -> Result<Option<Order>, StoreError> {
    tx.query_opt(
        &format!(
            "SELECT {COLUMNS} FROM orders WHERE iccid = $1 AND status = $2 \
             ORDER BY created_at DESC"
        ),
        &[&iccid, &OrderStatus::Open.as_str()],
    )
}

/// The order holding a Matching ID (any status: Matching IDs are never reused).
pub(crate) fn by_matching_id(
    tx: &mut Tx<'_>,
    matching_id: &str,
) -> Result<Option<Order>, StoreError> {
    one(tx, "matching_id = $1", matching_id)
}

/// The open, released orders bound to an EID that need no Matching ID (SGP.22 5.6.3: an
/// empty matchingId asks for a pending order of the EID).
pub(crate) fn open_for_eid_without_matching_id(
    tx: &mut Tx<'_>,
    eid: &str,
) -> Result<Option<Order>, StoreError> {
    tx.query_opt(&open_for_eid_sql(), &[&eid, &OrderStatus::Open.as_str()])
}

/// The query of [`open_for_eid_without_matching_id`]. "No Matching ID" is written as an
/// expression: SQLite takes `matching_id IS NULL` for a lookup in the unique index of
/// Matching IDs, where every order without one is a NULL, and read all of them for each
/// lookup instead of the few of the EID (BENCHMARKING.md, lessons).
fn open_for_eid_sql() -> String {
    format!(
        "SELECT {COLUMNS} FROM orders WHERE eid = $1 AND status = $2 AND released = 1 \
         AND COALESCE(matching_id, '') = '' ORDER BY created_at"
    )
}

/// ConfirmOrder: EID (the operator's), Matching ID, hashed confirmation code, release and
/// expiry.
pub(crate) fn confirm(
    tx: &mut Tx<'_>,
    id: &str,
    eid: Option<&str>,
    matching_id: Option<&str>,
    cc_hash: Option<&[u8]>,
    released: bool,
    expires_at: i64,
) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE orders SET eid = $1, matching_id = $2, cc_hash = $3, released = $4, \
         expires_at = $5, updated_at = $6, eid_by_operator = $8 WHERE id = $7",
        &[
            &eid,
            &matching_id,
            &cc_hash,
            &released,
            &expires_at,
            &now_ms(),
            &id,
            &eid.is_some(),
        ],
    )?;
    Ok(())
}

/// Records the SM-DS of the order's Event (ConfirmOrder with an smdsAddress).
pub(crate) fn set_smds_address(
    tx: &mut Tx<'_>,
    id: &str,
    smds_address: &str,
) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE orders SET smds_address = $1, updated_at = $2 WHERE id = $3",
        &[&smds_address, &now_ms(), &id],
    )?;
    Ok(())
}

/// ReleaseProfile.
pub(crate) fn release(tx: &mut Tx<'_>, id: &str) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE orders SET released = 1, updated_at = $1 WHERE id = $2",
        &[&now_ms(), &id],
    )?;
    Ok(())
}

/// Ends an order.
pub(crate) fn set_status(tx: &mut Tx<'_>, id: &str, status: OrderStatus) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE orders SET status = $1, updated_at = $2 WHERE id = $3",
        &[&status.as_str(), &now_ms(), &id],
    )?;
    Ok(())
}

/// AuthenticateClient accepted the eUICC `eid` for the order: one more download attempt,
/// and an order without EID binds to it (SGP.22 5.6.3). Only while the order is still open,
/// bound to no other eUICC and below its cap (its own, else `max_attempts`); returns
/// whether it was.
pub(crate) fn start_download_attempt(
    tx: &mut Tx<'_>,
    id: &str,
    eid: &str,
    max_attempts: i64,
) -> Result<bool, StoreError> {
    let n = tx.execute(
        "UPDATE orders SET download_attempts = download_attempts + 1, \
         eid = COALESCE(eid, $1), updated_at = $2 \
         WHERE id = $3 AND status = 'open' AND (eid IS NULL OR eid = $1) \
         AND download_attempts < COALESCE(max_attempts, $4)",
        &[&eid, &now_ms(), &id, &max_attempts],
    )?;
    Ok(n == 1)
}

/// The operator's terms of an open order (`order_terms`): validity end and attempt cap,
/// each kept when `None`; returns whether the order was open.
pub(crate) fn set_terms(
    tx: &mut Tx<'_>,
    id: &str,
    expires_at: Option<i64>,
    max_attempts: Option<i64>,
) -> Result<bool, StoreError> {
    let n = tx.execute(
        "UPDATE orders SET expires_at = COALESCE($1, expires_at), \
         max_attempts = COALESCE($2, max_attempts), updated_at = $3 \
         WHERE id = $4 AND status = 'open'",
        &[&expires_at, &max_attempts, &now_ms(), &id],
    )?;
    Ok(n == 1)
}

/// Counts one more wrong confirmation code; returns the new count.
pub(crate) fn count_cc_failure(tx: &mut Tx<'_>, id: &str) -> Result<i64, StoreError> {
    tx.execute(
        "UPDATE orders SET cc_attempts = cc_attempts + 1, updated_at = $1 WHERE id = $2",
        &[&now_ms(), &id],
    )?;
    let (n,): (i64,) = tx.query_one("SELECT cc_attempts FROM orders WHERE id = $1", &[&id])?;
    Ok(n)
}

/// Keeps the Bound Profile Package delivered for the order and the key it is bound to,
/// if the order is still open; returns whether it was.
pub(crate) fn store_bpp(
    tx: &mut Tx<'_>,
    id: &str,
    bpp: &[u8],
    euicc_otpk: &[u8],
    transaction_id: &[u8],
) -> Result<bool, StoreError> {
    let n = tx.execute(
        "UPDATE orders SET bpp = $1, bpp_euicc_otpk = $2, bpp_transaction_id = $3, \
         updated_at = $4 WHERE id = $5 AND status = 'open'",
        &[&bpp, &euicc_otpk, &transaction_id, &now_ms(), &id],
    )?;
    Ok(n == 1)
}

/// Every order, by creation.
pub(crate) fn all(tx: &mut Tx<'_>) -> Result<Vec<Order>, StoreError> {
    tx.query(
        &format!("SELECT {COLUMNS} FROM orders ORDER BY created_at, id"),
        &[],
    )
}

/// [`COLUMNS`] with the Bound Profile Package and what it is bound to read as NULL.
static COLUMNS_WITHOUT_PACKAGE: LazyLock<String> = LazyLock::new(|| {
    storage::sql::null_columns(COLUMNS, &["bpp", "bpp_euicc_otpk", "bpp_transaction_id"])
});

/// Every order as [`all`] lists them, without their Bound Profile Packages (`None`): a
/// listing of a large SM-DP+ that does not hold every package in memory at once.
pub(crate) fn all_without_packages(tx: &mut Tx<'_>) -> Result<Vec<Order>, StoreError> {
    tx.query(
        &format!(
            "SELECT {} FROM orders ORDER BY created_at, id",
            *COLUMNS_WITHOUT_PACKAGE
        ),
        &[],
    )
}

#[cfg(test)]
mod tests {
    use super::open_for_eid_sql;
    use crate::store::MIGRATIONS;

    /// An EID's order without a Matching ID is looked up through the EID's index, not
    /// through the Matching IDs' (where every order without one is a NULL).
    #[tokio::test]
    async fn the_order_of_an_eid_without_matching_id_is_found_by_the_eid() {
        let db = storage::Db::open(
            "sqlite::memory:",
            MIGRATIONS,
            &storage::DbOptions::default(),
        )
        .await
        .expect("open");
        let steps = db
            .read(|tx| storage::testing::sqlite_plan(tx, &open_for_eid_sql(), &[&"e1", &"open"]))
            .await
            .expect("plan");
        assert!(
            steps
                .iter()
                .any(|d| d.contains("USING INDEX orders_by_eid")),
            "{steps:?}"
        );
        db.close().await;
    }
}
