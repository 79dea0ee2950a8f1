//! Indirect downloads the eIM relays between an IPA (ESipa) and an SM-DP+ (ES9+), keyed by
//! the SM-DP+'s transactionId (SGP.32 v1.2 5.14.1–5.14.4): what the eIM must remember to
//! rebuild the compact forms an IPA may send (server challenge, SM-DP+ OID, ctxParams1,
//! ICCID, bppEuiccOtpk).

use sqlx::Row;

use super::{StoreError, Tx, decode_hex_opt};

/// One relayed session.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RelaySession {
    pub transaction_id: Vec<u8>,
    pub eid: Option<String>,
    pub smdp_address: String,
    pub eim_transaction_id: Option<Vec<u8>>,
    pub server_challenge: Option<Vec<u8>>,
    pub smdp_oid: Option<String>,
    pub ctx_params1: Option<Vec<u8>>,
    pub iccid: Option<String>,
    pub bpp_euicc_otpk: Option<Vec<u8>>,
    /// initiated | authenticated | bound | cancelled
    pub state: String,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str = "transaction_id, eid, smdp_address, eim_transaction_id, \
    server_challenge, smdp_oid, ctx_params1, iccid, bpp_euicc_otpk, state, created_at, updated_at";

fn from_row(r: &sqlx::any::AnyRow) -> Result<RelaySession, StoreError> {
    let tid: String = r.try_get("transaction_id")?;
    Ok(RelaySession {
        transaction_id: super::decode_hex("relay_sessions.transaction_id", &tid)?,
        eid: r.try_get("eid")?,
        smdp_address: r.try_get("smdp_address")?,
        eim_transaction_id: decode_hex_opt(
            "relay_sessions.eim_transaction_id",
            r.try_get("eim_transaction_id")?,
        )?,
        server_challenge: decode_hex_opt(
            "relay_sessions.server_challenge",
            r.try_get("server_challenge")?,
        )?,
        smdp_oid: r.try_get("smdp_oid")?,
        ctx_params1: decode_hex_opt("relay_sessions.ctx_params1", r.try_get("ctx_params1")?)?,
        iccid: r.try_get("iccid")?,
        bpp_euicc_otpk: decode_hex_opt(
            "relay_sessions.bpp_euicc_otpk",
            r.try_get("bpp_euicc_otpk")?,
        )?,
        state: r.try_get("state")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

/// Inserts or replaces a session.
pub async fn put(tx: &mut Tx, s: &RelaySession) -> Result<(), StoreError> {
    let tid = hex::encode(&s.transaction_id);
    sqlx::query("DELETE FROM relay_sessions WHERE transaction_id = $1")
        .bind(&tid)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO relay_sessions (transaction_id, eid, smdp_address, eim_transaction_id, \
         server_challenge, smdp_oid, ctx_params1, iccid, bpp_euicc_otpk, state, created_at, \
         updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(&tid)
    .bind(s.eid.as_deref())
    .bind(&s.smdp_address)
    .bind(s.eim_transaction_id.as_ref().map(hex::encode))
    .bind(s.server_challenge.as_ref().map(hex::encode))
    .bind(s.smdp_oid.as_deref())
    .bind(s.ctx_params1.as_ref().map(hex::encode))
    .bind(s.iccid.as_deref())
    .bind(s.bpp_euicc_otpk.as_ref().map(hex::encode))
    .bind(&s.state)
    .bind(s.created_at)
    .bind(s.updated_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The session of a transactionId.
pub async fn get(tx: &mut Tx, transaction_id: &[u8]) -> Result<Option<RelaySession>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM relay_sessions WHERE transaction_id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(hex::encode(transaction_id))
        .fetch_optional(&mut **tx)
        .await?;
    row.as_ref().map(from_row).transpose()
}
