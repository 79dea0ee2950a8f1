//! The Administration Session Triggering Parameters (GP Card Specification Amendment B
//! Table 3-3): what the SM-SR sends the ISD-R, in an SCP80-secured SMS, to make the card
//! open an admin session over HTTPS (SGP.02 2.4.4); and what the card reads to open the
//! channel.
//!
//! ```text
//! 81 L  Administration session triggering parameters
//!   83 L  Admin session parameters
//!     84 L  Connection parameters: OPEN CHANNEL TLVs       (Amd B 3.8.1)
//!     85 L  Security parameters: L PSK-id | 02 KVN KeyID   (Amd B 3.8.2)
//!     A5 L  Extended security parameters                    (Amd B Table 3-3)
//!     86 L  Retry policy: counter | A5 03 timer | [report]  (Amd B 3.8.3)
//!     89 L  HTTP POST parameters
//!       8A L  administration host                           (Amd B 3.8.4)
//!       8B L  agent ID                                      (Amd B 3.8.5)
//!       8C L  administration URI                            (Amd B 3.8.6)
//!   B3 L  DNS resolution parameters { D6 FQDN | FA connection } (Amd B 3.11)
//! ```
//!
//! Tags and nesting agree in three independent codes: osmocom pySim
//! (`global_platform/http.py`), bagyenda/njiwa (`RamHttp`) and denom's
//! `SCP81SessionParams`; the field order of the security parameters in pySim's and
//! denom's (see [`SecurityParams`]). `81 00`, no admin session parameters, asks the card
//! to use the ones it stores (njiwa's "default configuration"; not confirmed from the
//! Amendment's text).

mod connection;
mod dns;
mod error;
mod http_post;
mod retry;
mod security;

pub use connection::{ConnectionParams, TransportProtocol};
pub use dns::DnsResolution;
pub use error::TriggerError;
pub use http_post::HttpPostParams;
pub use retry::{RetryPolicy, TimerValue};
pub use security::SecurityParams;

use crate::tlv::{self, Reader};

/// The longest trigger read: far more than the secured data of a concatenated SMS holds.
pub const MAX_TRIGGER: usize = 1024;

const TAG_TRIGGER: u8 = 0x81;
const TAG_SESSION: u8 = 0x83;
const TAG_CONNECTION: u8 = 0x84;
const TAG_SECURITY: u8 = 0x85;
const TAG_RETRY: u8 = 0x86;
const TAG_HTTP_POST: u8 = 0x89;
const TAG_EXTENDED_SECURITY: u8 = 0xA5;
const TAG_DNS: u8 = 0xB3;

/// The Administration Session Triggering Parameters (`81`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AdminSessionTrigger {
    /// The admin session parameters (`83`); `None` sends `81 00` or `81 { B3 }`.
    pub session: Option<AdminSessionParams>,
    /// The DNS resolution parameters (`B3`).
    pub dns: Option<DnsResolution>,
}

/// The admin session parameters (`83`), each optional.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AdminSessionParams {
    /// How to open the channel (`84`).
    pub connection: Option<ConnectionParams>,
    /// Which key to use (`85`).
    pub security: Option<SecurityParams>,
    /// The extended security parameters (`A5`), kept as sent.
    pub extended_security: Option<Vec<u8>>,
    /// When to retry (`86`).
    pub retry: Option<RetryPolicy>,
    /// Where to POST (`89`).
    pub http_post: Option<HttpPostParams>,
}

impl AdminSessionTrigger {
    /// The `81` TLV.
    pub fn encode(&self) -> Vec<u8> {
        let mut inner = Vec::new();
        if let Some(s) = &self.session {
            tlv::put(&mut inner, TAG_SESSION, &s.encode());
        }
        if let Some(d) = &self.dns {
            tlv::put(&mut inner, TAG_DNS, &d.encode());
        }
        let mut out = Vec::with_capacity(inner.len() + 3);
        tlv::put(&mut out, TAG_TRIGGER, &inner);
        out
    }

    /// Reads one `81` TLV, with nothing after it, of at most [`MAX_TRIGGER`] octets.
    pub fn decode(data: &[u8]) -> Result<AdminSessionTrigger, TriggerError> {
        if data.len() > MAX_TRIGGER {
            return Err(TriggerError::TooLong(data.len()));
        }
        let mut r = Reader::new(data);
        let top = r.next_tlv()?.ok_or(TriggerError::Missing(TAG_TRIGGER))?;
        if top.tag != TAG_TRIGGER {
            return Err(TriggerError::UnexpectedTag {
                tag: top.tag,
                within: 0,
            });
        }
        if r.next_tlv()?.is_some() {
            return Err(TriggerError::Trailing);
        }
        let mut trigger = AdminSessionTrigger::default();
        each_once(top.value, TAG_TRIGGER, |tag, value| {
            match tag {
                TAG_SESSION => trigger.session = Some(AdminSessionParams::decode(value)?),
                TAG_DNS => trigger.dns = Some(DnsResolution::decode(value)?),
                _ => {
                    return Err(TriggerError::UnexpectedTag {
                        tag,
                        within: TAG_TRIGGER,
                    });
                }
            }
            Ok(())
        })?;
        Ok(trigger)
    }
}

impl AdminSessionParams {
    /// The value of `83`, in the order of Table 3-3.
    fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        if let Some(c) = &self.connection {
            tlv::put(&mut out, TAG_CONNECTION, &c.encode());
        }
        if let Some(s) = &self.security {
            tlv::put(&mut out, TAG_SECURITY, &s.encode());
        }
        if let Some(x) = &self.extended_security {
            tlv::put(&mut out, TAG_EXTENDED_SECURITY, x);
        }
        if let Some(r) = &self.retry {
            tlv::put(&mut out, TAG_RETRY, &r.encode());
        }
        if let Some(h) = &self.http_post {
            tlv::put(&mut out, TAG_HTTP_POST, &h.encode());
        }
        out
    }

    fn decode(value: &[u8]) -> Result<AdminSessionParams, TriggerError> {
        let mut p = AdminSessionParams::default();
        each_once(value, TAG_SESSION, |tag, v| {
            match tag {
                TAG_CONNECTION => p.connection = Some(ConnectionParams::decode(v)?),
                TAG_SECURITY => p.security = Some(SecurityParams::decode(v)?),
                TAG_EXTENDED_SECURITY => p.extended_security = Some(v.to_vec()),
                TAG_RETRY => p.retry = Some(RetryPolicy::decode(v)?),
                TAG_HTTP_POST => p.http_post = Some(HttpPostParams::decode(v)?),
                _ => {
                    return Err(TriggerError::UnexpectedTag {
                        tag,
                        within: TAG_SESSION,
                    });
                }
            }
            Ok(())
        })?;
        Ok(p)
    }
}

/// Calls `f` with each TLV of `value` (the value of `within`), refusing a tag seen twice.
pub(crate) fn each_once<F>(value: &[u8], within: u8, mut f: F) -> Result<(), TriggerError>
where
    F: FnMut(u8, &[u8]) -> Result<(), TriggerError>,
{
    let mut seen = Vec::new();
    let mut r = Reader::new(value);
    while let Some(t) = r.next_tlv()? {
        if seen.contains(&t.tag) {
            return Err(TriggerError::Duplicate { tag: t.tag, within });
        }
        seen.push(t.tag);
        f(t.tag, t.value)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
