//! Profile types and profiles.

use storage::{FromRow, Row};

use super::history::record;
use super::{StoreError, Tx, now_ms};
use crate::state::ProfileState;

/// A profile type: a name an operator orders by, with the metadata its profiles carry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileType {
    pub name: String,
    /// The operator the type belongs to (CN of its ES2+ client certificate).
    pub operator: String,
    /// `serviceProviderName` of StoreMetadata (SGP.22 5.5.3).
    pub service_provider_name: String,
    /// `profileName` of StoreMetadata.
    pub profile_name: String,
    /// `profileClass`: 0 test, 1 provisioning, 2 operational.
    pub profile_class: i64,
    /// Where the template came from (`minimal` or a file name), for the record.
    pub template: String,
    /// Profile Policy Rules of its profiles, a mask of PprIds bits (`crate::ppr`).
    pub profile_policy_rules: i64,
    /// The icon of its profiles: iconType value and image (`crate::icon`).
    pub icon: Option<(i64, Vec<u8>)>,
}

impl FromRow for ProfileType {
    fn from_row(mut r: Row) -> Result<Self, StoreError> {
        Ok(ProfileType {
            name: r.take(0)?,
            operator: r.take(1)?,
            service_provider_name: r.take(2)?,
            profile_name: r.take(3)?,
            profile_class: r.take(4)?,
            template: r.take(5)?,
            profile_policy_rules: r.take(6)?,
            icon: match (r.take::<Option<i64>>(7)?, r.take::<Option<Vec<u8>>>(8)?) {
                (Some(t), Some(i)) => Some((t, i)),
                _ => None,
            },
        })
    }
}

/// One profile of the inventory. The package (with Ki and OPc) is loaded separately.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    pub iccid: String,
    pub profile_type: String,
    pub imsi: String,
    pub state: ProfileState,
    /// The EID the profile is linked to or installed on.
    pub eid: Option<String>,
    pub error_reason: Option<String>,
    pub updated_at: i64,
}

impl FromRow for Profile {
    fn from_row(mut r: Row) -> Result<Self, StoreError> {
        let state: String = r.take(3)?;
        Ok(Profile {
            iccid: r.take(0)?,
            profile_type: r.take(1)?,
            imsi: r.take(2)?,
            state: state
                .parse()
                .map_err(|e| StoreError::corrupt("profiles.state", e))?,
            eid: r.take(4)?,
            error_reason: r.take(5)?,
            updated_at: r.take(6)?,
        })
    }
}

const PROFILE_COLUMNS: &str = "iccid, profile_type, imsi, state, eid, error_reason, updated_at";

/// The profile type `name`.
pub(crate) fn profile_type(tx: &mut Tx<'_>, name: &str) -> Result<Option<ProfileType>, StoreError> {
    tx.query_opt(
        "SELECT name, operator, service_provider_name, profile_name, profile_class, template, \
         profile_policy_rules, icon_type, icon FROM profile_types WHERE name = $1",
        &[&name],
    )
}

/// Sets the Profile Policy Rules of a profile type; returns whether it exists.
pub(crate) fn set_profile_policy_rules(
    tx: &mut Tx<'_>,
    name: &str,
    mask: i64,
) -> Result<bool, StoreError> {
    let n = tx.execute(
        "UPDATE profile_types SET profile_policy_rules = $1 WHERE name = $2",
        &[&mask, &name],
    )?;
    Ok(n == 1)
}

/// Sets (or with `None` removes) the icon of a profile type; returns whether it exists.
pub(crate) fn set_icon(
    tx: &mut Tx<'_>,
    name: &str,
    icon: Option<&(i64, Vec<u8>)>,
) -> Result<bool, StoreError> {
    let (t, i) = (icon.map(|(t, _)| *t), icon.map(|(_, i)| i.clone()));
    let n = tx.execute(
        "UPDATE profile_types SET icon_type = $1, icon = $2 WHERE name = $3",
        &[&t, &i, &name],
    )?;
    Ok(n == 1)
}

/// Stores a new profile type.
pub(crate) fn insert_profile_type(tx: &mut Tx<'_>, t: &ProfileType) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO profile_types (name, operator, service_provider_name, profile_name, \
         profile_class, template, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &[
            &t.name,
            &t.operator,
            &t.service_provider_name,
            &t.profile_name,
            &t.profile_class,
            &t.template,
            &now_ms(),
        ],
    )?;
    Ok(())
}

