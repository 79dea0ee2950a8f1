//! What the terminal tells the card and the card asks of the terminal: TERMINAL CAPABILITY
//! (ETSI TS 102 221 11.1.19), TERMINAL PROFILE, FETCH and TERMINAL RESPONSE (11.2.1-11.2.4),
//! and the proactive commands this card issues: REFRESH (ETSI TS 102 223 6.4.7), and for
//! an M2M eUICC SEND SHORT MESSAGE (6.4.10), queued one behind the other.
//!
//! ```text
//! 80 AA 00 00 Lc A9 L { 80 power, 81 extended channels, 82 interfaces, 83 eUICC … }
//! 80 10 00 00 Lc <terminal profile>       byte 3 b8: the terminal supports REFRESH
//! 80 12 00 00 Le                          FETCH: D0 L { 81 03 nn 01 qq, 82 02 81 82 }
//! 80 14 00 00 Lc 81 03 … 82 02 82 81 83 01 rr …
//! ```
//!
//! When the enabled profile changes while the card is powered (an eUICC Package from the
//! eIM, an ES10c.EnableProfile, a fallback), a terminal that announced REFRESH gets a
//! REFRESH in mode '09' ("eUICC Profile State Change", SGP.22 5.7.16/5.7.17): every '9000'
//! becomes '91XX' until it FETCHes the command. The profile's NAA keeps running until the
//! terminal resets the card, as on a real eUICC; a terminal without REFRESH (a PC/SC reader)
//! sees the new profile after its next reset.

use super::tlv;
use crate::apdu::{CommandApdu, StatusWord};

/// REFRESH command qualifier "eUICC Profile State Change" (TS 102 223 8.6).
pub const REFRESH_PROFILE_STATE_CHANGE: u8 = 0x09;

/// What the terminal said about itself and the proactive session.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Terminal {
    /// The contents of the last TERMINAL CAPABILITY ('A9' template and what follows).
    pub capability: Option<Vec<u8>>,
    /// The last TERMINAL PROFILE.
    pub profile: Option<Vec<u8>>,
    /// A proactive command waiting for FETCH.
    pub pending: Option<Vec<u8>>,
    /// The command details of the command fetched and not yet answered.
    pub outstanding: Option<[u8; 3]>,
    /// The last TERMINAL RESPONSE's general result.
    pub last_result: Option<u8>,
    /// The last TERMINAL RESPONSE's data objects, as sent.
    pub last_response: Option<Vec<u8>>,
    /// Proactive commands waiting behind the pending one: each becomes pending once the
    /// terminal has answered the one before (TS 102 221 7.4.2.2: one at a time).
    pub queued: std::collections::VecDeque<Vec<u8>>,
    next_number: u8,
}

impl Terminal {
    /// Whether the terminal profile announces REFRESH (byte 3, b8).
    pub fn supports_refresh(&self) -> bool {
        self.profile
            .as_deref()
            .and_then(|p| p.get(2))
            .is_some_and(|b| b & 0x80 != 0)
    }

    /// Queues a proactive command: pending at once when none is, else after the ones
    /// waiting.
    pub fn queue_command(&mut self, command: Vec<u8>) {
        if self.pending.is_none() && self.outstanding.is_none() {
            self.pending = Some(command);
        } else {
            self.queued.push_back(command);
        }
    }

    /// Queues a REFRESH with `qualifier`, behind any command already waiting.
    pub fn queue_refresh(&mut self, qualifier: u8) {
        self.next_number = self.next_number.wrapping_add(1).max(1);
        let mut body = Vec::new();
        // command details: number, type REFRESH '01', qualifier
        tlv::push(&mut body, 0x81, &[self.next_number, 0x01, qualifier]);
        // device identities: from the UICC '81' to the terminal '82'
        tlv::push(&mut body, 0x82, &[0x81, 0x82]);
        let mut command = Vec::new();
        tlv::push(&mut command, 0xD0, &body);
        self.queue_command(command);
    }

    /// The '91XX' length of the command waiting, if any.
    pub fn pending_len(&self) -> Option<usize> {
        self.pending.as_ref().map(Vec::len)
    }
}

fn p1_p2_zero(cmd: &CommandApdu<'_>) -> Result<(), StatusWord> {
    if cmd.p1 != 0 || cmd.p2 != 0 {
        return Err(StatusWord::INCORRECT_P1_P2);
    }
    Ok(())
}

/// TERMINAL CAPABILITY: one 'A9' template of well-formed TLVs.
pub fn terminal_capability(t: &mut Terminal, cmd: &CommandApdu<'_>) -> Result<Vec<u8>, StatusWord> {
    p1_p2_zero(cmd)?;
    if cmd.data.is_empty() {
        return Err(StatusWord::WRONG_LENGTH);
    }
    match tlv::parse(cmd.data).as_deref() {
        Some([(0xA9, inner), ..]) if tlv::parse(inner).is_some() => {}
        _ => return Err(StatusWord::INCORRECT_DATA),
    }
    t.capability = Some(cmd.data.to_vec());
    Ok(Vec::new())
}

