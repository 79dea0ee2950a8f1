//! SCP81 (GlobalPlatform Card Specification Amendment B, "Remote Application Management
//! over HTTP"), as SGP.02 uses it on ES5 (2.4.4, 4.1.1): the PSK-TLS link, the HTTP admin
//! protocol between the admin server and the card's admin agent, and the parameters that
//! trigger an admin session.
//!
//! ```text
//! SM-SR                                          eUICC (admin agent of the ISD-R)
//!   | -- SMS: trigger (81 ...)          -------> |  trigger::AdminSessionTrigger
//!   | <------------------ PSK-TLS 1.2 handshake  |  tls::PskConnector
//!   |   tls::PskAcceptor (key by identity::PskIdentity)
//!   | <-------------------- POST admin URI ----- |  admin::agent
//!   | ---- 200 + script + X-Admin-Next-URI ----> |
//!   | <---- POST Next-URI + script response ---- |
//!   | ---- 204 No Content ---------------------> |
//!   admin::server
//! ```
#![forbid(unsafe_code)]

pub mod admin;
pub mod aid;
pub mod identity;
pub mod tls;
mod tlv;
pub mod trigger;

pub use aid::{Aid, AidError};
pub use identity::{Eid, IdentityError, PskIdentity};
pub use tls::{CipherSuite, Psk, PskAcceptor, PskConnector, TlsConfig, TlsError};
pub use tlv::TlvError;
