//! Default Notifications received (`notifications`) and the Handle*Notification calls owed
//! to operators (`mno_notifications`).

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

/// A Handle*Notification owed to an operator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MnoNotification {
    /// The operator (the profile's MNO-ID).
    pub recipient: String,
    /// `HandleProfileEnabledNotification`, `HandleProfileDisabledNotification`,
    /// `HandleProfileDeletedNotification` (SGP.02 5.5).
    pub function: String,
    /// The eUICC.
    pub eid: String,
    /// The profile.
    pub iccid: String,
    /// Unix ms: the CompletionTimeStamp.
    pub created_at: i64,
}

/// Queues a Handle*Notification for `recipient`.
pub(crate) fn owe(
    tx: &mut Tx<'_>,
    recipient: &str,
    function: &str,
    eid: &str,
    iccid: &str,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO mno_notifications (id, recipient, function, eid, iccid, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
        &[&new_id()?, &recipient, &function, &eid, &iccid, &now_ms()],
    )?;
    Ok(())
}

/// The notifications owed and not delivered, oldest first.
pub(crate) fn owed(tx: &mut Tx<'_>) -> Result<Vec<MnoNotification>, StoreError> {
    let rows: Vec<(String, String, String, String, i64)> = tx.query(
        "SELECT recipient, function, eid, iccid, created_at FROM mno_notifications \
         WHERE delivered_at IS NULL ORDER BY created_at, id",
        &[],
    )?;
    Ok(rows
        .into_iter()
        .map(
            |(recipient, function, eid, iccid, created_at)| MnoNotification {
                recipient,
                function,
                eid,
                iccid,
                created_at,
            },
        )
        .collect())
}
