//! The scp81 crate against itself and against the `openssl` command, on loopback sockets,
//! and its decoders on arbitrary input.

mod admin_refusals;
mod admin_session;
mod decoders;
mod openssl_peer;
mod psk_tls;
mod support;
