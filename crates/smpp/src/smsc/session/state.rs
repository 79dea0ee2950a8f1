//! The session states of SMPP 3.4 2.3: OPEN until a bind succeeds, then bound as
//! transmitter, receiver or transceiver.

use crate::pdu::{Body, CommandId};

use super::super::address::AddressRange;

/// How the ESME bound (SMPP 3.4 2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// BOUND_TX: may submit.
    Transmitter,
    /// BOUND_RX: receives deliver_sm.
    Receiver,
    /// BOUND_TRX: both.
    Transceiver,
}

impl Mode {
    pub(crate) fn of(command: CommandId) -> Option<Mode> {
        match command {
            CommandId::BIND_TRANSMITTER => Some(Mode::Transmitter),
            CommandId::BIND_RECEIVER => Some(Mode::Receiver),
            CommandId::BIND_TRANSCEIVER => Some(Mode::Transceiver),
            _ => None,
        }
    }

    pub(crate) fn submits(self) -> bool {
        self != Mode::Receiver
    }

    pub(crate) fn receives(self) -> bool {
        self != Mode::Transmitter
    }

    /// The bind response for this mode (4.1.2, 4.1.4, 4.1.6).
    pub(crate) fn response(self, resp: crate::pdu::BindResp) -> Body {
        match self {
            Mode::Transmitter => Body::BindTransmitterResp(resp),
            Mode::Receiver => Body::BindReceiverResp(resp),
            Mode::Transceiver => Body::BindTransceiverResp(resp),
        }
    }
}

/// A successful bind.
#[derive(Debug, Clone)]
pub(crate) struct Bound {
    pub(crate) mode: Mode,
    pub(crate) system_id: String,
    /// The account's allowed ranges; empty allows any source address.
    pub(crate) allowed: Vec<AddressRange>,
}

/// Where the session is.
#[derive(Debug, Clone)]
pub(crate) enum State {
    /// Connected, not bound.
    Open,
    /// Bound.
    Bound(Bound),
}
