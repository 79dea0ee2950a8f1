//! Registered eUICCs: identity and ESep state (eimId, counterValue, associationToken,
//! certificates; SGP.32 v1.2 2.11.1.1), what the eIM knows of their profiles, where they
//! are. The counter only grows: [`allocate_counter`] is the one place that moves it.

use serde::Serialize;
use sqlx::Row;

use super::{StoreError, Tx, decode_hex_opt};

/// A registered eUICC.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Device {
    pub eid: String,
    pub operator: String,
    pub eim_id: String,
    /// The last counterValue used (or the initial one from the eIM configuration).
    pub counter_value: i64,
    pub association_token: Option<i64>,
    #[serde(skip)]
    pub euicc_cert: Option<Vec<u8>>,
    #[serde(skip)]
    pub eum_cert: Option<Vec<u8>>,
    #[serde(skip)]
    pub euicc_info1: Option<Vec<u8>>,
    #[serde(skip)]
    pub euicc_info2: Option<Vec<u8>>,
    pub default_smdp_address: Option<String>,
    pub enabled_iccid: Option<String>,
    pub fallback_iccid: Option<String>,
    pub bootstrap_iccid: Option<String>,
    pub localized_country: Option<String>,
    pub last_plmn: Option<String>,
    pub last_country: Option<String>,
    pub country_since: Option<i64>,
    pub last_seen: Option<i64>,
    pub last_state_change: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// One profile of a device as the eIM knows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceProfile {
    pub iccid: String,
    /// `enabled`, `disabled` or `installed` (downloaded, state not yet reported).
    pub state: String,
    pub fallback: bool,
    pub profile_name: Option<String>,
    pub service_provider: Option<String>,
    pub updated_at: i64,
}

/// What registration stores.
#[derive(Clone, Debug, Default)]
pub struct NewDevice {
    pub eid: String,
    pub operator: String,
    pub eim_id: String,
    pub counter_value: i64,
    pub association_token: Option<i64>,
    pub euicc_cert: Option<Vec<u8>>,
    pub eum_cert: Option<Vec<u8>>,
    pub bootstrap_iccid: Option<String>,
}

const COLUMNS: &str = "eid, operator, eim_id, counter_value, association_token, euicc_cert, \
    eum_cert, euicc_info1, euicc_info2, default_smdp_address, enabled_iccid, fallback_iccid, \
    bootstrap_iccid, localized_country, last_plmn, last_country, country_since, last_seen, \
    last_state_change, created_at, updated_at";

