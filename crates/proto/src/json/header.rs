//! The common JSON header (SGP.22 6.5.1.3 request header, 6.5.1.4 response header).
//!
//! ```text
//! request:  "header": { "functionRequesterIdentifier": String,
//!                       "functionCallIdentifier": String }
//! response: "header": { "functionExecutionStatus": {
//!               "status": "Executed-Success" | "Executed-WithWarning" | "Failed" | "Expired",
//!               "statusCodeData": { "subjectCode": String, "reasonCode": String,
//!                                   "subjectIdentifier": String (optional),
//!                                   "message": String (optional) } (optional) } }
//! ```

use serde::{Deserialize, Serialize};

use super::status_code::StatusCode;

/// The request header: who calls, and an identifier of this call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestHeader {
    pub function_requester_identifier: String,
    pub function_call_identifier: String,
}

impl RequestHeader {
    /// A header from the requester identifier and the call identifier.
    pub fn new(requester: impl Into<String>, call: impl Into<String>) -> RequestHeader {
        RequestHeader {
            function_requester_identifier: requester.into(),
            function_call_identifier: call.into(),
        }
    }
}

/// `functionExecutionStatus.status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ExecutionStatus {
    #[serde(rename = "Executed-Success")]
    ExecutedSuccess,
    #[serde(rename = "Executed-WithWarning")]
    ExecutedWithWarning,
    #[serde(rename = "Failed")]
    Failed,
    #[serde(rename = "Expired")]
    Expired,
}

impl ExecutionStatus {
    /// Whether the function was executed (success or with warning): the response then
    /// carries the function's output data.
    pub fn is_executed(self) -> bool {
        matches!(
            self,
            ExecutionStatus::ExecutedSuccess | ExecutionStatus::ExecutedWithWarning
        )
    }
}

/// `statusCodeData`: subject and reason codes (SGP.22 5.2.6), optionally what the subject
/// was and a free text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusCodeData {
    pub subject_code: String,
    pub reason_code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_identifier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl StatusCodeData {
    /// Whether this is the given subject/reason pair.
    pub fn is(&self, code: StatusCode) -> bool {
        self.subject_code == code.subject && self.reason_code == code.reason
    }

    /// The same data with a message.
    pub fn with_message(mut self, message: impl Into<String>) -> StatusCodeData {
        self.message = Some(message.into());
        self
    }

    /// The same data with a subject identifier (e.g. the ICCID concerned).
    pub fn with_subject_identifier(mut self, id: impl Into<String>) -> StatusCodeData {
        self.subject_identifier = Some(id.into());
        self
    }
}

impl From<StatusCode> for StatusCodeData {
    fn from(code: StatusCode) -> StatusCodeData {
        StatusCodeData {
            subject_code: code.subject.to_owned(),
            reason_code: code.reason.to_owned(),
            subject_identifier: None,
            message: None,
        }
    }
}

/// `functionExecutionStatus`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FunctionExecutionStatus {
    pub status: ExecutionStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_code_data: Option<StatusCodeData>,
}

/// The response header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseHeader {
    pub function_execution_status: FunctionExecutionStatus,
}

impl ResponseHeader {
    /// `Executed-Success` without status code data.
    pub fn success() -> ResponseHeader {
        ResponseHeader::with(ExecutionStatus::ExecutedSuccess, None)
    }

    /// `Executed-WithWarning` with the warning's code.
    pub fn warning(data: impl Into<StatusCodeData>) -> ResponseHeader {
        ResponseHeader::with(ExecutionStatus::ExecutedWithWarning, Some(data.into()))
    }

    /// `Failed` with the spec's code and a message.
    pub fn failed(code: StatusCode, message: impl Into<String>) -> ResponseHeader {
        ResponseHeader::with(
            ExecutionStatus::Failed,
            Some(StatusCodeData::from(code).with_message(message)),
        )
    }

    /// `Expired` with the spec's code and a message.
    pub fn expired(code: StatusCode, message: impl Into<String>) -> ResponseHeader {
        ResponseHeader::with(
            ExecutionStatus::Expired,
            Some(StatusCodeData::from(code).with_message(message)),
        )
    }

    /// A header with any status and status code data.
    pub fn with(status: ExecutionStatus, data: Option<StatusCodeData>) -> ResponseHeader {
        ResponseHeader {
            function_execution_status: FunctionExecutionStatus {
                status,
                status_code_data: data,
            },
        }
    }

    /// The status.
    pub fn status(&self) -> ExecutionStatus {
        self.function_execution_status.status
    }

    /// The status code data, if any.
    pub fn status_code_data(&self) -> Option<&StatusCodeData> {
        self.function_execution_status.status_code_data.as_ref()
    }

    /// Whether the function was executed (success or with warning).
    pub fn is_executed(&self) -> bool {
        self.status().is_executed()
    }
}
