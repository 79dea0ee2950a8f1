//! The common request and response fields, written as the first parts of every message
//! body.

use proto::json::{ExecutionStatus, FunctionExecutionStatus, StatusCode, StatusCodeData};

use crate::message::{MessageError, Parts, Slot};
use crate::xml::Element;

/// The common request fields (SGP.02 5.1: the function call identifier, echoed in the
/// response, and the validity period after which the request expires).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestHeader {
    /// `FunctionCallIdentifier`.
    pub function_call_identifier: String,
    /// `ValidityPeriod`, in seconds.
    pub validity_period: Option<u64>,
}

impl RequestHeader {
    /// A header with a call identifier and no validity period.
    pub fn new(function_call_identifier: impl Into<String>) -> RequestHeader {
        RequestHeader {
            function_call_identifier: function_call_identifier.into(),
            validity_period: None,
        }
    }
}

impl Parts for RequestHeader {
    fn write_parts(&self, body: &mut Element) {
        self.function_call_identifier
            .put("FunctionCallIdentifier", body);
        self.validity_period.put("ValidityPeriod", body);
    }

    fn read_parts(body: &Element) -> Result<Self, MessageError> {
        Ok(RequestHeader {
            function_call_identifier: Slot::take(body, "FunctionCallIdentifier")?,
            validity_period: Slot::take(body, "ValidityPeriod")?,
        })
    }
}

/// The common response fields (`baseResponseType`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseHeader {
    /// `ProcessingStart`, an `xs:dateTime`.
    pub processing_start: Option<String>,
    /// `ProcessingEnd`, an `xs:dateTime`.
    pub processing_end: Option<String>,
    /// `AcceptableValidityPeriod`, in seconds: the validity period the provider applied.
    pub acceptable_validity_period: Option<u64>,
    /// `FunctionExecutionStatus`.
    pub function_execution_status: FunctionExecutionStatus,
}

impl ResponseHeader {
    /// A header with `status` and optional code data, no timings.
    pub fn with(status: ExecutionStatus, data: Option<StatusCodeData>) -> ResponseHeader {
        ResponseHeader {
            processing_start: None,
            processing_end: None,
            acceptable_validity_period: None,
            function_execution_status: FunctionExecutionStatus {
                status,
                status_code_data: data,
            },
        }
    }

    /// `Executed-Success` without status code data.
    pub fn success() -> ResponseHeader {
        ResponseHeader::with(ExecutionStatus::ExecutedSuccess, None)
    }

    /// `Executed-WithWarning` with the warning's code.
    pub fn warning(code: StatusCode, message: impl Into<String>) -> ResponseHeader {
        let data = StatusCodeData::from(code).with_message(message);
        ResponseHeader::with(ExecutionStatus::ExecutedWithWarning, Some(data))
    }

    /// `Failed` with the spec's code and a message.
    pub fn failed(code: StatusCode, message: impl Into<String>) -> ResponseHeader {
        let data = StatusCodeData::from(code).with_message(message);
        ResponseHeader::with(ExecutionStatus::Failed, Some(data))
    }

    /// `Expired` with the spec's code and a message.
    pub fn expired(code: StatusCode, message: impl Into<String>) -> ResponseHeader {
        let data = StatusCodeData::from(code).with_message(message);
        ResponseHeader::with(ExecutionStatus::Expired, Some(data))
    }

    /// The status.
    pub fn status(&self) -> ExecutionStatus {
        self.function_execution_status.status
    }
}

impl Parts for ResponseHeader {
    fn write_parts(&self, body: &mut Element) {
        self.processing_start.put("ProcessingStart", body);
        self.processing_end.put("ProcessingEnd", body);
        self.acceptable_validity_period
            .put("AcceptableValidityPeriod", body);
        self.function_execution_status
            .put("FunctionExecutionStatus", body);
    }

    fn read_parts(body: &Element) -> Result<Self, MessageError> {
        Ok(ResponseHeader {
            processing_start: Slot::take(body, "ProcessingStart")?,
            processing_end: Slot::take(body, "ProcessingEnd")?,
            acceptable_validity_period: Slot::take(body, "AcceptableValidityPeriod")?,
            function_execution_status: Slot::take(body, "FunctionExecutionStatus")?,
        })
    }
}
