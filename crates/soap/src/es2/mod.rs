//! ES2 notifications: the SM-DP forwards to the operator what the SM-SR notified it of over
//! ES3 (SGP.02 5.3). Only the notification handlers are here; the ES2 functions the operator
//! calls on the SM-DP belong to the SM-DP.

use crate::notify::{ProfileNotification, SmsrChangeNotification};
use crate::operation::{Interface, Operation};

/// ES2.HandleProfileEnabledNotification (one way).
pub const HANDLE_PROFILE_ENABLED_NOTIFICATION: Operation = Operation::new(
    Interface::Es2,
    "HandleProfileEnabledNotification",
    "http://gsma.com/ES2/ProfileManagentCallBack/ES2-HandleProfileEnabledNotification",
    None,
);
/// ES2.HandleProfileDisabledNotification (one way).
pub const HANDLE_PROFILE_DISABLED_NOTIFICATION: Operation = Operation::new(
    Interface::Es2,
    "HandleProfileDisabledNotification",
    "http://gsma.com/ES2/ProfileManagentCallBack/ES2-HandleProfileDisabledNotification",
    None,
);
/// ES2.HandleProfileDeletedNotification (one way).
pub const HANDLE_PROFILE_DELETED_NOTIFICATION: Operation = Operation::new(
    Interface::Es2,
    "HandleProfileDeletedNotification",
    "http://gsma.com/ES2/ProfileManagentCallBack/ES2-HandleProfileDeletedNotification",
    None,
);
/// ES2.HandleSMSRChangeNotification (one way).
pub const HANDLE_SMSR_CHANGE_NOTIFICATION: Operation = Operation::new(
    Interface::Es2,
    "HandleSMSRChangeNotification",
    "http://gsma.com/ES2/ProfileManagentCallBack/ES2-HandleSMSRChangeNotification",
    None,
);

dispatch! {
    /// The ES2 notifications an operator's endpoint receives from the SM-DP.
    pub enum Es2Notification {
        /// ES2.HandleProfileEnabledNotification.
        ProfileEnabled(ProfileNotification) = Request HANDLE_PROFILE_ENABLED_NOTIFICATION,
        /// ES2.HandleProfileDisabledNotification.
        ProfileDisabled(ProfileNotification) = Request HANDLE_PROFILE_DISABLED_NOTIFICATION,
        /// ES2.HandleProfileDeletedNotification.
        ProfileDeleted(ProfileNotification) = Request HANDLE_PROFILE_DELETED_NOTIFICATION,
        /// ES2.HandleSMSRChangeNotification.
        SmsrChanged(SmsrChangeNotification) = Request HANDLE_SMSR_CHANGE_NOTIFICATION,
    }
}
