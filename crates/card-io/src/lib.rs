//! Card transports for rsp-lab's LPA and IPA: a real eUICC in a PC/SC reader
//! ([`PcscReader`], feature `pcsc`) or inside a modem reached with `AT+CSIM` over its serial
//! line ([`AtModem`]). Each is a [`CardChannel`]: one command APDU out, one response APDU
//! back; the ES10 client above it ([`lpa::Es10Client`]) does the logical channel,
//! SELECT ISD-R, STORE DATA chaining and GET RESPONSE the same way over every transport.
//!
//! Every failure ends in a [`CardIoError`] that says what happened (no such reader, no card,
//! card removed, the modem silent past its timeout, an answer that is not `+CSIM`); nothing
//! waits without a bound or panics on what the card or the modem sends.
//!
//! ```no_run
//! use lpa::{Lpa, LpaOptions};
//! # fn f() -> Result<(), Box<dyn std::error::Error>> {
//! let card = card_io::open(&card_io::CardSource::Modem("/dev/ttyUSB2".into()))?;
//! let mut lpa = Lpa::open(card, LpaOptions::default())?;
//! for p in lpa.list_profiles()? {
//!     println!("{:?} {}", p.iccid, p.state);
//! }
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]

mod at;
#[cfg(any(feature = "pcsc", test))]
mod bounded;
#[cfg(feature = "pcsc")]
mod pcsc;

use std::path::PathBuf;
use std::time::Duration;

pub use at::{AtModem, CsimAnswerError, DEFAULT_MODEM_TIMEOUT};
use lpa::{CardChannel, TransportError};
#[cfg(feature = "pcsc")]
pub use pcsc::{PcscReader, list_readers};

/// Why a card transport could not be opened or an APDU not exchanged.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CardIoError {
    /// This build has no PC/SC support.
    #[error(
        "this rsp-lab was built without PC/SC support (build it with the cargo feature `pcsc`, \
         which needs libpcsclite-dev)"
    )]
    NoPcsc,
    /// pcscd could not be reached.
    #[error("PC/SC: {0} (is pcscd running?)")]
    PcscService(String),
    /// No reader matches the selector.
    #[error("PC/SC: no reader {selector:?} among {}", readers_text(.readers))]
    NoReader {
        /// The reader asked for: an index or (part of) a name.
        selector: String,
        /// The readers pcscd lists.
        readers: Vec<String>,
    },
    /// The reader has no card.
    #[error("PC/SC: no card in reader {0:?}")]
    NoCard(String),
    /// The reader gave no answer to a command within the timeout (pcscd or the reader
    /// hangs); the reader is given up.
    #[error("PC/SC: reader {reader:?} gave no answer within {} s", .timeout.as_secs())]
    ReaderTimeout {
        /// The reader's name.
        reader: String,
        /// How long the command was waited for.
        timeout: Duration,
    },
    /// The card was removed (or the reader unplugged) while in use, or stopped answering.
    #[error("PC/SC: the card in reader {0:?} was removed or stopped answering")]
    Removed(String),
    /// Another PC/SC failure, with pcsc-lite's words.
    #[error("PC/SC reader {reader:?}: {detail}")]
    Pcsc {
        /// The reader's name.
        reader: String,
        /// pcsc-lite's description of the failure.
        detail: String,
    },
    /// The modem's device could not be opened or set up.
    #[error("modem {path}: {detail}")]
    ModemOpen {
        /// The modem's device path.
        path: String,
        /// Why it could not be opened or set up.
        detail: String,
    },
    /// Reading or writing the modem's line failed (unplugged, closed).
    #[error("modem {path}: {detail}")]
    ModemIo {
        /// The modem's device path.
        path: String,
        /// The I/O failure.
        detail: String,
    },
    /// The modem gave no final result within the timeout.
    #[error("modem {path}: no answer to {command} within {} s", .timeout.as_secs_f32())]
    ModemTimeout {
        /// The modem's device path.
        path: String,
        /// The AT command that went unanswered.
        command: String,
        /// How long its final result was waited for.
        timeout: Duration,
    },
    /// The modem refused the command (`ERROR`, `+CME ERROR: …`).
    #[error("modem {path}: {command} refused: {answer}")]
    ModemRefused {
        /// The modem's device path.
        path: String,
        /// The AT command it refused.
        command: String,
        /// Its final result (`ERROR`, `+CME ERROR: …`).
        answer: String,
    },
    /// The modem answered something that is not what `AT+CSIM` returns.
    #[error("modem {path}: unusable answer to AT+CSIM: {detail}")]
    ModemAnswer {
        /// The modem's device path.
        path: String,
        /// What was wrong with the answer.
        #[source]
        detail: CsimAnswerError,
    },
}

fn readers_text(readers: &[String]) -> String {
    if readers.is_empty() {
        return "none (no reader connected)".into();
    }
    readers
        .iter()
        .enumerate()
        .map(|(i, r)| format!("{i}: {r:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl From<CardIoError> for TransportError {
    fn from(e: CardIoError) -> Self {
        TransportError(e.to_string())
    }
}

/// Where the card is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CardSource {
    /// A PC/SC reader: its index in pcsc-lite's list (`0`), or its name or a part of it.
    Reader(String),
    /// A modem's serial device (`/dev/ttyUSB2`), reached with `AT+CSIM`.
    Modem(PathBuf),
}

/// A card transport, boxed: what `rsp-lab lpa` and `rsp-lab ipa` drive.
pub type BoxedChannel = Box<dyn CardChannel + Send>;

/// Opens the card `source` names ([`DEFAULT_MODEM_TIMEOUT`] for a modem).
pub fn open(source: &CardSource) -> Result<BoxedChannel, CardIoError> {
    open_with(source, DEFAULT_MODEM_TIMEOUT)
}

/// Opens the card `source` names; a modem answers each command within `modem_timeout`.
pub fn open_with(
    source: &CardSource,
    modem_timeout: Duration,
) -> Result<BoxedChannel, CardIoError> {
    match source {
        CardSource::Modem(path) => Ok(Box::new(AtModem::open(path, modem_timeout)?)),
        #[cfg(feature = "pcsc")]
        CardSource::Reader(selector) => Ok(Box::new(PcscReader::connect(selector)?)),
        #[cfg(not(feature = "pcsc"))]
        CardSource::Reader(_) => Err(CardIoError::NoPcsc),
    }
}
