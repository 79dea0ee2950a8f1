//! Download orders (ES2+ DownloadOrder and ConfirmOrder, SGP.22 5.3.1, 5.3.2) with what the
//! ES9+ checks need: EID binding, Matching ID, confirmation code, expiry, retries, and the
//! last Bound Profile Package for the rebinding rules of SGP.22 5.6.2.

use sqlx::Row;

use super::{StoreError, Tx, decode_hex_opt, flag, new_id, now_ms};

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
    /// `None` before ConfirmOrder, and for an order confirmed with an empty Matching ID
    /// (downloadable by EID alone, the default SM-DP+ case).
    pub matching_id: Option<String>,
    /// SHA-256 of the confirmation code; its presence sets ccRequiredFlag.
    pub cc_hash: Option<Vec<u8>>,
    pub cc_attempts: i64,
    pub download_attempts: i64,
    pub released: bool,
    pub status: OrderStatus,
    /// Unix milliseconds; set by ConfirmOrder.
    pub expires_at: Option<i64>,
    /// The last Bound Profile Package (DER) and the otPK.EUICC.ECKA it is bound to.
    pub bpp: Option<Vec<u8>>,
    pub bpp_euicc_otpk: Option<Vec<u8>>,
    /// The transaction ID inside that BPP's InitialiseSecureChannel.
    pub bpp_transaction_id: Option<Vec<u8>>,
}

impl Order {
    /// Whether the order's time to live is over at `now`.
    pub fn is_expired(&self, now: i64) -> bool {
        self.expires_at.is_some_and(|t| now >= t)
    }
}

const COLUMNS: &str = "id, iccid, operator, eid, matching_id, cc_hash, cc_attempts, \
    download_attempts, released, status, expires_at, bpp_hex, bpp_euicc_otpk, bpp_transaction_id";

fn from_row(r: &sqlx::any::AnyRow) -> Result<Order, StoreError> {
    let status: String = r.try_get("status")?;
    let released: i64 = r.try_get("released")?;
    Ok(Order {
        id: r.try_get("id")?,
        iccid: r.try_get("iccid")?,
        operator: r.try_get("operator")?,
        eid: r.try_get("eid")?,
        matching_id: r.try_get("matching_id")?,
        cc_hash: decode_hex_opt("orders.cc_hash", r.try_get("cc_hash")?)?,
        cc_attempts: r.try_get("cc_attempts")?,
        download_attempts: r.try_get("download_attempts")?,
        released: released != 0,
        status: OrderStatus::parse(&status)?,
        expires_at: r.try_get("expires_at")?,
        bpp: decode_hex_opt("orders.bpp_hex", r.try_get("bpp_hex")?)?,
        bpp_euicc_otpk: decode_hex_opt("orders.bpp_euicc_otpk", r.try_get("bpp_euicc_otpk")?)?,
        bpp_transaction_id: decode_hex_opt(
            "orders.bpp_transaction_id",
            r.try_get("bpp_transaction_id")?,
        )?,
    })
}

async fn one(tx: &mut Tx, filter: &str, value: &str) -> Result<Option<Order>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM orders WHERE {filter} ORDER BY created_at DESC");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(value)
        .fetch_optional(&mut **tx)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Creates an open order for a profile.
pub async fn create(
    tx: &mut Tx,
    iccid: &str,
    operator: &str,
    eid: Option<&str>,
) -> Result<Order, StoreError> {
    let id = new_id()?;
    let now = now_ms();
    sqlx::query(
        "INSERT INTO orders (id, iccid, operator, eid, matching_id, cc_hash, cc_attempts, \
         download_attempts, released, status, expires_at, bpp_hex, bpp_euicc_otpk, \
         bpp_transaction_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, NULL, NULL, 0, 0, 0, $5, NULL, NULL, NULL, NULL, $6, $6)",
    )
    .bind(&id)
    .bind(iccid)
    .bind(operator)
    .bind(eid)
    .bind(OrderStatus::Open.as_str())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    by_id(tx, &id)
        .await?
        .ok_or_else(|| StoreError::corrupt("orders", "inserted order not found"))
}

