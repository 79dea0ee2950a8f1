//! Registered eUICCs: identity and ESep state (eimId, counterValue, associationToken,
//! certificates; SGP.32 v1.2 2.11.1.1), what the eIM knows of their profiles, where they
//! are. The counter only grows: [`allocate_counter`] is the one place that moves it.
//!
//! A device's certificates and EUICCInfo live in `device_octets` (migration 7), apart
//! from its row, which every poll updates; [`get`] and [`list`] join them back, the poll
//! and the fleet's pages read the row alone.

use std::sync::LazyLock;

use serde::Serialize;
use storage::{FromRow, Row};

use super::{StoreError, Tx};

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
    /// The SGP.32 generation its IPA was seen speaking (`"1.0"`, `"1.2"`), once known.
    pub sgp32_version: Option<String>,
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
pub(crate) struct NewDevice {
    pub eid: String,
    pub operator: String,
    pub eim_id: String,
    pub counter_value: i64,
    pub association_token: Option<i64>,
    pub euicc_cert: Option<Vec<u8>>,
    pub eum_cert: Option<Vec<u8>>,
    pub bootstrap_iccid: Option<String>,
}

/// A device's columns: its row `d` and its octets `o` ([`JOINED`]).
const COLUMNS: &str = "d.eid, d.operator, d.eim_id, d.counter_value, d.association_token, \
    o.euicc_cert, o.eum_cert, o.euicc_info1, o.euicc_info2, d.default_smdp_address, \
    d.enabled_iccid, d.fallback_iccid, d.bootstrap_iccid, d.localized_country, d.last_plmn, \
    d.last_country, d.country_since, d.last_seen, d.last_state_change, d.created_at, \
    d.updated_at, d.sgp32_version";

/// The row of a device with its octets.
const JOINED: &str = "devices d LEFT JOIN device_octets o ON o.eid = d.eid";

/// The octet columns, kept in `device_octets`.
const OCTETS: [&str; 4] = [
    "o.euicc_cert",
    "o.eum_cert",
    "o.euicc_info1",
    "o.euicc_info2",
];

impl FromRow for Device {
    fn from_row(mut r: Row) -> Result<Self, StoreError> {
        Ok(Device {
            eid: r.take(0)?,
            operator: r.take(1)?,
            eim_id: r.take(2)?,
            counter_value: r.take(3)?,
            association_token: r.take(4)?,
            euicc_cert: r.take(5)?,
            eum_cert: r.take(6)?,
            euicc_info1: r.take(7)?,
            euicc_info2: r.take(8)?,
            default_smdp_address: r.take(9)?,
            enabled_iccid: r.take(10)?,
            fallback_iccid: r.take(11)?,
            bootstrap_iccid: r.take(12)?,
            localized_country: r.take(13)?,
            last_plmn: r.take(14)?,
            last_country: r.take(15)?,
            country_since: r.take(16)?,
            last_seen: r.take(17)?,
            last_state_change: r.take(18)?,
            created_at: r.take(19)?,
            updated_at: r.take(20)?,
            sgp32_version: r.take(21)?,
        })
    }
}

/// Inserts a device; `false` when the EID is already registered.
pub(crate) fn insert(tx: &mut Tx<'_>, d: &NewDevice, now: i64) -> Result<bool, StoreError> {
    let n = tx.execute(
        "INSERT INTO devices (eid, operator, eim_id, counter_value, association_token, \
         default_smdp_address, enabled_iccid, fallback_iccid, bootstrap_iccid, \
         localized_country, last_plmn, last_country, country_since, last_seen, \
         last_state_change, package_seq, event_seq, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, NULL, NULL, NULL, $6, NULL, NULL, NULL, NULL, NULL, NULL, \
         0, 0, $7, $7) ON CONFLICT (eid) DO NOTHING",
        &[
            &d.eid,
            &d.operator,
            &d.eim_id,
            &d.counter_value,
            &d.association_token,
            &d.bootstrap_iccid,
            &now,
        ],
    )?;
    if n != 1 {
        return Ok(false);
    }
    tx.execute(
        "INSERT INTO device_octets (eid, euicc_cert, eum_cert, euicc_info1, euicc_info2) \
         VALUES ($1, $2, $3, NULL, NULL) ON CONFLICT (eid) DO UPDATE SET \
         euicc_cert = excluded.euicc_cert, eum_cert = excluded.eum_cert, \
         euicc_info1 = NULL, euicc_info2 = NULL",
        &[&d.eid, &d.euicc_cert, &d.eum_cert],
    )?;
    Ok(true)
}

