//! The fleet at a glance (`/`) and the device list (`/devices`), with their JSON forms for
//! scripts (`/overview.json`, `/devices.json`).

use std::fmt::Write;

use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::html::{self, Nav, esc, opt, url_value};
use super::{Web, error_page, html_response};
use crate::overview::{DaySample, Filter, Overview, Page, ProfileFilter, StateFilter};
use charts::Series;

/// Devices per page of the list.
const PAGE: i64 = 50;
/// Days of samples drawn.
const DAYS: i64 = 400;

/// A link to the device list under a filter, for a count of the overview.
fn list_link(country: &str, state: Option<&str>, n: i64) -> String {
    let mut q = vec![];
    if !country.is_empty() {
        q.push(format!("country={}", url_value(country)));
    }
    if let Some(s) = state {
        q.push(format!("state={s}"));
    }
    if country.is_empty() && state.is_none() || n == 0 {
        return n.to_string();
    }
    format!("<a href=\"/devices?{}\">{n}</a>", esc(&q.join("&")))
}

fn tiles(o: &Overview) -> String {
    let t = &o.totals;
    let mut out = String::from("<section class=\"tiles\">");
    for (key, label, n, state) in [
        ("devices", "devices", t.devices, None),
        ("home", "home (local profile)", t.home, Some("home")),
        ("roaming", "roaming", t.roaming, Some("roaming")),
        ("localized", "localized", t.localized, None),
        (
            "exposed",
            "permanent-roaming exposure",
            t.exposed,
            Some("exposed"),
        ),
        (
            "attention",
            "attention needed",
            t.attention,
            Some("attention"),
        ),
    ] {
        let value = match state {
            Some(s) if n > 0 => format!("<a href=\"/devices?state={s}\">{n}</a>"),
            _ => n.to_string(),
        };
        let _ = write!(
            out,
            "<div class=\"tile {key}\"><div class=\"n\" data-total=\"{key}\">{value}</div>\
             <div class=\"l\">{label}</div></div>"
        );
    }
    out.push_str("</section>");
    out
}

fn country_table(o: &Overview) -> String {
    let mut out = String::from(
        "<table id=\"countries\"><thead><tr><th>country</th><th>devices</th><th>home</th>\
         <th>roaming</th><th>localized</th><th>exposed</th><th>attention</th></tr></thead><tbody>",
    );
    for c in &o.countries {
        let name = if c.country.is_empty() {
            "no network yet".to_string()
        } else {
            esc(&c.country)
        };
        let _ = write!(
            out,
            "<tr data-country=\"{cc}\"><th>{name}</th><td data-k=\"devices\">{}</td>\
             <td data-k=\"home\">{}</td><td data-k=\"roaming\">{}</td>\
             <td data-k=\"localized\">{}</td><td data-k=\"exposed\">{}</td>\
             <td data-k=\"attention\">{}</td></tr>",
            list_link(&c.country, None, c.devices),
            list_link(&c.country, Some("home"), c.home),
            list_link(&c.country, Some("roaming"), c.roaming),
            c.localized,
            list_link(&c.country, Some("exposed"), c.exposed),
            list_link(&c.country, Some("attention"), c.attention),
            cc = esc(&c.country),
        );
    }
    out.push_str("</tbody></table>");
    out
}

/// Days of `samples` counted from the first one, and that first day's date.
fn day_axis(samples: &[DaySample]) -> (i64, String) {
    let first = samples.first().map_or(0, |s| s.day);
    let date = html::time(first * crate::clock::DAY_MS);
    (
        first,
        format!("days since {}", date.get(..10).unwrap_or(&date)),
    )
}

fn fleet_chart(samples: &[DaySample]) -> String {
    let (first, axis) = day_axis(samples);
    let total = |name: &str, f: fn(&crate::overview::CountryCounts) -> i64| Series {
        name: name.into(),
        points: samples
            .iter()
            .map(|s| {
                let n: i64 = s.countries.iter().map(f).sum();
                ((s.day - first) as f64, n as f64)
            })
            .collect(),
    };
    charts::lines(
        "fleet-chart",
        "Devices home and roaming",
        &axis,
        &[
            total("home", |c| c.home),
            total("roaming", |c| c.roaming),
            total("exposed", |c| c.exposed),
            total("attention", |c| c.attention),
        ],
    )
}

