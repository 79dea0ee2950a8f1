//! The fleet dashboard (`eim serve --web-listen ADDR`): server-rendered HTML over the
//! eIM's [`Fleet`] API, with a little embedded JavaScript that refreshes the live parts.
//!
//! - Access: a random token made at start-up and logged once as the URL to open
//!   (`http://ADDR/?token=…`); the first visit trades it for a cookie (`HttpOnly`,
//!   `SameSite=Strict`) and redirects to the same page without it. Scripts may send
//!   `Authorization: Bearer <token>` instead. Anything else is 401.
//! - Verbs (localize, enable, set fallback) are POST forms carrying a CSRF token derived
//!   from the access token; a POST without it, or from another origin, is 403. They go
//!   through [`Fleet::queue`], the engine the operator API uses, as the eIM's operator.
//! - Every asset is embedded; the Content-Security-Policy allows this origin only.
//! - Plain HTTP: keep it on loopback (the default) or behind a TLS proxy.

mod device;
pub mod html;
mod pages;

use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};

use crate::fleet::Fleet;

/// The cookie holding the access token.
const COOKIE: &str = "rsp_lab_dashboard";

/// What every handler of the dashboard shares.
#[derive(Clone)]
pub(crate) struct Web {
    pub fleet: Fleet,
    token: Arc<str>,
    /// The CSRF token of the forms: SHA-256 of the access token, hex.
    csrf: Arc<str>,
}

impl Web {
    /// A dashboard over `fleet` with a fresh random token.
    pub(crate) fn new(fleet: Fleet) -> Result<Web, crate::store::StoreError> {
        let token = hex::encode(crate::store::random_bytes::<24>()?);
        Ok(Web::with_token(fleet, &token))
    }

    fn with_token(fleet: Fleet, token: &str) -> Web {
        let csrf = hex::encode(Sha256::digest(format!("csrf:{token}").as_bytes()));
        Web {
            fleet,
            token: token.into(),
            csrf: csrf.into(),
        }
    }

    /// The access token.
    pub(crate) fn token(&self) -> &str {
        &self.token
    }

    pub(crate) fn eim_id(&self) -> &str {
        &self.fleet.ctx.eim_id
    }
}

/// Equal without an early exit.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| {
            c.trim()
                .strip_prefix(&format!("{COOKIE}="))
                .map(String::from)
        })
        .next()
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
}

/// Headers of every answer: nothing from elsewhere, no framing, no referrer to other sites
/// (the first URL carries the token; `no-referrer` would also make the browser send
/// `Origin: null` with the forms), nothing cached.
fn secure(mut r: Response) -> Response {
    let h = r.headers_mut();
    for (k, v) in [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        h.insert(k, HeaderValue::from_static(v));
    }
    r
}

fn refused() -> Response {
    let body = html::page(
        "Token needed",
        html::Nav::Fleet,
        "",
        "<h1>Token needed</h1><p>Open the dashboard with the URL the eIM logged at start-up \
         (<code>dashboard: open http://…/?token=…</code>); the browser keeps a cookie after \
         the first visit.</p>",
    );
    (
        StatusCode::UNAUTHORIZED,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

/// The access check of every request.
async fn guard(State(w): State<Web>, req: Request, next: Next) -> Response {
    if req.uri().path() == "/favicon.ico" {
        return secure(next.run(req).await);
    }
    let query = req
        .uri()
        .query()
        .map(crate::form::pairs)
        .unwrap_or_default();
    if let Some(t) = crate::form::get(&query, "token") {
        if !same(t, &w.token) {
            return secure(refused());
        }
        let rest: Vec<String> = query
            .iter()
            .filter(|(k, _)| k != "token")
            .map(|(k, v)| format!("{}={}", html::url_value(k), html::url_value(v)))
            .collect();
        let mut to = req.uri().path().to_string();
        if !rest.is_empty() {
            to = format!("{to}?{}", rest.join("&"));
        }
        let cookie = format!("{COOKIE}={}; Path=/; HttpOnly; SameSite=Strict", w.token);
        let mut r = (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response();
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            r.headers_mut().insert(header::SET_COOKIE, v);
        }
        return secure(r);
    }
    let ok = cookie_token(req.headers()).is_some_and(|c| same(&c, &w.token))
        || bearer(req.headers()).is_some_and(|b| same(b, &w.token));
    if !ok {
        return secure(refused());
    }
    secure(next.run(req).await)
}

async fn style() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("assets/style.css"),
    )
        .into_response()
}

/// The browser's tab icon (asked for by pages that name none, e.g. a refusal).
async fn icon() -> Response {
    (
        [(header::CONTENT_TYPE, "image/svg+xml")],
        include_str!("assets/icon.svg"),
    )
        .into_response()
}

async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("assets/app.js"),
    )
        .into_response()
}

/// The dashboard's routes.
pub(crate) fn router(w: Web) -> Router {
    Router::new()
        .route("/", get(pages::overview))
        .route("/fragment/overview", get(pages::overview_fragment))
        .route("/overview.json", get(pages::overview_json))
        .route("/devices", get(pages::devices))
        .route("/devices.json", get(pages::devices_json))
        .route("/devices/{eid}", get(device::page).post(device::verb))
        .route("/fragment/devices/{eid}", get(device::fragment))
        .route("/static/style.css", get(style))
        .route("/static/app.js", get(script))
        .route("/favicon.ico", get(icon))
        .layer(middleware::from_fn_with_state(w.clone(), guard))
        .with_state(w)
}

/// An HTML answer.
pub(crate) fn html_response(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

/// An engine refusal as a page (the operator API's status and code).
pub(crate) fn error_page(w: &Web, e: crate::engine::EngineError) -> Response {
    let e = crate::api::ApiError::from(e);
    let body = html::page(
        "Refused",
        html::Nav::Devices,
        w.eim_id(),
        &format!(
            "<h1>Refused</h1><p class=\"error\"><code>{}</code> {}</p>\
             <p><a href=\"/devices\">Devices</a></p>",
            html::esc(e.code),
            html::esc(&e.message)
        ),
    );
    html_response(e.status, body)
}

/// Serves the dashboard on `listener` until `stop`.
pub(crate) async fn serve(
    listener: tokio::net::TcpListener,
    w: Web,
    stop: impl Future<Output = ()> + Send + 'static,
) {
    if let Err(e) = axum::serve(listener, router(w))
        .with_graceful_shutdown(stop)
        .await
    {
        tracing::error!(error = %e, "dashboard listener failed");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_whole() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "ab"));
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; rsp_lab_dashboard=tok; b=2"),
        );
        assert_eq!(cookie_token(&h).as_deref(), Some("tok"));
    }
}
