//! What can go wrong for the ESME.

use crate::pdu::{CommandId, CommandStatus, DecodeError, EncodeError};

/// An ESME operation that failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EsmeError {
    /// The TCP connection could not be made.
    #[error("connect: {0}")]
    Connect(std::io::Error),
    /// The SMSC answered with a non-zero command_status (SMPP 3.4 5.1.3).
    #[error("{command:?} refused: {status}")]
    Refused {
        /// The request's command_id.
        command: CommandId,
        /// The SMSC's command_status.
        status: CommandStatus,
    },
    /// The SMSC answered with generic_nack (SMPP 3.4 4.3).
    #[error("generic_nack: {0}")]
    GenericNack(CommandStatus),
    /// The SMSC's answer was not the request's response.
    #[error("{got:?} answered {sent:?}")]
    UnexpectedResponse {
        /// The request's command_id.
        sent: CommandId,
        /// The answer's command_id.
        got: CommandId,
    },
    /// The SMSC's answer could not be decoded.
    #[error("undecodable response: {0}")]
    Decode(DecodeError),
    /// No answer within the configured request timeout.
    #[error("no response to {0:?} in time")]
    Timeout(CommandId),
    /// The request could not be encoded (a field past its maximum).
    #[error(transparent)]
    Encode(#[from] EncodeError),
    /// The connection has ended.
    #[error("the session is closed")]
    Closed,
}
