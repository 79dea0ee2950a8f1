//! Why an envelope is refused, and the SOAP fault each refusal answers with.

use crate::xml::XmlError;

use super::InvalidHeader;
use super::fault::{Fault, FaultCode};

/// An envelope refused before its body is looked at.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EnvelopeError {
    /// The document itself is refused (size, depth, DOCTYPE, malformed ...).
    #[error(transparent)]
    Xml(#[from] XmlError),
    /// The root is an `Envelope` in neither SOAP namespace (SOAP 1.1 4.4.1 `VersionMismatch`).
    #[error("envelope in namespace {0:?}")]
    VersionMismatch(Option<String>),
    /// The root is not a SOAP `Envelope` at all.
    #[error("the document is not a SOAP envelope")]
    NotAnEnvelope,
    /// The envelope has no `Body` (SOAP 1.1 4.3), or other than `Header? Body`.
    #[error("the envelope has no Body")]
    MissingBody,
    /// The body carries other than one element (the binding's messages are one element).
    #[error("the Body carries {0} elements, not one")]
    BodyEntries(usize),
    /// A header block marked `mustUnderstand` that this binding does not process
    /// (SOAP 1.1 4.2.3).
    #[error("header block {0} must be understood")]
    MustUnderstand(String),
    /// A WS-Addressing header that is present but wrong (WS-Addressing 1.0 SOAP Binding
    /// 6.4.1 `InvalidAddressingHeader`).
    #[error("invalid WS-Addressing header {header}: {problem:?}")]
    InvalidAddressingHeader {
        /// The header's local name.
        header: String,
        /// The subsubcode.
        problem: InvalidHeader,
    },
    /// A WS-Addressing header the binding requires is absent (6.4.2
    /// `MessageAddressingHeaderRequired`): SGP.02 requesters identify themselves and their
    /// message by WS-Addressing.
    #[error("WS-Addressing header {0} is required")]
    MessageAddressingHeaderRequired(&'static str),
    /// `wsa:To` names another endpoint (6.4.3 `DestinationUnreachable`).
    #[error("wsa:To {0} is not this endpoint")]
    DestinationUnreachable(String),
    /// `wsa:Action` names no operation of this endpoint (6.4.4 `ActionNotSupported`).
    #[error("wsa:Action {0} is not supported here")]
    ActionNotSupported(String),
}

impl EnvelopeError {
    /// The SOAP fault answering this refusal, with the WS-Addressing subcode where
    /// WS-Addressing 1.0 SOAP Binding 6.4 defines one.
    pub fn to_fault(&self) -> Fault {
        let reason = self.to_string();
        let (code, subcode) = match self {
            EnvelopeError::VersionMismatch(_) => (FaultCode::VersionMismatch, None),
            EnvelopeError::MustUnderstand(_) => (FaultCode::MustUnderstand, None),
            EnvelopeError::InvalidAddressingHeader { .. } => {
                (FaultCode::Sender, Some("InvalidAddressingHeader"))
            }
            EnvelopeError::MessageAddressingHeaderRequired(_) => {
                (FaultCode::Sender, Some("MessageAddressingHeaderRequired"))
            }
            EnvelopeError::DestinationUnreachable(_) => {
                (FaultCode::Sender, Some("DestinationUnreachable"))
            }
            EnvelopeError::ActionNotSupported(_) => (FaultCode::Sender, Some("ActionNotSupported")),
            _ => (FaultCode::Sender, None),
        };
        Fault {
            code,
            subcode: subcode.map(str::to_owned),
            reason,
        }
    }
}
