//! Profile types and profiles.

use sqlx::Row;

use super::history::record;
use super::{StoreError, Tx, decode_hex, now_ms};
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

fn profile_from_row(row: &sqlx::any::AnyRow) -> Result<Profile, StoreError> {
    let state: String = row.try_get("state")?;
    Ok(Profile {
        iccid: row.try_get("iccid")?,
        profile_type: row.try_get("profile_type")?,
        imsi: row.try_get("imsi")?,
        state: state
            .parse()
            .map_err(|e| StoreError::corrupt("profiles.state", e))?,
        eid: row.try_get("eid")?,
        error_reason: row.try_get("error_reason")?,
        updated_at: row.try_get("updated_at")?,
    })
}

const PROFILE_COLUMNS: &str = "iccid, profile_type, imsi, state, eid, error_reason, updated_at";

/// The profile type `name`.
pub async fn profile_type(tx: &mut Tx, name: &str) -> Result<Option<ProfileType>, StoreError> {
    let row = sqlx::query(
        "SELECT name, operator, service_provider_name, profile_name, profile_class, template \
         FROM profile_types WHERE name = $1",
    )
    .bind(name)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|r| {
        Ok(ProfileType {
            name: r.try_get("name")?,
            operator: r.try_get("operator")?,
            service_provider_name: r.try_get("service_provider_name")?,
            profile_name: r.try_get("profile_name")?,
            profile_class: r.try_get("profile_class")?,
            template: r.try_get("template")?,
        })
    })
    .transpose()
}

/// Stores a new profile type.
pub async fn insert_profile_type(tx: &mut Tx, t: &ProfileType) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO profile_types (name, operator, service_provider_name, profile_name, \
         profile_class, template, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&t.name)
    .bind(&t.operator)
    .bind(&t.service_provider_name)
    .bind(&t.profile_name)
    .bind(t.profile_class)
    .bind(&t.template)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Stores a new profile in state Available, with its package (DER).
pub async fn insert_profile(
    tx: &mut Tx,
    iccid: &str,
    profile_type: &str,
    imsi: &str,
    package: &[u8],
) -> Result<(), StoreError> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO profiles (iccid, profile_type, imsi, state, package_hex, eid, error_reason, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, NULL, NULL, $6, $6)",
    )
    .bind(iccid)
    .bind(profile_type)
    .bind(imsi)
    .bind(ProfileState::Available.as_str())
    .bind(hex::encode(package))
    .bind(now)
    .execute(&mut **tx)
    .await?;
    record(
        tx,
        iccid,
        ProfileState::Available,
        Some("added to the inventory"),
    )
    .await
}

/// The profile with this ICCID.
pub async fn profile(tx: &mut Tx, iccid: &str) -> Result<Option<Profile>, StoreError> {
    let sql = format!("SELECT {PROFILE_COLUMNS} FROM profiles WHERE iccid = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(iccid)
        .fetch_optional(&mut **tx)
        .await?;
    row.as_ref().map(profile_from_row).transpose()
}

/// Profiles, optionally of one type, in ICCID order.
pub async fn profiles(tx: &mut Tx, profile_type: Option<&str>) -> Result<Vec<Profile>, StoreError> {
    let rows = match profile_type {
        Some(t) => {
            let sql = format!(
                "SELECT {PROFILE_COLUMNS} FROM profiles WHERE profile_type = $1 ORDER BY iccid"
            );
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(t)
                .fetch_all(&mut **tx)
                .await?
        }
        None => {
            let sql = format!("SELECT {PROFILE_COLUMNS} FROM profiles ORDER BY iccid");
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .fetch_all(&mut **tx)
                .await?
        }
    };
    rows.iter().map(profile_from_row).collect()
}

/// The first available profile of a type (lowest ICCID).
pub async fn first_available(
    tx: &mut Tx,
    profile_type: &str,
) -> Result<Option<Profile>, StoreError> {
    let sql = format!(
        "SELECT {PROFILE_COLUMNS} FROM profiles WHERE profile_type = $1 AND state = $2 \
         ORDER BY iccid LIMIT 1"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(profile_type)
        .bind(ProfileState::Available.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    row.as_ref().map(profile_from_row).transpose()
}

/// The personalized profile package (DER) of a profile.
pub async fn package(tx: &mut Tx, iccid: &str) -> Result<Option<Vec<u8>>, StoreError> {
    let hex: Option<String> =
        sqlx::query_scalar("SELECT package_hex FROM profiles WHERE iccid = $1")
            .bind(iccid)
            .fetch_optional(&mut **tx)
            .await?;
    hex.map(|h| decode_hex("profiles.package_hex", &h))
        .transpose()
}

/// Moves a profile to `state` with the EID it is bound to, and records the transition with
/// `detail` (kept as the error reason when the state is Error).
pub async fn set_state(
    tx: &mut Tx,
    iccid: &str,
    state: ProfileState,
    eid: Option<&str>,
    detail: Option<&str>,
) -> Result<(), StoreError> {
    let error_reason = (state == ProfileState::Error).then_some(detail).flatten();
    sqlx::query(
        "UPDATE profiles SET state = $1, eid = $2, error_reason = $3, updated_at = $4 \
         WHERE iccid = $5",
    )
    .bind(state.as_str())
    .bind(eid)
    .bind(error_reason)
    .bind(now_ms())
    .bind(iccid)
    .execute(&mut **tx)
    .await?;
    record(tx, iccid, state, detail).await
}

/// Number of profiles of a type per state.
pub async fn count_by_state(
    tx: &mut Tx,
    profile_type: &str,
) -> Result<Vec<(ProfileState, i64)>, StoreError> {
    let rows = sqlx::query(
        "SELECT state, COUNT(*) AS n FROM profiles WHERE profile_type = $1 GROUP BY state",
    )
    .bind(profile_type)
    .fetch_all(&mut **tx)
    .await?;
    let mut out = Vec::new();
    for r in rows {
        let s: String = r.try_get("state")?;
        let n: i64 = r.try_get("n")?;
        out.push((
            s.parse()
                .map_err(|e| StoreError::corrupt("profiles.state", e))?,
            n,
        ));
    }
    Ok(out)
}

/// Moves a profile from `from` to `to` only if it is still in `from`; returns whether it
/// did (the transition is then recorded).
pub async fn claim(
    tx: &mut Tx,
    iccid: &str,
    from: ProfileState,
    to: ProfileState,
    eid: Option<&str>,
    detail: &str,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE profiles SET state = $1, eid = $2, updated_at = $3 WHERE iccid = $4 AND state = $5",
    )
    .bind(to.as_str())
    .bind(eid)
    .bind(now_ms())
    .bind(iccid)
    .bind(from.as_str())
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if done == 1 {
        record(tx, iccid, to, Some(detail)).await?;
    }
    Ok(done == 1)
}
