//! The scp81 crate against itself and against the `openssl` command, on loopback sockets.

mod admin_refusals;
mod admin_session;
mod openssl_peer;
mod psk_tls;
mod support;
