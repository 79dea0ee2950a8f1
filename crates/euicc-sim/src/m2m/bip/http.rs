//! The admin agent's HTTP/1.1 (RFC 9112) as GP Amendment B 3.4 uses it: the POST it sends,
//! and the server's response read from what has arrived so far, bounded: a head of at most
//! [`MAX_HEAD`] octets and [`MAX_HEADERS`] fields, a body of at most
//! [`scp81::admin::DEFAULT_MAX_BODY`] by `Content-Length` or chunked (traces show both,
//! SGP02-MAP 3.3).

use scp81::admin::{
    CONTENT_TYPE_RESPONSE, DEFAULT_MAX_BODY, PROTOCOL, ScriptStatus, X_ADMIN_NEXT_URI,
    X_ADMIN_SCRIPT_STATUS, X_ADMIN_TARGETED_APPLICATION,
};

/// The largest response head.
pub(crate) const MAX_HEAD: usize = 8 * 1024;
/// The most header fields.
pub(crate) const MAX_HEADERS: usize = 32;

/// Why a response could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub(crate) enum HttpError {
    /// Not an HTTP/1.1 response head.
    #[error("malformed response head")]
    Head,
    /// Head or body over the bounds.
    #[error("response over the bounds")]
    TooLarge,
    /// A chunk size line that does not parse.
    #[error("malformed chunk")]
    Chunk,
}

/// A complete response.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Response {
    /// The status code.
    pub status: u16,
    /// `X-Admin-Next-URI`, when given.
    pub next_uri: Option<String>,
    /// `X-Admin-Targeted-Application` (`//aid/<RID>/<PIX>`, Amendment B 3.4.2), when given.
    pub targeted_application: Option<String>,
    /// The body (a script for `200`).
    pub body: Vec<u8>,
}

/// A POST of the agent (Amendment B 3.4.1): the first one without a body, the next ones
/// with the script status of the one before and, when it ran (`ok`), its response script.
pub(crate) fn post(
    uri: &str,
    host: &str,
    from: &str,
    response: Option<(ScriptStatus, &[u8])>,
) -> Vec<u8> {
    let mut head = format!(
        "POST {uri} HTTP/1.1\r\nHost: {host}\r\nX-Admin-Protocol: {PROTOCOL}\r\nX-Admin-From: {from}\r\n"
    );
    let body = match response {
        Some((ScriptStatus::Ok, body)) => body,
        _ => &[],
    };
    if let Some((status, _)) = response {
        if status == ScriptStatus::Ok {
            head.push_str(&format!("Content-Type: {CONTENT_TYPE_RESPONSE}\r\n"));
        }
        head.push_str(&format!("{X_ADMIN_SCRIPT_STATUS}: {status}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut out = head.into_bytes();
    out.extend_from_slice(body);
    out
}

/// The response in `buf`, once all of it has arrived (`Ok(None)` until then), and the
/// octets it took.
pub(crate) fn response(buf: &[u8]) -> Result<Option<(Response, usize)>, HttpError> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut r = httparse::Response::new(&mut headers);
    let head_len = match r.parse(buf) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) if buf.len() > MAX_HEAD => return Err(HttpError::TooLarge),
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(httparse::Error::TooManyHeaders) => return Err(HttpError::TooLarge),
        Err(_) => return Err(HttpError::Head),
    };
    if head_len > MAX_HEAD {
        return Err(HttpError::TooLarge);
    }
    let status = r.code.ok_or(HttpError::Head)?;
    let field = |name: &str| {
        r.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .and_then(|h| std::str::from_utf8(h.value).ok())
            .map(str::trim)
    };
    let next_uri = field(X_ADMIN_NEXT_URI).map(str::to_string);
    let targeted_application = field(X_ADMIN_TARGETED_APPLICATION).map(str::to_string);
    let chunked = field("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked"));
    let rest = buf.get(head_len..).unwrap_or_default();
    let body = if chunked {
        dechunk(rest)?
    } else {
        let len = match field("content-length") {
            Some(v) => v.parse::<usize>().map_err(|_| HttpError::Head)?,
            None => 0,
        };
        if len > DEFAULT_MAX_BODY {
            return Err(HttpError::TooLarge);
        }
        rest.get(..len).map(|b| (b.to_vec(), len))
    };
    Ok(body.map(|(body, used)| {
        let response = Response {
            status,
            next_uri,
            targeted_application,
            body,
        };
        (response, head_len + used)
    }))
}

