//! The ES4 operations (SGP.02 5.5) and their action URIs.

use crate::operation::{Interface, Operation};

/// ES4.GetEIS.
pub const GET_EIS: Operation = Operation::new(
    Interface::Es4,
    "GetEIS",
    "http://gsma.com/ES4/ProfileManagent/ES4-GetEISRequest",
    Some("http://gsma.com/ES4/ProfileManagentCallBack/ES4-GetEIS"),
);
/// ES4.AuditEIS.
pub const AUDIT_EIS: Operation = Operation::new(
    Interface::Es4,
    "AuditEIS",
    "http://gsma.com/ES4/ProfileManagent/ES4-AuditEIS",
    Some("http://gsma.com/ES4/ProfileManagentCallBack/ES4-AuditEIS"),
);
/// ES4.EnableProfile.
pub const ENABLE_PROFILE: Operation = Operation::new(
    Interface::Es4,
    "EnableProfile",
    "http://gsma.com/ES4/ProfileManagent/ES4-EnableProfile",
    Some("http://gsma.com/ES4/ProfileManagentCallBack/ES4-EnableProfile"),
);
/// ES4.DisableProfile.
pub const DISABLE_PROFILE: Operation = Operation::new(
    Interface::Es4,
    "DisableProfile",
    "http://gsma.com/ES4/ProfileManagent/ES4-DisableProfile",
    Some("http://gsma.com/ES4/ProfileManagentCallBack/ES4-DisableProfile"),
);
/// ES4.DeleteProfile.
pub const DELETE_PROFILE: Operation = Operation::new(
    Interface::Es4,
    "DeleteProfile",
    "http://gsma.com/ES4/ProfileManagent/ES4-DeleteProfile",
    Some("http://gsma.com/ES4/ProfileManagentCallBack/ES4-DeleteProfile"),
);
/// ES4.UpdatePolicyRules.
pub const UPDATE_POLICY_RULES: Operation = Operation::new(
    Interface::Es4,
    "UpdatePolicyRules",
    "http://gsma.com/ES4/ProfileManagent/ES4-UpdatePolicyRules",
    Some("http://gsma.com/ES4/ProfileManagentCallBack/ES4-UpdatePolicyRules"),
);
/// ES4.SetFallBackAttribute.
pub const SET_FALLBACK_ATTRIBUTE: Operation = Operation::new(
    Interface::Es4,
    "SetFallBackAttribute",
    "http://gsma.com/ES4/ProfileManagent/ES4-SetFallBackAttribute",
    Some("http://gsma.com/ES4/ProfileManagentCallBack/ES4-SetFallBackAttribute"),
);
/// ES4.PrepareSMSRChange.
pub const PREPARE_SMSR_CHANGE: Operation = Operation::new(
    Interface::Es4,
    "PrepareSMSRChange",
    "http://gsma.com/ES4/eUICCManagement/ES4-PrepareSMSRChange",
    Some("http://gsma.com/ES4/eUICCManagementCallBack/ES4-PrepareSMSRChange"),
);
/// ES4.SMSRChange.
pub const SMSR_CHANGE: Operation = Operation::new(
    Interface::Es4,
    "SMSRChange",
    "http://gsma.com/ES4/eUICCManagement/ES4-SMSRChange",
    Some("http://gsma.com/ES4/eUICCManagementCallBack/ES4-SMSRChange"),
);
/// ES4.HandleProfileEnabledNotification (one way).
pub const HANDLE_PROFILE_ENABLED_NOTIFICATION: Operation = Operation::new(
    Interface::Es4,
    "HandleProfileEnabledNotification",
    "http://gsma.com/ES4/ProfileManagentCallBack/ES4-HandleProfileEnabledNotification",
    None,
);
/// ES4.HandleProfileDisabledNotification (one way).
pub const HANDLE_PROFILE_DISABLED_NOTIFICATION: Operation = Operation::new(
    Interface::Es4,
    "HandleProfileDisabledNotification",
    "http://gsma.com/ES4/ProfileManagentCallBack/ES4-HandleProfileDisabledNotification",
    None,
);
/// ES4.HandleProfileDeletedNotification (one way).
pub const HANDLE_PROFILE_DELETED_NOTIFICATION: Operation = Operation::new(
    Interface::Es4,
    "HandleProfileDeletedNotification",
    "http://gsma.com/ES4/ProfileManagentCallBack/ES4-HandleProfileDeletedNotification",
    None,
);
/// ES4.HandleSMSRChangeNotification (one way).
pub const HANDLE_SMSR_CHANGE_NOTIFICATION: Operation = Operation::new(
    Interface::Es4,
    "HandleSMSRChangeNotification",
    "http://gsma.com/ES4/ProfileManagentCallBack/ES4-HandleSMSRChangeNotification",
    None,
);