fn exposure_chart(samples: &[DaySample]) -> String {
    let (first, axis) = day_axis(samples);
    let mut names: Vec<&str> = samples
        .iter()
        .flat_map(|s| s.countries.iter())
        .filter(|c| !c.country.is_empty())
        .map(|c| c.country.as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    let mut series: Vec<Series> = names
        .iter()
        .map(|n| Series {
            name: n.to_string(),
            points: samples
                .iter()
                .map(|s| {
                    let v = s.countries.iter().find(|c| c.country == *n);
                    ((s.day - first) as f64, v.map_or(0.0, |c| c.exposed as f64))
                })
                .collect(),
        })
        .collect();
    series.retain(|s| s.points.iter().any(|p| p.1 > 0.0));
    series.push(Series {
        name: "total".into(),
        points: samples
            .iter()
            .map(|s| {
                let n: i64 = s.countries.iter().map(|c| c.exposed).sum();
                ((s.day - first) as f64, n as f64)
            })
            .collect(),
    });
    charts::lines(
        "exposure-chart",
        "Permanent-roaming exposure per country (devices)",
        &axis,
        &series,
    )
}

fn operations_table(o: &Overview) -> String {
    let mut out = String::from(
        "<table id=\"operations\"><thead><tr><th>kind</th><th>state</th><th>operations</th>\
         </tr></thead><tbody>",
    );
    for c in &o.operations {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&c.kind),
            esc(&c.state),
            c.count
        );
    }
    out.push_str("</tbody></table>");
    out
}

async fn overview_body(w: &Web) -> Result<String, Response> {
    let o = w.fleet.overview().await.map_err(|e| error_page(w, e))?;
    let samples = w.fleet.samples(DAYS).await.map_err(|e| error_page(w, e))?;
    Ok(format!(
        "{tiles}<p class=\"clock\">eIM clock: <span id=\"clock\">{clock}</span> (day {day})</p>\
         <h2>Countries</h2>{countries}<h2>Over time</h2>{chart}{fleet}\
         <h2>Operations</h2>{ops}",
        tiles = tiles(&o),
        clock = html::time(o.now),
        day = o.day,
        countries = country_table(&o),
        chart = exposure_chart(&samples),
        fleet = fleet_chart(&samples),
        ops = operations_table(&o),
    ))
}

/// `GET /`.
pub(super) async fn overview(State(w): State<Web>) -> Response {
    match overview_body(&w).await {
        Ok(body) => html_response(
            StatusCode::OK,
            html::page(
                "Fleet",
                Nav::Fleet,
                w.eim_id(),
                &format!(
                    "<h1>Fleet</h1><div id=\"overview\" data-live=\"/fragment/overview\" data-period=\"5000\">{body}</div>"
                ),
            ),
        ),
        Err(r) => r,
    }
}

/// `GET /fragment/overview`: the live part of `/`.
pub(super) async fn overview_fragment(State(w): State<Web>) -> Response {
    match overview_body(&w).await {
        Ok(body) => html_response(StatusCode::OK, body),
        Err(r) => r,
    }
}

/// `GET /overview.json`.
pub(super) async fn overview_json(State(w): State<Web>) -> Response {
    match w.fleet.overview().await {
        Ok(o) => Json(o).into_response(),
        Err(e) => error_page(&w, e),
    }
}

/// The list's filter from a query string; unknown values are ignored.
fn filter(query: Option<&str>) -> Filter {
    let p = crate::form::pairs(query.unwrap_or_default());
    let get = |k: &str| crate::form::get(&p, k).map(str::to_string);
    Filter {
        search: get("q"),
        country: get("country").map(|c| c.to_ascii_uppercase()),
        state: match get("state").as_deref() {
            Some("home") => Some(StateFilter::Home),
            Some("roaming") => Some(StateFilter::Roaming),
            Some("exposed") => Some(StateFilter::Exposed),
            Some("attention") => Some(StateFilter::Attention),
            Some("unseen") => Some(StateFilter::Unseen),
            _ => None,
        },
        profile: match get("profile").as_deref() {
            Some("bootstrap") => Some(ProfileFilter::Bootstrap),
            Some("local") => Some(ProfileFilter::Local),
            Some("other") => Some(ProfileFilter::Other),
            _ => None,
        },
        after: get("after"),
        before: get("before"),
        limit: get("limit").and_then(|l| l.parse().ok()).unwrap_or(PAGE),
    }
}

fn select(name: &str, label: &str, current: Option<&str>, options: &[(&str, &str)]) -> String {
    let mut out = format!("<label>{label} <select name=\"{name}\"><option value=\"\">any</option>");
    for (v, l) in options {
        let sel = if current == Some(*v) { " selected" } else { "" };
        let _ = write!(out, "<option value=\"{}\"{sel}>{}</option>", esc(v), esc(l));
    }
    out.push_str("</select></label>");
    out
}

