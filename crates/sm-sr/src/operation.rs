//! An operation: one ES4/ES3 function call the SM-SR runs against an eUICC (or one it runs
//! itself, such as a POL2 Auto-Delete or a notification confirmation), with the ES5 command
//! scripts it produced and the outcome it ended with.
//!
//! ```text
//! Sending ──card answered 9000──▶ AwaitingNotification ──Default Notification──▶ Succeeded
//!    │  (Enable/Disable: SGP.02 3.2, 3.4)         └──rolled back (type 03)──▶ Failed
//!    ├──card answered 9000 (Delete, SetFallBack, Audit, confirmation)──▶ Succeeded
//!    ├──card refused / attempts used up──▶ Failed
//!    └──validity period over──▶ Expired
//! ```

use crate::status::{Status, StatusCode};

/// The function an operation runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Function {
    /// ES4.EnableProfile (SGP.02 5.5, procedure 3.2).
    EnableProfile,
    /// ES4.DisableProfile (procedure 3.4).
    DisableProfile,
    /// ES4.DeleteProfile (procedure 3.5), also the POL2 Auto-Delete.
    DeleteProfile,
    /// ES4.SetFallBackAttribute (procedure 3.16).
    SetFallBackAttribute,
    /// ES4.AuditEIS (procedure 3.6).
    AuditEis,
    /// ES5 HandleNotificationConfirmation (SGP.02 3.15, 4.1.1.10).
    NotificationConfirmation,
    /// ES3.CreateISDP (SGP.02 5.4, procedure 3.1.1): ES5.CreateISDP to the ISD-R.
    CreateIsdp,
    /// ES3.SendData (SGP.02 5.4, procedure 3.1.2): the SM-DP's script to an ISD-R or ISD-P.
    SendData,
    /// ES3.UpdateConnectivityParameters (SGP.02 5.4, procedure 3.12): the SM-DP's
    /// protected script to the profile's ISD-P.
    UpdateConnectivityParameters,
    /// ES3.EnableProfile (SGP.02 5.4, procedure 3.2 through the SM-DP).
    Es3EnableProfile,
    /// ES3.DisableProfile (procedure 3.4 through the SM-DP).
    Es3DisableProfile,
    /// ES3.DeleteISDP (procedure 3.5 through the SM-DP, or a failed download's clean-up).
    DeleteIsdp,
    /// ES3.AuditEIS (procedure 3.6 through the SM-DP).
    Es3AuditEis,
    /// ES4.SMSRChange at SM-SR1 (procedure 3.8): no ES5 command of its own; finished when
    /// SM-SR2 answers ES7.HandoverEUICC.
    SmsrChange,
    /// ES7.AuthenticateSMSR at SM-SR1: ES5 EstablishISDRKeySet's first block (`3A01`,
    /// CERT.SR.ECDSA of SM-SR2) to the ISD-R, answered with its random challenge.
    AuthenticateSmsr,
    /// ES7.CreateAdditionalKeySet at SM-SR1: EstablishISDRKeySet's last block (`3A02`),
    /// answered with the derivation random and the receipt.
    CreateAdditionalKeySet,
    /// SM-SR2's FinaliseISDRhandover and UpdateSMSRAddressingParameters, its first
    /// command with the new key set (procedure 3.8).
    FinaliseIsdrHandover,
}

impl Function {
    /// The stored form (the SGP.02 function name).
    pub fn as_str(self) -> &'static str {
        match self {
            Function::EnableProfile => "EnableProfile",
            Function::DisableProfile => "DisableProfile",
            Function::DeleteProfile => "DeleteProfile",
            Function::SetFallBackAttribute => "SetFallBackAttribute",
            Function::AuditEis => "AuditEIS",
            Function::NotificationConfirmation => "HandleNotificationConfirmation",
            Function::CreateIsdp => "CreateISDP",
            Function::SendData => "SendData",
            Function::UpdateConnectivityParameters => "UpdateConnectivityParameters",
            Function::Es3EnableProfile => "ES3-EnableProfile",
            Function::Es3DisableProfile => "ES3-DisableProfile",
            Function::DeleteIsdp => "DeleteISDP",
            Function::Es3AuditEis => "ES3-AuditEIS",
            Function::SmsrChange => "SMSRChange",
            Function::AuthenticateSmsr => "AuthenticateSMSR",
            Function::CreateAdditionalKeySet => "CreateAdditionalKeySet",
            Function::FinaliseIsdrHandover => "FinaliseISDRhandover",
        }
    }

    /// What the function does on the card, whichever interface asked: an ES3 function
    /// that acts as an ES4 one (enable, disable, delete, audit) answers that one.
    pub fn card_action(self) -> Function {
        match self {
            Function::Es3EnableProfile => Function::EnableProfile,
            Function::Es3DisableProfile => Function::DisableProfile,
            Function::DeleteIsdp => Function::DeleteProfile,
            Function::Es3AuditEis => Function::AuditEis,
            f => f,
        }
    }

    /// Whether an SM-DP asked for it on ES3 (its response goes to an ES3 callback).
    pub fn is_es3(self) -> bool {
        matches!(
            self,
            Function::CreateIsdp
                | Function::SendData
                | Function::UpdateConnectivityParameters
                | Function::Es3EnableProfile
                | Function::Es3DisableProfile
                | Function::DeleteIsdp
                | Function::Es3AuditEis
        )
    }

    /// From the stored form.
    pub fn parse(s: &str) -> Option<Function> {
        ALL_FUNCTIONS.into_iter().find(|f| f.as_str() == s)
    }

    /// Whether the card's answer is followed by a Default Notification that completes it.
    pub fn awaits_notification(self) -> bool {
        matches!(
            self.card_action(),
            Function::EnableProfile | Function::DisableProfile
        )
    }
}

