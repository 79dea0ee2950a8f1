//! The ES2 operations (SGP.02 5.3) and their action URIs, in the pattern of the ES3 and ES4
//! ones (`…/ES2/ProfileManagent/ES2-<function>`, the callback under
//! `…/ES2/ProfileManagentCallBack/`); only DownloadProfile's request action is confirmed
//! by a second source (`ES2-DownloadProfileRequest`).

use crate::operation::{Interface, Operation};

/// ES2.GetEIS.
pub const GET_EIS: Operation = Operation::new(
    Interface::Es2,
    "GetEIS",
    "http://gsma.com/ES2/ProfileManagent/ES2-GetEISRequest",
    Some("http://gsma.com/ES2/ProfileManagentCallBack/ES2-GetEIS"),
);
/// ES2.DownloadProfile.
pub const DOWNLOAD_PROFILE: Operation = Operation::new(
    Interface::Es2,
    "DownloadProfile",
    "http://gsma.com/ES2/ProfileManagent/ES2-DownloadProfileRequest",
    Some("http://gsma.com/ES2/ProfileManagentCallBack/ES2-DownloadProfile"),
);
/// ES2.UpdatePolicyRules.
pub const UPDATE_POLICY_RULES: Operation = Operation::new(
    Interface::Es2,
    "UpdatePolicyRules",
    "http://gsma.com/ES2/ProfileManagent/ES2-UpdatePolicyRules",
    Some("http://gsma.com/ES2/ProfileManagentCallBack/ES2-UpdatePolicyRules"),
);
/// ES2.UpdateSubscriptionAddress.
pub const UPDATE_SUBSCRIPTION_ADDRESS: Operation = Operation::new(
    Interface::Es2,
    "UpdateSubscriptionAddress",
    "http://gsma.com/ES2/ProfileManagent/ES2-UpdateSubscriptionAddress",
    Some("http://gsma.com/ES2/ProfileManagentCallBack/ES2-UpdateSubscriptionAddress"),
);
/// ES2.EnableProfile.
pub const ENABLE_PROFILE: Operation = Operation::new(
    Interface::Es2,
    "EnableProfile",
    "http://gsma.com/ES2/ProfileManagent/ES2-EnableProfile",
    Some("http://gsma.com/ES2/ProfileManagentCallBack/ES2-EnableProfile"),
);
/// ES2.DisableProfile.
pub const DISABLE_PROFILE: Operation = Operation::new(
    Interface::Es2,
    "DisableProfile",
    "http://gsma.com/ES2/ProfileManagent/ES2-DisableProfile",
    Some("http://gsma.com/ES2/ProfileManagentCallBack/ES2-DisableProfile"),
);
/// ES2.DeleteProfile.
pub const DELETE_PROFILE: Operation = Operation::new(
    Interface::Es2,
    "DeleteProfile",
    "http://gsma.com/ES2/ProfileManagent/ES2-DeleteProfile",
    Some("http://gsma.com/ES2/ProfileManagentCallBack/ES2-DeleteProfile"),
);
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
