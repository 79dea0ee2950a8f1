//! JSON bindings of ES9+, ES2+, ES11 and ES12 (SGP.22 6.5) and ESipa (SGP.32 6.4).
//!
//! Each function has a request and a response body type; the request header is
//! [`RequestHeader`], the response header [`ResponseHeader`] with the function execution
//! status and the spec's [`StatusCode`]s. DER objects are `Vec<u8>` carried as base64
//! ([`base64`]); identifiers use the [`crate::ids`] types and their JSON forms. Unknown
//! members are ignored everywhere (newer peers add some).
//!
//! Decoding: [`decode`] for any body, reporting the member that failed
//! ([`JsonError::member`]) so a server can answer with the matching status code;
//! [`decode_response`] for a client, which looks at the header first so a `Failed` answer
//! (which carries no output data) comes back as [`ResponseError::Failed`] rather than as a
//! missing-member error.

pub mod base64;
mod choice;
pub mod es12;
pub mod es2p;
pub mod es9p;
pub mod esipa;
mod header;
pub mod http;
pub mod plmn_hex;
mod request_error;
mod status_code;

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub use choice::ChoiceError;
pub use header::{
    ExecutionStatus, FunctionExecutionStatus, RequestHeader, ResponseHeader, StatusCodeData,
};
pub use request_error::RequestError;
pub use status_code::{REASON_CODES, SUBJECT_CODES, StatusCode, reason_name, subject_name};

/// A response that is only a header: failures, and functions without output data
/// (ES9+/ESipa CancelSession, ES2+ CancelOrder and ReleaseProfile).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmptyResponse {
    pub header: ResponseHeader,
}

impl EmptyResponse {
    /// `Executed-Success`.
    pub fn success() -> EmptyResponse {
        EmptyResponse {
            header: ResponseHeader::success(),
        }
    }

    /// `Failed` with the spec's code and a message: the whole answer to a refused call.
    pub fn failed(code: StatusCode, message: impl Into<String>) -> EmptyResponse {
        EmptyResponse {
            header: ResponseHeader::failed(code, message),
        }
    }
}

/// A JSON body that did not decode: where, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    /// The path of the offending member (`transactionId`, `header.functionCallIdentifier`),
    /// empty when the text is not JSON or the top level is wrong.
    pub path: String,
    /// What was wrong.
    pub message: String,
}

impl JsonError {
    /// The top-level member at fault, if the error is inside one.
    pub fn member(&self) -> Option<&str> {
        let first = self.path.split(['.', '[']).next().unwrap_or_default();
        (!first.is_empty() && first != "?").then_some(first)
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() || self.path == "." {
            write!(f, "{}", self.message)
        } else {
            write!(f, "member {}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for JsonError {}

impl From<serde_path_to_error::Error<serde_json::Error>> for JsonError {
    fn from(e: serde_path_to_error::Error<serde_json::Error>) -> JsonError {
        let path = e.path().to_string();
        JsonError {
            path: if path == "." { String::new() } else { path },
            message: e.into_inner().to_string(),
        }
    }
}

impl From<serde_json::Error> for JsonError {
    fn from(e: serde_json::Error) -> JsonError {
        JsonError {
            path: String::new(),
            message: e.to_string(),
        }
    }
}

/// Decodes a JSON body, reporting the failing member.
pub fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, JsonError> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// Why a response was not the expected output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResponseError {
    /// The body did not decode.
    Json(JsonError),
    /// The function was not executed: status `Failed` or `Expired`, with the spec's codes.
    Failed(FunctionExecutionStatus),
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResponseError::Json(e) => write!(f, "malformed response: {e}"),
            ResponseError::Failed(s) => {
                write!(f, "function {:?}", s.status)?;
                if let Some(d) = &s.status_code_data {
                    let code = (d.subject_code.as_str(), d.reason_code.as_str());
                    write!(f, ": {}/{}", code.0, code.1)?;
                    if let (Some(sn), Some(rn)) = (subject_name(code.0), reason_name(code.1)) {
                        write!(f, " ({sn} - {rn})")?;
                    }
                    if let Some(m) = &d.message {
                        write!(f, ": {m}")?;
                    }
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ResponseError {}

impl From<JsonError> for ResponseError {
    fn from(e: JsonError) -> ResponseError {
        ResponseError::Json(e)
    }
}

/// Decodes a response body: the header first; a `Failed` or `Expired` status returns
/// [`ResponseError::Failed`], an executed one decodes the whole body as `T`.
///
/// Both steps read the text itself, never a `serde_json::Value` (which keeps the last of
/// two members of the same name): a body that names a member twice is refused here as
/// [`decode`] refuses it, so a client and a server never read different values from it.
pub fn decode_response<T: DeserializeOwned>(body: &[u8]) -> Result<T, ResponseError> {
    #[derive(Deserialize)]
    struct HeaderOnly {
        header: ResponseHeader,
    }
    let only: HeaderOnly = decode(body)?;
    let status = only.header.function_execution_status;
    if !status.status.is_executed() {
        return Err(ResponseError::Failed(status));
    }
    Ok(decode(body)?)
}

/// Encodes a body as JSON text.
pub fn encode<T: Serialize>(body: &T) -> Result<Vec<u8>, JsonError> {
    Ok(serde_json::to_vec(body)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Answer {
        header: ResponseHeader,
        transaction_id: String,
    }

    /// Found by fuzzing (json_bindings): the client's header-first decoding went through a
    /// `serde_json::Value` and took the last of two `transactionId` members, where the
    /// plain decoding refuses the body.
    #[test]
    fn a_member_named_twice_is_refused_by_both_decodings() {
        let body = br#"{"header":{"functionExecutionStatus":{"status":"Executed-Success"}},
            "transactionId":"01","transactionId":"02"}"#;
        let plain = decode::<Answer>(body).unwrap_err();
        assert!(plain.message.contains("duplicate field"), "{plain}");
        match decode_response::<Answer>(body) {
            Err(ResponseError::Json(e)) => assert!(e.message.contains("duplicate field"), "{e}"),
            other => panic!("accepted: {other:?}"),
        }
        let once = br#"{"header":{"functionExecutionStatus":{"status":"Executed-Success"}},
            "transactionId":"01"}"#;
        assert_eq!(
            decode_response::<Answer>(once).unwrap().transaction_id,
            "01".to_string()
        );
    }

    #[test]
    fn a_failed_answer_is_failed_before_its_members_are_read() {
        let body = br#"{"header":{"functionExecutionStatus":{"status":"Failed",
            "statusCodeData":{"subjectCode":"8.1","reasonCode":"3.8"}}}}"#;
        assert!(matches!(
            decode_response::<Answer>(body),
            Err(ResponseError::Failed(s)) if s.status == ExecutionStatus::Failed
        ));
    }
}
