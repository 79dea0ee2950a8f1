//! The ISD-R's SCP81 admin session over the terminal's BIP channel (SGP.02 2.4.4; GP
//! Amendment B 3.8; ETSI TS 102 223 6.4.27–6.4.30, 7.5.10, 7.5.11). A push SMS leaves its
//! trigger with the ISD-R (`sms_pp`); once the terminal has answered what was pending and
//! its TERMINAL PROFILE offers BIP, the ISD-R runs the session through proactive commands:
//!
//! ```text
//! SET UP EVENT LIST (09 Data available, 0A Channel status)
//! OPEN CHANNEL (the trigger's 84 TLVs: TCP client, address, port) ── TR: channel status
//! ┌─ SEND DATA: TLS records out (ClientHello, Finished, POSTs)
//! │  Data available ── RECEIVE DATA ── TR: channel data ──▶ TLS ──▶ HTTP ──▶ script
//! └─ … until 204 No Content (or no Next-URI): close_notify
//! CLOSE CHANNEL
//! ```
//!
//! The TLS client is OpenSSL in this process, keyed with the ISD-R's SCP81 PSK and the
//! SGP.02 identity ([`agent`]); the terminal only moves bytes. A link the terminal reports
//! dropped, a refused handshake or a malformed response ends the session with CLOSE
//! CHANNEL; the SM-SR sends the push again.

mod agent;
mod http;
mod pipe;
pub(crate) mod proactive;

use scp81::Aid;
use scp81::admin::{AdminFrom, ScriptStatus};
use scp81::identity::PskIdentity;
use scp81::trigger::AdminSessionTrigger;

use self::agent::{Agent, AgentError, Step, Target};
use self::proactive::{ChannelEvent, MAX_CHANNEL_DATA};
use crate::euicc::Euicc;

/// Events the session asks the terminal for.
const EVENTS: [u8; 2] = [
    proactive::EVENT_DATA_AVAILABLE,
    proactive::EVENT_CHANNEL_STATUS,
];

/// Whether the TERMINAL PROFILE (TS 102 223 5.2) offers what the session needs: SET UP
/// EVENT LIST (byte 5 b1), the Data available and Channel status events (byte 6 b3, b4),
/// OPEN/CLOSE CHANNEL, RECEIVE/SEND DATA (byte 12 b1–b4), TCP client mode remote (byte 17
/// b1).
pub(crate) fn supports_bip(profile: &[u8]) -> bool {
    let bit = |byte: usize, mask: u8| profile.get(byte - 1).is_some_and(|b| b & mask == mask);
    bit(5, 0x01) && bit(6, 0x0C) && bit(12, 0x0F) && bit(17, 0x01)
}

/// Where the session stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    EventList,
    Opening,
    Open,
    Closing,
}

/// One admin session of the ISD-R.
#[derive(Debug)]
pub(crate) struct BipSession {
    phase: Phase,
    /// The OPEN CHANNEL TLVs.
    parameters: Vec<u8>,
    agent: Agent,
    channel: u8,
    /// Octets the terminal holds for RECEIVE DATA.
    rx_available: usize,
    /// The link is gone or the session failed: close the channel.
    ended: bool,
}

