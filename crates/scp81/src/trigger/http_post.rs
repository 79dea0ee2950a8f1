//! The HTTP POST parameters (`89`, GP Amendment B 3.8.4 to 3.8.6): where the agent posts.

use super::{TriggerError, each_once};
use crate::tlv;

const TAG: u8 = 0x89;
const TAG_HOST: u8 = 0x8A;
const TAG_AGENT_ID: u8 = 0x8B;
const TAG_URI: u8 = 0x8C;

/// The HTTP POST parameters, each optional, each UTF-8 text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpPostParams {
    /// The administration host (`8A`), the `Host` header's value.
    pub admin_host: Option<String>,
    /// The agent ID (`8B`), the `X-Admin-From` header's value.
    pub agent_id: Option<String>,
    /// The administration URI (`8C`), where the first POST goes.
    pub admin_uri: Option<String>,
}

impl HttpPostParams {
    pub(super) fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for (tag, text) in [
            (TAG_HOST, &self.admin_host),
            (TAG_AGENT_ID, &self.agent_id),
            (TAG_URI, &self.admin_uri),
        ] {
            if let Some(t) = text {
                tlv::put(&mut out, tag, t.as_bytes());
            }
        }
        out
    }

    pub(super) fn decode(v: &[u8]) -> Result<HttpPostParams, TriggerError> {
        let mut p = HttpPostParams::default();
        each_once(v, TAG, |tag, value| {
            let text = String::from_utf8(value.to_vec()).map_err(|_| TriggerError::Utf8(tag))?;
            match tag {
                TAG_HOST => p.admin_host = Some(text),
                TAG_AGENT_ID => p.agent_id = Some(text),
                TAG_URI => p.admin_uri = Some(text),
                _ => return Err(TriggerError::UnexpectedTag { tag, within: TAG }),
            }
            Ok(())
        })?;
        Ok(p)
    }
}
