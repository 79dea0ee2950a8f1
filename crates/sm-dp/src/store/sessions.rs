//! ES9+ RSP sessions (SGP.22 5.6): what InitiateAuthentication chose and what later steps
//! check, kept in the database so a restarted server continues open sessions.

use sqlx::Row;

use super::{StoreError, Tx, decode_hex, decode_hex_opt, now_ms};

/// How far a session got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionStep {
    /// InitiateAuthentication answered.
    Initiated,
    /// AuthenticateClient accepted: eUICC authenticated, order found.
    Authenticated,
    /// GetBoundProfilePackage delivered a BPP.
    Bound,
    /// Finished (installation result received) or cancelled.
    Closed,
}

impl SessionStep {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStep::Initiated => "initiated",
            SessionStep::Authenticated => "authenticated",
            SessionStep::Bound => "bound",
            SessionStep::Closed => "closed",
        }
    }

    fn parse(s: &str) -> Result<SessionStep, StoreError> {
        [
            SessionStep::Initiated,
            SessionStep::Authenticated,
            SessionStep::Bound,
            SessionStep::Closed,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
        .ok_or_else(|| StoreError::corrupt("sessions.step", s))
    }
}

/// One RSP session. Binary values as received or sent (DER, raw signatures).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub transaction_id: Vec<u8>,
    pub step: SessionStep,
    /// The SM-DP+ address as the LPA sent it (serverAddress of serverSigned1).
    pub server_address: String,
    pub euicc_challenge: Vec<u8>,
    pub server_challenge: Vec<u8>,
    /// EUICCInfo1 (DER) from InitiateAuthentication.
    pub euicc_info1: Vec<u8>,
    /// The CI chosen from euiccCiPKIdListForSigning (its SKI).
    pub ci_pkid: Vec<u8>,
    pub eid: Option<String>,
    pub euicc_cert: Option<Vec<u8>>,
    pub eum_cert: Option<Vec<u8>>,
    /// EUICCInfo2 (DER) from euiccSigned1.
    pub euicc_info2: Option<Vec<u8>>,
    pub order_id: Option<String>,
    /// StoreMetadataRequest (DER) sent in AuthenticateClient, reused in the BPP.
    pub profile_metadata: Option<Vec<u8>>,
    pub smdp_signed2: Option<Vec<u8>>,
    /// smdpSignature2, raw r‖s.
    pub smdp_signature2: Option<Vec<u8>>,
    /// otPK.EUICC.ECKA from euiccSigned2.
    pub euicc_otpk: Option<Vec<u8>>,
    pub expires_at: i64,
}

const COLUMNS: &str = "transaction_id, step, server_address, euicc_challenge, \
    server_challenge, euicc_info1, ci_pkid, eid, euicc_cert, eum_cert, euicc_info2, order_id, \
    profile_metadata, smdp_signed2, smdp_signature2, euicc_otpk, expires_at";

fn from_row(r: &sqlx::any::AnyRow) -> Result<Session, StoreError> {
    let tid: String = r.try_get("transaction_id")?;
    let step: String = r.try_get("step")?;
    let h = |what: &'static str, col: &str| -> Result<Vec<u8>, StoreError> {
        let s: String = r.try_get(col)?;
        decode_hex(what, &s)
    };
    let o = |what: &'static str, col: &str| -> Result<Option<Vec<u8>>, StoreError> {
        decode_hex_opt(what, r.try_get(col)?)
    };
    Ok(Session {
        transaction_id: decode_hex("sessions.transaction_id", &tid)?,
        step: SessionStep::parse(&step)?,
        server_address: r.try_get("server_address")?,
        euicc_challenge: h("sessions.euicc_challenge", "euicc_challenge")?,
        server_challenge: h("sessions.server_challenge", "server_challenge")?,
        euicc_info1: h("sessions.euicc_info1", "euicc_info1")?,
        ci_pkid: h("sessions.ci_pkid", "ci_pkid")?,
        eid: r.try_get("eid")?,
        euicc_cert: o("sessions.euicc_cert", "euicc_cert")?,
        eum_cert: o("sessions.eum_cert", "eum_cert")?,
        euicc_info2: o("sessions.euicc_info2", "euicc_info2")?,
        order_id: r.try_get("order_id")?,
        profile_metadata: o("sessions.profile_metadata", "profile_metadata")?,
        smdp_signed2: o("sessions.smdp_signed2", "smdp_signed2")?,
        smdp_signature2: o("sessions.smdp_signature2", "smdp_signature2")?,
        euicc_otpk: o("sessions.euicc_otpk", "euicc_otpk")?,
        expires_at: r.try_get("expires_at")?,
    })
}

/// Stores a new session (step Initiated).
pub async fn create(tx: &mut Tx, s: &Session) -> Result<(), StoreError> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO sessions (transaction_id, step, server_address, euicc_challenge, \
         server_challenge, euicc_info1, ci_pkid, created_at, updated_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9)",
    )
    .bind(hex::encode(&s.transaction_id))
    .bind(s.step.as_str())
    .bind(&s.server_address)
    .bind(hex::encode(&s.euicc_challenge))
    .bind(hex::encode(&s.server_challenge))
    .bind(hex::encode(&s.euicc_info1))
    .bind(hex::encode(&s.ci_pkid))
    .bind(now)
    .bind(s.expires_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The session of a transaction ID, whatever its step.
pub async fn get(tx: &mut Tx, transaction_id: &[u8]) -> Result<Option<Session>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM sessions WHERE transaction_id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(hex::encode(transaction_id))
        .fetch_optional(&mut **tx)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Records a successful AuthenticateClient.
pub async fn authenticated(tx: &mut Tx, s: &Session) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE sessions SET step = $1, eid = $2, euicc_cert = $3, eum_cert = $4, \
         euicc_info2 = $5, order_id = $6, profile_metadata = $7, smdp_signed2 = $8, \
         smdp_signature2 = $9, updated_at = $10 WHERE transaction_id = $11",
    )
    .bind(SessionStep::Authenticated.as_str())
    .bind(&s.eid)
    .bind(s.euicc_cert.as_ref().map(hex::encode))
    .bind(s.eum_cert.as_ref().map(hex::encode))
    .bind(s.euicc_info2.as_ref().map(hex::encode))
    .bind(&s.order_id)
    .bind(s.profile_metadata.as_ref().map(hex::encode))
    .bind(s.smdp_signed2.as_ref().map(hex::encode))
    .bind(s.smdp_signature2.as_ref().map(hex::encode))
    .bind(now_ms())
    .bind(hex::encode(&s.transaction_id))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Records the delivered BPP's key.
pub async fn bound(
    tx: &mut Tx,
    transaction_id: &[u8],
    euicc_otpk: &[u8],
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE sessions SET step = $1, euicc_otpk = $2, updated_at = $3 WHERE transaction_id = $4",
    )
    .bind(SessionStep::Bound.as_str())
    .bind(hex::encode(euicc_otpk))
    .bind(now_ms())
    .bind(hex::encode(transaction_id))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Closes a session.
pub async fn close(tx: &mut Tx, transaction_id: &[u8]) -> Result<(), StoreError> {
    sqlx::query("UPDATE sessions SET step = $1, updated_at = $2 WHERE transaction_id = $3")
        .bind(SessionStep::Closed.as_str())
        .bind(now_ms())
        .bind(hex::encode(transaction_id))
        .execute(&mut **tx)
        .await?;
    Ok(())
}
