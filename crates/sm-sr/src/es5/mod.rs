//! ES5, the SM-SR's interface to the ISD-R (SGP.02 4.1.1, 2.4): the platform management
//! commands ([`isdr`]) in the expanded remote command format ([`script`]), the Default
//! Notification the card sends ([`notification`]), and the audit answers ([`audit`]).

pub mod audit;
pub mod isdr;
pub mod notification;
pub mod script;
pub(crate) mod tlv;

pub use notification::{DefaultNotification, NotificationError, NotificationType};
pub use script::{CardResponse, RApdu, ScriptError};
pub use tlv::TlvError;
