//! What the fleet dashboard reads: the fleet counted per country (home, roaming, localized,
//! exposed, needing attention), a page of the device list under filters, and the daily
//! samples of those counts. Every query reads the indexes of migrations 4 and 6
//! (`devices_by_country`, `device_profiles_by_iccid`, `operations_by_kind`); the counts are
//! two statements in one read, every other query one; the list is paged by EID (keyset),
//! never by OFFSET, so page 1,000 costs what page 1 costs.

use serde::Serialize;

use super::{StoreError, Tx};

/// A device on the local profile of the country it is in.
const HOME: &str = "(d.localized_country IS NOT NULL AND d.localized_country = d.last_country)";
/// A device in a country (a serving network was reported) not on that country's profile.
const ROAMING: &str = "(d.last_country IS NOT NULL AND (d.localized_country IS NULL \
     OR d.localized_country <> d.last_country))";
/// A localization of the device failed (its latest or an earlier one). Driven from the
/// few failed operations (`operations_by_kind`), not probed per device.
const FAILED: &str = "d.eid IN (SELECT o.eid FROM operations o WHERE o.kind = 'localize' \
     AND o.state = 'error')";

/// Counts of one country (`""`: devices that reported no network yet).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CountryCounts {
    pub country: String,
    pub devices: i64,
    pub home: i64,
    pub roaming: i64,
    pub localized: i64,
    pub exposed: i64,
    pub attention: i64,
}

/// When a device roaming in a country is exposed: resident there since at or before the
/// cutoff (Unix ms of the eIM's clock); `None`: the country tolerates any stay.
#[derive(Clone, Debug, Default)]
pub(crate) struct Cutoffs {
    pub countries: Vec<(String, Option<i64>)>,
    /// Countries without a rule of their own.
    pub default: Option<i64>,
}

/// A device's state, as the list filters it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StateFilter {
    Home,
    Roaming,
    Exposed,
    Attention,
    /// Never polled with a serving network.
    Unseen,
}

/// Which profile a device has enabled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProfileFilter {
    /// The profile it shipped with.
    Bootstrap,
    /// A local profile the eIM localized it to.
    Local,
    /// Anything else (an operator's choice, unknown).
    Other,
}

/// What a page of the device list shows.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// An EID prefix or an ICCID (digits and hex letters only).
    pub search: Option<String>,
    pub country: Option<String>,
    pub state: Option<StateFilter>,
    pub profile: Option<ProfileFilter>,
    /// Keyset: the page after this EID …
    pub after: Option<String>,
    /// … or the page before this one.
    pub before: Option<String>,
    pub limit: i64,
}

/// One row of the device list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceRow {
    pub eid: String,
    pub last_country: Option<String>,
    pub last_plmn: Option<String>,
    pub enabled_iccid: Option<String>,
    pub fallback_iccid: Option<String>,
    pub bootstrap_iccid: Option<String>,
    pub localized_country: Option<String>,
    pub country_since: Option<i64>,
    pub last_seen: Option<i64>,
}

/// A page of the device list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Page {
    pub rows: Vec<DeviceRow>,
    /// Devices matching the filter, on every page.
    pub total: i64,
    pub has_next: bool,
    pub has_prev: bool,
}

/// Parameters of a statement built here.
enum P {
    S(String),
    I(i64),
}

#[derive(Default)]
struct Sql {
    conditions: Vec<String>,
    params: Vec<P>,
}

impl Sql {
    /// `$N` for a new parameter.
    fn param(&mut self, p: P) -> String {
        self.params.push(p);
        format!("${}", self.params.len())
    }

    fn refs(&self) -> Vec<&dyn storage::ToParam> {
        self.params
            .iter()
            .map(|p| match p {
                P::S(s) => s as &dyn storage::ToParam,
                P::I(i) => i as &dyn storage::ToParam,
            })
            .collect()
    }

