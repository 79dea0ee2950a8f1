//! ES11 sessions (SGP.22 5.8): made by InitiateAuthentication, consumed once by
//! AuthenticateClient.

use storage::{FromRow, Row};

use super::{StoreError, Tx};

/// What serverSigned1 of the session said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Session {
    pub transaction_id: Vec<u8>,
    pub server_address: String,
    pub server_challenge: Vec<u8>,
    /// The CI chosen for the session (euiccCiPKIdToBeUsed).
    pub ci_pkid: Vec<u8>,
    /// Unix milliseconds.
    pub expires_at: i64,
}

impl FromRow for Session {
    fn from_row(mut r: Row) -> Result<Self, StoreError> {
        Ok(Session {
            transaction_id: r.take(0)?,
            server_address: r.take(1)?,
            server_challenge: r.take(2)?,
            ci_pkid: r.take(3)?,
            expires_at: r.take(4)?,
        })
    }
}

pub(crate) fn create(tx: &mut Tx<'_>, s: &Session) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO sessions (transaction_id, server_address, server_challenge, ci_pkid, \
         expires_at) VALUES ($1, $2, $3, $4, $5)",
        &[
            &s.transaction_id,
            &s.server_address,
            &s.server_challenge,
            &s.ci_pkid,
            &s.expires_at,
        ],
    )?;
    Ok(())
}

/// The session of `transaction_id`, if stored and not expired at `now`.
pub(crate) fn get(
    tx: &mut Tx<'_>,
    transaction_id: &[u8],
    now: i64,
) -> Result<Option<Session>, StoreError> {
    tx.query_opt(
        "SELECT transaction_id, server_address, server_challenge, ci_pkid, expires_at \
         FROM sessions WHERE transaction_id = $1 AND expires_at > $2",
        &[&transaction_id, &now],
    )
}

/// Deletes the session if it is still there and not expired; whether it was (a second
/// AuthenticateClient for the same transactionId finds none).
pub(crate) fn consume(
    tx: &mut Tx<'_>,
    transaction_id: &[u8],
    now: i64,
) -> Result<bool, StoreError> {
    let n = tx.execute(
        "DELETE FROM sessions WHERE transaction_id = $1 AND expires_at > $2",
        &[&transaction_id, &now],
    )?;
    Ok(n == 1)
}