/// Why a trigger opened no session.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum BipError {
    /// The trigger does not decode.
    #[error(transparent)]
    Trigger(#[from] scp81::trigger::TriggerError),
    /// It names no connection, address or admin URI, and the ISD-R stores none.
    #[error("the trigger names no {0}")]
    Missing(&'static str),
    /// The ISD-R has no SCP81 key (of the KVN and key id the trigger names).
    #[error("no such SCP81 key")]
    NoKey,
    /// The EID is not 16 octets.
    #[error("EID")]
    Eid,
    /// The TLS client could not start.
    #[error(transparent)]
    Agent(#[from] AgentError),
}

impl BipSession {
    /// The proactive command the session needs next, numbered `number`; `None` while it
    /// waits for the terminal.
    fn next(&mut self, number: u8) -> Option<Vec<u8>> {
        Some(match self.phase {
            Phase::EventList => proactive::set_up_event_list(number, &EVENTS),
            Phase::Opening => proactive::open_channel(number, &self.parameters),
            Phase::Closing => return None,
            Phase::Open => {
                let out = if self.ended {
                    Vec::new()
                } else {
                    self.agent.outgoing(MAX_CHANNEL_DATA)
                };
                if !out.is_empty() {
                    proactive::send_data(number, self.channel, &out)
                } else if self.rx_available > 0 && !self.ended {
                    let len = self.rx_available.min(MAX_CHANNEL_DATA) as u8;
                    proactive::receive_data(number, self.channel, len)
                } else if self.ended || self.agent.is_done() {
                    self.phase = Phase::Closing;
                    proactive::close_channel(number, self.channel)
                } else {
                    return None;
                }
            }
        })
    }
}

/// General results (TS 102 223 8.12) `0X`: the command was performed.
fn performed(result: u8) -> bool {
    result < 0x10
}

impl Euicc {
    /// The next proactive command of the ISD-R's admin session: one is started from a
    /// waiting push trigger when the terminal offers BIP.
    pub(crate) fn next_bip_command(&mut self, terminal_profile: &[u8]) -> Option<Vec<u8>> {
        if self.m2m_session.bip.is_none() {
            if !supports_bip(terminal_profile) {
                return None;
            }
            let trigger = self.m2m_session.admin_session_trigger.take()?;
            match self.admin_session(&trigger) {
                Ok(s) => self.m2m_session.bip = Some(s),
                Err(e) => {
                    tracing::warn!(error = %e, "SCP81 trigger refused");
                    return None;
                }
            }
        }
        let number = self.m2m_session.upcoming_number();
        let command = self.m2m_session.bip.as_mut()?.next(number)?;
        self.m2m_session.next_number();
        Some(command)
    }

    /// The session a push trigger asks for: its connection and HTTP POST parameters, and
    /// the ISD-R's SCP81 key its security parameters name (`85`: KVN, key id; GP
    /// Amendment B 3.8.2), else the first. The PSK identity is SGP.02's for that key
    /// (2.4.4 Table 4: EID, ISD-R, key id, KVN), which is what the SM-SR looks keys up by.
    fn admin_session(&self, trigger: &[u8]) -> Result<BipSession, BipError> {
        let m2m = self.state.m2m.as_ref().ok_or(BipError::NoKey)?;
        let eid: [u8; 16] = hex::decode(&self.state.eid)
            .ok()
            .and_then(|e| e.try_into().ok())
            .ok_or(BipError::Eid)?;
        let session = AdminSessionTrigger::decode(trigger)?
            .session
            .ok_or(BipError::Missing("session parameters"))?;
        let keys = &m2m.isd_r.scp81;
        let key = match &session.security {
            Some(named) => keys
                .iter()
                .find(|k| k.kvn == named.kvn && k.key_id == named.key_id),
            None => keys.first(),
        }
        .ok_or(BipError::NoKey)?;
        let connection = session
            .connection
            .ok_or(BipError::Missing("connection parameters"))?;
        let destination = connection.destination.ok_or(BipError::Missing("address"))?;
        let post = session.http_post.unwrap_or_default();
        let target = Target {
            host: post.admin_host.unwrap_or_else(|| destination.to_string()),
            admin_uri: post.admin_uri.ok_or(BipError::Missing("admin URI"))?,
            from: post.agent_id.unwrap_or_else(|| {
                AdminFrom {
                    eid,
                    security_domain: Aid::isd_r(),
                }
                .to_string()
            }),
        };
        let identity = PskIdentity::isd_r(eid, key.kvn, key.key_id).to_text();
        Ok(BipSession {
            phase: Phase::EventList,
            parameters: connection.encode(),
            agent: Agent::start(&identity, &key.psk, target)?,
            channel: 0,
            rx_available: 0,
            ended: false,
        })
    }

    /// The TERMINAL RESPONSE to a BIP command of the session (`details`: number, type,
    /// qualifier); `false` when it answers no such command.
    pub(crate) fn bip_response(&mut self, details: [u8; 3], result: u8, data: &[u8]) -> bool {
        let Some(mut s) = self.m2m_session.bip.take() else {
            return false;
        };
        let handled = self.bip_step(&mut s, details[1], result, data);
        // kept unless the response ended it; a response to another command leaves it be
        if handled != Some(false) {
            self.m2m_session.bip = Some(s);
        }
        handled.is_some()
    }

    /// One TERMINAL RESPONSE: `None` when it is not a BIP command's, else whether the
    /// session goes on.
    fn bip_step(&mut self, s: &mut BipSession, kind: u8, result: u8, data: &[u8]) -> Option<bool> {
        let response = proactive::channel_response(data).unwrap_or_default();
        match kind {
            proactive::SET_UP_EVENT_LIST if performed(result) => s.phase = Phase::Opening,
            proactive::OPEN_CHANNEL => match response.channel.filter(|_| performed(result)) {
                Some(channel) => {
                    s.channel = channel;
                    s.phase = Phase::Open;
                }
                None => {
                    tracing::info!(result, "OPEN CHANNEL failed: no admin session");
                    return Some(false);
                }
            },
            proactive::SEND_DATA if !performed(result) => s.ended = true,
            proactive::RECEIVE_DATA => self.received(s, result, &response),
            proactive::CLOSE_CHANNEL => return Some(false),
            proactive::SET_UP_EVENT_LIST => return Some(false),
            proactive::SEND_DATA => {}
            _ => return None,
        }
        Some(true)
    }

    /// Channel data from RECEIVE DATA into the TLS client; scripts that come out run on
    /// the ISD-R and their responses go back.
    fn received(&mut self, s: &mut BipSession, result: u8, r: &proactive::ChannelResponse) {
        if !performed(result) {
            s.ended = true;
            return;
        }
        s.rx_available = usize::from(r.remaining.unwrap_or(0));
        let mut step = s.agent.incoming(&r.data);
        // a server may pipeline: at most a few scripts per RECEIVE DATA
        for _ in 0..8 {
            match step {
                Ok(Step::Script { body, target }) => {
                    let (status, response) = self.run_targeted(target.as_deref(), &body);
                    step = s.agent.respond(status, &response);
                }
                Ok(Step::Continue | Step::Done) => return,
                Err(e) => {
                    tracing::info!(error = %e, "SCP81 admin session failed");
                    s.ended = true;
                    return;
                }
            }
        }
    }

    /// Runs a script on the security domain `X-Admin-Targeted-Application` names (GP
    /// Amendment B 3.4.2): none or the ISD-R's AID, the ISD-R; an ISD-P's, that ISD-P
    /// (ES3.SendData over HTTPS, SGP.02 2.4.4); anything else is not run and answered
    /// `unknown-application` (Amendment B 3.4.1).
    fn run_targeted(&mut self, target: Option<&str>, script: &[u8]) -> (ScriptStatus, Vec<u8>) {
        let aid = match target {
            None => return (ScriptStatus::Ok, self.run_isdr_script(script)),
            Some(t) => t
                .strip_prefix("//aid/")
                .and_then(|t| Aid::from_rid_pix(t).ok()),
        };
        let Some(aid) = aid else {
            return (ScriptStatus::UnknownApplication, Vec::new());
        };
        if aid.as_bytes() == crate::apdu::ISD_R_AID {
            return (ScriptStatus::Ok, self.run_isdr_script(script));
        }
        let ran =
            super::aid::isdp_tar(aid.as_bytes()).and_then(|tar| self.run_isdp_script(tar, script));
        match ran {
            Some(response) => (ScriptStatus::Ok, response),
            None => (ScriptStatus::UnknownApplication, Vec::new()),
        }
    }

    /// A BIP event download; `false` when `data` is none.
    pub(crate) fn bip_event(&mut self, data: &[u8]) -> bool {
        let Some(event) = proactive::channel_event(data) else {
            return false;
        };
        let Some(s) = self.m2m_session.bip.as_mut() else {
            return true;
        };
        match event {
            ChannelEvent::DataAvailable { channel, len } if channel == s.channel => {
                s.rx_available = usize::from(len);
            }
            ChannelEvent::Status { channel, dropped } if channel == s.channel && dropped => {
                s.ended = true;
                s.rx_available = 0;
            }
            _ => {}
        }
        true
    }
}
