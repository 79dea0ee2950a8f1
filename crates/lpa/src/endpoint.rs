//! Where ES9+ requests go: the SM-DP+ address (`FQDN[:port]`, SGP.22 4.1) as an HTTPS URL,
//! and `--resolve` overrides that send a host's connections elsewhere while TLS still checks
//! the certificate against the host name (like curl's `--resolve host:port:addr`).

use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;

/// The HTTPS port when the address names none.
pub(super) const HTTPS_PORT: u16 = 443;

/// Connections to `host` (on `port`, or any port) go to `addr`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolve {
    pub host: String,
    /// The port of the address it applies to; `None` for any (`*`).
    pub port: Option<u16>,
    /// Where to connect.
    pub addr: SocketAddr,
}

impl Resolve {
    /// Parses `HOST:PORT:ADDR`: `PORT` a number or `*`; `ADDR` an IP address (the
    /// connection keeps `PORT`, 443 for `*`) or an address with its own port
    /// (`127.0.0.1:8443`, `[::1]:8443`).
    pub fn parse(s: &str) -> Result<Resolve, BadResolve> {
        let bad = |why: &'static str| BadResolve {
            given: s.to_string(),
            why,
        };
        let (host, rest) = s.split_once(':').ok_or_else(|| bad("no port"))?;
        let (port, addr) = rest.split_once(':').ok_or_else(|| bad("no address"))?;
        if host.is_empty() {
            return Err(bad("empty host"));
        }
        let port = match port {
            "*" => None,
            p => Some(
                p.parse::<u16>()
                    .map_err(|_| bad("the port is not a number"))?,
            ),
        };
        let default_port = port.unwrap_or(HTTPS_PORT);
        let addr = if let Ok(ip) = IpAddr::from_str(addr) {
            SocketAddr::new(ip, default_port)
        } else if let Ok(sa) = SocketAddr::from_str(addr) {
            sa
        } else if let Some(ip) = addr
            .strip_prefix('[')
            .and_then(|a| a.strip_suffix(']'))
            .and_then(|a| IpAddr::from_str(a).ok())
        {
            SocketAddr::new(ip, default_port)
        } else {
            return Err(bad("the address is not an IP address"));
        };
        Ok(Resolve {
            host: host.to_ascii_lowercase(),
            port,
            addr,
        })
    }

    /// Whether it applies to `host` on `port`.
    pub fn applies(&self, host: &str, port: u16) -> bool {
        self.host.eq_ignore_ascii_case(host) && self.port.is_none_or(|p| p == port)
    }
}

impl FromStr for Resolve {
    type Err = BadResolve;
    fn from_str(s: &str) -> Result<Resolve, BadResolve> {
        Resolve::parse(s)
    }
}

/// A `--resolve` entry that is not `HOST:PORT:ADDR[:ADDRPORT]`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("--resolve {given:?}: {why} (HOST:PORT:ADDR[:ADDRPORT])")]
pub struct BadResolve {
    /// The entry as given.
    pub given: String,
    /// What is wrong with it.
    pub why: &'static str,
}

impl fmt::Display for Resolve {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.port {
            Some(p) => write!(f, "{}:{p}:{}", self.host, self.addr),
            None => write!(f, "{}:*:{}", self.host, self.addr),
        }
    }
}

/// Splits `FQDN[:port]` (SGP.22 4.1 SM-DP+ address) into host and port.
pub fn split_address(address: &str) -> (&str, u16) {
    match address.rsplit_once(':') {
        Some((host, port)) => match port.parse::<u16>() {
            Ok(p) => (host, p),
            Err(_) => (address, HTTPS_PORT),
        },
        None => (address, HTTPS_PORT),
    }
}

/// The URL of `path` at the server `address`, and the override that applies. With an
/// override the URL carries no port: the connection goes to the override's address (the
/// HTTP client resolves the host to it), the TLS name is still the host.
pub(super) fn url<'r>(
    address: &str,
    path: &str,
    overrides: &'r [Resolve],
) -> (String, Option<&'r Resolve>) {
    let (host, port) = split_address(address);
    match overrides.iter().find(|r| r.applies(host, port)) {
        Some(r) => (format!("https://{host}{path}"), Some(r)),
        None if port == HTTPS_PORT => (format!("https://{host}{path}"), None),
        None => (format!("https://{host}:{port}{path}"), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_parses_curl_forms() {
        let r = Resolve::parse("smdp.example:443:127.0.0.1").unwrap();
        assert_eq!(
            (r.host.as_str(), r.port, r.addr),
            ("smdp.example", Some(443), "127.0.0.1:443".parse().unwrap())
        );
        let r = Resolve::parse("SMDP.example:*:127.0.0.1:8443").unwrap();
        assert_eq!(
            (r.host.as_str(), r.port, r.addr),
            ("smdp.example", None, "127.0.0.1:8443".parse().unwrap())
        );
        let r = Resolve::parse("h:8443:[::1]").unwrap();
        assert_eq!(r.addr, "[::1]:8443".parse().unwrap());
        let r = Resolve::parse("h:1:[::1]:9").unwrap();
        assert_eq!(r.addr, "[::1]:9".parse().unwrap());
        assert!(Resolve::parse("h:443").is_err());
        assert!(Resolve::parse("h:x:127.0.0.1").is_err());
        assert!(Resolve::parse("h:443:not-an-ip").is_err());
        assert!(Resolve::parse(":443:127.0.0.1").is_err());
    }

    #[test]
    fn sgp22_4_1_url_of_an_address_with_and_without_port() {
        assert_eq!(url("smdp.example", "/p", &[]).0, "https://smdp.example/p");
        assert_eq!(
            url("smdp.example:8443", "/p", &[]).0,
            "https://smdp.example:8443/p"
        );
        let o = [Resolve::parse("smdp.example:8443:127.0.0.1:9000").unwrap()];
        let (u, r) = url("smdp.example:8443", "/p", &o);
        assert_eq!(u, "https://smdp.example/p");
        assert_eq!(r.unwrap().addr, "127.0.0.1:9000".parse().unwrap());
        // the override is for port 8443 only
        assert!(url("smdp.example", "/p", &o).1.is_none());
    }
}