fn from_row(r: &sqlx::any::AnyRow) -> Result<Device, StoreError> {
    Ok(Device {
        eid: r.try_get("eid")?,
        operator: r.try_get("operator")?,
        eim_id: r.try_get("eim_id")?,
        counter_value: r.try_get("counter_value")?,
        association_token: r.try_get("association_token")?,
        euicc_cert: decode_hex_opt("devices.euicc_cert", r.try_get("euicc_cert")?)?,
        eum_cert: decode_hex_opt("devices.eum_cert", r.try_get("eum_cert")?)?,
        euicc_info1: decode_hex_opt("devices.euicc_info1", r.try_get("euicc_info1")?)?,
        euicc_info2: decode_hex_opt("devices.euicc_info2", r.try_get("euicc_info2")?)?,
        default_smdp_address: r.try_get("default_smdp_address")?,
        enabled_iccid: r.try_get("enabled_iccid")?,
        fallback_iccid: r.try_get("fallback_iccid")?,
        bootstrap_iccid: r.try_get("bootstrap_iccid")?,
        localized_country: r.try_get("localized_country")?,
        last_plmn: r.try_get("last_plmn")?,
        last_country: r.try_get("last_country")?,
        country_since: r.try_get("country_since")?,
        last_seen: r.try_get("last_seen")?,
        last_state_change: r.try_get("last_state_change")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

/// Inserts a device; `false` when the EID is already registered.
pub async fn insert(tx: &mut Tx, d: &NewDevice, now: i64) -> Result<bool, StoreError> {
    if get(tx, &d.eid).await?.is_some() {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO devices (eid, operator, eim_id, counter_value, association_token, \
         euicc_cert, eum_cert, euicc_info1, euicc_info2, default_smdp_address, enabled_iccid, \
         fallback_iccid, bootstrap_iccid, localized_country, last_plmn, last_country, \
         country_since, last_seen, last_state_change, package_seq, event_seq, created_at, \
         updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, NULL, NULL, NULL, NULL, $8, \
         NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, $9, $9)",
    )
    .bind(&d.eid)
    .bind(&d.operator)
    .bind(&d.eim_id)
    .bind(d.counter_value)
    .bind(d.association_token)
    .bind(d.euicc_cert.as_ref().map(hex::encode))
    .bind(d.eum_cert.as_ref().map(hex::encode))
    .bind(d.bootstrap_iccid.as_deref())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(true)
}

/// The device with this EID.
pub async fn get(tx: &mut Tx, eid: &str) -> Result<Option<Device>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM devices WHERE eid = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(eid)
        .fetch_optional(&mut **tx)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Devices, by EID; only `operator`'s when given.
pub async fn list(tx: &mut Tx, operator: Option<&str>) -> Result<Vec<Device>, StoreError> {
    let rows = match operator {
        Some(op) => {
            let sql = format!("SELECT {COLUMNS} FROM devices WHERE operator = $1 ORDER BY eid");
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(op)
                .fetch_all(&mut **tx)
                .await?
        }
        None => {
            let sql = format!("SELECT {COLUMNS} FROM devices ORDER BY eid");
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .fetch_all(&mut **tx)
                .await?
        }
    };
    rows.iter().map(from_row).collect()
}

/// The next counterValue for `eid`: one more than the last, committed with the caller's
/// transaction (SGP.32 v1.2 2.11.1.1: the eUICC accepts only greater values).
pub async fn allocate_counter(tx: &mut Tx, eid: &str, now: i64) -> Result<i64, StoreError> {
    bump(tx, eid, "counter_value", now).await
}

/// The next queue position of a package for `eid`.
pub async fn next_package_seq(tx: &mut Tx, eid: &str, now: i64) -> Result<i64, StoreError> {
    bump(tx, eid, "package_seq", now).await
}

/// The next history entry number for `eid`.
pub async fn next_event_seq(tx: &mut Tx, eid: &str, now: i64) -> Result<i64, StoreError> {
    bump(tx, eid, "event_seq", now).await
}

async fn bump(tx: &mut Tx, eid: &str, column: &'static str, now: i64) -> Result<i64, StoreError> {
    let sql = format!("UPDATE devices SET {column} = {column} + 1, updated_at = $2 WHERE eid = $1");
    let done = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(eid)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    if done.rows_affected() != 1 {
        return Err(StoreError::corrupt("devices", format!("no device {eid}")));
    }
    let sql = format!("SELECT {column} FROM devices WHERE eid = $1");
    Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(eid)
        .fetch_one(&mut **tx)
        .await?)
}

/// A text column of `devices` that callers may set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    EuiccCert,
    EumCert,
    EuiccInfo1,
    EuiccInfo2,
    DefaultSmdpAddress,
    EnabledIccid,
    FallbackIccid,
    BootstrapIccid,
    LocalizedCountry,
    LastStateChange,
}

impl Field {
    fn column(self) -> &'static str {
        match self {
            Field::EuiccCert => "euicc_cert",
            Field::EumCert => "eum_cert",
            Field::EuiccInfo1 => "euicc_info1",
            Field::EuiccInfo2 => "euicc_info2",
            Field::DefaultSmdpAddress => "default_smdp_address",
            Field::EnabledIccid => "enabled_iccid",
            Field::FallbackIccid => "fallback_iccid",
            Field::BootstrapIccid => "bootstrap_iccid",
            Field::LocalizedCountry => "localized_country",
            Field::LastStateChange => "last_state_change",
        }
    }
}