    fn where_clause(&self) -> String {
        if self.conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.conditions.join(" AND "))
        }
    }

    /// The cutoff of the country `d.last_country`: one `CASE` over the listed countries,
    /// the default for the others; SQL NULL where any stay is tolerated (no device then
    /// counts as exposed, as in [`Sql::exposed`]).
    fn cutoff_of_country(&mut self, c: &Cutoffs) -> String {
        const NONE: &str = "CAST(NULL AS BIGINT)";
        let mut out = String::from("CASE d.last_country");
        for (country, cutoff) in &c.countries {
            let cc = self.param(P::S(country.clone()));
            let t = match cutoff {
                Some(t) => format!("CAST({} AS BIGINT)", self.param(P::I(*t))),
                None => NONE.to_string(),
            };
            out.push_str(&format!(" WHEN {cc} THEN {t}"));
        }
        let default = match c.default {
            Some(t) => format!("CAST({} AS BIGINT)", self.param(P::I(t))),
            None => NONE.to_string(),
        };
        if c.countries.is_empty() {
            return default;
        }
        out.push_str(&format!(" ELSE {default} END"));
        out
    }

    /// Roaming longer than the country allows. (Every parameter is used: PostgreSQL
    /// cannot type an unused one. `last_country || ''` keeps SQLite from answering the OR
    /// with one index search per country and a sort of every match: a scan in EID order
    /// stops after one page.)
    fn exposed(&mut self, c: &Cutoffs) -> String {
        let mut any = Vec::new();
        for (country, cutoff) in &c.countries {
            if let Some(t) = cutoff {
                let cc = self.param(P::S(country.clone()));
                let t = self.param(P::I(*t));
                any.push(format!(
                    "(d.last_country = {cc} AND d.country_since <= {t})"
                ));
            }
        }
        if let Some(t) = c.default {
            let listed: Vec<String> = c
                .countries
                .iter()
                .map(|(country, _)| self.param(P::S(country.clone())))
                .collect();
            let t = self.param(P::I(t));
            let others = if listed.is_empty() {
                String::new()
            } else {
                format!("d.last_country NOT IN ({}) AND ", listed.join(", "))
            };
            any.push(format!("({others}d.country_since <= {t})"));
        }
        if any.is_empty() {
            "1 = 0".into()
        } else {
            format!("{ROAMING} AND ({})", any.join(" OR "))
        }
    }
}

/// The fleet per country, by country code: one scan of `devices_by_country`, which
/// carries every column the counts read (migration 6), in country order, so neither the
/// table nor a sort is touched; the devices needing attention are counted apart, from the
/// few failed localizations (`operations_by_kind`) to their devices, in the same read.
pub(crate) fn counts(tx: &mut Tx<'_>, cutoffs: &Cutoffs) -> Result<Vec<CountryCounts>, StoreError> {
    let (statement, sql) = counts_statement(cutoffs);
    let rows: Vec<CountsRow> = tx.query(&statement, &sql.refs())?;
    let attention: Vec<(Option<String>, i64)> = tx.query(&attention_statement(), &[])?;
    let mut out: Vec<CountryCounts> = rows
        .into_iter()
        .map(
            |(c, devices, home, roaming, localized, exposed)| CountryCounts {
                attention: attention
                    .iter()
                    .find(|(a, _)| *a == c)
                    .map_or(0, |(_, n)| *n),
                country: c.unwrap_or_default(),
                devices,
                home,
                roaming,
                localized,
                exposed,
            },
        )
        .collect();
    out.sort_by(|a, b| a.country.cmp(&b.country));
    Ok(out)
}

/// A row of [`counts_statement`]: the country and its five counts of the scan.
type CountsRow = (Option<String>, i64, i64, i64, i64, i64);

/// The statement of [`counts`] and its parameters. A device is exposed when it roams
/// since at or before its country's cutoff, which one `CASE` on the country picks: cheaper
/// than the list filter's [`Sql::exposed`], an `OR` of a test per country, with the
/// attention tested per device; the attention is [`attention_statement`], apart
/// (BENCHMARKING.md, lessons).
fn counts_statement(cutoffs: &Cutoffs) -> (String, Sql) {
    let mut sql = Sql::default();
    let cutoff = sql.cutoff_of_country(cutoffs);
    let statement = format!(
        "SELECT d.last_country, COUNT(*), COUNT(CASE WHEN {HOME} THEN 1 END), \
         COUNT(CASE WHEN {ROAMING} THEN 1 END), \
         COUNT(CASE WHEN d.localized_country IS NOT NULL THEN 1 END), \
         COUNT(CASE WHEN {ROAMING} AND d.country_since <= {cutoff} THEN 1 END) \
         FROM devices d GROUP BY 1"
    );
    (statement, sql)
}

