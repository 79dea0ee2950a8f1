//! The SOAP Fault (SOAP 1.1 4.4; SOAP 1.2 Part 1 5.4) with the WS-Addressing subcodes
//! (WS-Addressing 1.0 SOAP Binding 6).
//!
//! ```text
//! SOAP 1.1: <S:Fault><faultcode>wsa:MessageAddressingHeaderRequired | S:Client</faultcode>
//!                    <faultstring>…</faultstring></S:Fault>
//! SOAP 1.2: <env:Fault><env:Code><env:Value>env:Sender</env:Value>
//!                        <env:Subcode><env:Value>wsa:…</env:Value></env:Subcode></env:Code>
//!                      <env:Reason><env:Text xml:lang="en">…</env:Text></env:Reason></env:Fault>
//! ```
//!
//! For SOAP 1.1 the WS-Addressing subcode is the `faultcode` itself (SOAP Binding 6).

use crate::ns;
use crate::xml::{Attribute, Element};

use super::SoapVersion;

/// The fault code (SOAP 1.1 4.4.1 names in brackets).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultCode {
    /// The envelope's namespace is not understood.
    VersionMismatch,
    /// A mandatory header block was not understood.
    MustUnderstand,
    /// The message is wrong (`Client`).
    Sender,
    /// The receiver failed (`Server`).
    Receiver,
}

impl FaultCode {
    fn local_name(self, version: SoapVersion) -> &'static str {
        match (self, version) {
            (FaultCode::VersionMismatch, _) => "VersionMismatch",
            (FaultCode::MustUnderstand, _) => "MustUnderstand",
            (FaultCode::Sender, SoapVersion::Soap11) => "Client",
            (FaultCode::Sender, SoapVersion::Soap12) => "Sender",
            (FaultCode::Receiver, SoapVersion::Soap11) => "Server",
            (FaultCode::Receiver, SoapVersion::Soap12) => "Receiver",
        }
    }

    fn from_local_name(name: &str) -> Option<FaultCode> {
        Some(match name {
            "VersionMismatch" => FaultCode::VersionMismatch,
            "MustUnderstand" => FaultCode::MustUnderstand,
            "Client" | "Sender" => FaultCode::Sender,
            "Server" | "Receiver" => FaultCode::Receiver,
            _ => return None,
        })
    }
}

/// A SOAP fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fault {
    /// The code.
    pub code: FaultCode,
    /// The WS-Addressing subcode's local name (e.g. `MessageAddressingHeaderRequired`).
    pub subcode: Option<String>,
    /// The human-readable reason.
    pub reason: String,
}

/// Text after the prefix of a QName written as element content.
fn local_part(qname: &str) -> &str {
    qname.rsplit_once(':').map_or(qname, |(_, local)| local)
}

impl Fault {
    /// The `Fault` body element for `version`. Prefixes `S`/`env` and `wsa` are those the
    /// writer declares, so the QName contents resolve.
    pub(crate) fn to_element(&self, version: SoapVersion) -> Element {
        let env = version.namespace();
        let code = format!("{}:{}", version.prefix(), self.code.local_name(version));
        let mut fault = Element::qualified(env, "Fault");
        match version {
            SoapVersion::Soap11 => {
                let code = match &self.subcode {
                    Some(sub) => format!("wsa:{sub}"),
                    None => code,
                };
                fault.push(Element::with_text("faultcode", code));
                fault.push(Element::with_text("faultstring", self.reason.clone()));
            }
            SoapVersion::Soap12 => {
                let mut code_el = Element::qualified(env, "Code");
                code_el.push(text_in(env, "Value", code));
                if let Some(sub) = &self.subcode {
                    let mut subcode = Element::qualified(env, "Subcode");
                    subcode.push(text_in(env, "Value", format!("wsa:{sub}")));
                    code_el.push(subcode);
                }
                let mut text = text_in(env, "Text", self.reason.clone());
                text.attributes.push(Attribute {
                    namespace: Some(ns::XML.to_owned()),
                    name: "lang".to_owned(),
                    value: "en".to_owned(),
                });
                let mut reason = Element::qualified(env, "Reason");
                reason.push(text);
                fault.push(code_el);
                fault.push(reason);
            }
        }
        fault
    }

    /// Reads a `Fault` body element; `None` when `el` is not one.
    pub(crate) fn from_element(el: &Element, version: SoapVersion) -> Option<Fault> {
        if !el.is(version.namespace(), "Fault") {
            return None;
        }
        let (code, reason) = match version {
            SoapVersion::Soap11 => (
                el.child("faultcode")?.trimmed_text().to_owned(),
                el.child("faultstring").map(|s| s.text.clone()),
            ),
            SoapVersion::Soap12 => {
                let code = el.child("Code")?;
                let value = code.child("Value")?.trimmed_text();
                let sub = code.child("Subcode").and_then(|s| s.child("Value"));
                let value = sub.map_or(value, |s| s.trimmed_text()).to_owned();
                let reason = el.child("Reason").and_then(|r| r.child("Text"));
                (value, reason.map(|t| t.text.clone()))
            }
        };
        let local = local_part(&code);
        let (code, subcode) = match FaultCode::from_local_name(local) {
            Some(c) => (c, None),
            None => (FaultCode::Sender, Some(local.to_owned())),
        };
        Some(Fault {
            code,
            subcode,
            reason: reason.unwrap_or_default(),
        })
    }
}

fn text_in(namespace: &str, name: &str, text: String) -> Element {
    let mut el = Element::qualified(namespace, name);
    el.text = text;
    el
}
