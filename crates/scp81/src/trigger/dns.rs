//! The DNS resolution parameters (`B3`, GP Amendment B 3.11): the name of the admin server
//! and how to reach a DNS server.
//!
//! ```text
//! D6 L  FQDN of the remote administration server (kept as sent)
//! FA L  DNS server connection parameters: OPEN CHANNEL TLVs
//! ```

use super::{ConnectionParams, TriggerError, each_once};
use crate::tlv;

const TAG: u8 = 0xB3;
const TAG_FQDN: u8 = 0xD6;
const TAG_CONNECTION: u8 = 0xFA;

/// The DNS resolution parameters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DnsResolution {
    /// The admin server's FQDN (`D6`), as sent.
    pub fqdn: Option<Vec<u8>>,
    /// How to open the channel to the DNS server (`FA`).
    pub connection: Option<ConnectionParams>,
}

impl DnsResolution {
    pub(super) fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        if let Some(f) = &self.fqdn {
            tlv::put(&mut out, TAG_FQDN, f);
        }
        if let Some(c) = &self.connection {
            tlv::put(&mut out, TAG_CONNECTION, &c.encode());
        }
        out
    }

    pub(super) fn decode(v: &[u8]) -> Result<DnsResolution, TriggerError> {
        let mut d = DnsResolution::default();
        each_once(v, TAG, |tag, value| {
            match tag {
                TAG_FQDN => d.fqdn = Some(value.to_vec()),
                TAG_CONNECTION => d.connection = Some(ConnectionParams::decode(value)?),
                _ => return Err(TriggerError::UnexpectedTag { tag, within: TAG }),
            }
            Ok(())
        })?;
        Ok(d)
    }
}