/// Stores a new profile in state Available, with its package (DER).
pub(crate) fn insert_profile(
    tx: &mut Tx<'_>,
    iccid: &str,
    profile_type: &str,
    imsi: &str,
    package: &[u8],
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO profiles (iccid, profile_type, imsi, state, eid, error_reason, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, NULL, NULL, $5, $5)",
        &[
            &iccid,
            &profile_type,
            &imsi,
            &ProfileState::Available.as_str(),
            &now_ms(),
        ],
    )?;
    tx.execute(
        "INSERT INTO profile_packages (iccid, package) VALUES ($1, $2)",
        &[&iccid, &package],
    )?;
    record(
        tx,
        iccid,
        ProfileState::Available,
        Some("added to the inventory"),
    )
}

/// The profile with this ICCID.
pub(crate) fn profile(tx: &mut Tx<'_>, iccid: &str) -> Result<Option<Profile>, StoreError> {
    tx.query_opt(
        &format!("SELECT {PROFILE_COLUMNS} FROM profiles WHERE iccid = $1"),
        &[&iccid],
    )
}

/// Profiles, optionally of one type, in ICCID order.
pub(crate) fn profiles(
    tx: &mut Tx<'_>,
    profile_type: Option<&str>,
) -> Result<Vec<Profile>, StoreError> {
    match profile_type {
        Some(t) => tx.query(
            &format!(
                "SELECT {PROFILE_COLUMNS} FROM profiles WHERE profile_type = $1 ORDER BY iccid"
            ),
            &[&t],
        ),
        None => tx.query(
            &format!("SELECT {PROFILE_COLUMNS} FROM profiles ORDER BY iccid"),
            &[],
        ),
    }
}

/// The first available profile of a type (lowest ICCID). On PostgreSQL the row is locked
/// and rows other transactions hold are skipped, so concurrent orders through several
/// instances each take a different profile at once (SQLite has one writer: nothing to skip).
pub(crate) fn first_available(
    tx: &mut Tx<'_>,
    profile_type: &str,
) -> Result<Option<Profile>, StoreError> {
    let lock = match tx.backend() {
        storage::Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        storage::Backend::Sqlite => "",
    };
    tx.query_opt(&first_available_sql(lock), &[&profile_type])
}

/// The query of [`first_available`], read from the stock's partial index (migration 4):
/// the state is written as the index's literal, since a planner cannot match a bound
/// parameter to the index's `WHERE`.
fn first_available_sql(lock: &str) -> String {
    format!(
        "SELECT {PROFILE_COLUMNS} FROM profiles WHERE profile_type = $1 \
         AND state = 'available' ORDER BY iccid LIMIT 1{lock}"
    )
}

/// The personalized profile package (DER) of a profile.
pub(crate) fn package(tx: &mut Tx<'_>, iccid: &str) -> Result<Option<Vec<u8>>, StoreError> {
    Ok(tx
        .query_opt::<(Vec<u8>,)>(
            "SELECT package FROM profile_packages WHERE iccid = $1",
            &[&iccid],
        )?
        .map(|(p,)| p))
}

/// The MSISDN of a profile, when one was given (SGP.02 SubscriptionAddress).
pub(crate) fn msisdn(tx: &mut Tx<'_>, iccid: &str) -> Result<Option<String>, StoreError> {
    Ok(tx
        .query_opt::<(Option<String>,)>("SELECT msisdn FROM profiles WHERE iccid = $1", &[&iccid])?
        .and_then(|(m,)| m))
}

/// Sets the MSISDN of a profile; whether the profile exists.
pub(crate) fn set_msisdn(tx: &mut Tx<'_>, iccid: &str, msisdn: &str) -> Result<bool, StoreError> {
    let n = tx.execute(
        "UPDATE profiles SET msisdn = $1, updated_at = $2 WHERE iccid = $3",
        &[&msisdn, &now_ms(), &iccid],
    )?;
    Ok(n == 1)
}

/// Moves a profile to `state` with the EID it is bound to, and records the transition with
/// `detail` (kept as the error reason when the state is Error).
pub(crate) fn set_state(
    tx: &mut Tx<'_>,
    iccid: &str,
    state: ProfileState,
    eid: Option<&str>,
    detail: Option<&str>,
) -> Result<(), StoreError> {
    let error_reason = (state == ProfileState::Error).then_some(detail).flatten();
    tx.execute(
        "UPDATE profiles SET state = $1, eid = $2, error_reason = $3, updated_at = $4 \
         WHERE iccid = $5",
        &[&state.as_str(), &eid, &error_reason, &now_ms(), &iccid],
    )?;
    record(tx, iccid, state, detail)
}

