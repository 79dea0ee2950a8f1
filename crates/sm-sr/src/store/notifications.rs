//! Default Notifications received (`notifications`) and the Handle*Notification calls owed
//! to operators over ES4 and to SM-DPs over ES3 (`mno_notifications`).

use super::replies::{ReplyState, next_attempt};
use super::{StoreError, Tx, new_id, now_ms};

/// Records a Default Notification; `false` when this eUICC's sequence number was recorded
/// before (the card repeats a notification until it is confirmed, SGP.02 3.15).
pub(crate) fn record(
    tx: &mut Tx<'_>,
    eid: &str,
    seq: u16,
    kind: u8,
    aid: Option<&[u8]>,
) -> Result<bool, StoreError> {
    let n = tx.execute(
        "INSERT INTO notifications (eid, seq, kind, isd_p_aid, received_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        &[&eid, &i64::from(seq), &i64::from(kind), &aid, &now_ms()],
    )?;
    Ok(n == 1)
}

/// The interface a notification goes over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotifyInterface {
    /// ES4, to an operator (SGP.02 5.5).
    Es4,
    /// ES3, to an SM-DP (SGP.02 5.4), which forwards it to the operator over ES2.
    Es3,
}

impl NotifyInterface {
    fn as_str(self) -> &'static str {
        match self {
            NotifyInterface::Es4 => "ES4",
            NotifyInterface::Es3 => "ES3",
        }
    }
}

/// A Handle*Notification owed to an operator (ES4) or an SM-DP (ES3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MnoNotification {
    /// The operator (the profile's MNO-ID) or the SM-DP (its SM-DP-ID).
    pub recipient: String,
    /// Which of the two.
    pub interface: NotifyInterface,
    /// `HandleProfileEnabledNotification`, `HandleProfileDisabledNotification`,
    /// `HandleProfileDeletedNotification`, `HandleSMSRChangeNotification` (SGP.02 5.5).
    pub function: String,
    /// The eUICC.
    pub eid: String,
    /// The profile (empty for HandleSMSRChangeNotification, which carries the EIS).
    pub iccid: String,
    /// Unix ms: the CompletionTimeStamp.
    pub created_at: i64,
    /// Deliveries tried so far at the operator's notification endpoint.
    pub attempts: u32,
}

/// Queues `function` about profile `p` of `eid` for its operator (ES4) and for the SM-DP
/// that downloaded it (ES3, SGP.02 5.4), each unless it is `except` (the requester, who
/// has the function's own response).
pub(crate) fn owe_profile(
    tx: &mut Tx<'_>,
    p: &crate::eis::Profile,
    function: &str,
    eid: &str,
    except: Option<&str>,
) -> Result<(), StoreError> {
    let to = [
        (p.mno_id.as_str(), NotifyInterface::Es4),
        (p.smdp_id.as_str(), NotifyInterface::Es3),
    ];
    for (recipient, interface) in to {
        if !recipient.is_empty() && Some(recipient) != except {
            owe_over(tx, (recipient, interface), function, eid, &p.iccid)?;
        }
    }
    Ok(())
}

/// Queues `function` for `recipient` over `interface`.
pub(crate) fn owe_over(
    tx: &mut Tx<'_>,
    (recipient, interface): (&str, NotifyInterface),
    function: &str,
    eid: &str,
    iccid: &str,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO mno_notifications (id, recipient, interface, function, eid, iccid, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &[
            &new_id()?,
            &recipient,
            &interface.as_str(),
            &function,
            &eid,
            &iccid,
            &now_ms(),
        ],
    )?;
    Ok(())
}

const COLUMNS: &str = "id, recipient, interface, function, eid, iccid, created_at, attempts";

type OwedRow = (String, String, String, String, String, String, i64, i64);

fn owed_of(rows: Vec<OwedRow>) -> Vec<(String, MnoNotification)> {
    rows.into_iter()
        .map(
            |(id, recipient, interface, function, eid, iccid, created_at, attempts)| {
                let attempts = u32::try_from(attempts).unwrap_or(u32::MAX);
                let interface = match interface.as_str() {
                    "ES3" => NotifyInterface::Es3,
                    _ => NotifyInterface::Es4,
                };
                let n = MnoNotification {
                    recipient,
                    interface,
                    function,
                    eid,
                    iccid,
                    created_at,
                    attempts,
                };
                (id, n)
            },
        )
        .collect()
}

/// The notifications owed and not delivered (given up or not), oldest first.
pub(crate) fn owed(tx: &mut Tx<'_>) -> Result<Vec<MnoNotification>, StoreError> {
    let rows: Vec<OwedRow> = tx.query(
        &format!(
            "SELECT {COLUMNS} FROM mno_notifications WHERE delivered_at IS NULL \
             ORDER BY created_at, id"
        ),
        &[],
    )?;
    Ok(owed_of(rows).into_iter().map(|(_, n)| n).collect())
}

/// The notifications owed to `recipient` over `interface` whose next delivery is due at
/// `now`, oldest first, with their row identifiers.
pub(crate) fn due(
    tx: &mut Tx<'_>,
    (recipient, interface): (&str, NotifyInterface),
    now: i64,
    limit: i64,
) -> Result<Vec<(String, MnoNotification)>, StoreError> {
    let rows: Vec<OwedRow> =
        tx.query(&due_sql(), &[&recipient, &now, &limit, &interface.as_str()])?;
    Ok(owed_of(rows))
}

/// [`due`]'s statement (index `mno_notifications_due`).
pub(crate) fn due_sql() -> String {
    format!(
        "SELECT {COLUMNS} FROM mno_notifications WHERE recipient = $1 AND interface = $4 \
         AND delivered_at IS NULL AND failed_at IS NULL AND next_at <= $2 \
         ORDER BY created_at, id LIMIT $3"
    )
}

/// Records one delivery attempt of notification `id`: delivered (2xx), or not (then given
/// up once `max_attempts` were made, else due again at `now + backoff_ms · 2^(attempts-1)`,
/// at most 64 backoffs).
pub(crate) fn attempted(
    tx: &mut Tx<'_>,
    id: &str,
    delivered: bool,
    now: i64,
    (max_attempts, backoff_ms): (u32, i64),
) -> Result<ReplyState, StoreError> {
    let before: Option<(i64,)> = tx.query_opt(
        "SELECT attempts FROM mno_notifications WHERE id = $1",
        &[&id],
    )?;
    let (state, attempts, next_at) = next_attempt(
        before.map_or(0, |(a,)| a),
        delivered,
        now,
        (max_attempts, backoff_ms),
    );
    let delivered_at = (state == ReplyState::Sent).then_some(now);
    let failed_at = (state == ReplyState::Failed).then_some(now);
    tx.execute(
        "UPDATE mno_notifications SET attempts = $2, next_at = $3, delivered_at = $4, \
         failed_at = $5 WHERE id = $1",
        &[&id, &attempts, &next_at, &delivered_at, &failed_at],
    )?;
    Ok(state)
}
