//! Proactive commands (ETSI TS 102 223 6): FETCH after the card's `91 XX`, the commands this
//! terminal runs, and the TERMINAL RESPONSE that says how it went.

use ota::envelope::SendShortMessage;

use super::channel::{self, ChannelCommand};
use super::{Terminal, TerminalError, expect_ok};
use lpa::CardChannel;

/// Proactive command template tag (TS 102 223 9.2).
const TAG_PROACTIVE: u8 = 0xD0;
/// Command details tag, with and without the comprehension-required bit (9.3).
const TAG_COMMAND_DETAILS: u8 = 0x01;
/// Type of command: REFRESH (9.4).
const COMMAND_REFRESH: u8 = 0x01;
/// Type of command: SEND SHORT MESSAGE (9.4).
const COMMAND_SEND_SHORT_MESSAGE: u8 = 0x13;

/// The command details of a proactive command (TS 102 223 8.6): number, type, qualifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommandDetails {
    /// The command number.
    pub number: u8,
    /// The type of command.
    pub kind: u8,
    /// The command qualifier.
    pub qualifier: u8,
}

/// A proactive command fetched from the card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Proactive {
    /// SEND SHORT MESSAGE (6.4.10): an MO short message to submit (a PoR, a notification).
    SendShortMessage(CommandDetails, SendShortMessage),
    /// REFRESH (6.4.7): the card changed what it holds; qualifier `09` is "eUICC Profile
    /// State Change" (8.6), after which the terminal resets the card.
    Refresh(CommandDetails),
    /// A BIP command (6.4.16 SET UP EVENT LIST, 6.4.27–6.4.31 the channel commands).
    Channel(CommandDetails, ChannelCommand),
    /// A command this terminal does not run; it answers "command beyond terminal's
    /// capabilities".
    Other(CommandDetails),
}

impl Proactive {
    /// The command details, for the TERMINAL RESPONSE.
    pub fn details(&self) -> CommandDetails {
        match self {
            Proactive::SendShortMessage(d, _)
            | Proactive::Refresh(d)
            | Proactive::Channel(d, _)
            | Proactive::Other(d) => *d,
        }
    }
}

/// The general result of a TERMINAL RESPONSE (TS 102 223 8.12).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum GeneralResult {
    /// `00` command performed successfully.
    Ok,
    /// `20` terminal currently unable to process command.
    TerminalUnable,
    /// `21` network currently unable to process command (no service).
    NetworkUnable,
    /// `30` command beyond terminal's capabilities.
    BeyondCapabilities,
    /// `35` SMS RP-ERROR.
    SmsRpError,
    /// `02` command performed, with missing information (RECEIVE DATA of fewer octets than
    /// asked).
    MissingInformation,
    /// `3A` Bearer Independent Protocol error, with its additional information (8.12.11:
    /// `00` no specific cause, `02` channel closed).
    Bip(u8),
}

impl GeneralResult {
    /// The result byte.
    pub fn code(self) -> u8 {
        match self {
            GeneralResult::Ok => 0x00,
            GeneralResult::TerminalUnable => 0x20,
            GeneralResult::NetworkUnable => 0x21,
            GeneralResult::BeyondCapabilities => 0x30,
            GeneralResult::SmsRpError => 0x35,
            GeneralResult::MissingInformation => 0x02,
            GeneralResult::Bip(_) => 0x3A,
        }
    }
}

impl<C: CardChannel> Terminal<C> {
    /// FETCH (TS 102 221 11.2.3) the command the card announced, if it announced one.
    pub fn fetch(&mut self) -> Result<Option<Proactive>, TerminalError> {
        let Some(len) = self.pending.take() else {
            return Ok(None);
        };
        let answer = self.exchange(&[0x80, 0x12, 0x00, 0x00, len])?;
        expect_ok("FETCH", answer.sw)?;
        parse(&answer.data).map(Some)
    }

    /// TERMINAL RESPONSE (TS 102 221 11.2.4; TS 102 223 6.8) to the command `details`.
    pub fn respond(
        &mut self,
        details: CommandDetails,
        result: GeneralResult,
    ) -> Result<(), TerminalError> {
        self.respond_with(details, result, &[])
    }

    /// TERMINAL RESPONSE with the data objects `objects` after the result (a channel
    /// status, channel data, channel data length: TS 102 223 6.8).
    pub fn respond_with(
        &mut self,
        details: CommandDetails,
        result: GeneralResult,
        objects: &[u8],
    ) -> Result<(), TerminalError> {
        let mut body = vec![
            0x81,
            0x03,
            details.number,
            details.kind,
            details.qualifier,
            0x82,
            0x02,
            0x82,
            0x81,
        ];
        match result {
            GeneralResult::Bip(info) => body.extend([0x83, 0x02, result.code(), info]),
            _ => body.extend([0x83, 0x01, result.code()]),
        }
        body.extend_from_slice(objects);
        let len = u8::try_from(body.len()).map_err(|_| TerminalError::EnvelopeTooLong)?;
        let mut apdu = vec![0x80, 0x14, 0x00, 0x00, len];
        apdu.extend_from_slice(&body);
        let answer = self.exchange(&apdu)?;
        expect_ok("TERMINAL RESPONSE", answer.sw)
    }
}

/// Reads a proactive command: `D0 L { 81 03 nn tt qq | … }`.
fn parse(bytes: &[u8]) -> Result<Proactive, TerminalError> {
    let malformed = || TerminalError::Malformed("proactive command");
    let (&tag, rest) = bytes.split_first().ok_or_else(malformed)?;
    if tag != TAG_PROACTIVE {
        return Err(malformed());
    }
    let (len, body) = match rest {
        [0x81, len, body @ ..] => (usize::from(*len), body),
        [len, body @ ..] if *len < 0x80 => (usize::from(*len), body),
        _ => return Err(malformed()),
    };
    let body = body.get(..len).ok_or_else(malformed)?;
    let details = match body {
        [t, 3, number, kind, qualifier, ..] if t & 0x7F == TAG_COMMAND_DETAILS => CommandDetails {
            number: *number,
            kind: *kind,
            qualifier: *qualifier,
        },
        _ => return Err(malformed()),
    };
    Ok(match details.kind {
        COMMAND_SEND_SHORT_MESSAGE => {
            Proactive::SendShortMessage(details, SendShortMessage::parse(bytes)?)
        }
        COMMAND_REFRESH => Proactive::Refresh(details),
        kind => match channel::objects(body).and_then(|o| channel::command(kind, &o)) {
            Some(c) => Proactive::Channel(details, c),
            None => Proactive::Other(details),
        },
    })
}
