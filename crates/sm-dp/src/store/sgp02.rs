//! The SGP.02 SM-DP's downloads (migration 9): one row per ES2.DownloadProfile, moved on
//! as each step commits, so a restart knows which downloads were cut short.

use storage::{FromRow, Row};

use super::{StoreError, Tx, now_ms};

/// How far a download went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sgp02State {
    /// Accepted, the profile linked to the EID.
    Accepted,
    /// The SM-SR created the ISD-P (ES3.CreateISDP).
    IsdpCreated,
    /// The package is in the ISD-P (the last SCP03t segment answered).
    Downloaded,
    /// ES3.ProfileDownloadCompleted answered: the profile is in the EIS.
    Installed,
    /// Enabled through ES3.EnableProfile, as the operator asked.
    Enabled,
    /// Failed; the ISD-P deleted when one was created.
    Failed,
}

impl Sgp02State {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Sgp02State::Accepted => "accepted",
            Sgp02State::IsdpCreated => "isdp-created",
            Sgp02State::Downloaded => "downloaded",
            Sgp02State::Installed => "installed",
            Sgp02State::Enabled => "enabled",
            Sgp02State::Failed => "failed",
        }
    }

    fn parse(s: &str) -> Option<Sgp02State> {
        [
            Sgp02State::Accepted,
            Sgp02State::IsdpCreated,
            Sgp02State::Downloaded,
            Sgp02State::Installed,
            Sgp02State::Enabled,
            Sgp02State::Failed,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
}

/// One download.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sgp02Download {
    pub id: String,
    /// The operator that ordered it (its certificate's commonName).
    pub operator: String,
    pub eid: String,
    pub smsr_id: String,
    pub iccid: String,
    /// Enable the profile once downloaded.
    pub enable_profile: bool,
    pub state: Sgp02State,
    /// The ISD-P's AID, upper-case hex, once created.
    pub isd_p_aid: Option<String>,
    /// `wsa:ReplyTo` and `wsa:MessageID` of the operator's request.
    pub reply_to: Option<String>,
    pub message_id: Option<String>,
    /// How it ended: the status reported (`Executed-Success`, or `Failed subject/reason`).
    pub outcome: Option<String>,
}

impl FromRow for Sgp02Download {
    fn from_row(mut r: Row) -> Result<Self, StoreError> {
        let state: String = r.take(6)?;
        Ok(Sgp02Download {
            id: r.take(0)?,
            operator: r.take(1)?,
            eid: r.take(2)?,
            smsr_id: r.take(3)?,
            iccid: r.take(4)?,
            enable_profile: r.take::<i64>(5)? != 0,
            state: Sgp02State::parse(&state)
                .ok_or_else(|| StoreError::corrupt("sgp02_downloads.state", state))?,
            isd_p_aid: r.take(7)?,
            reply_to: r.take(8)?,
            message_id: r.take(9)?,
            outcome: r.take(10)?,
        })
    }
}

const COLUMNS: &str = "id, operator, eid, smsr_id, iccid, enable_profile, state, isd_p_aid, \
                       reply_to, message_id, outcome";

/// Stores a new download, `Accepted`.
pub(crate) fn insert(tx: &mut Tx<'_>, d: &Sgp02Download) -> Result<(), StoreError> {
    let now = now_ms();
    tx.execute(
        "INSERT INTO sgp02_downloads (id, operator, eid, smsr_id, iccid, enable_profile, \
         state, isd_p_aid, reply_to, message_id, outcome, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8, $9, NULL, $10, $10)",
        &[
            &d.id,
            &d.operator,
            &d.eid,
            &d.smsr_id,
            &d.iccid,
            &i64::from(d.enable_profile),
            &Sgp02State::Accepted.as_str(),
            &d.reply_to,
            &d.message_id,
            &now,
        ],
    )?;
    Ok(())
}

