//! SMPP 3.4 (SMS Forum, Short Message Peer-to-Peer Protocol Specification v3.4): the PDUs,
//! an ESME that binds to an SMSC, and the lab's SMSC, which routes short messages between
//! the ESMEs bound to it.
//!
//! - [`pdu`]: the wire format (sections 3 to 5), codec only.
//! - [`frame`]: reading and writing PDUs on a stream, within [`pdu::MAX_COMMAND_LENGTH`].
//! - [`esme`]: the client role (a transceiver).
//! - [`smsc`]: the server role.
#![forbid(unsafe_code)]

pub mod esme;
pub mod frame;
pub mod pdu;
pub mod smsc;

pub use esme::{BindMode, Esme, EsmeConfig, EsmeError, Incoming};
pub use pdu::{CommandStatus, ShortMessage};
pub use smsc::{Account, Smsc, SmscConfig};
