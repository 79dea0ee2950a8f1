//! The SMPP crate's integration tests: ESMEs and the SMSC on loopback, raw sockets for what
//! a well-behaved ESME would never send, and a PyPI SMPP client against the SMSC.
//!
//! One test binary for the crate: a module per subject, filed by SMPP 3.4 section where
//! one applies.

mod support;

mod bind;
mod esme;
mod interop;
mod limits;
mod malformed;
mod pdu;
mod receipts;
mod routing;
mod session;
mod store_forward;