/// The device with this EID.
pub(crate) fn get(tx: &mut Tx<'_>, eid: &str) -> Result<Option<Device>, StoreError> {
    tx.query_opt(
        &format!("SELECT {COLUMNS} FROM {JOINED} WHERE d.eid = $1"),
        &[&eid],
    )
}

/// [`COLUMNS`] with the certificates and EUICCInfo read as NULL: a whole-fleet read without
/// about 2 KiB of octets per device that it does not use.
static COLUMNS_WITHOUT_OCTETS: LazyLock<String> =
    LazyLock::new(|| storage::sql::null_columns(COLUMNS, &OCTETS));

/// The device with this EID, without its certificates and EUICCInfo (`None` in the
/// result): what a poll needs, without copying about 2 KiB of octets on every poll.
pub(crate) fn get_without_octets(tx: &mut Tx<'_>, eid: &str) -> Result<Option<Device>, StoreError> {
    static SQL: LazyLock<String> = LazyLock::new(|| {
        format!(
            "SELECT {} FROM devices d WHERE d.eid = $1",
            *COLUMNS_WITHOUT_OCTETS
        )
    });
    tx.query_opt(&SQL, &[&eid])
}

/// At most `limit` devices by EID, the first ones after `after` (`""`: from the first),
/// without their certificates and EUICCInfo (`None` in the result).
pub(crate) fn page_without_octets(
    tx: &mut Tx<'_>,
    after: &str,
    limit: u32,
) -> Result<Vec<Device>, StoreError> {
    tx.query(
        &format!(
            "SELECT {} FROM devices d WHERE d.eid > $1 ORDER BY d.eid LIMIT $2",
            *COLUMNS_WITHOUT_OCTETS
        ),
        &[&after, &i64::from(limit)],
    )
}

/// Devices, by EID; only `operator`'s when given.
pub(crate) fn list(tx: &mut Tx<'_>, operator: Option<&str>) -> Result<Vec<Device>, StoreError> {
    match operator {
        Some(op) => tx.query(
            &format!("SELECT {COLUMNS} FROM {JOINED} WHERE d.operator = $1 ORDER BY d.eid"),
            &[&op],
        ),
        None => tx.query(
            &format!("SELECT {COLUMNS} FROM {JOINED} ORDER BY d.eid"),
            &[],
        ),
    }
}

/// The next counterValue for `eid`: one more than the last, committed with the caller's
/// transaction (SGP.32 v1.2 2.11.1.1: the eUICC accepts only greater values).
pub(crate) fn allocate_counter(tx: &mut Tx<'_>, eid: &str, now: i64) -> Result<i64, StoreError> {
    bump(tx, eid, "counter_value", now)
}

/// The next queue position of a package for `eid`.
pub(crate) fn next_package_seq(tx: &mut Tx<'_>, eid: &str, now: i64) -> Result<i64, StoreError> {
    bump(tx, eid, "package_seq", now)
}

/// The next history entry number for `eid`.
pub(crate) fn next_event_seq(tx: &mut Tx<'_>, eid: &str, now: i64) -> Result<i64, StoreError> {
    bump(tx, eid, "event_seq", now)
}

/// One more in `column`, atomically under the row's lock.
fn bump(tx: &mut Tx<'_>, eid: &str, column: &'static str, now: i64) -> Result<i64, StoreError> {
    let n: Option<(i64,)> = tx.query_opt(
        &format!(
            "UPDATE devices SET {column} = {column} + 1, updated_at = $2 WHERE eid = $1 \
             RETURNING {column}"
        ),
        &[&eid, &now],
    )?;
    n.map(|(v,)| v)
        .ok_or_else(|| StoreError::corrupt("devices", format!("no device {eid}")))
}

/// A text column of `devices` that callers may set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Field {
    EuiccCert,
    EumCert,
    EuiccInfo1,
    EuiccInfo2,
    DefaultSmdpAddress,
    EnabledIccid,
    FallbackIccid,
    LocalizedCountry,
    LastStateChange,
}

impl Field {
    /// Whether the column is one of the octets kept in `device_octets`.
    fn is_octets(self) -> bool {
        matches!(
            self,
            Field::EuiccCert | Field::EumCert | Field::EuiccInfo1 | Field::EuiccInfo2
        )
    }

    fn column(self) -> &'static str {
        match self {
            Field::EuiccCert => "euicc_cert",
            Field::EumCert => "eum_cert",
            Field::EuiccInfo1 => "euicc_info1",
            Field::EuiccInfo2 => "euicc_info2",
            Field::DefaultSmdpAddress => "default_smdp_address",
            Field::EnabledIccid => "enabled_iccid",
            Field::FallbackIccid => "fallback_iccid",
            Field::LocalizedCountry => "localized_country",
            Field::LastStateChange => "last_state_change",
        }
    }
}