/// Devices roaming with a failed localization, per country: from the failed operations
/// to their devices by EID, so the fleet's scan does not test each device against them.
fn attention_statement() -> String {
    format!(
        "SELECT d.last_country, COUNT(*) FROM (SELECT DISTINCT o.eid FROM operations o \
         WHERE o.kind = 'localize' AND o.state = 'error') f JOIN devices d ON d.eid = f.eid \
         WHERE {ROAMING} GROUP BY 1"
    )
}

/// The countries devices are in, by code (an index-only scan of `devices_by_country`).
pub(crate) fn countries(tx: &mut Tx<'_>) -> Result<Vec<String>, StoreError> {
    let rows: Vec<(String,)> = tx.query(
        "SELECT DISTINCT last_country FROM devices WHERE last_country IS NOT NULL \
         ORDER BY last_country",
        &[],
    )?;
    Ok(rows.into_iter().map(|(c,)| c).collect())
}

/// The decimal string after every string starting with `digits` (`"8904"` → `"8905"`,
/// `"0899"` → `"09"`); `None` for all nines.
fn next_prefix(digits: &str) -> Option<String> {
    let mut b = digits.as_bytes().to_vec();
    for i in (0..b.len()).rev() {
        if b[i] < b'9' {
            b[i] += 1;
            b.truncate(i + 1);
            return String::from_utf8(b).ok();
        }
    }
    None
}

