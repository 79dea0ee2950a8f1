//! The LPA's view of a card: one command APDU out, one response APDU back.
//!
//! Whatever carries the APDUs (the in-process [`Card`], a PC/SC reader, lpac's stdio bridge
//! seen from the terminal side, a modem's `AT+CGLA`) implements [`CardChannel`]; the ES10
//! client on top ([`super::Es10Client`]) does logical channels, SELECT, STORE DATA
//! chaining and GET RESPONSE itself, as a terminal does (ISO/IEC 7816-4, GPCS v2.3 §11,
//! SGP.22 5.7.2).

use std::fmt;

use euicc_sim::Es10Processor;
use euicc_sim::apdu::Card;

/// Why an APDU could not be exchanged at all (reader gone, card removed, I/O error). A
/// status word other than `9000` is not a transport error: it is in the response APDU.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransportError(pub String);

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TransportError {}

/// A card reachable with APDUs.
pub trait CardChannel {
    /// Sends one command APDU (`CLA INS P1 P2 [Lc data] [Le]`, short lengths) and returns
    /// the response APDU as received: data followed by SW1 SW2.
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError>;

    /// Resets the card (ISO/IEC 7816-3 warm reset, as a terminal does after a REFRESH in
    /// reset mode, ETSI TS 102 223 6.4.7) and returns its ATR; `None` when this transport
    /// cannot reset the card, which then keeps running what it ran before.
    fn reset(&mut self) -> Result<Option<Vec<u8>>, TransportError> {
        Ok(None)
    }
}

/// The software eUICC in this process.
impl<P: Es10Processor> CardChannel for Card<P> {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        Ok(Card::transmit(self, command))
    }

    fn reset(&mut self) -> Result<Option<Vec<u8>>, TransportError> {
        Ok(Some(Card::reset(self)))
    }
}

impl<C: CardChannel + ?Sized> CardChannel for &mut C {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        (**self).transmit(command)
    }

    fn reset(&mut self) -> Result<Option<Vec<u8>>, TransportError> {
        (**self).reset()
    }
}

impl<C: CardChannel + ?Sized> CardChannel for Box<C> {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        (**self).transmit(command)
    }

    fn reset(&mut self) -> Result<Option<Vec<u8>>, TransportError> {
        (**self).reset()
    }
}