/// Sets a text column.
pub(crate) fn set(
    tx: &mut Tx<'_>,
    eid: &str,
    field: Field,
    value: Option<&str>,
    now: i64,
) -> Result<(), StoreError> {
    set_value(tx, eid, field, &value, now)
}

/// Sets a binary column (certificates, EUICCInfo).
pub(crate) fn set_octets(
    tx: &mut Tx<'_>,
    eid: &str,
    field: Field,
    value: &[u8],
    now: i64,
) -> Result<(), StoreError> {
    set_value(tx, eid, field, &value, now)
}

fn set_value(
    tx: &mut Tx<'_>,
    eid: &str,
    field: Field,
    value: &dyn storage::ToParam,
    now: i64,
) -> Result<(), StoreError> {
    let c = field.column();
    if !field.is_octets() {
        tx.execute(
            &format!("UPDATE devices SET {c} = $2, updated_at = $3 WHERE eid = $1"),
            &[&eid, value, &now],
        )?;
        return Ok(());
    }
    let n = tx.execute(
        "UPDATE devices SET updated_at = $2 WHERE eid = $1",
        &[&eid, &now],
    )?;
    if n == 1 {
        tx.execute(
            &format!(
                "INSERT INTO device_octets (eid, {c}) VALUES ($1, $2) \
                 ON CONFLICT (eid) DO UPDATE SET {c} = excluded.{c}"
            ),
            &[&eid, value],
        )?;
    }
    Ok(())
}

/// Sets the association token.
pub(crate) fn set_association_token(
    tx: &mut Tx<'_>,
    eid: &str,
    token: i64,
    now: i64,
) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE devices SET association_token = $2, updated_at = $3 WHERE eid = $1",
        &[&eid, &token, &now],
    )?;
    Ok(())
}

/// Records a poll: last seen, and the serving network when reported, in the row and in
/// `device`. Only what changed is written: the network columns (which
/// `devices_by_country` carries, so writing them moves the device's index entry) when the
/// network or country changed, else only the time seen, and nothing at all for another
/// poll at the same moment. Returns whether the network changed (a new location row is
/// then written by the caller).
pub(crate) fn record_seen(
    tx: &mut Tx<'_>,
    device: &mut Device,
    plmn: Option<(&str, Option<&str>)>,
    now: i64,
) -> Result<bool, StoreError> {
    let Some((plmn, country)) = plmn.filter(|_| !same_network(device, plmn)) else {
        seen_at(tx, device, now)?;
        return Ok(false);
    };
    let changed = device.last_plmn.as_deref() != Some(plmn);
    let since = if device.last_country.as_deref() == country && device.country_since.is_some() {
        device.country_since
    } else {
        Some(now)
    };
    tx.execute(
        "UPDATE devices SET last_seen = $2, updated_at = $2, last_plmn = $3, \
         last_country = $4, country_since = $5 WHERE eid = $1",
        &[&device.eid, &now, &plmn, &country, &since],
    )?;
    device.last_seen = Some(now);
    device.updated_at = now;
    device.last_plmn = Some(plmn.to_string());
    device.last_country = country.map(str::to_string);
    device.country_since = since;
    Ok(changed)
}

/// Whether a reported serving network (`MCC-MNC` and its country) leaves the device's row as
/// it is: [`record_seen`] would then write the time seen and nothing else.
pub(crate) fn same_network(device: &Device, plmn: Option<(&str, Option<&str>)>) -> bool {
    let Some((plmn, country)) = plmn else {
        return true;
    };
    device.last_plmn.as_deref() == Some(plmn)
        && device.last_country.as_deref() == country
        && device.country_since.is_some()
}

/// Records that the device was seen at `at` unless a later time is recorded already (the
/// batches of [`crate::engine::seen`]).
pub(crate) fn seen_later(tx: &mut Tx<'_>, eid: &str, at: i64) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE devices SET last_seen = $2, \
         updated_at = CASE WHEN updated_at < $2 THEN $2 ELSE updated_at END \
         WHERE eid = $1 AND (last_seen IS NULL OR last_seen < $2)",
        &[&eid, &at],
    )?;
    Ok(())
}

/// The device was seen at `now` (no index carries the time seen).
fn seen_at(tx: &mut Tx<'_>, device: &mut Device, now: i64) -> Result<(), StoreError> {
    if device.last_seen != Some(now) {
        tx.execute(
            "UPDATE devices SET last_seen = $2, updated_at = $2 WHERE eid = $1",
            &[&device.eid, &now],
        )?;
        device.last_seen = Some(now);
        device.updated_at = now;
    }
    Ok(())
}

