//! The WS-Addressing 1.0 message addressing properties carried as SOAP header blocks
//! (WS-Addressing 1.0 Core 3.1, SOAP Binding 2.1).
//!
//! ```text
//! <wsa:To>xs:anyURI</wsa:To>                    destination
//! <wsa:From><wsa:Address>…</wsa:Address></wsa:From>       source endpoint
//! <wsa:ReplyTo><wsa:Address>…</wsa:Address></wsa:ReplyTo> where the response goes
//! <wsa:FaultTo><wsa:Address>…</wsa:Address></wsa:FaultTo> where a fault goes
//! <wsa:MessageID>xs:anyURI</wsa:MessageID>      this message's identifier
//! <wsa:Action>xs:anyURI</wsa:Action>            the operation
//! <wsa:RelatesTo>xs:anyURI</wsa:RelatesTo>      the MessageID answered
//! ```

use crate::ns;
use crate::xml::Element;

use super::EnvelopeError;

/// The anonymous address (WS-Addressing 1.0 Core 2.1): "reply in the HTTP response".
pub const ANONYMOUS: &str = "http://www.w3.org/2005/08/addressing/anonymous";
/// The `wsa:Action` of a WS-Addressing fault (WS-Addressing 1.0 SOAP Binding 6).
pub const FAULT_ACTION: &str = "http://www.w3.org/2005/08/addressing/fault";

/// An endpoint reference (WS-Addressing 1.0 Core 2.2); the binding uses only its address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointReference {
    /// `wsa:Address`.
    pub address: String,
}

impl EndpointReference {
    /// A reference to `address`.
    pub fn new(address: impl Into<String>) -> EndpointReference {
        EndpointReference {
            address: address.into(),
        }
    }

    /// Whether this is the anonymous endpoint.
    pub fn is_anonymous(&self) -> bool {
        self.address == ANONYMOUS
    }
}

/// The message addressing properties of one message.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Addressing {
    /// `wsa:To`: the endpoint the message is sent to.
    pub to: Option<String>,
    /// `wsa:From`: the sender (SGP.02 identifies the function requester by it).
    pub from: Option<EndpointReference>,
    /// `wsa:ReplyTo`: where an asynchronous response is sent.
    pub reply_to: Option<EndpointReference>,
    /// `wsa:FaultTo`.
    pub fault_to: Option<EndpointReference>,
    /// `wsa:MessageID`.
    pub message_id: Option<String>,
    /// `wsa:Action`.
    pub action: Option<String>,
    /// `wsa:RelatesTo`: the `MessageID` this message answers.
    pub relates_to: Option<String>,
}

impl Addressing {
    /// The properties of a request: destination, sender and identifier; the action is set
    /// from the operation when the message is encoded
    /// ([`Operation::request`](crate::operation::Operation::request), the dispatch enums'
    /// `encode`).
    pub fn request(
        to: impl Into<String>,
        from: impl Into<String>,
        message_id: impl Into<String>,
    ) -> Addressing {
        Addressing {
            to: Some(to.into()),
            from: Some(EndpointReference::new(from)),
            message_id: Some(message_id.into()),
            ..Addressing::default()
        }
    }

    /// The same properties with a `ReplyTo` address.
    pub fn with_reply_to(mut self, address: impl Into<String>) -> Addressing {
        self.reply_to = Some(EndpointReference::new(address));
        self
    }

    /// The properties of the reply to `request` (WS-Addressing 1.0 Core 3.4): sent to its
    /// `ReplyTo` (anonymous when absent), relating to its `MessageID`.
    pub fn reply(request: &Addressing, message_id: impl Into<String>, action: &str) -> Addressing {
        let to = request
            .reply_to
            .as_ref()
            .map_or(ANONYMOUS, |r| r.address.as_str());
        Addressing {
            to: Some(to.to_owned()),
            from: None,
            reply_to: None,
            fault_to: None,
            message_id: Some(message_id.into()),
            action: Some(action.to_owned()),
            relates_to: request.message_id.clone(),
        }
    }

