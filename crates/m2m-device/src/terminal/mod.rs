//! The terminal's side of the card interface (ETSI TS 102 223, 3GPP TS 31.111; the APDUs of
//! ETSI TS 102 221 10 and 11): what an M2M Device's modem does with its eUICC when a short
//! message arrives, when the card has a proactive command, and after a reset.
//!
//! ```text
//! 80 10 00 00 Lc <terminal profile>            TERMINAL PROFILE (TS 102 221 11.2.1)
//! 80 C2 00 00 Lc D1 … | D6 …                   ENVELOPE: SMS-PP download, event download
//! 80 12 00 00 Le                               FETCH after '91 XX'
//!   (REFRESH, SEND SHORT MESSAGE; BIP: SET UP EVENT LIST, OPEN/CLOSE CHANNEL, SEND/RECEIVE DATA)
//! 80 14 00 00 Lc 81 03 … 82 02 82 81 83 01 rr  TERMINAL RESPONSE
//! 00 C0 00 00 Le                               GET RESPONSE after '61 XX'
//! ```

pub mod channel;
mod download;
mod event;
mod imsi;
mod proactive;

pub use channel::ChannelCommand;
pub use download::Download;
pub use event::LocationStatus;
pub use proactive::{CommandDetails, GeneralResult, Proactive};

use lpa::{CardChannel, TransportError};

/// The TERMINAL PROFILE this terminal sends (ETSI TS 102 223 5.2, 3GPP TS 31.111 5.2):
/// byte 1 profile download and SMS-PP data download; byte 2 command result; byte 3 REFRESH;
/// byte 4 SEND SHORT MESSAGE; byte 5 SET UP EVENT LIST and the location status event;
/// byte 6 the Data available and Channel status events; byte 12 OPEN CHANNEL, CLOSE
/// CHANNEL, RECEIVE DATA, SEND DATA, GET CHANNEL STATUS; byte 13 GPRS and one channel
/// (b6–b8); byte 17 TCP, UICC in client mode, remote connection.
pub const TERMINAL_PROFILE: [u8; 17] = [
    0x03, 0x01, 0x80, 0x02, 0x11, 0x0C, 0x00, 0x00, 0x00, 0x00, 0x00, 0x1F, 0x22, 0x00, 0x00, 0x00,
    0x01,
];

/// The most response data the terminal collects for one command (GET RESPONSE chained):
/// a PoR is at most 140 octets per short message; the bound only stops a card that never
/// ends.
const MAX_RESPONSE: usize = 4096;

/// Why the terminal could not do what it was asked.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TerminalError {
    /// The card could not be reached at all.
    #[error("card transport: {0}")]
    Transport(#[from] TransportError),
    /// The card answered with fewer than two bytes.
    #[error("the card's answer has no status word")]
    NoStatusWord,
    /// The card answered a command with an unexpected status word.
    #[error("{command} answered {sw:04X}")]
    Status {
        /// The command, for the message.
        command: &'static str,
        /// The status word.
        sw: u16,
    },
    /// The card kept answering `61 XX` past the octets a response may have.
    #[error("the card's response data runs past {MAX_RESPONSE} octets")]
    ResponseTooLong,
    /// What the card sent could not be read.
    #[error("malformed {0} from the card")]
    Malformed(&'static str),
    /// An envelope would exceed the 255 octets of a short APDU.
    #[error("envelope over 255 octets")]
    EnvelopeTooLong,
    /// A TPDU could not be built.
    #[error("TPDU: {0}")]
    Tpdu(#[from] ota::sms::TpduError),
    /// The envelope could not be built.
    #[error("envelope: {0}")]
    Envelope(#[from] ota::envelope::EnvelopeError),
}

/// A response APDU split into data and status word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Answer {
    pub(crate) data: Vec<u8>,
    pub(crate) sw: u16,
}

/// The terminal in front of one card.
pub struct Terminal<C> {
    card: C,
    /// The length of the proactive command the card announced with `91 XX`, not yet fetched.
    pending: Option<u8>,
}

impl<C: CardChannel> Terminal<C> {
    /// A terminal in front of `card`; call [`Terminal::power_on`] before anything else.
    pub fn new(card: C) -> Terminal<C> {
        Terminal {
            card,
            pending: None,
        }
    }

    /// The card, given back.
    pub fn into_card(self) -> C {
        self.card
    }

    /// The card, for the caller's own APDUs.
    pub fn card(&mut self) -> &mut C {
        &mut self.card
    }

    /// Resets the card where the transport can (a REFRESH in "eUICC Profile State Change"
    /// mode asks for it, TS 102 223 6.4.7), then tells the card what this terminal
    /// supports (TERMINAL PROFILE, TS 102 221 11.2.1), as after every reset.
    pub fn power_on(&mut self) -> Result<(), TerminalError> {
        self.pending = None;
        self.card.reset()?;
        let mut apdu = vec![0x80, 0x10, 0x00, 0x00, TERMINAL_PROFILE.len() as u8];
        apdu.extend_from_slice(&TERMINAL_PROFILE);
        let answer = self.exchange(&apdu)?;
        expect_ok("TERMINAL PROFILE", answer.sw)
    }

    /// Whether the card has announced a proactive command not yet fetched.
    pub fn proactive_pending(&self) -> bool {
        self.pending.is_some()
    }

    /// STATUS (TS 102 221 11.1.2), which a terminal sends while idle: the card answers
    /// `91 XX` when it has a proactive command (a notification to send again, say).
    pub fn status(&mut self) -> Result<(), TerminalError> {
        let answer = self.exchange(&[0x80, 0xF2, 0x00, 0x0C, 0x00])?;
        expect_ok("STATUS", answer.sw)
    }

    /// Sends one APDU, collects response data announced with `61 XX` (GET RESPONSE) and
    /// notes a `91 XX` (proactive command pending) in the answer.
    pub(crate) fn exchange(&mut self, apdu: &[u8]) -> Result<Answer, TerminalError> {
        let mut answer = split(self.card.transmit(apdu)?)?;
        let mut data = std::mem::take(&mut answer.data);
        while answer.sw >> 8 == 0x61 {
            let le = (answer.sw & 0xFF) as u8;
            answer = split(self.card.transmit(&[0x00, 0xC0, 0x00, 0x00, le])?)?;
            data.append(&mut answer.data);
            if data.len() > MAX_RESPONSE {
                return Err(TerminalError::ResponseTooLong);
            }
        }
        if answer.sw >> 8 == 0x91 {
            self.pending = Some((answer.sw & 0xFF) as u8);
        }
        Ok(Answer {
            data,
            sw: answer.sw,
        })
    }
}

/// `9000`, or `91 XX` (normal ending with a proactive command pending), is success.
pub(crate) fn expect_ok(command: &'static str, sw: u16) -> Result<(), TerminalError> {
    if sw == 0x9000 || sw >> 8 == 0x91 {
        Ok(())
    } else {
        Err(TerminalError::Status { command, sw })
    }
}

fn split(mut response: Vec<u8>) -> Result<Answer, TerminalError> {
    if response.len() < 2 {
        return Err(TerminalError::NoStatusWord);
    }
    let sw2 = response.pop().unwrap_or_default();
    let sw1 = response.pop().unwrap_or_default();
    Ok(Answer {
        data: response,
        sw: u16::from_be_bytes([sw1, sw2]),
    })
}