/// The order with this id.
pub async fn by_id(tx: &mut Tx, id: &str) -> Result<Option<Order>, StoreError> {
    one(tx, "id = $1", id).await
}

/// The open order of a profile.
pub async fn open_for_iccid(tx: &mut Tx, iccid: &str) -> Result<Option<Order>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM orders WHERE iccid = $1 AND status = $2 ORDER BY created_at DESC"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(iccid)
        .bind(OrderStatus::Open.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The order holding a Matching ID (any status: Matching IDs are never reused).
pub async fn by_matching_id(tx: &mut Tx, matching_id: &str) -> Result<Option<Order>, StoreError> {
    one(tx, "matching_id = $1", matching_id).await
}

/// The open, released orders bound to an EID that need no Matching ID (SGP.22 5.6.3: an
/// empty matchingId asks for a pending order of the EID).
pub async fn open_for_eid_without_matching_id(
    tx: &mut Tx,
    eid: &str,
) -> Result<Option<Order>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM orders WHERE eid = $1 AND status = $2 AND released = 1 \
         AND matching_id IS NULL ORDER BY created_at"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(eid)
        .bind(OrderStatus::Open.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// ConfirmOrder: EID, Matching ID, hashed confirmation code, release and expiry.
pub async fn confirm(
    tx: &mut Tx,
    id: &str,
    eid: Option<&str>,
    matching_id: Option<&str>,
    cc_hash: Option<&[u8]>,
    released: bool,
    expires_at: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE orders SET eid = $1, matching_id = $2, cc_hash = $3, released = $4, \
         expires_at = $5, updated_at = $6 WHERE id = $7",
    )
    .bind(eid)
    .bind(matching_id)
    .bind(cc_hash.map(hex::encode))
    .bind(flag(released))
    .bind(expires_at)
    .bind(now_ms())
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Binds an order confirmed without EID to the first eUICC that authenticated for it.
pub async fn bind_eid(tx: &mut Tx, id: &str, eid: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE orders SET eid = $1, updated_at = $2 WHERE id = $3 AND eid IS NULL")
        .bind(eid)
        .bind(now_ms())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// ReleaseProfile.
pub async fn release(tx: &mut Tx, id: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE orders SET released = 1, updated_at = $1 WHERE id = $2")
        .bind(now_ms())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Ends an order.
pub async fn set_status(tx: &mut Tx, id: &str, status: OrderStatus) -> Result<(), StoreError> {
    sqlx::query("UPDATE orders SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(status.as_str())
        .bind(now_ms())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Counts one more download attempt (AuthenticateClient accepted).
pub async fn count_download_attempt(tx: &mut Tx, id: &str) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE orders SET download_attempts = download_attempts + 1, updated_at = $1 \
         WHERE id = $2",
    )
    .bind(now_ms())
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Counts one more wrong confirmation code; returns the new count.
pub async fn count_cc_failure(tx: &mut Tx, id: &str) -> Result<i64, StoreError> {
    sqlx::query("UPDATE orders SET cc_attempts = cc_attempts + 1, updated_at = $1 WHERE id = $2")
        .bind(now_ms())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(
        sqlx::query_scalar("SELECT cc_attempts FROM orders WHERE id = $1")
            .bind(id)
            .fetch_one(&mut **tx)
            .await?,
    )
}

/// Keeps the Bound Profile Package delivered for the order and the key it is bound to.
pub async fn store_bpp(
    tx: &mut Tx,
    id: &str,
    bpp: &[u8],
    euicc_otpk: &[u8],
    transaction_id: &[u8],
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE orders SET bpp_hex = $1, bpp_euicc_otpk = $2, bpp_transaction_id = $3, \
         updated_at = $4 WHERE id = $5",
    )
    .bind(hex::encode(bpp))
    .bind(hex::encode(euicc_otpk))
    .bind(hex::encode(transaction_id))
    .bind(now_ms())
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
