//! SM-DP+ (and SM-DS) address: an FQDN, optionally with a port (SGP.22 4.1 Activation Code,
//! 5.6.1 `smdpAddress`, ES10a `defaultDpAddress`).
//!
//! ```text
//! FQDN: domain labels separated by '.'; labels of letters, digits and '-'
//! SM-DP+ address in an Activation Code: <FQDN>[:<port>]
//! 5.6.1: the SM-DP+ compares the received smdpAddress with its own case-insensitively
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Most characters of a host name (RFC 1035 2.3.4).
pub const FQDN_MAX_CHARS: usize = 253;

/// What is wrong with an SM-DP+ address.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SmdpAddressError {
    /// Empty host.
    #[error("SM-DP+ address is empty")]
    Empty,
    /// Longer than 253 characters.
    #[error("SM-DP+ address host has {found} characters, at most 253 are allowed")]
    TooLong { found: usize },
    /// An empty label (`a..b`, a leading or trailing dot) or a label over 63 characters.
    #[error("SM-DP+ address has an empty or over-long label")]
    Label,
    /// A character outside letters, digits, `-` and `.`.
    #[error("SM-DP+ address character {position} ({found:?}) is not allowed in an FQDN")]
    Character { position: usize, found: char },
    /// A label begins or ends with `-`.
    #[error("SM-DP+ address label begins or ends with '-'")]
    Hyphen,
    /// The port is not a number in 1..=65535.
    #[error("SM-DP+ address port {0:?} is not in 1..=65535")]
    Port(String),
}

/// An SM-DP+ address: host (FQDN or dotted IPv4) and optional port.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SmdpAddress {
    text: String,
    host_len: usize,
    port: Option<u16>,
}

impl SmdpAddress {
    /// Parses `host[:port]`.
    pub fn parse(s: &str) -> Result<SmdpAddress, SmdpAddressError> {
        let (host, port) = match s.rsplit_once(':') {
            Some((host, port)) => {
                let p = port
                    .parse::<u16>()
                    .ok()
                    .filter(|p| *p != 0 && port.bytes().all(|b| b.is_ascii_digit()))
                    .ok_or_else(|| SmdpAddressError::Port(port.to_owned()))?;
                (host, Some(p))
            }
            None => (s, None),
        };
        check_host(host)?;
        Ok(SmdpAddress {
            text: s.to_owned(),
            host_len: host.len(),
            port,
        })
    }

    /// The host part.
    pub fn host(&self) -> &str {
        &self.text[..self.host_len]
    }

    /// The port, if given.
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// The address as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// SGP.22 5.6.1 comparison: ASCII case-insensitive on the whole address.
    pub fn matches(&self, other: &str) -> bool {
        self.text.eq_ignore_ascii_case(other)
    }
}

fn check_host(host: &str) -> Result<(), SmdpAddressError> {
    if host.is_empty() {
        return Err(SmdpAddressError::Empty);
    }
    if let Some((position, found)) = host
        .chars()
        .enumerate()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '.'))
    {
        return Err(SmdpAddressError::Character { position, found });
    }
    if host.len() > FQDN_MAX_CHARS {
        return Err(SmdpAddressError::TooLong { found: host.len() });
    }
    for label in host.split('.') {
        if label.is_empty() || label.len() > 63 {
            return Err(SmdpAddressError::Label);
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(SmdpAddressError::Hyphen);
        }
    }
    Ok(())
}

impl fmt::Display for SmdpAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for SmdpAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SmdpAddress({})", self.text)
    }
}

impl FromStr for SmdpAddress {
    type Err = SmdpAddressError;
    fn from_str(s: &str) -> Result<SmdpAddress, SmdpAddressError> {
        SmdpAddress::parse(s)
    }
}

impl AsRef<str> for SmdpAddress {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

/// JSON form: the text (ES9+ `smdpAddress`, ES2+ `smdpAddress`/`smdsAddress`).
impl Serialize for SmdpAddress {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for SmdpAddress {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<SmdpAddress, D::Error> {
        let s = String::deserialize(d)?;
        SmdpAddress::parse(&s).map_err(serde::de::Error::custom)
    }
}
