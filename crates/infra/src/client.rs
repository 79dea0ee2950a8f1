//! The HTTPS client: reqwest on our rustls configuration (ring provider), with the options
//! a tester needs: trusted roots or no verification, a client certificate, and connecting to
//! another address than the one named (like curl's `--resolve`).

use std::net::SocketAddr;
use std::time::Duration;

use crate::tls::{Identity, ServerTrust, TlsError, client_config};

/// Options for an HTTPS client.
#[derive(Clone)]
pub struct ClientOptions {
    pub trust: ServerTrust,
    pub identity: Option<Identity>,
    /// `(host, address)`: connections to `host` go to `address`.
    pub resolve: Vec<(String, SocketAddr)>,
    pub timeout: Duration,
}

impl ClientOptions {
    pub fn new(trust: ServerTrust) -> Self {
        ClientOptions {
            trust,
            identity: None,
            resolve: Vec::new(),
            timeout: Duration::from_secs(30),
        }
    }
}

/// Why a client could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClientError {
    #[error(transparent)]
    Tls(#[from] TlsError),
    #[error("HTTP client: {0}")]
    Http(#[from] reqwest::Error),
}

/// Builds a reqwest client on our TLS configuration.
pub fn build(options: &ClientOptions) -> Result<reqwest::Client, ClientError> {
    let tls = client_config(&options.trust, options.identity.as_ref())?;
    let mut builder = reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .timeout(options.timeout)
        .connect_timeout(Duration::from_secs(10))
        .pool_idle_timeout(Duration::from_secs(30))
        .no_proxy();
    for (host, addr) in &options.resolve {
        builder = builder.resolve(host, *addr);
    }
    Ok(builder.build()?)
}

/// An error with its causes, `a: b: c` (a cause whose text is already there is left out).
pub fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}

/// Why [`body_limited`] returned no body.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BodyError {
    /// The body is longer than the limit (the rest is not read).
    #[error("response body over {0} octets")]
    TooLarge(usize),
    /// Reading it failed.
    #[error("{}", error_chain(.0))]
    Read(#[from] reqwest::Error),
}

/// POSTs `body` to `url` with `headers`: the answer's status and its body, read within
/// `max` octets ([`body_limited`]). A connection, TLS or time-out failure is
/// [`BodyError::Read`].
pub async fn post_bounded(
    client: &reqwest::Client,
    url: &str,
    headers: &[(&str, String)],
    body: String,
    max: usize,
) -> Result<(u16, Vec<u8>), BodyError> {
    let mut request = client.post(url);
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    let response = request.body(body).send().await?;
    let status = response.status().as_u16();
    Ok((status, body_limited(response, max).await?))
}

/// The body of `response`, read chunk by chunk and refused once it passes `max` octets: a
/// peer's answer is bounded like every other input.
pub async fn body_limited(
    mut response: reqwest::Response,
    max: usize,
) -> Result<Vec<u8>, BodyError> {
    if response.content_length().is_some_and(|n| n > max as u64) {
        return Err(BodyError::TooLarge(max));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        if body.len() + chunk.len() > max {
            return Err(BodyError::TooLarge(max));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(body: Vec<u8>) -> reqwest::Response {
        reqwest::Response::from(http::Response::new(body))
    }

    #[tokio::test]
    async fn a_body_within_the_limit_is_read_whole_and_a_longer_one_refused() {
        let got = body_limited(response(vec![7; 100]), 100).await.unwrap();
        assert_eq!(got, vec![7; 100]);
        let over = body_limited(response(vec![7; 101]), 100).await;
        assert!(matches!(over, Err(BodyError::TooLarge(100))));
    }
}
