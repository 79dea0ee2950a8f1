//! The server's responses (GP Amendment B 3.4.2).

use http::{HeaderValue, Response, StatusCode, header};

use super::{Framing, Next, SessionEnd};
use crate::admin::{
    AdminBody, CONTENT_TYPE_SCRIPT, PROTOCOL, X_ADMIN_NEXT_URI, X_ADMIN_PROTOCOL,
    X_ADMIN_TARGETED_APPLICATION,
};

/// The response carrying `next`, and the end of the session it makes, if any.
pub(super) fn of_next(
    next: Next,
    next_uri: &str,
    framing: Framing,
) -> (Response<AdminBody>, Option<SessionEnd>) {
    let (body, target, next_uri) = match next {
        Next::Done => return (end(StatusCode::NO_CONTENT), Some(SessionEnd::Done)),
        Next::Script {
            body,
            targeted_application,
        } => (body, targeted_application, Some(next_uri)),
        Next::LastScript {
            body,
            targeted_application,
        } => (body, targeted_application, None),
    };
    let body = match framing {
        Framing::ContentLength => AdminBody::sized(body),
        Framing::Chunked => AdminBody::chunked(body),
    };
    let mut r = Response::new(body);
    let h = r.headers_mut();
    h.insert(X_ADMIN_PROTOCOL, HeaderValue::from_static(PROTOCOL));
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(CONTENT_TYPE_SCRIPT),
    );
    if let Some(t) = target.and_then(|t| HeaderValue::try_from(t.to_string()).ok()) {
        h.insert(X_ADMIN_TARGETED_APPLICATION, t);
    }
    match next_uri.and_then(|u| HeaderValue::try_from(u).ok()) {
        Some(u) => {
            h.insert(X_ADMIN_NEXT_URI, u);
            (r, None)
        }
        None => {
            h.insert(header::CONNECTION, HeaderValue::from_static("close"));
            (r, Some(SessionEnd::LastScript))
        }
    }
}

/// A refusal: `status`, no script, and the connection closed.
pub(super) fn refusal(status: StatusCode) -> Response<AdminBody> {
    end(status)
}

/// A body-less response that closes the connection.
fn end(status: StatusCode) -> Response<AdminBody> {
    let mut r = Response::new(AdminBody::empty());
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(X_ADMIN_PROTOCOL, HeaderValue::from_static(PROTOCOL));
    h.insert(header::CONNECTION, HeaderValue::from_static("close"));
    r
}
