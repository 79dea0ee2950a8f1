//! Reading one POST of the agent (GP Amendment B 3.4.1), or the status refusing it.

use std::str::FromStr;

use http::{HeaderMap, Method, StatusCode};
use hyper::body::Incoming;

use super::{AdminPost, AdminServerConfig};
use crate::admin::body::read_bounded;
use crate::admin::{
    AdminError, CONTENT_TYPE_RESPONSE, NOTIFICATION_PARAMETER, PROTOCOL, ScriptStatus,
    X_ADMIN_FROM, X_ADMIN_PROTOCOL, X_ADMIN_RESUME, X_ADMIN_SCRIPT_STATUS, media_type_is,
};

/// The longest `X-Admin-From` accepted: an EID and an AID take 79 characters.
const MAX_FROM: usize = 256;

/// The admin headers of a POST.
struct AdminHeaders {
    from: String,
    script_status: Option<ScriptStatus>,
    resume: bool,
}

/// The POST `req`, or the status to refuse it with.
pub(super) async fn read(
    req: http::Request<Incoming>,
    config: &AdminServerConfig,
    peer_identity: &[u8],
    expected_uri: Option<&str>,
) -> Result<AdminPost, StatusCode> {
    if req.method() != Method::POST {
        return Err(StatusCode::METHOD_NOT_ALLOWED);
    }
    let first = expected_uri.is_none();
    let headers = admin_headers(req.headers(), first)?;
    let uri = req
        .uri()
        .path_and_query()
        .map_or_else(|| req.uri().path().to_owned(), |pq| pq.as_str().to_owned());
    if expected_uri.is_some_and(|e| e != uri) {
        return Err(StatusCode::NOT_FOUND);
    }
    let notification = notification(req.uri().query(), config.max_body)?;
    let announced = content_length(req.headers())?;
    if announced.is_some_and(|l| l > config.max_body) {
        return Err(StatusCode::PAYLOAD_TOO_LARGE);
    }
    let content_type = req.headers().get(http::header::CONTENT_TYPE).cloned();
    let body = match read_bounded(req.into_body(), config.max_body, config.idle_timeout).await {
        Ok(b) => b,
        Err(AdminError::BodyTooLarge(_)) => return Err(StatusCode::PAYLOAD_TOO_LARGE),
        Err(_) => return Err(StatusCode::BAD_REQUEST),
    };
    let typed = content_type.is_some_and(|t| media_type_is(t.as_bytes(), CONTENT_TYPE_RESPONSE));
    if !body.is_empty() && !typed {
        return Err(StatusCode::BAD_REQUEST);
    }
    Ok(AdminPost {
        peer_identity: peer_identity.to_vec(),
        uri,
        first,
        from: headers.from,
        script_status: headers.script_status,
        resume: headers.resume,
        notification,
        body,
    })
}

/// The admin headers, checked: `X-Admin-Protocol` names 1.0, `X-Admin-From` is there, and
/// every POST after the first reports a script status.
fn admin_headers(h: &HeaderMap, first: bool) -> Result<AdminHeaders, StatusCode> {
    let text = |name: &str| -> Result<Option<&str>, StatusCode> {
        h.get(name)
            .map(|v| v.to_str().map_err(|_| StatusCode::BAD_REQUEST))
            .transpose()
    };
    let protocol = text(X_ADMIN_PROTOCOL)?.ok_or(StatusCode::BAD_REQUEST)?;
    if !protocol.trim().eq_ignore_ascii_case(PROTOCOL) {
        return Err(StatusCode::BAD_REQUEST);
    }
    let from = text(X_ADMIN_FROM)?
        .map(str::trim)
        .filter(|f| !f.is_empty() && f.len() <= MAX_FROM)
        .ok_or(StatusCode::BAD_REQUEST)?;
    let script_status = text(X_ADMIN_SCRIPT_STATUS)?
        .map(|s| ScriptStatus::from_str(s.trim()).map_err(|_| StatusCode::BAD_REQUEST))
        .transpose()?;
    if !first && script_status.is_none() {
        return Err(StatusCode::BAD_REQUEST);
    }
    let resume = match text(X_ADMIN_RESUME)?.map(str::trim) {
        None => false,
        Some(v) if v.eq_ignore_ascii_case("true") => true,
        Some(v) if v.eq_ignore_ascii_case("false") => false,
        Some(_) => return Err(StatusCode::BAD_REQUEST),
    };
    Ok(AdminHeaders {
        from: from.to_owned(),
        script_status,
        resume,
    })
}