    /// The header blocks, in the order of WS-Addressing 1.0 Core 3.1.
    pub(crate) fn to_blocks(&self) -> Vec<Element> {
        let mut blocks = Vec::new();
        let text = |name: &str, v: &Option<String>, out: &mut Vec<Element>| {
            if let Some(v) = v {
                let mut el = Element::qualified(ns::WSA, name);
                el.text.clone_from(v);
                out.push(el);
            }
        };
        let epr = |name: &str, v: &Option<EndpointReference>, out: &mut Vec<Element>| {
            if let Some(v) = v {
                let mut el = Element::qualified(ns::WSA, name);
                let mut address = Element::qualified(ns::WSA, "Address");
                address.text.clone_from(&v.address);
                el.push(address);
                out.push(el);
            }
        };
        text("To", &self.to, &mut blocks);
        epr("From", &self.from, &mut blocks);
        epr("ReplyTo", &self.reply_to, &mut blocks);
        epr("FaultTo", &self.fault_to, &mut blocks);
        text("MessageID", &self.message_id, &mut blocks);
        text("Action", &self.action, &mut blocks);
        text("RelatesTo", &self.relates_to, &mut blocks);
        blocks
    }

    /// Takes one addressing header block; `Ok(false)` when it is not one.
    pub(crate) fn read_block(&mut self, block: &Element) -> Result<bool, EnvelopeError> {
        if !is_wsa(block) {
            return Ok(false);
        }
        let name = block.name.as_str();
        match name {
            "To" => set(&mut self.to, name, block.trimmed_text().to_owned())?,
            "MessageID" => set(&mut self.message_id, name, block.trimmed_text().to_owned())?,
            "Action" => set(&mut self.action, name, block.trimmed_text().to_owned())?,
            "RelatesTo" => set(&mut self.relates_to, name, block.trimmed_text().to_owned())?,
            "From" => set(&mut self.from, name, endpoint(block)?)?,
            "ReplyTo" => set(&mut self.reply_to, name, endpoint(block)?)?,
            "FaultTo" => set(&mut self.fault_to, name, endpoint(block)?)?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

fn is_wsa(el: &Element) -> bool {
    matches!(el.namespace.as_deref(), Some(ns::WSA | ns::WSA_NJIWA))
}

/// Each property at most once (WS-Addressing 1.0 SOAP Binding 6.4.1, `InvalidCardinality`).
fn set<T>(slot: &mut Option<T>, name: &str, value: T) -> Result<(), EnvelopeError> {
    if slot.is_some() {
        return Err(EnvelopeError::InvalidAddressingHeader {
            header: name.to_owned(),
            problem: InvalidHeader::InvalidCardinality,
        });
    }
    *slot = Some(value);
    Ok(())
}

/// An endpoint reference needs its `Address` (6.4.1, `MissingAddressInEPR`). Its namespace
/// is not checked: the public SGP.02 WSDLs declare it unqualified.
fn endpoint(block: &Element) -> Result<EndpointReference, EnvelopeError> {
    block
        .child("Address")
        .map(|a| EndpointReference::new(a.trimmed_text()))
        .ok_or_else(|| EnvelopeError::InvalidAddressingHeader {
            header: block.name.clone(),
            problem: InvalidHeader::MissingAddressInEpr,
        })
}

/// The subsubcodes of `wsa:InvalidAddressingHeader` (WS-Addressing 1.0 SOAP Binding 6.4.1)
/// this crate raises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum InvalidHeader {
    /// A property appears more than once.
    InvalidCardinality,
    /// An endpoint reference without `Address`.
    MissingAddressInEpr,
    /// The HTTP `SOAPAction` differs from `wsa:Action` (`ActionMismatch`).
    ActionMismatch,
}

impl InvalidHeader {
    /// The subsubcode's local name in the WS-Addressing namespace.
    pub fn local_name(self) -> &'static str {
        match self {
            InvalidHeader::InvalidCardinality => "InvalidCardinality",
            InvalidHeader::MissingAddressInEpr => "MissingAddressInEPR",
            InvalidHeader::ActionMismatch => "ActionMismatch",
        }
    }
}