/// A chunked body (RFC 9112 7.1): the data and the octets taken, once the last chunk and
/// the empty trailer have arrived.
fn dechunk(mut rest: &[u8]) -> Result<Option<(Vec<u8>, usize)>, HttpError> {
    let start = rest.len();
    let mut body = Vec::new();
    loop {
        let (used, size) = match httparse::parse_chunk_size(rest) {
            Ok(httparse::Status::Complete(c)) => c,
            Ok(httparse::Status::Partial) => return Ok(None),
            Err(_) => return Err(HttpError::Chunk),
        };
        let size = usize::try_from(size).map_err(|_| HttpError::TooLarge)?;
        if body.len().saturating_add(size) > DEFAULT_MAX_BODY {
            return Err(HttpError::TooLarge);
        }
        let Some(after) = rest.get(used..) else {
            return Ok(None);
        };
        if size == 0 {
            // no trailer fields: the chunked body ends with an empty line
            return match after {
                [b'\r', b'\n', ..] => Ok(Some((body, start - after.len() + 2))),
                [] | [b'\r'] => Ok(None),
                _ => Err(HttpError::Chunk),
            };
        }
        let Some(data) = after.get(..size) else {
            return Ok(None);
        };
        body.extend_from_slice(data);
        match after.get(size..size + 2) {
            Some(b"\r\n") => rest = &after[size + 2..],
            Some(_) => return Err(HttpError::Chunk),
            None => return Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_post_has_no_body_the_next_the_response_script() {
        let first =
            String::from_utf8(post("/gp/admin", "127.0.0.1", "//se-id/eid/89", None)).unwrap();
        assert!(first.starts_with("POST /gp/admin HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
        assert!(first.contains("X-Admin-Protocol: globalplatform-remote-admin/1.0\r\n"));
        assert!(first.ends_with("Content-Length: 0\r\n\r\n"));
        assert!(!first.contains("x-admin-script-status"));
        let next = post(
            "/n",
            "h",
            "f",
            Some((ScriptStatus::Ok, &[0xAF, 0x80, 0, 0])),
        );
        let text = String::from_utf8_lossy(&next);
        assert!(text.contains("x-admin-script-status: ok\r\n"));
        assert!(text.contains("card-content-mgt-response;version=1.0\r\n"));
        assert!(next.ends_with(&[b'\n', 0xAF, 0x80, 0, 0]));
    }

    #[test]
    fn reads_content_length_and_chunked_bodies_once_complete() {
        let r = b"HTTP/1.1 200 OK\r\nX-Admin-Next-URI: /next\r\nContent-Length: 4\r\n\r\n\xAE\x80\x00\x00";
        assert_eq!(response(&r[..r.len() - 1]), Ok(None));
        let (resp, used) = response(r).unwrap().unwrap();
        assert_eq!(
            (resp.status, resp.next_uri.as_deref()),
            (200, Some("/next"))
        );
        assert_eq!((resp.body, used), (vec![0xAE, 0x80, 0, 0], r.len()));
        let c = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n\xAE\x80\r\n2\r\n\x00\x00\r\n0\r\n\r\n";
        assert_eq!(response(&c[..c.len() - 2]), Ok(None));
        let (resp, used) = response(c).unwrap().unwrap();
        assert_eq!((resp.body, used), (vec![0xAE, 0x80, 0, 0], c.len()));
        let none = b"HTTP/1.1 204 No Content\r\n\r\n";
        assert_eq!(response(none).unwrap().unwrap().0.status, 204);
    }

    #[test]
    fn refuses_what_is_malformed_or_too_large() {
        assert_eq!(response(b"HTTP/1.1 2x0 OK\r\n\r\n"), Err(HttpError::Head));
        let big = format!(
            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n",
            DEFAULT_MAX_BODY + 1
        );
        assert_eq!(response(big.as_bytes()), Err(HttpError::TooLarge));
        let endless = vec![b'a'; MAX_HEAD + 1];
        assert!(response(&endless).is_err());
        let bad = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n";
        assert_eq!(response(bad), Err(HttpError::Chunk));
        let huge = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFF\r\n";
        assert_eq!(response(huge), Err(HttpError::TooLarge));
    }
}
