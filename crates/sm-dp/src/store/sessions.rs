//! ES9+ RSP sessions (SGP.22 5.6), typed by step as the eUICC side's session is: each step
//! is a struct holding what it established, and the next step is made only from the one
//! before it. A stored row is read back as the step it claims to be or not at all (a row
//! that says `authenticated` without an EID is a corrupt row, reported as such), so the
//! functions never meet a half-filled session. Kept in the database so any instance, or a
//! restarted one, continues any session.

use storage::{FromRow, Row};

use super::{StoreError, Tx, now_ms};

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

/// What InitiateAuthentication established (SGP.22 5.6.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Initiated {
    pub transaction_id: Vec<u8>,
    /// The SM-DP+ address as the LPA sent it (serverAddress of serverSigned1).
    pub server_address: String,
    pub euicc_challenge: Vec<u8>,
    pub server_challenge: Vec<u8>,
    /// EUICCInfo1 (DER) from InitiateAuthentication.
    pub euicc_info1: Vec<u8>,
    /// The CI chosen from euiccCiPKIdListForSigning (its SKI).
    pub ci_pkid: Vec<u8>,
    /// Unix milliseconds.
    pub expires_at: i64,
}

/// What AuthenticateClient added (SGP.22 5.6.3): the authenticated eUICC and its order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Authenticated {
    pub initiated: Initiated,
    pub eid: String,
    pub euicc_cert: Vec<u8>,
    pub eum_cert: Vec<u8>,
    /// EUICCInfo2 (DER) from euiccSigned1.
    pub euicc_info2: Vec<u8>,
    pub order_id: String,
    /// StoreMetadataRequest (DER) sent in AuthenticateClient, reused in the BPP.
    pub profile_metadata: Vec<u8>,
    pub smdp_signed2: Vec<u8>,
    /// smdpSignature2, raw r‖s.
    pub smdp_signature2: Vec<u8>,
}

/// What GetBoundProfilePackage added (SGP.22 5.6.2): the key the package is bound to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Bound {
    pub authenticated: Authenticated,
    /// otPK.EUICC.ECKA from euiccSigned2.
    pub euicc_otpk: Vec<u8>,
}

/// A stored session at its step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Session {
    Initiated(Initiated),
    Authenticated(Authenticated),
    Bound(Bound),
    /// Closed after it was authenticated (the installation result and cancellations still
    /// refer to it).
    Closed(Option<Authenticated>),
}

impl Session {
    pub(crate) fn step(&self) -> SessionStep {
        match self {
            Session::Initiated(_) => SessionStep::Initiated,
            Session::Authenticated(_) => SessionStep::Authenticated,
            Session::Bound(_) => SessionStep::Bound,
            Session::Closed(_) => SessionStep::Closed,
        }
    }

    /// The eUICC and order, once authenticated.
    pub(crate) fn authenticated(&self) -> Option<&Authenticated> {
        match self {
            Session::Initiated(_) => None,
            Session::Authenticated(a) => Some(a),
            Session::Bound(b) => Some(&b.authenticated),
            Session::Closed(a) => a.as_ref(),
        }
    }

    /// When the session stops being usable (Unix ms).
    pub(crate) fn expires_at(&self) -> Option<i64> {
        match self {
            Session::Initiated(i) => Some(i.expires_at),
            _ => self.authenticated().map(|a| a.initiated.expires_at),
        }
    }
}

const COLUMNS: &str = "transaction_id, step, server_address, euicc_challenge, \
    server_challenge, euicc_info1, ci_pkid, expires_at, eid, euicc_cert, eum_cert, euicc_info2, \
    order_id, profile_metadata, smdp_signed2, smdp_signature2, euicc_otpk";

/// The columns after `initiated`'s, all present when `step` says they are.
fn authenticated_from(
    r: &mut Row,
    initiated: Initiated,
) -> Result<Option<Authenticated>, StoreError> {
    let eid: Option<String> = r.take(8)?;
    let Some(eid) = eid else {
        return Ok(None);
    };
    let need = |v: Option<Vec<u8>>, what: &str| {
        v.ok_or_else(|| StoreError::corrupt("sessions", format!("authenticated without {what}")))
    };
    Ok(Some(Authenticated {
        initiated,
        eid,
        euicc_cert: need(r.take(9)?, "euicc_cert")?,
        eum_cert: need(r.take(10)?, "eum_cert")?,
        euicc_info2: need(r.take(11)?, "euicc_info2")?,
        order_id: r
            .take::<Option<String>>(12)?
            .ok_or_else(|| StoreError::corrupt("sessions", "authenticated without order_id"))?,
        profile_metadata: need(r.take(13)?, "profile_metadata")?,
        smdp_signed2: need(r.take(14)?, "smdp_signed2")?,
        smdp_signature2: need(r.take(15)?, "smdp_signature2")?,
    }))
}