/// Number of profiles of a type per state.
pub(crate) fn count_by_state(
    tx: &mut Tx<'_>,
    profile_type: &str,
) -> Result<Vec<(ProfileState, i64)>, StoreError> {
    let rows: Vec<(String, i64)> = tx.query(
        "SELECT state, COUNT(*) FROM profiles WHERE profile_type = $1 GROUP BY state",
        &[&profile_type],
    )?;
    rows.into_iter()
        .map(|(s, n)| {
            Ok((
                s.parse()
                    .map_err(|e| StoreError::corrupt("profiles.state", e))?,
                n,
            ))
        })
        .collect()
}

/// Moves a profile from `from` to `to` only if it is still in `from`; returns whether it
/// did (the transition is then recorded). Under concurrent instances exactly one claim of
/// a row succeeds: the UPDATE re-checks the state under the row's lock.
pub(crate) fn claim(
    tx: &mut Tx<'_>,
    iccid: &str,
    from: ProfileState,
    to: ProfileState,
    eid: Option<&str>,
    detail: &str,
) -> Result<bool, StoreError> {
    let done = tx.execute(
        "UPDATE profiles SET state = $1, eid = $2, updated_at = $3 WHERE iccid = $4 AND state = $5",
        &[&to.as_str(), &eid, &now_ms(), &iccid, &from.as_str()],
    )?;
    if done == 1 {
        record(tx, iccid, to, Some(detail))?;
    }
    Ok(done == 1)
}

#[cfg(test)]
mod tests {
    use super::{first_available_sql, package, profile};
    use crate::state::ProfileState;
    use crate::store::MIGRATIONS;

    /// The next profile of a type's stock is read from the stock's partial index, whose
    /// `WHERE` is the Available state's stored name.
    #[tokio::test]
    async fn the_next_profile_in_stock_is_read_from_the_stock_index() {
        assert_eq!(ProfileState::Available.as_str(), "available");
        let db = storage::Db::open(
            "sqlite::memory:",
            MIGRATIONS,
            &storage::DbOptions::default(),
        )
        .await
        .expect("open");
        let plan = db
            .read(|tx| storage::testing::sqlite_plan(tx, &first_available_sql(""), &[&"t"]))
            .await
            .expect("plan");
        assert!(
            plan.iter()
                .any(|d| d.contains("USING INDEX profiles_in_stock")),
            "{plan:?}"
        );
        db.close().await;
    }

    /// Migration 4 moves each profile's package to a table of its own without losing one:
    /// a profile written at version 3 reads the same at version 4, package included.
    #[tokio::test]
    async fn migration_4_keeps_each_profile_package() {
        let dir = tempfile::tempdir().expect("dir");
        let url = storage::sqlite_url(&dir.path().join("smdp.db"));
        let options = storage::DbOptions::default();
        let v3 = storage::Db::open(&url, &MIGRATIONS[..3], &options)
            .await
            .expect("version 3");
        v3.write(|tx| {
            tx.execute(
                "INSERT INTO profile_types (name, operator, service_provider_name, \
                 profile_name, profile_class, template, created_at) \
                 VALUES ('t', 'op', 'SP', 'P', 2, 'ts48', 1)",
                &[],
            )?;
            tx.execute(
                "INSERT INTO profiles (iccid, profile_type, imsi, state, package, eid, \
                 error_reason, created_at, updated_at) VALUES ('8988000000000000016', 't', \
                 '001010000000001', 'released', x'a0820001', 'e1', NULL, 1, 2)",
                &[],
            )
        })
        .await
        .expect("a profile");
        v3.close().await;
        let v4 = storage::Db::open(&url, MIGRATIONS, &options)
            .await
            .expect("version 4");
        let iccid = "8988000000000000016";
        let p = v4
            .read(move |tx| profile(tx, iccid))
            .await
            .expect("read")
            .expect("the profile");
        assert_eq!(p.state, ProfileState::Released);
        assert_eq!(p.eid.as_deref(), Some("e1"));
        let der = v4.read(move |tx| package(tx, iccid)).await.expect("read");
        assert_eq!(der.as_deref(), Some(&[0xa0, 0x82, 0x00, 0x01][..]));
        v4.close().await;
    }
}
