//! Requests by interface, binding, function and result, and their latency, counted by a
//! layer over a listener's router ([`RequestMetrics::layer`]). The handlers are not touched:
//! what a request was and how it ended is read from the path and the answer the binding
//! wrote, which in these interfaces always tells it:
//!
//! - JSON bindings (ES9+ SGP.22 6.5, ES2+ 6.5, ESipa SGP.32 6.4): the function is the last
//!   path segment; the result is `header.functionExecutionStatus` (`Failed` with its
//!   `subjectCode/reasonCode` as `code`), or an executed GetEimPackage answer carrying
//!   `eimPackageError` (its value as `code`).
//! - ASN.1 bindings (SGP.22 6.6, SGP.32 6.1.1): the function is the answer's `BFxx` tag; an
//!   answer whose alternative is primitive is the function's error value (INTEGER), given
//!   as `code`. 204 is HandleNotification.
//! - Other HTTP (the eIM's operator API): the function is the matched route, the result the
//!   status class, a 4xx status the `code`.
//!
//! `result` is `ok`, `failed` (a refusal the spec defines), `bad_request` (HTTP 400: no
//! function could be told) or `error` (5xx). Codes come from the spec's enumerations, but a
//! relayed SM-DP+ answer could carry anything: only code-shaped values are kept, at most
//! [`MAX_CODES`] distinct ones, the rest counted as `other`.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

use super::{HistogramFamily, LATENCY_BUCKETS};

/// Distinct `code` values kept before further ones are counted as `other`.
pub const MAX_CODES: usize = 64;

/// Largest answer held to classify it. The bindings write their answers whole, so holding
/// one costs no copy; an answer of unknown or larger size (none of ours) is passed on as it
/// streams and classified by its status alone.
const MAX_HELD: u64 = 16 << 20;

/// Largest JSON answer parsed for its status: refusals are a few hundred octets, larger
/// answers (a bound profile package) are successes and not parsed again.
const MAX_JSON_PARSED: usize = 64 << 10;

/// What one request was and how it ended.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct Observed {
    pub interface: &'static str,
    pub binding: &'static str,
    pub function: String,
    pub result: &'static str,
    pub code: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct FunctionLabels {
    interface: &'static str,
    function: String,
}

/// Called after every counted request (e.g. the eIM counts polls from it).
pub type RequestHook = Arc<dyn Fn(&Observed) + Send + Sync>;

/// `requests_total{interface,binding,function,result,code}` and
/// `request_duration_seconds{interface,function}`.
#[derive(Clone)]
pub struct RequestMetrics {
    requests: Family<Observed, Counter>,
    duration: HistogramFamily<FunctionLabels>,
    codes: Arc<Mutex<HashSet<String>>>,
    hook: Option<RequestHook>,
    /// Off: [`RequestMetrics::layer`] leaves routers as they are.
    off: bool,
}

impl Default for RequestMetrics {
    fn default() -> Self {
        RequestMetrics {
            requests: Family::default(),
            duration: Family::new_with_constructor(|| Histogram::new(LATENCY_BUCKETS)),
            codes: Arc::default(),
            hook: None,
            off: false,
        }
    }
}

/// The layer's state: the metrics and the interface it counts.
#[derive(Clone)]
pub struct Counted {
    metrics: RequestMetrics,
    interface: &'static str,
}

impl RequestMetrics {
    /// Counting only when `on` (a server without a metrics listener counts nothing).
    pub fn counting(mut self, on: bool) -> Self {
        self.off = !on;
        self
    }

    /// With `hook` told of every request.
    pub fn with_hook(mut self, hook: RequestHook) -> Self {
        self.hook = Some(hook);
        self
    }

    /// Registers both families in `registry`.
    pub fn register(&self, registry: &mut Registry) {
        registry.register(
            "requests",
            "Requests served, by interface, binding, function and result (code: the spec's \
             subject/reason code, the function's error value, or the HTTP status)",
            self.requests.clone(),
        );
        registry.register(
            "request_duration_seconds",
            "Time from the request's head to the answer, by interface and function",
            self.duration.clone(),
        );
    }

