//! One device (`/devices/{eid}`): its profiles, serving network, operations and history,
//! and the operator's verbs as POST forms (localize, enable, set fallback) queued through
//! [`crate::Fleet::queue`].

use std::fmt::Write;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::html::{self, Nav, esc, opt};
use super::{Web, error_page, html_response};
use crate::engine::OperationRequest;
use crate::fleet::{DeviceView, History};
use crate::store::Operation;

fn verb_form(w: &Web, eid: &str, verb: &str, iccid: Option<&str>, label: &str) -> String {
    format!(
        "<form method=\"post\" action=\"/devices/{e}\" class=\"verb\">\
         <input type=\"hidden\" name=\"csrf\" value=\"{c}\">\
         <input type=\"hidden\" name=\"verb\" value=\"{verb}\">{i}\
         <button type=\"submit\" data-verb=\"{verb}\">{label}</button></form>",
        e = esc(eid),
        c = esc(&w.csrf),
        i = iccid.map_or_else(String::new, |i| format!(
            "<input type=\"hidden\" name=\"iccid\" value=\"{}\">",
            esc(i)
        )),
    )
}

fn profiles(w: &Web, v: &DeviceView) -> String {
    let mut out = String::from(
        "<table id=\"profiles\"><thead><tr><th>ICCID</th><th>state</th><th>fallback</th>\
         <th>name</th><th>provider</th><th></th></tr></thead><tbody>",
    );
    for p in &v.profiles {
        let mut verbs = String::new();
        if p.state != "enabled" {
            verbs.push_str(&verb_form(
                w,
                &v.device.eid,
                "enable",
                Some(&p.iccid),
                "Enable",
            ));
        }
        if !p.fallback {
            verbs.push_str(&verb_form(
                w,
                &v.device.eid,
                "fallback",
                Some(&p.iccid),
                "Set fallback",
            ));
        }
        let _ = write!(
            out,
            "<tr data-iccid=\"{i}\"><td><code>{i}</code></td><td class=\"{s}\">{s}</td>\
             <td>{f}</td><td>{}</td><td>{}</td><td class=\"verbs\">{verbs}</td></tr>",
            opt(p.profile_name.as_deref()),
            opt(p.service_provider.as_deref()),
            i = esc(&p.iccid),
            s = esc(&p.state),
            f = if p.fallback { "fallback" } else { "" },
        );
    }
    out.push_str("</tbody></table>");
    out
}

fn facts(v: &DeviceView) -> String {
    let d = &v.device;
    let mut out = String::from("<dl class=\"facts\">");
    for (k, val) in [
        ("enabled", opt(d.enabled_iccid.as_deref())),
        ("fallback", opt(d.fallback_iccid.as_deref())),
        ("bootstrap", opt(d.bootstrap_iccid.as_deref())),
        ("localized for", opt(d.localized_country.as_deref())),
        ("serving network", opt(d.last_plmn.as_deref())),
        ("country", opt(d.last_country.as_deref())),
        (
            "in the country since",
            d.country_since.map_or_else(|| "–".into(), html::time),
        ),
        (
            "residency",
            v.residency_days
                .map_or_else(|| "–".into(), |n| format!("{n} days")),
        ),
        (
            "last seen",
            d.last_seen.map_or_else(|| "never".into(), html::time),
        ),
        ("operator", esc(&d.operator)),
        ("counterValue", d.counter_value.to_string()),
    ] {
        let key = k.replace(' ', "-");
        let _ = write!(out, "<dt>{k}</dt><dd data-k=\"{key}\">{val}</dd>");
    }
    out.push_str("</dl>");
    out
}

fn operations(ops: &[Operation]) -> String {
    let mut out = String::from(
        "<table id=\"device-operations\"><thead><tr><th>created</th><th>kind</th><th>state</th>\
         <th>step</th><th>finished</th><th>error</th><th>id</th></tr></thead><tbody>",
    );
    for o in ops.iter().rev() {
        let _ = write!(
            out,
            "<tr data-state=\"{s}\"><td>{}</td><td>{}</td><td class=\"{s}\">{s}</td><td>{}</td>\
             <td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
            html::time(o.created_at),
            esc(&o.kind),
            opt(o.step.as_deref()),
            o.finished_at.map_or_else(|| "–".into(), html::time),
            opt(o.error.as_deref()),
            esc(&o.id),
            s = esc(o.state.as_str()),
        );
    }
    out.push_str("</tbody></table>");
    out
}

