//! Why something that came back from a card was refused.

use crate::es4::Es4Error;
use crate::es5::{NotificationError, ScriptError};
use crate::store::StoreError;

/// A refusal of a card's answer or notification.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Es5Error {
    /// No operation has this identifier, or its command is not awaiting an answer.
    #[error("no command of operation {0} awaits an answer")]
    UnknownCommand(String),
    /// The response script does not read (TS 102 226 5.2.2).
    #[error(transparent)]
    Script(#[from] ScriptError),
    /// The notification does not read (SGP.02 4.1.1.11).
    #[error(transparent)]
    Notification(#[from] NotificationError),
    /// The notification names another EID than the key set it was verified with.
    #[error("notification for EID {named} arrived under the keys of {verified}")]
    EidMismatch {
        /// The EID in the notification.
        named: String,
        /// The EID whose keys verified it.
        verified: String,
    },
    /// No EIS has this EID.
    #[error("EID {0} is unknown")]
    UnknownEid(String),
    /// The key set has no counter left (TS 102 225 5.1.1), or is not an SCP80 key set.
    #[error("SCP80 key set {kvn:#04x} of {eid} is unusable")]
    KeySet {
        /// The eUICC.
        eid: String,
        /// The key set.
        kvn: u8,
    },
    /// An operation the SM-SR decided itself could not be stored.
    #[error(transparent)]
    Decision(#[from] Es4Error),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}
