//! The function execution status and the common header fields of every request and response
//! (SGP.02 5.1, the function execution status, and 5.1.6, its status codes; the element names and
//! order of the `baseResponseType` in the ES1–ES7 WSDLs).
//!
//! ```text
//! request:  FunctionCallIdentifier xs:string, ValidityPeriod xs:long (seconds)?
//! response: ProcessingStart xs:dateTime?, ProcessingEnd xs:dateTime?,
//!           AcceptableValidityPeriod xs:long?,
//!           FunctionExecutionStatus { Status  Executed-Success | Executed-WithWarning
//!                                             | Failed | Expired,
//!                                     StatusCodeData { Subject, Reason,
//!                                                      SubjectIdentifier?, Message? }? }
//! ```
//!
//! The status and code types are the SGP.22 ones (`proto::json`): SGP.22 5.2.6 took its
//! status model and subject/reason code system over from SGP.02 5.1.6 unchanged, so one
//! type serves both bindings; [`codes`] lists the SGP.02 pairs.

pub mod codes;
mod header;

pub use header::{RequestHeader, ResponseHeader};
pub use proto::json::{
    ExecutionStatus, FunctionExecutionStatus, StatusCode, StatusCodeData, reason_name, subject_name,
};

use crate::message::{MessageError, Slot, Value};
use crate::xml::Element;

/// The `Status` string of `status` (SGP.02 5.1).
pub fn status_str(status: ExecutionStatus) -> &'static str {
    match status {
        ExecutionStatus::ExecutedSuccess => "Executed-Success",
        ExecutionStatus::ExecutedWithWarning => "Executed-WithWarning",
        ExecutionStatus::Failed => "Failed",
        ExecutionStatus::Expired => "Expired",
    }
}

/// Reads a `Status` string. The spec's spelling, and the enumeration constants of the
/// JAX-WS peers (`EXECUTED_SUCCESS`, `ExecutedSuccess`): case, `-` and `_` are ignored.
pub fn parse_status(s: &str) -> Option<ExecutionStatus> {
    let folded: String = s
        .chars()
        .filter(|c| !matches!(c, '-' | '_'))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    Some(match folded.as_str() {
        "executedsuccess" => ExecutionStatus::ExecutedSuccess,
        "executedwithwarning" => ExecutionStatus::ExecutedWithWarning,
        "failed" => ExecutionStatus::Failed,
        "expired" => ExecutionStatus::Expired,
        _ => return None,
    })
}

impl Value for ExecutionStatus {
    fn write(&self, name: &str) -> Element {
        Element::with_text(name, status_str(*self))
    }

    fn read(el: &Element) -> Result<Self, MessageError> {
        parse_status(el.trimmed_text()).ok_or_else(|| MessageError::invalid(el))
    }
}

impl Value for StatusCodeData {
    fn write(&self, name: &str) -> Element {
        let mut el = Element::new(name);
        self.subject_code.put("Subject", &mut el);
        self.reason_code.put("Reason", &mut el);
        self.subject_identifier.put("SubjectIdentifier", &mut el);
        self.message.put("Message", &mut el);
        el
    }

    fn read(el: &Element) -> Result<Self, MessageError> {
        Ok(StatusCodeData {
            subject_code: Slot::take(el, "Subject")?,
            reason_code: Slot::take(el, "Reason")?,
            subject_identifier: Slot::take(el, "SubjectIdentifier")?,
            message: Slot::take(el, "Message")?,
        })
    }
}

impl Value for FunctionExecutionStatus {
    fn write(&self, name: &str) -> Element {
        let mut el = Element::new(name);
        self.status.put("Status", &mut el);
        self.status_code_data.put("StatusCodeData", &mut el);
        el
    }

    fn read(el: &Element) -> Result<Self, MessageError> {
        Ok(FunctionExecutionStatus {
            status: Slot::take(el, "Status")?,
            status_code_data: Slot::take(el, "StatusCodeData")?,
        })
    }
}
