//! Answers of a GSMA HTTP binding (SGP.22 6.1–6.6, SGP.32 6.1): every response carries the
//! binding's `X-Admin-Protocol`; errors the spec gives no value for are one line of text.

use axum::body::Body;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::Response;

/// A binding, known by the `X-Admin-Protocol` value its answers carry (e.g.
/// `gsma/rsp/v2.5.0`).
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    admin_protocol: &'static str,
}

impl Binding {
    pub const fn new(admin_protocol: &'static str) -> Binding {
        Binding { admin_protocol }
    }

    /// `status` with `body` (typed `content_type` when given) and the protocol header.
    pub fn answer(
        self,
        status: StatusCode,
        content_type: Option<&'static str>,
        body: Vec<u8>,
    ) -> Response {
        let mut r = Response::new(Body::from(body));
        *r.status_mut() = status;
        let h = r.headers_mut();
        if let Some(ct) = content_type {
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
        }
        h.insert(
            HeaderName::from_static("x-admin-protocol"),
            HeaderValue::from_static(self.admin_protocol),
        );
        r
    }

    /// 200 with a body of `content_type`.
    pub fn ok(self, content_type: &'static str, body: Vec<u8>) -> Response {
        self.answer(StatusCode::OK, Some(content_type), body)
    }

    /// 204 No Content (the answer to a notification).
    pub fn no_content(self) -> Response {
        self.answer(StatusCode::NO_CONTENT, None, Vec::new())
    }

    /// 400 Bad Request with the reason in one line of text: for what names no function
    /// the binding could answer with its own error value.
    pub fn bad_request(self, why: &str) -> Response {
        self.answer(
            StatusCode::BAD_REQUEST,
            Some("text/plain; charset=utf-8"),
            format!("{why}\n").into_bytes(),
        )
    }
}

/// A request header's value as text; empty when absent or not visible ASCII.
pub fn header_text<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_answer_names_the_protocol() {
        let b = Binding::new("gsma/rsp/v2.5.0");
        for r in [
            b.ok("application/json", b"{}".to_vec()),
            b.no_content(),
            b.bad_request("x"),
        ] {
            assert_eq!(
                header_text(r.headers(), "X-Admin-Protocol"),
                "gsma/rsp/v2.5.0"
            );
        }
        let r = b.bad_request("no function");
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        assert_eq!(
            header_text(r.headers(), "content-type"),
            "text/plain; charset=utf-8"
        );
    }
}
