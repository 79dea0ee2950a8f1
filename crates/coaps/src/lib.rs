//! CoAP (RFC 7252) for ESipa's CoAP binding (SGP.32: the ASN.1 messages of the HTTPS
//! binding, POSTed to `/gsma/rsp2/asn1`) over DTLS 1.2 (RFC 6347, profiled for IoT by RFC
//! 7925).
//!
//! - [`block`]: Block1 / Block2 option values (RFC 7959 2.2);
//! - [`exchange`]: one peer's exchanges at a server, without I/O: piggybacked responses,
//!   duplicate detection, block-wise bodies within limits;
//! - [`server`]: the UDP socket, one session per peer, the application's [`Handler`];
//! - [`faults`]: messages lost, or a session dropped, on purpose;
//! - [`dtls`]: the sessions over DTLS 1.2 (PSK and certificates, cookies);
//! - [`client`]: a client's confirmable requests, retransmitted, in blocks both ways;
//! - [`http`]: the response codes of the HTTPS binding and the CoAP one.
//!
//! Messages are encoded and decoded by the `coap-lite` crate; what a peer can make the
//! server keep is bounded here.

#![deny(unsafe_code)]

pub mod block;
pub mod client;
pub mod dtls;
pub mod exchange;
pub mod faults;
pub mod http;
pub mod server;

pub use block::Block;
pub use client::{ClientError, ClientSecurity, CoapClient, Traffic};
pub use coap_lite::{RequestType, ResponseType};
pub use dtls::{DtlsConfig, DtlsError};
pub use exchange::{Exchanges, Incoming, Limits, Pending, Request, Response};
pub use faults::{Fate, Message, MessageFaults};
pub use server::{CoapServer, Handler, Peer, ServerConfig, serve_plain};
