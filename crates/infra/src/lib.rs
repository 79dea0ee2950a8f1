//! Shared plumbing of the rsp-lab servers and clients: TLS configurations as the GSMA
//! specifications constrain them, an HTTPS accept loop for axum routers (axum's own `serve`
//! has no TLS), an HTTPS client, and a trace directory that keeps every message. The
//! databases are the `storage` crate's: the device side builds without a database driver.

pub mod client;
pub mod fault;
#[cfg(feature = "metrics")]
pub mod metrics;
pub mod serve;
pub mod signals;
pub mod tls;
pub mod trace;