/// The `Content-Length`, if announced (hyper has already refused a malformed one).
fn content_length(h: &HeaderMap) -> Result<Option<usize>, StatusCode> {
    h.get(http::header::CONTENT_LENGTH)
        .map(|v| {
            v.to_str()
                .ok()
                .and_then(|s| s.trim().parse::<usize>().ok())
                .ok_or(StatusCode::BAD_REQUEST)
        })
        .transpose()
}

/// The Default Notification of the query `msg=<hex>` (SGP.02 3.15.2), at most `max` octets.
fn notification(query: Option<&str>, max: usize) -> Result<Option<Vec<u8>>, StatusCode> {
    let Some(query) = query else {
        return Ok(None);
    };
    if query.len() > max.saturating_mul(2).saturating_add(64) {
        return Err(StatusCode::PAYLOAD_TOO_LARGE);
    }
    let mut msg = form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| k == NOTIFICATION_PARAMETER)
        .map(|(_, v)| v);
    match (msg.next(), msg.next()) {
        (None, _) => Ok(None),
        (Some(hex), None) => hex::decode(hex.as_bytes())
            .ok()
            .filter(|n| !n.is_empty())
            .map(Some)
            .ok_or(StatusCode::BAD_REQUEST),
        (Some(_), Some(_)) => Err(StatusCode::BAD_REQUEST),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notification_is_one_hex_msg_parameter() {
        assert_eq!(notification(None, 100), Ok(None));
        assert_eq!(notification(Some("step=2"), 100), Ok(None));
        assert_eq!(
            notification(Some("msg=E1034D0101"), 100),
            Ok(Some(vec![0xE1, 0x03, 0x4D, 0x01, 0x01]))
        );
        assert_eq!(
            notification(Some("msg=E1Z"), 100),
            Err(StatusCode::BAD_REQUEST)
        );
        assert_eq!(
            notification(Some("msg="), 100),
            Err(StatusCode::BAD_REQUEST)
        );
        assert_eq!(
            notification(Some("msg=00&msg=01"), 100),
            Err(StatusCode::BAD_REQUEST)
        );
        let long = format!("msg={}", "00".repeat(200));
        assert_eq!(
            notification(Some(&long), 100),
            Err(StatusCode::PAYLOAD_TOO_LARGE)
        );
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, http::HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn admin_headers_are_checked() {
        let ok = [
            (X_ADMIN_PROTOCOL, PROTOCOL),
            (X_ADMIN_FROM, "//se-id/eid/1;//aa-id/aid/A000000559/10"),
        ];
        assert!(admin_headers(&headers(&ok), true).is_ok());
        // after the first POST, a script status is required
        assert_eq!(
            admin_headers(&headers(&ok), false).err(),
            Some(StatusCode::BAD_REQUEST)
        );
        let reported = [ok[0], ok[1], (X_ADMIN_SCRIPT_STATUS, "security-error")];
        let h = admin_headers(&headers(&reported), false).unwrap();
        assert_eq!(h.script_status, Some(ScriptStatus::SecurityError));
        for bad in [
            vec![ok[1]],
            vec![(X_ADMIN_PROTOCOL, "globalplatform-remote-admin/2.0"), ok[1]],
            vec![ok[0]],
            vec![ok[0], ok[1], (X_ADMIN_SCRIPT_STATUS, "fine")],
            vec![ok[0], ok[1], (X_ADMIN_RESUME, "yes")],
        ] {
            assert_eq!(
                admin_headers(&headers(&bad), true).err(),
                Some(StatusCode::BAD_REQUEST)
            );
        }
        let resumed = [ok[0], ok[1], (X_ADMIN_RESUME, "true")];
        assert!(admin_headers(&headers(&resumed), true).unwrap().resume);
    }
}
