//! The checks every received request passes before its function runs.

use crate::envelope::{Envelope, EnvelopeError, InvalidHeader};
use crate::status::{StatusCodeData, codes};

use super::{Refusal, parse_soap_action};

/// Checks the addressing of a received request: `MessageID` and `Action` present, `To`
/// present and equal to `endpoint`, and a non-empty `SOAPAction` header equal to
/// `wsa:Action` (WS-Addressing 1.0 SOAP Binding 6.4.1 `ActionMismatch`).
///
/// # Errors
///
/// The [`EnvelopeError`] naming the WS-Addressing fault.
pub fn check_request(
    env: &Envelope,
    endpoint: &str,
    soap_action: Option<&str>,
) -> Result<(), EnvelopeError> {
    let a = &env.addressing;
    let message_id = a.message_id.as_deref().filter(|m| !m.is_empty());
    message_id.ok_or(EnvelopeError::MessageAddressingHeaderRequired("MessageID"))?;
    let action = crate::operation::require_action(env)?;
    let to = a.to.as_deref().filter(|t| !t.is_empty());
    let to = to.ok_or(EnvelopeError::MessageAddressingHeaderRequired("To"))?;
    if to != endpoint {
        return Err(EnvelopeError::DestinationUnreachable(to.to_owned()));
    }
    if let Some(header) = soap_action.map(parse_soap_action).filter(|h| !h.is_empty())
        && header != action
    {
        return Err(EnvelopeError::InvalidAddressingHeader {
            header: "Action".to_owned(),
            problem: InvalidHeader::ActionMismatch,
        });
    }
    Ok(())
}

/// The requester's identity, `wsa:From`'s address, if `known` accepts it.
///
/// # Errors
///
/// [`Refusal::Status`] with 1.1 / 1.1 when `wsa:From` is absent or not known.
pub fn check_requester(env: &Envelope, known: impl Fn(&str) -> bool) -> Result<&str, Refusal> {
    match env.addressing.from.as_ref().map(|f| f.address.as_str()) {
        Some(from) if known(from) => Ok(from),
        from => Err(Refusal::Status(
            StatusCodeData::from(codes::FUNCTION_REQUESTER_UNKNOWN)
                .with_message(format!("function requester {from:?} is not known")),
        )),
    }
}