/// Moves download `id` to `state`, keeping the ISD-P's AID and the outcome when given.
pub(crate) fn advance(
    tx: &mut Tx<'_>,
    id: &str,
    state: Sgp02State,
    isd_p_aid: Option<&str>,
    outcome: Option<&str>,
) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE sgp02_downloads SET state = $1, isd_p_aid = COALESCE($2, isd_p_aid), \
         outcome = COALESCE($3, outcome), updated_at = $4 WHERE id = $5",
        &[&state.as_str(), &isd_p_aid, &outcome, &now_ms(), &id],
    )?;
    Ok(())
}

/// Every download, oldest first.
pub(crate) fn all(tx: &mut Tx<'_>) -> Result<Vec<Sgp02Download>, StoreError> {
    tx.query(
        &format!("SELECT {COLUMNS} FROM sgp02_downloads ORDER BY created_at, id"),
        &[],
    )
}

/// The downloads not over, oldest first: those before the install, and those installed
/// with an enable to follow and no outcome yet.
pub(crate) fn unfinished(tx: &mut Tx<'_>) -> Result<Vec<Sgp02Download>, StoreError> {
    tx.query(
        &format!(
            "SELECT {COLUMNS} FROM sgp02_downloads WHERE state IN ($1, $2, $3) \
             OR (state = $4 AND enable_profile = 1 AND outcome IS NULL) ORDER BY created_at, id"
        ),
        &[
            &Sgp02State::Accepted.as_str(),
            &Sgp02State::IsdpCreated.as_str(),
            &Sgp02State::Downloaded.as_str(),
            &Sgp02State::Installed.as_str(),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::MIGRATIONS;

    fn download(id: &str) -> Sgp02Download {
        Sgp02Download {
            id: id.into(),
            operator: "operator1".into(),
            eid: "89049032123451234512345678901235".into(),
            smsr_id: "sr-1".into(),
            iccid: "8949449999999990106".into(),
            enable_profile: true,
            state: Sgp02State::Accepted,
            isd_p_aid: None,
            reply_to: Some("https://op.example/es2".into()),
            message_id: Some("urn:uuid:1".into()),
            outcome: None,
        }
    }

    /// What a restart reads back: the downloads not over, with how far they got; on
    /// SQLite, and on PostgreSQL when RSP_TEST_POSTGRES_URL is set.
    #[tokio::test]
    async fn each_step_is_kept_and_a_restart_finds_the_unfinished_downloads() {
        let dir = tempfile::tempdir().unwrap();
        let url = storage::testing::database_url(dir.path(), "smdp_sgp02").await;
        let db = storage::Db::open(&url, MIGRATIONS, &storage::DbOptions::default())
            .await
            .unwrap();
        db.write(|tx| {
            for id in ["a", "b", "c"] {
                insert(tx, &download(id))?;
            }
            advance(tx, "a", Sgp02State::IsdpCreated, Some("A000000559"), None)?;
            advance(tx, "a", Sgp02State::Downloaded, None, None)?;
            advance(
                tx,
                "b",
                Sgp02State::Installed,
                None,
                Some("Executed-Success"),
            )?;
            advance(tx, "c", Sgp02State::Failed, None, Some("8.1.1 / 3.9"))?;
            insert(tx, &download("d"))?;
            // installed, its enable cut short: unfinished
            advance(tx, "d", Sgp02State::Installed, None, None)
        })
        .await
        .unwrap();
        let cut = db.read(unfinished).await.unwrap();
        let ids: Vec<&str> = cut.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "d"]);
        assert_eq!(cut[0].state, Sgp02State::Downloaded);
        assert_eq!(
            cut[0].isd_p_aid.as_deref(),
            Some("A000000559"),
            "the AID stays"
        );
        assert!(cut[0].enable_profile);
        let every = db.read(all).await.unwrap();
        let c = every.iter().find(|d| d.id == "c").unwrap();
        assert_eq!(
            (c.state, c.outcome.as_deref()),
            (Sgp02State::Failed, Some("8.1.1 / 3.9"))
        );
        db.close().await;
    }
}
