//! [`PcscReader`]: a card in a PC/SC reader, through pcsc-lite (pcscd).
//!
//! The card is connected shared, T=0 or T=1 as the card offers. pcsc-lite hands back the
//! card's status words as they are (`61xx` and `6Cxx` included); the ES10 client above
//! answers them (GET RESPONSE, the command again with Le). The reader is the terminal here,
//! so the LPA announces itself with TERMINAL CAPABILITY
//! ([`lpa::Es10Options::terminal_capability`]). On close the card is left as it
//! is (no reset): the logical channel was closed by the ES10 client.
//!
//! A terminal that must reset the card ([`CardChannel::reset`], e.g. after a REFRESH in
//! UICC reset mode, ETSI TS 102 223 6.4.7) reconnects with `SCARD_RESET_CARD` (PC/SC part
//! 5, `SCardReconnect`: a warm reset) and reads the new ATR from `SCardStatus`.

use std::ffi::CString;

use lpa::{CardChannel, TransportError};
use pcsc::{Context, Disposition, Error, MAX_BUFFER_SIZE_EXTENDED, Protocols, Scope, ShareMode};

use crate::CardIoError;
use crate::bounded::{Bounded, BoundedExchange};

/// How long a card in a reader may take to answer one command (the last block of a
/// download installs the profile: seconds on a real card); past it the reader is given up.
pub(crate) const READER_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// The names of the PC/SC readers, in pcsc-lite's order (the index `--reader N` takes).
pub fn list_readers() -> Result<Vec<String>, CardIoError> {
    let context = establish()?;
    names(&context)
}

fn establish() -> Result<Context, CardIoError> {
    Context::establish(Scope::User).map_err(|e| CardIoError::PcscService(e.to_string()))
}

fn names(context: &Context) -> Result<Vec<String>, CardIoError> {
    match context.list_readers_owned() {
        Ok(readers) => Ok(readers
            .into_iter()
            .map(|r| r.to_string_lossy().into_owned())
            .collect()),
        Err(Error::NoReadersAvailable) => Ok(Vec::new()),
        Err(e) => Err(CardIoError::PcscService(e.to_string())),
    }
}

/// The reader `selector` names: an index into the list, the exact name, or the only name
/// that contains it.
fn choose(selector: &str, readers: &[String]) -> Option<usize> {
    if let Ok(i) = selector.parse::<usize>() {
        return (i < readers.len()).then_some(i);
    }
    if let Some(i) = readers.iter().position(|r| r == selector) {
        return Some(i);
    }
    let mut matching = readers
        .iter()
        .enumerate()
        .filter(|(_, r)| r.contains(selector));
    match (matching.next(), matching.next()) {
        (Some((i, _)), None) => Some(i),
        _ => None,
    }
}

/// What the reader's thread is asked to do.
enum Request {
    /// Exchange one APDU.
    Transmit(Vec<u8>),
    /// Warm-reset the card and answer its ATR.
    Reset,
}

/// A card in a PC/SC reader.
pub struct PcscReader {
    exchange: BoundedExchange<Request, Error>,
    reader: String,
}

impl std::fmt::Debug for PcscReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PcscReader")
            .field("reader", &self.reader)
            .finish_non_exhaustive()
    }
}

