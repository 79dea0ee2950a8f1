//! Shared plumbing of the rsp-lab servers and clients: TLS configurations as the GSMA
//! specifications constrain them, an HTTPS accept loop for axum routers (axum's own `serve`
//! has no TLS), an HTTPS client, the database (SQLite or PostgreSQL with embedded migrations),
//! and a trace directory that keeps every message.

pub mod client;
pub mod db;
pub mod serve;
pub mod signals;
pub mod store;
pub mod tls;
pub mod trace;