    /// Wraps `router`: every request it serves is counted under `interface` (unless off).
    pub fn layer(&self, interface: &'static str, router: axum::Router) -> axum::Router {
        if self.off {
            return router;
        }
        router.layer(axum::middleware::from_fn_with_state(
            Counted {
                metrics: self.clone(),
                interface,
            },
            count,
        ))
    }

    fn bounded(&self, code: String) -> String {
        let shaped = code.len() <= 16
            && code
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == '/' || c == '-');
        if code.is_empty() || !shaped {
            return if code.is_empty() {
                code
            } else {
                "other".into()
            };
        }
        let mut codes = self.codes.lock().unwrap_or_else(|p| p.into_inner());
        if codes.contains(&code) || codes.len() < MAX_CODES {
            codes.insert(code.clone());
            code
        } else {
            "other".into()
        }
    }

    fn record(&self, mut seen: Observed, started: Instant) {
        seen.code = self.bounded(std::mem::take(&mut seen.code));
        self.duration
            .get_or_create(&FunctionLabels {
                interface: seen.interface,
                function: seen.function.clone(),
            })
            .observe(started.elapsed().as_secs_f64());
        self.requests.get_or_create(&seen).inc();
        if let Some(hook) = &self.hook {
            hook(&seen);
        }
    }
}

/// A request extension naming the binding a request came over when its path does not tell
/// it: ESipa's CoAP binding (SGP.32) is served by the ASN.1 router at the same path, and
/// sets `Binding("coap")`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Binding(pub &'static str);

async fn count(State(c): State<Counted>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let told = req.extensions().get::<Binding>().map(|b| b.0);
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string());
    let method = req.method().clone();
    let response = next.run(req).await;
    let (parts, body) = response.into_parts();
    let held = hyper::body::Body::size_hint(&body)
        .upper()
        .is_some_and(|n| n <= MAX_HELD);
    let (bytes, body) = if held {
        match axum::body::to_bytes(body, usize::MAX).await {
            Ok(b) => (b.clone(), Body::from(b)),
            Err(e) => {
                // The body failed while being produced: the client sees the connection end
                // without an answer, as it would have.
                tracing::debug!(error = %e, "an answer failed while being read");
                (Bytes::new(), crate::faults::cut::lost().into_body())
            }
        }
    } else {
        (Bytes::new(), body)
    };
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let (binding, function, result, code) = classify(
        route.as_deref(),
        method.as_str(),
        parts.status,
        content_type,
        &bytes,
    );
    c.metrics.record(
        Observed {
            interface: c.interface,
            binding: told.unwrap_or(binding),
            function,
            result,
            code,
        },
        started,
    );
    Response::from_parts(parts, body)
}

type Classified = (&'static str, String, &'static str, String);

/// Binding, function, result and code of one answer.
pub fn classify(
    route: Option<&str>,
    method: &str,
    status: StatusCode,
    content_type: &str,
    body: &Bytes,
) -> Classified {
    let route_str = route.unwrap_or("unmatched");
    let gsma = route_str.starts_with("/gsma/rsp2/");
    let asn1 = route_str == "/gsma/rsp2/asn1";
    let last = route_str.rsplit('/').next().unwrap_or_default().to_string();
    let binding = match (gsma, asn1) {
        (true, true) => "asn1",
        (true, false) => "json",
        _ => "http",
    };
    if status.is_server_error() {
        let f = if gsma && !asn1 {
            last
        } else {
            route_label(route_str, method, asn1)
        };
        return (binding, f, "error", status.as_str().to_string());
    }
    if status == StatusCode::BAD_REQUEST && gsma {
        let f = if asn1 { "unknown".into() } else { last };
        return (binding, f, "bad_request", String::new());
    }
    if !gsma {
        let (result, code) = match status.as_u16() {
            200..=399 => ("ok", String::new()),
            s => ("failed", s.to_string()),
        };
        return (binding, route_label(route_str, method, false), result, code);
    }
    if asn1 {
        let (f, result, code) = asn1_answer(status, body);
        return (binding, f, result, code);
    }
    let (result, code) = if content_type.contains("json") && body.len() <= MAX_JSON_PARSED {
        json_answer(body)
    } else {
        ("ok", String::new())
    };
    (binding, last, result, code)
}

fn route_label(route: &str, method: &str, asn1: bool) -> String {
    if asn1 {
        "unknown".into()
    } else {
        format!("{method} {route}")
    }
}

