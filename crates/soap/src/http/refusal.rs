//! The answer to a refused request.

use crate::bodies::BaseResponse;
use crate::envelope::{ANONYMOUS, Envelope, Fault, FaultCode, SoapVersion};
use crate::message::MessageError;
use crate::operation::Operation;
use crate::status::{ExecutionStatus, ResponseHeader, StatusCode, StatusCodeData, codes};

use super::STATUS_OK;

/// How a request is refused: a SOAP fault for a message the binding cannot take, a
/// function execution status (`Failed`) for a well-formed request the function refuses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Answer with this fault.
    Fault(Fault),
    /// Answer with the operation's response, `Failed` with this status code data.
    Status(StatusCodeData),
}

impl Refusal {
    /// The refusal for a message error: envelope and dispatch errors are faults, a missing
    /// part is reason 2.2 and an invalid one 2.1 (SGP.02 5.1.6.2) with the subject the part
    /// identifies.
    pub fn of(err: &MessageError) -> Refusal {
        let status = |element: &str, reason: &'static str| {
            let subject = codes::subject_of_element(element);
            Refusal::Status(
                StatusCodeData::from(StatusCode::new(subject, reason))
                    .with_subject_identifier(element)
                    .with_message(err.to_string()),
            )
        };
        match err {
            MessageError::Envelope(e) => Refusal::Fault(e.to_fault()),
            MessageError::MissingElement(element) => status(element, "2.2"),
            MessageError::InvalidValue { element, .. } => status(element, "2.1"),
            MessageError::Fault(f) => Refusal::Fault(f.clone()),
            other => Refusal::Fault(Fault {
                code: FaultCode::Sender,
                subcode: None,
                reason: other.to_string(),
            }),
        }
    }

    /// The answer to `request`: for a status, the response of `op` (a fault when the
    /// operation is not known); `message_id` identifies the answer. A refusal is answered at
    /// once in the HTTP response, so its `To` is the anonymous address whatever the
    /// request's `ReplyTo`.
    pub fn to_envelope(
        &self,
        request: Option<&Envelope>,
        op: Option<&Operation>,
        message_id: &str,
    ) -> Envelope {
        let version = request.map_or(SoapVersion::Soap11, |r| r.version);
        match (self, op, request) {
            (Refusal::Status(data), Some(op), Some(req)) => {
                let header = ResponseHeader::with(ExecutionStatus::Failed, Some(data.clone()));
                let mut env = op.response(&req.addressing, message_id, &BaseResponse::new(header));
                env.version = version;
                env.addressing.to = Some(ANONYMOUS.to_owned());
                env
            }
            (Refusal::Status(data), _, _) => {
                let fault = Fault {
                    code: FaultCode::Sender,
                    subcode: None,
                    reason: data.message.clone().unwrap_or_default(),
                };
                Envelope::fault_reply(request, version, &fault)
            }
            (Refusal::Fault(f), _, _) => Envelope::fault_reply(request, version, f),
        }
    }

    /// The HTTP status of the answer: a status answer is a normal response (200); a fault is
    /// 500 in SOAP 1.1 (6.2) and 400 for a sender fault in SOAP 1.2 (Part 2 7.5.2.2).
    pub fn http_status(&self, version: SoapVersion) -> u16 {
        match (self, version) {
            (Refusal::Status(_), _) => STATUS_OK,
            (Refusal::Fault(f), SoapVersion::Soap12) if f.code == FaultCode::Sender => 400,
            (Refusal::Fault(_), _) => 500,
        }
    }
}
