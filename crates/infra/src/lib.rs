//! Shared plumbing of the rsp-lab servers and clients: TLS configurations as the GSMA
//! specifications constrain them, an HTTPS client, a trace directory that keeps every
//! message, and (feature `server`) an HTTPS accept loop for axum routers (axum's own `serve`
//! has no TLS) with its limits. The databases are the `storage` crate's: the device side
//! builds without a database driver, and without the server half.

#![deny(unsafe_code)]
// Public items of this crate still lack documentation; the workspace's `missing_docs`
// applies once they have it and this line is gone.
#![allow(missing_docs)]

pub mod client;
#[cfg(feature = "server")]
pub mod config;
pub mod counted;
pub mod crash;
#[cfg(feature = "server")]
pub mod faults;
pub mod keep_alive;
#[cfg(feature = "metrics")]
pub mod metrics;
pub mod retry;
#[cfg(feature = "server")]
pub mod serve;
pub mod signals;
#[cfg(feature = "server")]
pub mod startup;
#[cfg(feature = "server")]
mod sys;
pub mod tls;
pub mod trace;
