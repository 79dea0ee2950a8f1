//! The ES3 operations (SGP.02 5.4) and their action URIs.

use crate::operation::{Interface, Operation};

/// ES3.GetEIS.
pub const GET_EIS: Operation = Operation::new(
    Interface::Es3,
    "GetEIS",
    "http://gsma.com/ES3/ProfileManagent/ES3-GetEISRequest",
    Some("http://gsma.com/ES3/ProfileManagentCallBack/ES3-GetEIS"),
);
/// ES3.AuditEIS.
pub const AUDIT_EIS: Operation = Operation::new(
    Interface::Es3,
    "AuditEIS",
    "http://gsma.com/ES3/ProfileManagent/ES3-AuditEIS",
    Some("http://gsma.com/ES3/ProfileManagentCallBack/ES3-AuditEIS"),
);
/// ES3.CreateISDP.
pub const CREATE_ISDP: Operation = Operation::new(
    Interface::Es3,
    "CreateISDP",
    "http://gsma.com/ES3/ProfileManagent/ES3-CreateISDP",
    Some("http://gsma.com/ES3/ProfileManagentCallBack/ES3-CreateISDP"),
);
/// ES3.SendData.
pub const SEND_DATA: Operation = Operation::new(
    Interface::Es3,
    "SendData",
    "http://gsma.com/ES3/ProfileManagent/ES3-SendData",
    Some("http://gsma.com/ES3/ProfileManagentCallBack/ES3-SendData"),
);
/// ES3.ProfileDownloadCompleted.
pub const PROFILE_DOWNLOAD_COMPLETED: Operation = Operation::new(
    Interface::Es3,
    "ProfileDownloadCompleted",
    "http://gsma.com/ES3/ProfileManagent/ES3-ProfileDownloadCompleted",
    Some("http://gsma.com/ES3/ProfileManagentCallBack/ES3-ProfileDownloadCompleted"),
);
/// ES3.UpdatePolicyRules.
pub const UPDATE_POLICY_RULES: Operation = Operation::new(
    Interface::Es3,
    "UpdatePolicyRules",
    "http://gsma.com/ES3/ProfileManagent/ES3-UpdatePolicyRules",
    Some("http://gsma.com/ES3/ProfileManagentCallBack/ES3-UpdatePolicyRules"),
);
/// ES3.UpdateConnectivityParameters.
pub const UPDATE_CONNECTIVITY_PARAMETERS: Operation = Operation::new(
    Interface::Es3,
    "UpdateConnectivityParameters",
    "http://gsma.com/ES3/ProfileManagent/ES3-UpdateConnectivityParameters",
    Some("http://gsma.com/ES3/ProfileManagentCallBack/ES3-UpdateConnectivityParameters"),
);
/// ES3.EnableProfile.
pub const ENABLE_PROFILE: Operation = Operation::new(
    Interface::Es3,
    "EnableProfile",
    "http://gsma.com/ES3/ProfileManagent/ES3-EnableProfile",
    Some("http://gsma.com/ES3/ProfileManagentCallBack/ES3-EnableProfile"),
);
/// ES3.DisableProfile.
pub const DISABLE_PROFILE: Operation = Operation::new(
    Interface::Es3,
    "DisableProfile",
    "http://gsma.com/ES3/ProfileManagent/ES3-DisableProfile",
    Some("http://gsma.com/ES3/ProfileManagentCallBack/ES3-DisableProfile"),
);
/// ES3.DeleteISDP.
pub const DELETE_ISDP: Operation = Operation::new(
    Interface::Es3,
    "DeleteISDP",
    "http://gsma.com/ES3/ProfileManagent/ES3-DeleteISDP",
    Some("http://gsma.com/ES3/ProfileManagentCallBack/ES3-DeleteISDP"),
);
/// ES3.HandleProfileEnabledNotification (one way).
pub const HANDLE_PROFILE_ENABLED_NOTIFICATION: Operation = Operation::new(
    Interface::Es3,
    "HandleProfileEnabledNotification",
    "http://gsma.com/ES3/ProfileManagentCallBack/ES3-HandleProfileEnabledNotification",
    None,
);
/// ES3.HandleProfileDisabledNotification (one way).
pub const HANDLE_PROFILE_DISABLED_NOTIFICATION: Operation = Operation::new(
    Interface::Es3,
    "HandleProfileDisabledNotification",
    "http://gsma.com/ES3/ProfileManagentCallBack/ES3-HandleProfileDisabledNotification",
    None,
);
/// ES3.HandleProfileDeletedNotification (one way).
pub const HANDLE_PROFILE_DELETED_NOTIFICATION: Operation = Operation::new(
    Interface::Es3,
    "HandleProfileDeletedNotification",
    "http://gsma.com/ES3/ProfileManagentCallBack/ES3-HandleProfileDeletedNotification",
    None,
);
/// ES3.HandleSMSRChangeNotification (one way).
pub const HANDLE_SMSR_CHANGE_NOTIFICATION: Operation = Operation::new(
    Interface::Es3,
    "HandleSMSRChangeNotification",
    "http://gsma.com/ES3/ProfileManagentCallBack/ES3-HandleSMSRChangeNotification",
    None,
);