/// An ASN.1 binding answer: `[A2|A3 len] BFxx len <alternative>`.
fn asn1_answer(status: StatusCode, body: &[u8]) -> (String, &'static str, String) {
    if status == StatusCode::NO_CONTENT {
        return ("handleNotification".into(), "ok", String::new());
    }
    let mut at = body;
    // SGP.22's RemoteProfileProvisioningResponse wraps the answer in [3] (A3).
    if at.first().is_some_and(|&t| (0xA0..=0xBE).contains(&t)) {
        at = skip_header(at).unwrap_or_default();
    }
    let function = match at {
        [0xBF, n, ..] => function_of_tag(*n),
        _ => "unknown",
    };
    let inner = skip_header(at).unwrap_or_default();
    match inner.first() {
        Some(t) if t & 0x20 == 0 => {
            let value = skip_header(inner)
                .map(|v| v.iter().fold(0i64, |a, b| (a << 8) | i64::from(*b)))
                .map(|v| v.to_string())
                .unwrap_or_default();
            (function.into(), "failed", value)
        }
        _ => (function.into(), "ok", String::new()),
    }
}

/// The contents of the TLV at the start of `b` (short and long definite lengths), or
/// `None` when its header is not complete.
fn skip_header(b: &[u8]) -> Option<&[u8]> {
    let mut i = 1;
    if b.first()? & 0x1F == 0x1F {
        while b.get(i)? & 0x80 != 0 {
            i += 1;
        }
        i += 1;
    }
    let first = *b.get(i)?;
    i += 1;
    let len = if first < 0x80 {
        usize::from(first)
    } else {
        let n = usize::from(first & 0x7F);
        if n > 4 {
            return None;
        }
        let mut len = 0usize;
        for k in 0..n {
            len = (len << 8) | usize::from(*b.get(i + k)?);
        }
        i += n;
        len
    };
    Some(b.get(i..)?.get(..len).unwrap_or(&b[i..]))
}

