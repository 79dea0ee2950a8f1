//! Where a metrics listener may listen. `/metrics` is plain HTTP without authentication and
//! tells how busy the server is and which refusals it gives: by default it answers only on
//! loopback; another address needs an explicit `allow_remote` (then put it behind a
//! firewall or a reverse proxy with TLS and authentication).

use std::net::SocketAddr;

/// Ok when `addr` is a loopback address or `allow_remote` is set; else why not.
pub fn check_listen(addr: SocketAddr, allow_remote: bool) -> Result<(), RemoteMetrics> {
    if addr.ip().is_loopback() || allow_remote {
        Ok(())
    } else {
        Err(RemoteMetrics(addr))
    }
}

/// A metrics listener on an address other than loopback, not allowed explicitly.
#[derive(Debug, thiserror::Error)]
#[error(
    "metrics listener {0} is not a loopback address: /metrics has no TLS and no \
     authentication; allow it explicitly (--metrics-allow-remote, \
     metrics_allow_remote = true) and protect it otherwise"
)]
pub struct RemoteMetrics(pub SocketAddr);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_unless_allowed() {
        let v4: SocketAddr = "127.0.0.1:9100".parse().unwrap();
        let v6: SocketAddr = "[::1]:9100".parse().unwrap();
        let any: SocketAddr = "0.0.0.0:9100".parse().unwrap();
        let lan: SocketAddr = "192.0.2.7:9100".parse().unwrap();
        assert!(check_listen(v4, false).is_ok());
        assert!(check_listen(v6, false).is_ok());
        assert!(check_listen(any, false).is_err());
        assert!(check_listen(lan, false).is_err());
        assert!(check_listen(any, true).is_ok());
    }
}
