//! infra's integration tests: TLS on loopback with real sockets, kept-alive connections, the listener limits.
//!
//! One test binary for the crate: a module per subject, the support code as ordinary
//! modules beside them.

mod support;

mod brainpool_tls;
mod keep_alive;
mod lab_pki_tls;
mod limits;
mod loopback;