/// SGP.22 / SGP.32 function by the number of its `BFxx` message tag.
pub fn function_of_tag(n: u8) -> &'static str {
    match n {
        0x39 => "initiateAuthentication",
        0x3B => "authenticateClient",
        0x3A => "getBoundProfilePackage",
        0x41 => "cancelSession",
        0x3D => "handleNotification",
        0x4E => "transferEimPackage",
        0x4F => "getEimPackage",
        0x50 => "provideEimPackageResult",
        _ => "unknown",
    }
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct JsonAnswer {
    header: Option<JsonHeader>,
    eim_package_error: Option<i64>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct JsonHeader {
    function_execution_status: Option<JsonStatus>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct JsonStatus {
    status: Option<String>,
    status_code_data: Option<JsonCode>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct JsonCode {
    subject_code: Option<String>,
    reason_code: Option<String>,
}

/// A JSON binding answer: its functionExecutionStatus.
fn json_answer(body: &[u8]) -> (&'static str, String) {
    if body.is_empty() {
        return ("ok", String::new());
    }
    let Ok(answer) = serde_json::from_slice::<JsonAnswer>(body) else {
        return ("ok", String::new());
    };
    let status = answer.header.and_then(|h| h.function_execution_status);
    match status {
        Some(s)
            if s.status.as_deref() == Some("Failed") || s.status.as_deref() == Some("Expired") =>
        {
            let code = s
                .status_code_data
                .map(|c| {
                    format!(
                        "{}/{}",
                        c.subject_code.unwrap_or_default(),
                        c.reason_code.unwrap_or_default()
                    )
                })
                .unwrap_or_default();
            ("failed", code)
        }
        _ => match answer.eim_package_error {
            Some(v) => ("failed", v.to_string()),
            None => ("ok", String::new()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(route: &str, body: &str) -> Classified {
        classify(
            Some(route),
            "POST",
            StatusCode::OK,
            "application/json",
            &Bytes::from(body.to_string()),
        )
    }

    #[test]
    fn json_answers_give_their_status_code() {
        let failed = r#"{"header":{"functionExecutionStatus":{"status":"Failed","statusCodeData":{"subjectCode":"8.1.1","reasonCode":"3.8","message":"x"}}}}"#;
        assert_eq!(
            json("/gsma/rsp2/es9plus/authenticateClient", failed),
            (
                "json",
                "authenticateClient".into(),
                "failed",
                "8.1.1/3.8".into()
            )
        );
        let ok = r#"{"header":{"functionExecutionStatus":{"status":"Executed-Success"}},"transactionId":"00"}"#;
        assert_eq!(json("/gsma/rsp2/esipa/getEimPackage", ok).2, "ok");
        let none = r#"{"header":{"functionExecutionStatus":{"status":"Executed-Success"}},"eimPackageError":1}"#;
        assert_eq!(
            json("/gsma/rsp2/esipa/getEimPackage", none),
            ("json", "getEimPackage".into(), "failed", "1".into())
        );
    }

    #[test]
    fn asn1_answers_give_function_and_error_value() {
        let asn1 = |status, body: &[u8]| {
            classify(
                Some("/gsma/rsp2/asn1"),
                "POST",
                status,
                "application/x-gsma-rsp-asn1",
                &Bytes::copy_from_slice(body),
            )
        };
        // SGP.32 GetEimPackageResponse with eimPackageError noEimPackageAvailable(1).
        assert_eq!(
            asn1(StatusCode::OK, &[0xBF, 0x4F, 0x03, 0x83, 0x01, 0x01]),
            ("asn1", "getEimPackage".into(), "failed", "1".into())
        );
        // SGP.22 A3 { BF3A { A0 { ... } } }: an ok GetBoundProfilePackage.
        assert_eq!(
            asn1(
                StatusCode::OK,
                &[0xA3, 0x06, 0xBF, 0x3A, 0x03, 0xA0, 0x01, 0x00]
            )
            .2,
            "ok"
        );
        assert_eq!(asn1(StatusCode::NO_CONTENT, &[]).1, "handleNotification");
        assert_eq!(asn1(StatusCode::BAD_REQUEST, b"why").2, "bad_request");
    }

    #[tokio::test]
    async fn the_layer_passes_every_answer_on_whole() {
        use axum::routing::get;
        use tower::ServiceExt;
        let big = vec![7u8; 3 << 20];
        let served = big.clone();
        let router = axum::Router::new()
            .route("/v1/big", get(move || async move { served.clone() }))
            .route(
                "/v1/stream",
                get(|| async {
                    Body::new(Chunks(vec![
                        Bytes::from_static(b"def"),
                        Bytes::from_static(b"abc"),
                    ]))
                }),
            );
        let m = RequestMetrics::default();
        let router = m.layer("operator_api", router);
        for (path, expected) in [("/v1/big", big), ("/v1/stream", b"abcdef".to_vec())] {
            let req = Request::builder().uri(path).body(Body::empty()).unwrap();
            let r = router.clone().oneshot(req).await.unwrap();
            let got = axum::body::to_bytes(r.into_body(), usize::MAX)
                .await
                .unwrap();
            assert_eq!(got.as_ref(), expected.as_slice(), "{path}");
        }
        let counted = |f: &str| {
            m.requests
                .get_or_create(&Observed {
                    interface: "operator_api",
                    binding: "http",
                    function: f.into(),
                    result: "ok",
                    code: String::new(),
                })
                .get()
        };
        assert_eq!(counted("GET /v1/big"), 1);
        assert_eq!(counted("GET /v1/stream"), 1);
    }

    /// A body of unknown length, in chunks (popped from the end).
    struct Chunks(Vec<Bytes>);

    impl hyper::body::Body for Chunks {
        type Data = Bytes;
        type Error = std::convert::Infallible;

        fn poll_frame(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Result<hyper::body::Frame<Bytes>, Self::Error>>> {
            std::task::Poll::Ready(self.0.pop().map(|b| Ok(hyper::body::Frame::data(b))))
        }
    }

    #[test]
    fn codes_are_bounded() {
        let m = RequestMetrics::default();
        assert_eq!(m.bounded("8.1.1/3.8".into()), "8.1.1/3.8");
        assert_eq!(m.bounded("<script>".into()), "other");
        for n in 0..MAX_CODES {
            m.bounded(format!("{n}"));
        }
        assert_eq!(m.bounded("9.9/9.9".into()), "other");
        assert_eq!(m.bounded("8.1.1/3.8".into()), "8.1.1/3.8");
    }
}