fn history(h: &History) -> String {
    let mut out = String::from(
        "<table id=\"history\"><thead><tr><th>time</th><th>event</th><th>detail</th></tr>\
         </thead><tbody>",
    );
    for e in h.events.iter().rev() {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
            html::time(e.at),
            esc(&e.kind),
            esc(&e.detail.to_string())
        );
    }
    out.push_str("</tbody></table><h3>Serving networks</h3><ul class=\"locations\">");
    for l in h.locations.iter().rev() {
        let _ = write!(
            out,
            "<li>{} <code>{}</code> {}</li>",
            html::time(l.at),
            esc(&l.plmn),
            opt(l.country.as_deref())
        );
    }
    out.push_str("</ul>");
    out
}

async fn body(w: &Web, eid: &str) -> Result<String, Response> {
    let f = &w.fleet;
    let v = f.device(eid).await.map_err(|e| error_page(w, e))?;
    let ops = f.operations(eid).await.map_err(|e| error_page(w, e))?;
    let h = f.history(eid, 100).await.map_err(|e| error_page(w, e))?;
    Ok(format!(
        "{facts}<h2>Profiles</h2>{profiles}<h2>Operations</h2>{ops}\
         <p>{pending} package(s) waiting for the device.</p><h2>History</h2>{history}",
        facts = facts(&v),
        profiles = profiles(w, &v),
        ops = operations(&ops),
        pending = v.pending_packages.len(),
        history = history(&h),
    ))
}

/// `GET /devices/{eid}`.
pub(super) async fn page(State(w): State<Web>, Path(eid): Path<String>) -> Response {
    let live = match body(&w, &eid).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let content = format!(
        "<h1>Device <code id=\"eid\">{e}</code></h1>\
         <div class=\"actions\">{localize}</div>\
         <div id=\"device\" data-live=\"/fragment/devices/{e}\">{live}</div>",
        e = esc(&eid),
        localize = verb_form(&w, &eid, "localize", None, "Localize now"),
    );
    html_response(
        StatusCode::OK,
        html::page(&format!("Device {eid}"), Nav::Devices, w.eim_id(), &content),
    )
}

/// `GET /fragment/devices/{eid}`: the live part of the device page.
pub(super) async fn fragment(State(w): State<Web>, Path(eid): Path<String>) -> Response {
    match body(&w, &eid).await {
        Ok(b) => html_response(StatusCode::OK, b),
        Err(r) => r,
    }
}

fn forbidden(why: &str) -> Response {
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("refused: {why}\n"),
    )
        .into_response()
}

/// Whether an `Origin` header, when sent, is this server (`Host`).
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .is_some_and(|o| o == host)
}

/// `POST /devices/{eid}`: `verb=localize|enable|fallback`, `iccid` for the last two, and
/// the CSRF token. Queues the operation and shows the device again (303).
pub(super) async fn verb(
    State(w): State<Web>,
    Path(eid): Path<String>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    let text = String::from_utf8_lossy(&bytes);
    let p = crate::form::pairs(&text);
    if !crate::form::get(&p, "csrf").is_some_and(|c| super::same(c, &w.csrf))
        || !same_origin(&headers)
    {
        return forbidden("the form's CSRF token is missing or wrong, or another origin sent it");
    }
    let iccid = crate::form::get(&p, "iccid").map(str::to_string);
    let req = match (crate::form::get(&p, "verb"), iccid) {
        (Some("localize"), _) => OperationRequest::Localize {
            country: None,
            targets: Vec::new(),
        },
        (Some("enable"), Some(iccid)) => OperationRequest::Enable {
            iccid,
            rollback: true,
        },
        (Some("fallback"), Some(iccid)) => OperationRequest::SetFallback { iccid },
        _ => {
            return html_response(
                StatusCode::BAD_REQUEST,
                html::page(
                    "Refused",
                    Nav::Devices,
                    w.eim_id(),
                    "<h1>Refused</h1><p>verb: localize, enable or fallback (with iccid)</p>",
                ),
            );
        }
    };
    match w.fleet.queue(&eid, &req).await {
        Ok(op) => (
            StatusCode::SEE_OTHER,
            [(
                header::LOCATION,
                format!(
                    "/devices/{}?queued={}",
                    html::url_value(&eid),
                    html::url_value(&op.id)
                ),
            )],
        )
            .into_response(),
        Err(e) => error_page(&w, e),
    }
}
