//! Why a PDU could not be decoded or encoded, and the command_status each reason maps to.

use super::header::MAX_COMMAND_LENGTH;
use super::status::CommandStatus;

/// A PDU that could not be decoded; [`DecodeError::status`] gives the command_status to answer
/// it with (SMPP 3.4 5.1.3).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// command_length below the header's 16 octets or above [`MAX_COMMAND_LENGTH`].
    #[error("command_length {0} is outside 16..={MAX_COMMAND_LENGTH}")]
    CommandLength(u32),
    /// A command_id SMPP 3.4 does not define, or one this crate does not implement.
    #[error("unknown or unsupported command_id 0x{0:08X}")]
    UnknownCommand(u32),
    /// The body ends inside a mandatory field.
    #[error("the body ends inside {0}")]
    Truncated(&'static str),
    /// Octets follow the last field of a body that has no optional parameters.
    #[error("{0} octets follow the body")]
    Trailing(usize),
    /// A field's value is invalid; `status` is the spec's code for that field.
    #[error("invalid {field}: {status}")]
    Field {
        /// The field's name in SMPP 3.4.
        field: &'static str,
        /// The command_status SMPP 3.4 5.1.3 names for it.
        status: CommandStatus,
    },
}

impl DecodeError {
    /// The command_status that answers a PDU refused for this reason (SMPP 3.4 5.1.3): a
    /// length that does not add up is ESME_RINVCMDLEN, an unknown command ESME_RINVCMDID,
    /// a bad field its own code.
    pub fn status(&self) -> CommandStatus {
        match self {
            DecodeError::CommandLength(_)
            | DecodeError::Truncated(_)
            | DecodeError::Trailing(_) => CommandStatus::ESME_RINVCMDLEN,
            DecodeError::UnknownCommand(_) => CommandStatus::ESME_RINVCMDID,
            DecodeError::Field { status, .. } => *status,
        }
    }
}

/// A PDU that cannot be encoded because a field exceeds its SMPP 3.4 maximum.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// A C-octet string longer than its maximum (the maximum counts the NULL terminator).
    #[error("{field} is {len} octets; at most {max} including the NULL")]
    FieldTooLong {
        /// The field's name in SMPP 3.4.
        field: &'static str,
        /// The string's length without terminator.
        len: usize,
        /// The field's maximum including the terminator.
        max: usize,
    },
    /// A C-octet string holding a NULL or a non-ASCII octet.
    #[error("{0} holds a NULL or a non-ASCII octet")]
    FieldNotAscii(&'static str),
    /// short_message over 254 octets (SMPP 3.4 5.2.22: use message_payload instead).
    #[error("short_message is {0} octets; at most 254")]
    ShortMessageTooLong(usize),
    /// An optional parameter's value over 65,535 octets.
    #[error("optional parameter 0x{tag:04X} is {len} octets")]
    TlvTooLong {
        /// The parameter's tag.
        tag: u16,
        /// Its value's length.
        len: usize,
    },
    /// The whole PDU over [`MAX_COMMAND_LENGTH`].
    #[error("the PDU is {0} octets; at most {MAX_COMMAND_LENGTH}")]
    TooLong(usize),
}