impl FromRow for DeviceProfile {
    fn from_row(mut r: Row) -> Result<Self, StoreError> {
        Ok(DeviceProfile {
            iccid: r.take(0)?,
            state: r.take(1)?,
            fallback: r.take(2)?,
            profile_name: r.take(3)?,
            service_provider: r.take(4)?,
            updated_at: r.take(5)?,
        })
    }
}

/// The profiles of a device, by ICCID.
pub(crate) fn profiles(tx: &mut Tx<'_>, eid: &str) -> Result<Vec<DeviceProfile>, StoreError> {
    tx.query(
        "SELECT iccid, state, fallback, profile_name, service_provider, updated_at \
         FROM device_profiles WHERE eid = $1 ORDER BY iccid",
        &[&eid],
    )
}

/// Writes one profile (inserted or replaced).
pub(crate) fn put_profile(tx: &mut Tx<'_>, eid: &str, p: &DeviceProfile) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO device_profiles (eid, iccid, state, fallback, profile_name, \
         service_provider, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (eid, iccid) DO UPDATE SET state = excluded.state, \
         fallback = excluded.fallback, profile_name = excluded.profile_name, \
         service_provider = excluded.service_provider, updated_at = excluded.updated_at",
        &[
            &eid,
            &p.iccid,
            &p.state,
            &p.fallback,
            &p.profile_name,
            &p.service_provider,
            &p.updated_at,
        ],
    )?;
    Ok(())
}

/// Replaces every profile of a device (a listProfileInfo result).
pub(crate) fn replace_profiles(
    tx: &mut Tx<'_>,
    eid: &str,
    list: &[DeviceProfile],
) -> Result<(), StoreError> {
    tx.execute("DELETE FROM device_profiles WHERE eid = $1", &[&eid])?;
    for p in list {
        put_profile(tx, eid, p)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{MIGRATIONS, open};
    use super::get;

    /// Migration 7 moves a registered device's certificates and EUICCInfo out of its row
    /// without losing them: a database written at version 6 reads the same at version 7.
    #[tokio::test]
    async fn migration_7_keeps_the_octets_of_registered_devices() {
        let dir = tempfile::tempdir().expect("dir");
        let url = storage::sqlite_url(&dir.path().join("eim.db"));
        let options = storage::DbOptions::default();
        let v6 = storage::Db::open(&url, &MIGRATIONS[..6], &options)
            .await
            .expect("version 6");
        v6.write(|tx| {
            tx.execute(
                "INSERT INTO devices (eid, operator, eim_id, counter_value, euicc_cert, \
                 eum_cert, euicc_info1, euicc_info2, last_country, package_seq, event_seq, \
                 created_at, updated_at) VALUES ('e1', 'op', 'eim', 3, x'3001', x'3002', \
                 x'bf20', x'bf22', 'DE', 0, 0, 1, 1)",
                &[],
            )
        })
        .await
        .expect("a device");
        v6.close().await;
        let v7 = open(&url, &options).await.expect("version 7");
        let d = v7
            .read(|tx| get(tx, "e1"))
            .await
            .expect("read")
            .expect("the device");
        assert_eq!(d.counter_value, 3);
        assert_eq!(d.last_country.as_deref(), Some("DE"));
        assert_eq!(d.euicc_cert.as_deref(), Some(&[0x30, 0x01][..]));
        assert_eq!(d.eum_cert.as_deref(), Some(&[0x30, 0x02][..]));
        assert_eq!(d.euicc_info1.as_deref(), Some(&[0xbf, 0x20][..]));
        assert_eq!(d.euicc_info2.as_deref(), Some(&[0xbf, 0x22][..]));
        v7.close().await;
    }

    /// A batch of times seen never moves a device's time seen back (a poll on the writer
    /// may have written a later one meanwhile).
    #[tokio::test]
    async fn a_time_seen_only_moves_forward() {
        let dir = tempfile::tempdir().expect("dir");
        let url = storage::sqlite_url(&dir.path().join("eim.db"));
        let db = open(&url, &storage::DbOptions::default())
            .await
            .expect("open");
        db.write(|tx| {
            tx.execute(
                "INSERT INTO devices (eid, operator, eim_id, counter_value, package_seq, \
                 event_seq, created_at, updated_at) VALUES ('e1', 'op', 'eim', 0, 0, 0, 1, 1)",
                &[],
            )?;
            super::seen_later(tx, "e1", 50)?;
            super::seen_later(tx, "e1", 40)
        })
        .await
        .expect("written");
        let d = db
            .read(|tx| get(tx, "e1"))
            .await
            .expect("read")
            .expect("the device");
        assert_eq!((d.last_seen, d.updated_at), (Some(50), 50));
        db.close().await;
    }
}
