//! The DER codec of rsp-lab's protocol core (X.690 DER, the `#[derive(Asn1)]` runtime),
//! used through `proto::der`; see [`der`] for the attribute language.
//!
//! It is a crate of its own, with no cryptography among its dependencies, so that the
//! derive's compile-fail tests (`tests/derive_misuse.rs`), which build their crate and its
//! dependencies apart from the workspace, build in seconds: inside `proto` they would
//! rebuild aws-lc, ring and the curves first.
//!
//! The derive names its runtime `::proto::der`; a crate that uses this one directly says
//! `extern crate proto_der as proto;` at its root.

#![forbid(unsafe_code)]
// Public items of this crate still lack documentation; the workspace's `missing_docs`
// applies once they have it and this line is gone.
#![allow(missing_docs)]

pub mod der;