/// Whether `s` may be an EID prefix or an ICCID.
fn searchable(s: &str) -> bool {
    !s.is_empty() && s.len() <= 32 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn conditions(f: &Filter, cutoffs: &Cutoffs) -> Sql {
    let mut sql = Sql::default();
    if let Some(q) = &f.search {
        let q = q.trim().to_ascii_uppercase();
        if searchable(&q) {
            let iccid = sql.param(P::S(q.clone()));
            let by_iccid = format!("SELECT p.eid FROM device_profiles p WHERE p.iccid = {iccid}");
            // EIDs are decimal: every EID starting with q is in [q, q + 1) (no punctuation,
            // so any collation orders the bounds the same).
            let by_eid = if q.bytes().all(|b| b.is_ascii_digit()) {
                let lo = sql.param(P::S(q.clone()));
                match next_prefix(&q) {
                    Some(hi) => {
                        let hi = sql.param(P::S(hi));
                        format!("d.eid >= {lo} AND d.eid < {hi}")
                    }
                    None => format!("d.eid >= {lo}"),
                }
            } else {
                "1 = 0".into()
            };
            sql.conditions
                .push(format!("(({by_eid}) OR d.eid IN ({by_iccid}))"));
        } else {
            sql.conditions.push("1 = 0".into());
        }
    }
    if let Some(c) = &f.country {
        let c = sql.param(P::S(c.clone()));
        sql.conditions.push(format!("d.last_country = {c}"));
    }
    match f.state {
        Some(StateFilter::Home) => sql.conditions.push(HOME.into()),
        Some(StateFilter::Roaming) => sql.conditions.push(ROAMING.into()),
        Some(StateFilter::Exposed) => {
            let e = sql.exposed(cutoffs);
            sql.conditions.push(e);
        }
        Some(StateFilter::Attention) => sql.conditions.push(format!("{ROAMING} AND {FAILED}")),
        Some(StateFilter::Unseen) => sql.conditions.push("d.last_plmn IS NULL".into()),
        None => {}
    }
    match f.profile {
        Some(ProfileFilter::Bootstrap) => sql
            .conditions
            .push("d.enabled_iccid = d.bootstrap_iccid".into()),
        Some(ProfileFilter::Local) => sql
            .conditions
            .push("d.localized_country IS NOT NULL".into()),
        Some(ProfileFilter::Other) => sql.conditions.push(
            "(d.localized_country IS NULL AND (d.enabled_iccid IS NULL \
             OR d.bootstrap_iccid IS NULL OR d.enabled_iccid <> d.bootstrap_iccid))"
                .into(),
        ),
        None => {}
    }
    sql
}

impl storage::FromRow for DeviceRow {
    fn from_row(mut r: storage::Row) -> Result<Self, StoreError> {
        Ok(DeviceRow {
            eid: r.take(0)?,
            last_country: r.take(1)?,
            last_plmn: r.take(2)?,
            enabled_iccid: r.take(3)?,
            fallback_iccid: r.take(4)?,
            bootstrap_iccid: r.take(5)?,
            localized_country: r.take(6)?,
            country_since: r.take(7)?,
            last_seen: r.take(8)?,
        })
    }
}

/// One page of the device list under `f`, by EID.
pub(crate) fn page(tx: &mut Tx<'_>, f: &Filter, cutoffs: &Cutoffs) -> Result<Page, StoreError> {
    let mut sql = conditions(f, cutoffs);
    let total: (i64,) = tx.query_one(
        &format!("SELECT COUNT(*) FROM devices d{}", sql.where_clause()),
        &sql.refs(),
    )?;
    let limit = f.limit.clamp(1, 500);
    let backwards = f.after.is_none() && f.before.is_some();
    if let Some(a) = &f.after {
        let a = sql.param(P::S(a.clone()));
        sql.conditions.push(format!("d.eid > {a}"));
    } else if let Some(b) = &f.before {
        let b = sql.param(P::S(b.clone()));
        sql.conditions.push(format!("d.eid < {b}"));
    }
    let n = sql.param(P::I(limit + 1));
    let rows: Vec<DeviceRow> = tx.query(
        &format!(
            "SELECT d.eid, d.last_country, d.last_plmn, d.enabled_iccid, d.fallback_iccid, \
             d.bootstrap_iccid, d.localized_country, d.country_since, d.last_seen \
             FROM devices d{} ORDER BY d.eid {} LIMIT {n}",
            sql.where_clause(),
            if backwards { "DESC" } else { "ASC" }
        ),
        &sql.refs(),
    )?;
    let more = rows.len() as i64 > limit;
    let mut rows: Vec<DeviceRow> = rows.into_iter().take(limit as usize).collect();
    if backwards {
        rows.reverse();
    }
    Ok(Page {
        rows,
        total: total.0,
        has_next: if backwards { true } else { more },
        has_prev: if backwards { more } else { f.after.is_some() },
    })
}

/// A first read of the transaction, so that it holds its snapshot from here on (SQLite's
/// deferred read takes it at its first read of a table, PostgreSQL's repeatable read at
/// its first statement).
pub(crate) fn hold_snapshot(tx: &mut Tx<'_>) -> Result<(), StoreError> {
    let _: Option<(i64,)> = tx.query_opt("SELECT 1 FROM devices LIMIT 1", &[])?;
    Ok(())
}

/// Records the counts of `day` taken at `now`, replacing a sample of that day taken before
/// (a sample taken earlier than the stored one, written late, is left out).
pub(crate) fn record_sample(
    tx: &mut Tx<'_>,
    day: i64,
    counts: &[CountryCounts],
    now: i64,
) -> Result<(), StoreError> {
    for c in counts {
        tx.execute(
            "INSERT INTO fleet_samples (day, country, devices, home, roaming, localized, \
             exposed, attention, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (day, country) DO UPDATE SET devices = excluded.devices, \
             home = excluded.home, roaming = excluded.roaming, \
             localized = excluded.localized, exposed = excluded.exposed, \
             attention = excluded.attention, at = excluded.at \
             WHERE fleet_samples.at <= excluded.at",
            &[
                &day,
                &c.country,
                &c.devices,
                &c.home,
                &c.roaming,
                &c.localized,
                &c.exposed,
                &c.attention,
                &now,
            ],
        )?;
    }
    Ok(())
}

/// The samples of the last `days` days sampled, oldest first: `(day, counts)`.
pub(crate) fn samples(tx: &mut Tx<'_>, days: i64) -> Result<Vec<(i64, CountryCounts)>, StoreError> {
    type SampleRow = (i64, String, i64, i64, i64, i64, i64, i64);
    let rows: Vec<SampleRow> = tx.query(
        "SELECT day, country, devices, home, roaming, localized, exposed, attention \
         FROM fleet_samples WHERE day >= (SELECT COALESCE(MAX(day), 0) FROM fleet_samples) - $1 \
         ORDER BY day, country",
        &[&days],
    )?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.0,
                CountryCounts {
                    country: r.1,
                    devices: r.2,
                    home: r.3,
                    roaming: r.4,
                    localized: r.5,
                    exposed: r.6,
                    attention: r.7,
                },
            )
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::{
        CountryCounts, Cutoffs, attention_statement, counts, counts_statement, hold_snapshot,
        next_prefix, record_sample, samples,
    };

    /// A device row: its EID, where it is (since when) and which country it is localized
    /// to.
    fn device(eid: &str, country: Option<&str>, since: i64, localized: Option<&str>) -> String {
        let text = |v: Option<&str>| v.map_or("NULL".to_string(), |c| format!("'{c}'"));
        format!(
            "INSERT INTO devices (eid, operator, eim_id, counter_value, last_country, \
             country_since, localized_country, package_seq, event_seq, created_at, \
             updated_at) VALUES ('{eid}', 'op', 'eim', 0, {}, {since}, {}, 0, 0, 0, 0)",
            text(country),
            text(localized)
        )
    }

    /// Every count of every country: home (on the country's local profile), roaming,
    /// localized anywhere, exposed (roaming past the country's cutoff, or the default
    /// one) from one scan; attention (roaming with a failed localization) from the failed
    /// operations.
    #[tokio::test]
    async fn the_fleet_is_counted_per_country() {
        let db = super::super::open("sqlite::memory:", &storage::DbOptions::default())
            .await
            .expect("opens");
        let statements = [
            device("a", Some("CN"), 100, None), // roaming, exposed (CN: any stay)
            device("b", Some("CN"), 900, None), // roaming, exposed, failed localization
            device("c", Some("CN"), 100, Some("CN")), // home (after a failed localization)
            device("d", Some("FR"), 100, None), // roaming, past the default cutoff
            device("e", Some("FR"), 700, Some("DE")), // roaming (localized elsewhere)
            device("f", None, 0, None),         // never reported a network
            device("g", Some("JP"), 0, None),   // roaming, never exposed (JP: no cutoff)
            "INSERT INTO operations (id, eid, requester, kind, params, state, data, \
             created_at, updated_at) VALUES ('o1', 'b', 'op', 'localize', '{}', 'error', \
             '{}', 0, 0), ('o2', 'd', 'op', 'localize', '{}', 'done', '{}', 0, 0), \
             ('o3', 'c', 'op', 'localize', '{}', 'error', '{}', 0, 0)"
                .to_string(),
        ];
        db.write(move |tx| {
            for sql in &statements {
                tx.execute(sql, &[])?;
            }
            Ok::<_, storage::StoreError>(())
        })
        .await
        .expect("rows");
        let cutoffs = Cutoffs {
            countries: vec![("CN".into(), Some(1_000)), ("JP".into(), None)],
            default: Some(500),
        };
        let got = db
            .read(move |tx| counts(tx, &cutoffs))
            .await
            .expect("counts");
        // No default cutoff: only the listed country's devices can be exposed.
        let listed_only = Cutoffs {
            countries: vec![("CN".into(), Some(1_000))],
            default: None,
        };
        let without_default = db
            .read(move |tx| counts(tx, &listed_only))
            .await
            .expect("counts");
        let exposed = |c: &str| {
            let r = without_default.iter().find(|r| r.country == c);
            r.expect("country").exposed
        };
        assert_eq!((exposed("CN"), exposed("FR"), exposed("JP")), (2, 0, 0));
        let row = |c: &str| {
            let r = got.iter().find(|r| r.country == c).expect("country");
            (
                r.devices,
                r.home,
                r.roaming,
                r.localized,
                r.exposed,
                r.attention,
            )
        };
        assert_eq!(got.len(), 4, "{got:?}");
        assert_eq!(row("CN"), (3, 1, 2, 1, 2, 1));
        assert_eq!(row("FR"), (2, 0, 2, 1, 1, 0));
        assert_eq!(row("JP"), (1, 0, 1, 0, 0, 0));
        assert_eq!(row(""), (1, 0, 0, 0, 0, 0));
        // From the index alone: no device row (2.5 KiB each) is read, and nothing sorted.
        let (statement, sql) = counts_statement(&Cutoffs {
            countries: vec![("CN".into(), Some(1_000))],
            default: Some(500),
        });
        let plan = db
            .read(move |tx| storage::testing::sqlite_plan(tx, &statement, &sql.refs()))
            .await
            .expect("plan");
        assert!(
            plan.iter()
                .any(|d| d == "SCAN d USING COVERING INDEX devices_by_country"),
            "{plan:?}"
        );
        assert!(!plan.iter().any(|d| d.contains("TEMP B-TREE")), "{plan:?}");
        // Attention goes from the failed operations to their devices, not over the fleet.
        let plan = db
            .read(move |tx| storage::testing::sqlite_plan(tx, &attention_statement(), &[]))
            .await
            .expect("plan");
        assert!(!plan.iter().any(|d| d.starts_with("SCAN d")), "{plan:?}");
    }

    /// A read that began with [`hold_snapshot`] counts the fleet as it was then: a device
    /// committed while the read waits is not counted (the lab starts its next simulated day
    /// while the last one is counted). Without the first read, SQLite's deferred read
    /// would take its snapshot at the count, after that commit.
    #[tokio::test]
    async fn a_held_snapshot_does_not_count_later_commits() {
        let dir = tempfile::tempdir().expect("directory");
        let url = format!("sqlite://{}", dir.path().join("eim.db").display());
        let db = super::super::open(&url, &storage::DbOptions::default())
            .await
            .expect("opens");
        let first = device("a", Some("FR"), 0, None);
        db.write(move |tx| tx.execute(&first, &[]).map(|_| ()))
            .await
            .expect("row");
        let (held, snapshot) = tokio::sync::oneshot::channel();
        let (go, wait) = std::sync::mpsc::channel::<()>();
        let mut held = Some(held);
        let reading = db.read(move |tx| {
            hold_snapshot(tx)?;
            if let Some(h) = held.take() {
                let _ = h.send(());
            }
            let _ = wait.recv();
            counts(
                tx,
                &Cutoffs {
                    countries: Vec::new(),
                    default: None,
                },
            )
        });
        let committing = async {
            snapshot.await.expect("the snapshot is held");
            let second = device("b", Some("FR"), 0, None);
            db.write(move |tx| tx.execute(&second, &[]).map(|_| ()))
                .await
                .expect("committed meanwhile");
            go.send(()).expect("the read waits");
        };
        let (counted, ()) = tokio::join!(reading, committing);
        let counted = counted.expect("counts");
        assert_eq!(counted.len(), 1, "{counted:?}");
        assert_eq!((counted[0].country.as_str(), counted[0].devices), ("FR", 1));
    }

    /// Of two samples of a day, the one taken last stays, whichever is written last (the
    /// eIM's own sampler and the lab's may overlap: each counts, then writes).
    #[tokio::test]
    async fn a_sample_written_late_does_not_replace_a_newer_one() {
        let db = super::super::open("sqlite::memory:", &storage::DbOptions::default())
            .await
            .expect("opens");
        let of = |devices| {
            vec![CountryCounts {
                country: "CN".into(),
                devices,
                ..CountryCounts::default()
            }]
        };
        let (newer, older) = (of(7), of(5));
        db.write(move |tx| record_sample(tx, 3, &newer, 2_000))
            .await
            .expect("newer");
        db.write(move |tx| record_sample(tx, 3, &older, 1_000))
            .await
            .expect("older");
        let stored = db.read(|tx| samples(tx, 30)).await.expect("samples");
        assert_eq!(stored.len(), 1);
        assert_eq!((stored[0].0, stored[0].1.devices), (3, 7));
        let later = of(9);
        db.write(move |tx| record_sample(tx, 3, &later, 3_000))
            .await
            .expect("later");
        let stored = db.read(|tx| samples(tx, 30)).await.expect("samples");
        assert_eq!(stored[0].1.devices, 9);
    }

    #[test]
    fn the_prefix_after() {
        assert_eq!(next_prefix("8904").as_deref(), Some("8905"));
        assert_eq!(next_prefix("0899").as_deref(), Some("09"));
        assert_eq!(next_prefix("99"), None);
    }
}