impl FromRow for Session {
    fn from_row(mut r: Row) -> Result<Self, StoreError> {
        let step = SessionStep::parse(&r.take::<String>(1)?)?;
        let initiated = Initiated {
            transaction_id: r.take(0)?,
            server_address: r.take(2)?,
            euicc_challenge: r.take(3)?,
            server_challenge: r.take(4)?,
            euicc_info1: r.take(5)?,
            ci_pkid: r.take(6)?,
            expires_at: r.take(7)?,
        };
        let missing =
            || StoreError::corrupt("sessions", format!("{} without its eUICC", step.as_str()));
        Ok(match step {
            SessionStep::Initiated => Session::Initiated(initiated),
            SessionStep::Authenticated => {
                Session::Authenticated(authenticated_from(&mut r, initiated)?.ok_or_else(missing)?)
            }
            SessionStep::Bound => {
                let authenticated = authenticated_from(&mut r, initiated)?.ok_or_else(missing)?;
                let euicc_otpk: Option<Vec<u8>> = r.take(16)?;
                Session::Bound(Bound {
                    authenticated,
                    euicc_otpk: euicc_otpk.ok_or_else(|| {
                        StoreError::corrupt("sessions", "bound without euicc_otpk")
                    })?,
                })
            }
            SessionStep::Closed => Session::Closed(authenticated_from(&mut r, initiated)?),
        })
    }
}

/// Stores a new session.
pub(crate) fn create(tx: &mut Tx<'_>, s: &Initiated) -> Result<(), StoreError> {
    let now = now_ms();
    tx.execute(
        "INSERT INTO sessions (transaction_id, step, server_address, euicc_challenge, \
         server_challenge, euicc_info1, ci_pkid, created_at, updated_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9)",
        &[
            &s.transaction_id,
            &SessionStep::Initiated.as_str(),
            &s.server_address,
            &s.euicc_challenge,
            &s.server_challenge,
            &s.euicc_info1,
            &s.ci_pkid,
            &now,
            &s.expires_at,
        ],
    )?;
    Ok(())
}

/// The session of a transaction ID, whatever its step.
pub(crate) fn get(tx: &mut Tx<'_>, transaction_id: &[u8]) -> Result<Option<Session>, StoreError> {
    tx.query_opt(
        &format!("SELECT {COLUMNS} FROM sessions WHERE transaction_id = $1"),
        &[&transaction_id],
    )
}

/// Records a successful AuthenticateClient, if the session is still at Initiated and not
/// expired; its expiry becomes `s.initiated.expires_at`. Returns whether it was.
pub(crate) fn authenticate(tx: &mut Tx<'_>, s: &Authenticated) -> Result<bool, StoreError> {
    let now = now_ms();
    let n = tx.execute(
        "UPDATE sessions SET step = $1, eid = $2, euicc_cert = $3, eum_cert = $4, \
         euicc_info2 = $5, order_id = $6, profile_metadata = $7, smdp_signed2 = $8, \
         smdp_signature2 = $9, updated_at = $10, expires_at = $12 \
         WHERE transaction_id = $11 AND step = 'initiated' AND expires_at > $10",
        &[
            &SessionStep::Authenticated.as_str(),
            &s.eid,
            &s.euicc_cert,
            &s.eum_cert,
            &s.euicc_info2,
            &s.order_id,
            &s.profile_metadata,
            &s.smdp_signed2,
            &s.smdp_signature2,
            &now,
            &s.initiated.transaction_id,
            &s.initiated.expires_at,
        ],
    )?;
    Ok(n == 1)
}

/// Records the delivered BPP's key, if the session is authenticated (or bound: the LPA
/// may ask again) and not expired; returns whether it was.
pub(crate) fn bind(
    tx: &mut Tx<'_>,
    transaction_id: &[u8],
    euicc_otpk: &[u8],
) -> Result<bool, StoreError> {
    let now = now_ms();
    let n = tx.execute(
        "UPDATE sessions SET step = $1, euicc_otpk = $2, updated_at = $3 \
         WHERE transaction_id = $4 AND step IN ('authenticated', 'bound') AND expires_at > $3",
        &[
            &SessionStep::Bound.as_str(),
            &euicc_otpk,
            &now,
            &transaction_id,
        ],
    )?;
    Ok(n == 1)
}

/// Closes a session; returns whether it was open.
pub(crate) fn close(tx: &mut Tx<'_>, transaction_id: &[u8]) -> Result<bool, StoreError> {
    let n = tx.execute(
        "UPDATE sessions SET step = $1, updated_at = $2 WHERE transaction_id = $3 AND step <> $1",
        &[&SessionStep::Closed.as_str(), &now_ms(), &transaction_id],
    )?;
    Ok(n == 1)
}