/// TERMINAL PROFILE.
pub fn terminal_profile(t: &mut Terminal, cmd: &CommandApdu<'_>) -> Result<Vec<u8>, StatusWord> {
    p1_p2_zero(cmd)?;
    if cmd.data.is_empty() {
        return Err(StatusWord::WRONG_LENGTH);
    }
    t.profile = Some(cmd.data.to_vec());
    Ok(Vec::new())
}

/// FETCH: the waiting proactive command; Le shorter than it is '6CXX'.
pub fn fetch(t: &mut Terminal, cmd: &CommandApdu<'_>) -> Result<Vec<u8>, StatusWord> {
    p1_p2_zero(cmd)?;
    let Some(command) = &t.pending else {
        return Err(StatusWord::CONDITIONS_NOT_SATISFIED);
    };
    if cmd.has_le && cmd.ne < command.len() && cmd.ne != 256 {
        return Err(StatusWord(0x6C00 | command.len().min(255) as u16));
    }
    let details = tlv::parse(command)
        .and_then(|o| o.first().and_then(|(_, v)| tlv::parse(v)))
        .and_then(|o| o.first().map(|(_, v)| v.to_vec()));
    t.outstanding = details.and_then(|d| <[u8; 3]>::try_from(d.as_slice()).ok());
    Ok(t.pending.take().unwrap_or_default())
}

/// TERMINAL RESPONSE to the command fetched: its command details and a result.
pub fn terminal_response(t: &mut Terminal, cmd: &CommandApdu<'_>) -> Result<Vec<u8>, StatusWord> {
    p1_p2_zero(cmd)?;
    let Some(expected) = t.outstanding else {
        return Err(StatusWord::CONDITIONS_NOT_SATISFIED);
    };
    let objects = tlv::parse(cmd.data).ok_or(StatusWord::INCORRECT_DATA)?;
    // tags may carry the comprehension-required bit (b8)
    let find = |tag: u8| {
        objects
            .iter()
            .find(|(t, _)| t & 0x7F == tag & 0x7F)
            .map(|(_, v)| *v)
    };
    if find(0x81) != Some(&expected[..]) {
        return Err(StatusWord::INCORRECT_DATA);
    }
    let result = find(0x83)
        .and_then(|r| r.first().copied())
        .ok_or(StatusWord::INCORRECT_DATA)?;
    t.outstanding = None;
    t.last_result = Some(result);
    t.last_response = Some(cmd.data.to_vec());
    if t.pending.is_none() {
        t.pending = t.queued.pop_front();
    }
    Ok(Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmd(hex_apdu: &str) -> Vec<u8> {
        hex::decode(hex_apdu).unwrap_or_default()
    }

    #[test]
    fn ts102_223_6_4_7_refresh_fetch_and_terminal_response() {
        let mut t = Terminal::default();
        let apdu = cmd("80100000031FFFFF");
        let c = CommandApdu::parse(&apdu).expect("apdu");
        assert_eq!(terminal_profile(&mut t, &c), Ok(vec![]));
        assert!(t.supports_refresh());
        t.queue_refresh(REFRESH_PROFILE_STATE_CHANGE);
        assert_eq!(t.pending_len(), Some(11));
        let apdu = cmd("801200000B");
        let c = CommandApdu::parse(&apdu).expect("apdu");
        let command = fetch(&mut t, &c).expect("fetched");
        assert_eq!(hex::encode_upper(&command), "D009810301010982028182");
        assert_eq!(t.pending_len(), None);
        let apdu = cmd("801400000C810301010982028281830100");
        let c = CommandApdu::parse(&apdu).expect("apdu");
        assert_eq!(terminal_response(&mut t, &c), Ok(vec![]));
        assert_eq!(t.last_result, Some(0x00));
        assert_eq!(
            terminal_response(&mut t, &c),
            Err(StatusWord::CONDITIONS_NOT_SATISFIED)
        );
    }

    #[test]
    fn ts102_221_11_1_19_terminal_capability_as_an_ipa_sends_it() {
        let mut t = Terminal::default();
        let apdu = cmd("80AA000005A903830107");
        let c = CommandApdu::parse(&apdu).expect("apdu");
        assert_eq!(terminal_capability(&mut t, &c), Ok(vec![]));
        assert_eq!(t.capability.as_deref(), Some(&cmd("A903830107")[..]));
        let apdu = cmd("80AA0000038301FF");
        let c = CommandApdu::parse(&apdu).expect("apdu");
        assert_eq!(
            terminal_capability(&mut t, &c),
            Err(StatusWord::INCORRECT_DATA)
        );
    }
}
