//! The SOAP envelope: `Envelope` ⊃ `Header`? (the WS-Addressing blocks) ⊃ `Body` (one
//! message element) — SOAP 1.1 4, SOAP 1.2 Part 1 5.
//!
//! ```text
//! <S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/">
//!   <S:Header> wsa:To wsa:From wsa:ReplyTo wsa:MessageID wsa:Action wsa:RelatesTo </S:Header>
//!   <S:Body> <gsma:EnableProfile> … </gsma:EnableProfile> </S:Body>
//! </S:Envelope>
//! ```

mod addressing;
mod error;
mod fault;

pub use addressing::{ANONYMOUS, Addressing, EndpointReference, FAULT_ACTION, InvalidHeader};
pub use error::EnvelopeError;
pub use fault::{Fault, FaultCode};

use crate::ns;
use crate::xml::{self, Element, Limits};

/// The SOAP version of an envelope.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SoapVersion {
    /// SOAP 1.1, the binding's version (see the crate documentation).
    #[default]
    Soap11,
    /// SOAP 1.2, accepted and answered in kind.
    Soap12,
}

impl SoapVersion {
    /// The envelope namespace.
    pub fn namespace(self) -> &'static str {
        match self {
            SoapVersion::Soap11 => ns::SOAP11_ENVELOPE,
            SoapVersion::Soap12 => ns::SOAP12_ENVELOPE,
        }
    }

    /// The prefix the writer binds to [`namespace`](Self::namespace).
    pub(crate) fn prefix(self) -> &'static str {
        match self {
            SoapVersion::Soap11 => "S",
            SoapVersion::Soap12 => "env",
        }
    }

    fn from_namespace(namespace: Option<&str>) -> Option<SoapVersion> {
        match namespace {
            Some(ns::SOAP11_ENVELOPE) => Some(SoapVersion::Soap11),
            Some(ns::SOAP12_ENVELOPE) => Some(SoapVersion::Soap12),
            _ => None,
        }
    }
}

/// A SOAP message: version, addressing properties and its one body element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope {
    /// The SOAP version.
    pub version: SoapVersion,
    /// The WS-Addressing properties from the header.
    pub addressing: Addressing,
    /// The body's element (a message, or a `Fault`).
    pub body: Element,
}

impl Envelope {
    /// A SOAP 1.1 envelope.
    pub fn new(addressing: Addressing, body: Element) -> Envelope {
        Envelope {
            version: SoapVersion::Soap11,
            addressing,
            body,
        }
    }

    /// A fault envelope answering `request` (its version, `RelatesTo` its `MessageID`, the
    /// WS-Addressing fault action).
    pub fn fault_reply(
        request: Option<&Envelope>,
        version: SoapVersion,
        fault: &Fault,
    ) -> Envelope {
        let addressing = Addressing {
            action: Some(FAULT_ACTION.to_owned()),
            relates_to: request.and_then(|r| r.addressing.message_id.clone()),
            ..Addressing::default()
        };
        Envelope {
            version,
            addressing,
            body: fault.to_element(version),
        }
    }

    /// Reads an envelope within the default [`Limits`].
    ///
    /// # Errors
    ///
    /// [`EnvelopeError`] for a refused document or envelope.
    pub fn decode(bytes: &[u8]) -> Result<Envelope, EnvelopeError> {
        Envelope::decode_with(bytes, &Limits::default())
    }

    /// Reads an envelope within `limits`.
    ///
    /// # Errors
    ///
    /// [`EnvelopeError`] for a refused document or envelope.
    pub fn decode_with(bytes: &[u8], limits: &Limits) -> Result<Envelope, EnvelopeError> {
        let root = xml::parse(bytes, limits)?;
        let version = match SoapVersion::from_namespace(root.namespace.as_deref()) {
            Some(v) if root.name == "Envelope" => v,
            None if root.name == "Envelope" => {
                return Err(EnvelopeError::VersionMismatch(root.namespace));
            }
            _ => return Err(EnvelopeError::NotAnEnvelope),
        };
        let env = version.namespace();
        let mut parts = root.children.into_iter();
        let (header, body) = match (parts.next(), parts.next(), parts.next()) {
            (Some(b), None, None) if b.is(env, "Body") => (None, b),
            (Some(h), Some(b), None) if h.is(env, "Header") && b.is(env, "Body") => (Some(h), b),
            _ => return Err(EnvelopeError::MissingBody),
        };
        let mut addressing = Addressing::default();
        for block in header.iter().flat_map(|h| h.children.iter()) {
            if !addressing.read_block(block)? && must_understand(block, env) {
                return Err(EnvelopeError::MustUnderstand(block.name.clone()));
            }
        }
        let mut entries = body.children;
        let body = match entries.pop() {
            Some(el) if entries.is_empty() => el,
            Some(_) => return Err(EnvelopeError::BodyEntries(entries.len() + 1)),
            None => return Err(EnvelopeError::BodyEntries(0)),
        };
        Ok(Envelope {
            version,
            addressing,
            body,
        })
    }

    /// Writes the envelope as a UTF-8 document.
    pub fn encode(&self) -> String {
        let env = self.version.namespace();
        let mut root = Element::qualified(env, "Envelope");
        let mut header = Element::qualified(env, "Header");
        header.children = self.addressing.to_blocks();
        if !header.children.is_empty() {
            root.push(header);
        }
        let mut body = Element::qualified(env, "Body");
        body.push(self.body.clone());
        root.push(body);
        xml::write_document(&root, ns::PREFIXES)
    }

    /// The fault this envelope carries, if its body is one.
    pub fn fault(&self) -> Option<Fault> {
        Fault::from_element(&self.body, self.version)
    }

    /// `wsa:Action`, if present.
    pub fn action(&self) -> Option<&str> {
        self.addressing.action.as_deref()
    }
}

/// Whether a header block carries `mustUnderstand` true (SOAP 1.1 4.2.3: "1"; SOAP 1.2
/// Part 1 5.2.3: "true" or "1").
fn must_understand(block: &Element, env: &str) -> bool {
    block.attributes.iter().any(|a| {
        a.namespace.as_deref() == Some(env)
            && a.name == "mustUnderstand"
            && matches!(a.value.trim(), "1" | "true")
    })
}