/// The query string of `p` without the page position.
fn filter_query(p: &[(String, String)]) -> String {
    p.iter()
        .filter(|(k, v)| !v.is_empty() && !["after", "before", "limit"].contains(&k.as_str()))
        .map(|(k, v)| format!("{}={}", url_value(k), url_value(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn rows(page: &Page) -> String {
    let mut out = String::from(
        "<table id=\"devices\"><thead><tr><th>EID</th><th>country</th><th>network</th>\
         <th>enabled</th><th>fallback</th><th>profile</th><th>last seen</th></tr></thead><tbody>",
    );
    for r in &page.rows {
        let kind = if r.localized_country.is_some() {
            "local"
        } else if r.enabled_iccid.is_some() && r.enabled_iccid == r.bootstrap_iccid {
            "bootstrap"
        } else {
            "other"
        };
        let _ = write!(
            out,
            "<tr data-eid=\"{e}\"><td><a href=\"/devices/{e}\"><code>{e}</code></a></td>\
             <td>{}</td><td>{}</td><td><code>{}</code></td><td><code>{}</code></td>\
             <td class=\"{kind}\">{kind}</td><td>{}</td></tr>",
            opt(r.last_country.as_deref()),
            opt(r.last_plmn.as_deref()),
            opt(r.enabled_iccid.as_deref()),
            opt(r.fallback_iccid.as_deref()),
            r.last_seen.map_or_else(|| "never".into(), html::time),
            e = esc(&r.eid),
        );
    }
    out.push_str("</tbody></table>");
    out
}

/// `GET /devices`: search, filters, a page by EID.
pub(super) async fn devices(State(w): State<Web>, RawQuery(q): RawQuery) -> Response {
    let f = filter(q.as_deref());
    let (page, countries) = match (w.fleet.device_page(&f).await, w.fleet.countries().await) {
        (Ok(p), Ok(c)) => (p, c),
        (Err(e), _) | (_, Err(e)) => return error_page(&w, e),
    };
    let p = crate::form::pairs(q.as_deref().unwrap_or_default());
    let get = |k: &str| crate::form::get(&p, k);
    let codes: Vec<(&str, &str)> = countries.iter().map(|c| (c.as_str(), c.as_str())).collect();
    let base = filter_query(&p);
    let sep = if base.is_empty() { "" } else { "&" };
    let mut nav = String::from("<nav class=\"pages\">");
    if page.has_prev {
        let first = page
            .rows
            .first()
            .map(|r| r.eid.as_str())
            .unwrap_or_default();
        let _ = write!(
            nav,
            "<a href=\"/devices?{b}\">first</a> <a rel=\"prev\" href=\"/devices?{b}{sep}before={}\">previous</a> ",
            url_value(first),
            b = esc(&base)
        );
    }
    if page.has_next {
        let last = page.rows.last().map(|r| r.eid.as_str()).unwrap_or_default();
        let _ = write!(
            nav,
            "<a rel=\"next\" href=\"/devices?{}{sep}after={}\">next</a>",
            esc(&base),
            url_value(last)
        );
    }
    nav.push_str("</nav>");
    let body = format!(
        "<h1>Devices</h1><form class=\"filters\" method=\"get\" action=\"/devices\">\
         <label>EID or ICCID <input name=\"q\" value=\"{q}\" size=\"34\" autocomplete=\"off\"></label>\
         {country}{state}{profile}<button type=\"submit\">Show</button></form>\
         <p id=\"matches\"><span id=\"total\">{total}</span> devices match; showing {n}.</p>\
         {table}{nav}",
        q = esc(get("q").unwrap_or_default()),
        country = select("country", "country", get("country"), &codes),
        state = select(
            "state",
            "state",
            get("state"),
            &[
                ("home", "home"),
                ("roaming", "roaming"),
                ("exposed", "exposed"),
                ("attention", "attention needed"),
                ("unseen", "no network yet"),
            ]
        ),
        profile = select(
            "profile",
            "profile",
            get("profile"),
            &[
                ("bootstrap", "bootstrap"),
                ("local", "local"),
                ("other", "other")
            ]
        ),
        total = page.total,
        n = page.rows.len(),
        table = rows(&page),
    );
    html_response(
        StatusCode::OK,
        html::page("Devices", Nav::Devices, w.eim_id(), &body),
    )
}

/// `GET /devices.json`: the same page as JSON.
pub(super) async fn devices_json(State(w): State<Web>, RawQuery(q): RawQuery) -> Response {
    match w.fleet.device_page(&filter(q.as_deref())).await {
        Ok(p) => Json(p).into_response(),
        Err(e) => error_page(&w, e),
    }
}