impl PcscReader {
    /// Connects to the card in the reader `selector` names (`0`, `"Virtual PCD 00 00"`, a
    /// part of a name).
    pub fn connect(selector: &str) -> Result<PcscReader, CardIoError> {
        let context = establish()?;
        let readers = names(&context)?;
        let Some(index) = choose(selector, &readers) else {
            return Err(CardIoError::NoReader {
                selector: selector.to_string(),
                readers,
            });
        };
        let reader = readers[index].clone();
        let name = CString::new(reader.clone()).map_err(|_| CardIoError::Pcsc {
            reader: reader.clone(),
            detail: "a reader name with a NUL character".into(),
        })?;
        let card = context
            .connect(&name, ShareMode::Shared, Protocols::ANY)
            .map_err(|e| match e {
                Error::NoSmartcard | Error::RemovedCard => CardIoError::NoCard(reader.clone()),
                e => CardIoError::Pcsc {
                    reader: reader.clone(),
                    detail: e.to_string(),
                },
            })?;
        tracing::debug!(%reader, "card connected");
        let exchange = BoundedExchange::spawn(
            "pcsc-card",
            card,
            READER_TIMEOUT,
            |card: &mut pcsc::Card, request: Request| match request {
                Request::Transmit(command) => {
                    let mut buffer = vec![0u8; MAX_BUFFER_SIZE_EXTENDED];
                    card.transmit(&command, &mut buffer).map(<[u8]>::to_vec)
                }
                Request::Reset => {
                    card.reconnect(ShareMode::Shared, Protocols::ANY, Disposition::ResetCard)?;
                    card.status2_owned().map(|s| s.atr().to_vec())
                }
            },
            |card: pcsc::Card| {
                if let Err((_, e)) = card.disconnect(Disposition::LeaveCard) {
                    tracing::debug!(error = %e, "disconnect failed");
                }
            },
        )
        .map_err(|e| CardIoError::Pcsc {
            reader: reader.clone(),
            detail: format!("a thread for the card: {e}"),
        })?;
        Ok(PcscReader { exchange, reader })
    }

    /// The reader's name.
    pub fn reader(&self) -> &str {
        &self.reader
    }

    fn transmit_apdu(&mut self, request: Request) -> Result<Vec<u8>, CardIoError> {
        let removed = || CardIoError::Removed(self.reader.clone());
        match self.exchange.exchange(request) {
            // No card answers without a status word, and none resets without an ATR; vpcd
            // hands back nothing when its card leaves in the middle of a command.
            Ok(response) if response.is_empty() => Err(removed()),
            Ok(response) => Ok(response),
            // pcsc-lite's answers when the card left the reader during the exchange, or the
            // reader itself left (vpcd gives NotTransacted when its card disconnects)
            Err(Bounded::Failed(
                Error::RemovedCard
                | Error::NoSmartcard
                | Error::ReaderUnavailable
                | Error::UnknownReader
                | Error::NotTransacted
                | Error::CommError
                | Error::UnpoweredCard
                | Error::UnresponsiveCard,
            ))
            | Err(Bounded::Gone) => Err(removed()),
            Err(Bounded::Failed(e)) => Err(CardIoError::Pcsc {
                reader: self.reader.clone(),
                detail: e.to_string(),
            }),
            Err(Bounded::TimedOut) => Err(CardIoError::ReaderTimeout {
                reader: self.reader.clone(),
                timeout: self.exchange.timeout(),
            }),
        }
    }
}

impl CardChannel for PcscReader {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        self.transmit_apdu(Request::Transmit(command.to_vec()))
            .map_err(TransportError::from)
    }

    fn reset(&mut self) -> Result<Option<Vec<u8>>, TransportError> {
        tracing::debug!(reader = %self.reader, "warm reset");
        self.transmit_apdu(Request::Reset)
            .map(Some)
            .map_err(TransportError::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_by_index_name_or_the_one_name_containing_it() {
        let readers = vec![
            "Virtual PCD 00 00".to_string(),
            "Virtual PCD 00 01".to_string(),
            "ACS ACR39U 01 00".to_string(),
        ];
        assert_eq!(choose("1", &readers), Some(1));
        assert_eq!(choose("3", &readers), None);
        assert_eq!(choose("Virtual PCD 00 01", &readers), Some(1));
        assert_eq!(choose("ACR39", &readers), Some(2));
        // two readers contain it: which one is not guessed
        assert_eq!(choose("Virtual", &readers), None);
        let e = CardIoError::NoReader {
            selector: "Virtual".into(),
            readers: readers.clone(),
        };
        assert!(e.to_string().contains("0: \"Virtual PCD 00 00\""));
        let e = CardIoError::NoReader {
            selector: "0".into(),
            readers: Vec::new(),
        };
        assert_eq!(
            e.to_string(),
            "PC/SC: no reader \"0\" among none (no reader connected)"
        );
    }
}
