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
//!
//! The SM-SR's side, in short: push the trigger, accept the card, serve its session.
//!
//! ```no_run
//! # async fn sm_sr(keys: std::collections::HashMap<[u8; 16], [u8; 16]>) -> Result<(), Box<dyn std::error::Error>> {
//! use scp81::admin::server::{AdminServerConfig, FnHandler, Next, serve_session};
//! use scp81::trigger::{AdminSessionParams, AdminSessionTrigger, ConnectionParams, HttpPostParams};
//! use scp81::{Psk, PskAcceptor, TlsConfig};
//!
//! // The secured data of the push SMS to the ISD-R (SCP80 is the ota crate's).
//! let push = AdminSessionTrigger {
//!     session: Some(AdminSessionParams {
//!         connection: Some(ConnectionParams::tcp("192.0.2.1".parse()?, 8443, 1024)),
//!         http_post: Some(HttpPostParams { admin_uri: Some("/gp/admin".into()), ..Default::default() }),
//!         ..Default::default()
//!     }),
//!     dns: None,
//! }
//! .encode();
//!
//! // The key of each card, found by the EID of its PSK identity (SGP.02 2.4.4).
//! let acceptor = PskAcceptor::sgp02(&TlsConfig::default(), move |id| {
//!     keys.get(&id.eid).and_then(|k| Psk::new(k).ok())
//! })?;
//! let listener = tokio::net::TcpListener::bind("0.0.0.0:8443").await?;
//! let (tcp, _) = listener.accept().await?;
//! let stream = acceptor.accept(tcp).await?;
//! let mut scripts = vec![vec![0xAE, 0x80, 0x22, 0x05, 0x80, 0xCA, 0x00, 0x85, 0x00, 0x00, 0x00]];
//! let handler = FnHandler(move |_post| match scripts.pop() {
//!     Some(body) => Next::Script { body, targeted_application: None },
//!     None => Next::Done,
//! });
//! let report = serve_session(stream, &AdminServerConfig::default(), handler).await?;
//! # let _ = (push, report);
//! # Ok(())
//! # }
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
