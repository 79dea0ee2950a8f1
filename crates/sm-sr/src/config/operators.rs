//! Where each operator takes its ES4 notifications (`[operators.<MNO-ID>]`).
//!
//! SGP.02 5.5 (ES4.Handle*Notification) makes the SM-SR the function requester of these
//! one-way calls, and neither the calls nor the EIS carry the address of the operator's
//! handler (SGP.02 5.1.1: the function provider is reached at an address agreed between the
//! parties; a notification has no `wsa:ReplyTo` to answer). So the SM-SR is told, per
//! MNO-ID (the profile's `Mno-id`, SGP.02 5.1.1.2.2), the HTTPS URL the notification is
//! POSTed to; it becomes the message's `wsa:To` (WS-Addressing 1.0 Core 3.2).

use std::collections::BTreeMap;
use std::net::SocketAddr;

/// An operator's ES4 notification endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OperatorEndpoint {
    /// `notify_url`: the HTTPS URL Handle*Notification messages are POSTed to.
    pub notify_url: String,
    /// `resolve`: connect to this address for the URL's host (like curl's `--resolve`; the
    /// port is the URL's); `None`: the host is looked up.
    pub resolve: Option<SocketAddr>,
}

/// The operators' endpoints by MNO-ID.
pub type Operators = BTreeMap<String, OperatorEndpoint>;

/// The `(host, address)` pairs of the endpoints with a `resolve`, for the HTTPS client.
pub(crate) fn resolve_pairs(operators: &Operators) -> Vec<(String, SocketAddr)> {
    operators
        .values()
        .filter_map(|o| Some((host_of(&o.notify_url)?, o.resolve?)))
        .collect()
}

/// The host of an `https://host[:port]/…` URL.
pub(crate) fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next()?,
        None => authority.split(':').next()?,
    };
    (!host.is_empty()).then(|| host.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_host_of_a_url() {
        assert_eq!(
            host_of("https://mno.test:9460/es4").as_deref(),
            Some("mno.test")
        );
        assert_eq!(
            host_of("https://mno.test/es4?x").as_deref(),
            Some("mno.test")
        );
        assert_eq!(host_of("https://[::1]:9/x").as_deref(), Some("::1"));
        assert_eq!(host_of("mno.test/es4"), None);
        assert_eq!(host_of("https:///es4"), None);
    }
}