/// Sets a text column (binary values as hex).
pub async fn set(
    tx: &mut Tx,
    eid: &str,
    field: Field,
    value: Option<&str>,
    now: i64,
) -> Result<(), StoreError> {
    let sql = format!(
        "UPDATE devices SET {} = $2, updated_at = $3 WHERE eid = $1",
        field.column()
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(eid)
        .bind(value)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Sets the association token.
pub async fn set_association_token(
    tx: &mut Tx,
    eid: &str,
    token: i64,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE devices SET association_token = $2, updated_at = $3 WHERE eid = $1")
        .bind(eid)
        .bind(token)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Records a poll: last seen, and the serving network when reported. Returns whether the
/// network changed (a new location row is then written by the caller).
pub async fn record_seen(
    tx: &mut Tx,
    device: &Device,
    plmn: Option<(&str, Option<&str>)>,
    now: i64,
) -> Result<bool, StoreError> {
    let Some((plmn, country)) = plmn else {
        sqlx::query("UPDATE devices SET last_seen = $2, updated_at = $2 WHERE eid = $1")
            .bind(&device.eid)
            .bind(now)
            .execute(&mut **tx)
            .await?;
        return Ok(false);
    };
    let changed = device.last_plmn.as_deref() != Some(plmn);
    let since = if device.last_country.as_deref() == country && device.country_since.is_some() {
        device.country_since
    } else {
        Some(now)
    };
    sqlx::query(
        "UPDATE devices SET last_seen = $2, updated_at = $2, last_plmn = $3, last_country = $4, \
         country_since = $5 WHERE eid = $1",
    )
    .bind(&device.eid)
    .bind(now)
    .bind(plmn)
    .bind(country)
    .bind(since)
    .execute(&mut **tx)
    .await?;
    Ok(changed)
}

fn profile_from_row(r: &sqlx::any::AnyRow) -> Result<DeviceProfile, StoreError> {
    let fallback: i64 = r.try_get("fallback")?;
    Ok(DeviceProfile {
        iccid: r.try_get("iccid")?,
        state: r.try_get("state")?,
        fallback: fallback != 0,
        profile_name: r.try_get("profile_name")?,
        service_provider: r.try_get("service_provider")?,
        updated_at: r.try_get("updated_at")?,
    })
}

/// The profiles of a device, by ICCID.
pub async fn profiles(tx: &mut Tx, eid: &str) -> Result<Vec<DeviceProfile>, StoreError> {
    let rows = sqlx::query(
        "SELECT iccid, state, fallback, profile_name, service_provider, updated_at \
         FROM device_profiles WHERE eid = $1 ORDER BY iccid",
    )
    .bind(eid)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(profile_from_row).collect()
}

/// Writes one profile (inserted or replaced).
pub async fn put_profile(tx: &mut Tx, eid: &str, p: &DeviceProfile) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM device_profiles WHERE eid = $1 AND iccid = $2")
        .bind(eid)
        .bind(&p.iccid)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO device_profiles (eid, iccid, state, fallback, profile_name, \
         service_provider, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(eid)
    .bind(&p.iccid)
    .bind(&p.state)
    .bind(i64::from(p.fallback))
    .bind(p.profile_name.as_deref())
    .bind(p.service_provider.as_deref())
    .bind(p.updated_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Forgets one profile (deleted on the eUICC).
pub async fn remove_profile(tx: &mut Tx, eid: &str, iccid: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM device_profiles WHERE eid = $1 AND iccid = $2")
        .bind(eid)
        .bind(iccid)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Replaces every profile of a device (a listProfileInfo result).
pub async fn replace_profiles(
    tx: &mut Tx,
    eid: &str,
    list: &[DeviceProfile],
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM device_profiles WHERE eid = $1")
        .bind(eid)
        .execute(&mut **tx)
        .await?;
    for p in list {
        put_profile(tx, eid, p).await?;
    }
    Ok(())
}