const ALL_FUNCTIONS: [Function; 17] = [
    Function::EnableProfile,
    Function::DisableProfile,
    Function::DeleteProfile,
    Function::SetFallBackAttribute,
    Function::AuditEis,
    Function::NotificationConfirmation,
    Function::CreateIsdp,
    Function::SendData,
    Function::UpdateConnectivityParameters,
    Function::Es3EnableProfile,
    Function::Es3DisableProfile,
    Function::DeleteIsdp,
    Function::Es3AuditEis,
    Function::SmsrChange,
    Function::AuthenticateSmsr,
    Function::CreateAdditionalKeySet,
    Function::FinaliseIsdrHandover,
];

/// Where an operation stands (the diagram above).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperationState {
    /// Its command is queued or sent, no answer yet.
    Sending,
    /// The card executed the command; the Default Notification is awaited.
    AwaitingNotification,
    /// Done: `Executed-Success`.
    Succeeded,
    /// Done: `Failed`, with its status code.
    Failed,
    /// Done: `Expired`.
    Expired,
}

impl OperationState {
    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            OperationState::Sending => "sending",
            OperationState::AwaitingNotification => "awaiting_notification",
            OperationState::Succeeded => "succeeded",
            OperationState::Failed => "failed",
            OperationState::Expired => "expired",
        }
    }

    /// From the stored form.
    pub fn parse(s: &str) -> Option<OperationState> {
        [
            OperationState::Sending,
            OperationState::AwaitingNotification,
            OperationState::Succeeded,
            OperationState::Failed,
            OperationState::Expired,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }

    /// The FunctionExecutionStatus of a finished operation.
    pub fn status(self) -> Option<Status> {
        match self {
            OperationState::Succeeded => Some(Status::ExecutedSuccess),
            OperationState::Failed => Some(Status::Failed),
            OperationState::Expired => Some(Status::Expired),
            _ => None,
        }
    }
}

/// Who asked for an operation and where its asynchronous response goes (SGP.02 5.1.1:
/// the function requester, WS-Addressing MessageID and ReplyTo).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Requester {
    /// The function requester's identifier (an operator's MNO-ID, an SM-DP-ID).
    pub id: String,
    /// `wsa:MessageID` of the request, echoed as `RelatesTo`.
    pub message_id: Option<String>,
    /// `wsa:ReplyTo`.
    pub reply_to: Option<String>,
    /// The call's ValidityPeriod in seconds; `None`: the configured default.
    pub validity_secs: Option<u64>,
}

/// An operation as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operation {
    /// Its identifier.
    pub id: String,
    /// The eUICC.
    pub eid: String,
    /// What it runs.
    pub function: Function,
    /// The profile it acts on.
    pub iccid: Option<String>,
    /// Who asked (`id`, `message_id`, `reply_to`; the validity is in `expires_at`).
    pub requester: Requester,
    /// Unix ms.
    pub created_at: i64,
    /// Unix ms: the end of the validity period.
    pub expires_at: i64,
    /// Where it stands.
    pub state: OperationState,
    /// The status code a failure ended with.
    pub code: Option<(String, String)>,
    /// The card's response script (`EuiccResponseData`), when it answered.
    pub response: Option<Vec<u8>>,
}

impl Operation {
    /// The status code of a failure, as the spec's pair.
    pub fn failed_with(&self) -> Option<(&str, &str)> {
        self.code.as_ref().map(|(s, r)| (s.as_str(), r.as_str()))
    }

    /// Whether `code` is the one it failed with.
    pub fn failed_with_code(&self, code: StatusCode) -> bool {
        self.failed_with() == Some((code.subject, code.reason))
    }
}

/// An ES5 command script waiting to be sent, or sent and not answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Es5Command {
    /// The operation it belongs to.
    pub operation_id: String,
    /// Its place in the operation (from 0).
    pub seq: i64,
    /// The eUICC.
    pub eid: String,
    /// The TAR of the security domain it goes to (the ISD-R's).
    pub tar: Vec<u8>,
    /// The expanded command script.
    pub script: Vec<u8>,
    /// How many times it was sent.
    pub attempts: u32,
    /// The SCP80 key set and counter of the last send.
    pub sent_with: Option<(u8, u64)>,
    /// When it was last sent, in milliseconds since the Unix epoch; `None` when it is
    /// queued to go at once.
    pub sent_at: Option<i64>,
}
