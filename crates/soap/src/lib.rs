//! The SGP.02 web-service binding of the off-card interfaces (ES1, ES2, ES3, ES4, ES7):
//! SOAP envelopes with WS-Addressing, the request and response messages, and the function
//! execution status with SGP.02's subject and reason codes. A pure library: no HTTP server,
//! no TLS; [`http`] holds what the HTTP layer of a role needs.
//!
//! ```text
//! bytes ──xml::parse (bounded)──► Envelope::decode ──► Es4Request::decode(&env) ──► role
//! role ──► Es4Callback / Operation::response ──► Envelope::encode ──► bytes
//! ```
//!
//! # Decisions
//!
//! The GSMA's WSDL/XSD for SGP.02 (its web-service binding annex) was not at hand; the
//! shapes here are those of the public SGP.02 WSDLs (njiwa's ES1–ES7), with these choices
//! where sources disagree:
//!
//! * **SOAP 1.1** (`text/xml`), as those WSDLs bind (`wsdl/soap/`, WSDL 1.1 3). SOAP 1.2 is
//!   read too and answered in kind; a secondary text claims 1.2, no implementation uses it.
//! * **WS-Addressing 1.0**, namespace `http://www.w3.org/2005/08/addressing`, written always.
//!   njiwa's `http://www.w3.org/2007/05/addressing/metadata` (a namespace error in its WSDLs)
//!   is read as an alias, never written. `From`, `To`, `ReplyTo`, `MessageID`, `Action`,
//!   `RelatesTo` as header blocks (WS-Addressing 1.0 SOAP Binding 2.1); requests must carry
//!   `MessageID`, `Action` and `To` ([`http::check_request`]).
//! * **Body**: WSDL 1.1 rpc/literal, a wrapper element in
//!   `http://namespaces.gsma.org/esim-messaging/1` named after the function (`{F}Response`
//!   for its response), holding the parts unqualified in WSDL order; a JAX-WS `return`
//!   wrapper around response parts is accepted.
//! * **Actions**: the WSDLs' URIs, their `ProfileManagent` spelling included, matched on input
//!   ignoring case and that spelling ([`operation`]). The synchronous response action is the
//!   WS-Addressing Metadata 4.4.4 default; the asynchronous response goes to `ReplyTo` with
//!   the `…CallBack/…` action.
//! * **Status**: the GSMA strings `Executed-Success`, `Executed-WithWarning`, `Failed`,
//!   `Expired` (SGP.02 5.1, as in SGP.22's ES2+), not njiwa's enumeration constants (read,
//!   never written); subject and reason codes of SGP.02 5.1.6 ([`status::codes`]).
//! * **Refusals**: a message the binding cannot take (malformed, no WS-Addressing, unknown
//!   action, wrong namespace) is a SOAP fault with the WS-Addressing subcode; a well-formed
//!   request the function refuses (missing or invalid part, unknown requester) is the
//!   function's response with status `Failed` ([`http::Refusal`]).
//! * **Bounds**: 1 MiB, depth 32, 8192 elements, 32 attributes per element by default; no
//!   DOCTYPE (WS-I Basic Profile 1.1 R1008), no entities beyond the predefined five
//!   ([`xml`]).
//!
//! # Known divergences from njiwa
//!
//! What njiwa (the one public SGP.02 SOAP implementation) sends and how this crate takes it:
//!
//! | njiwa | here |
//! |---|---|
//! | addressing headers in `…/2007/05/addressing/metadata` | read as WS-Addressing 1.0; written in `…/2005/08/addressing` |
//! | EPR `Address` unqualified | read in any namespace; written qualified |
//! | status `EXECUTED_SUCCESS`, `ExecutedSuccess` | read; written `Executed-Success` |
//! | response parts inside `<return>` | read; written directly in `{F}Response` |
//! | request element `{F}Request` (ES4 SM-SR change, ES7) | read; written `{F}` |
//! | `ProfileManagentCallback` (ES4 AuditEIS) | matched (ASCII case ignored) |
//! | `ES3-AuditEISResponse` callback action | not matched; ours is `ES3-AuditEIS` |
//! | `ES7- CreateAdditionalKeySet` (a space) callback action | not matched |
//! | `FreeMemoery` in the EIS profile entries | not read; ours is `FreeMemory` |
#![forbid(unsafe_code)]

#[macro_use]
mod macros;

pub mod bodies;
pub mod eis;
pub mod envelope;
pub mod es1;
pub mod es2;
pub mod es3;
pub mod es4;
pub mod es7;
pub mod http;
pub mod message;
pub mod notify;
pub mod ns;
pub mod operation;
pub mod status;
pub mod xml;
