//! The `openssl` command as the peer.
