//! Indirect downloads the eIM relays between an IPA (ESipa) and an SM-DP+ (ES9+), keyed by
//! the SM-DP+'s transactionId (SGP.32 v1.2 5.14.1–5.14.4): what the eIM must remember to
//! rebuild the compact forms an IPA may send (server challenge, SM-DP+ OID, ctxParams1,
//! ICCID, bppEuiccOtpk).

use storage::{FromRow, Row};

use super::{StoreError, Tx};

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

impl FromRow for RelaySession {
    fn from_row(mut r: Row) -> Result<Self, StoreError> {
        Ok(RelaySession {
            transaction_id: r.take(0)?,
            eid: r.take(1)?,
            smdp_address: r.take(2)?,
            eim_transaction_id: r.take(3)?,
            server_challenge: r.take(4)?,
            smdp_oid: r.take(5)?,
            ctx_params1: r.take(6)?,
            iccid: r.take(7)?,
            bpp_euicc_otpk: r.take(8)?,
            state: r.take(9)?,
            created_at: r.take(10)?,
            updated_at: r.take(11)?,
        })
    }
}

/// Inserts or replaces a session.
pub(crate) fn put(tx: &mut Tx<'_>, s: &RelaySession) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO relay_sessions (transaction_id, eid, smdp_address, eim_transaction_id, \
         server_challenge, smdp_oid, ctx_params1, iccid, bpp_euicc_otpk, state, created_at, \
         updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
         ON CONFLICT (transaction_id) DO UPDATE SET eid = excluded.eid, \
         smdp_address = excluded.smdp_address, eim_transaction_id = excluded.eim_transaction_id, \
         server_challenge = excluded.server_challenge, smdp_oid = excluded.smdp_oid, \
         ctx_params1 = excluded.ctx_params1, iccid = excluded.iccid, \
         bpp_euicc_otpk = excluded.bpp_euicc_otpk, state = excluded.state, \
         created_at = excluded.created_at, updated_at = excluded.updated_at",
        &[
            &s.transaction_id,
            &s.eid,
            &s.smdp_address,
            &s.eim_transaction_id,
            &s.server_challenge,
            &s.smdp_oid,
            &s.ctx_params1,
            &s.iccid,
            &s.bpp_euicc_otpk,
            &s.state,
            &s.created_at,
            &s.updated_at,
        ],
    )?;
    Ok(())
}

/// The session of a transactionId.
pub(crate) fn get(
    tx: &mut Tx<'_>,
    transaction_id: &[u8],
) -> Result<Option<RelaySession>, StoreError> {
    tx.query_opt(
        &format!("SELECT {COLUMNS} FROM relay_sessions WHERE transaction_id = $1"),
        &[&transaction_id],
    )
}
