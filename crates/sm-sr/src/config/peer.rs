//! The other SM-SRs this one talks ES7 with during an SM-SR change (SGP.02 3.8, 5.7): each
//! named by its SM-SR identifier, reached at its ES7 URL over mutual TLS.
//!
//! ```toml
//! [[peer]]
//! id = "smsr2.rsp-lab.test"                           # the peer's SM-SR identifier
//! url = "https://smsr2.rsp-lab.test:8460/gsma/smsr/ES7"
//! resolve = "127.0.0.1:8460"                          # optional: connect here instead
//! ```

use std::net::SocketAddr;

use serde::Deserialize;

use super::ConfigError;

/// Bound on an identifier or URL of the configuration.
const MAX_FIELD: usize = 255;

/// A peer SM-SR.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeerSmSr {
    /// Its SM-SR identifier (as the EIS's `Smsr-id` and ES4 SMSRChange's target name it).
    pub id: String,
    /// Its ES7 endpoint, `https://…/gsma/smsr/ES7`.
    pub url: String,
    /// Where to connect instead of resolving the URL's host (the URL's host stays the TLS
    /// server name).
    pub resolve: Option<SocketAddr>,
}

impl PeerSmSr {
    /// Checks the entry: a non-empty bounded id, an `https://` URL.
    pub fn check(&self) -> Result<(), ConfigError> {
        let bad = |why: &str| ConfigError::Option(format!("[[peer]] {:?}: {why}", self.id));
        if self.id.is_empty() || self.id.len() > MAX_FIELD {
            return Err(bad("id of 1 to 255 octets expected"));
        }
        if !self.url.starts_with("https://") || self.url.len() > MAX_FIELD {
            return Err(bad("url must be https:// and at most 255 octets"));
        }
        Ok(())
    }
}

/// Checks every entry and that no identifier appears twice.
pub(super) fn check_peers(peers: &[PeerSmSr]) -> Result<(), ConfigError> {
    for (i, p) in peers.iter().enumerate() {
        p.check()?;
        if peers[..i].iter().any(|q| q.id == p.id) {
            return Err(ConfigError::Option(format!(
                "[[peer]] {:?} given twice",
                p.id
            )));
        }
    }
    Ok(())
}
