//! End-to-end tests of rsp-lab across crates, on loopback with real TLS sockets: the real
//! SM-DP+ ([`sm_dp`]) started in this process, operators ordering over ES2+ with mutual TLS,
//! and software eUICCs ([`euicc_sim`]) behind the real APDU layer, driven by the device LPA.
//! The roles meet only on the wire; this crate is the one place that imports them all.
//!
//! The support here: [`lab`] (PKI, SM-DP+ that can be restarted, ES2+ client, eUICCs),
//! [`eim`] (the eIM, its operator API, IoT devices of either SGP.32 version), [`eim_smdp`]
//! (the SM-DP+ behind an eIM driven by the scripted eUICC of `eim-testkit`),
//! [`operator`] (the operator's HandleDownloadProgressInfo endpoint), [`tamper`] (a card
//! channel that corrupts the Bound Profile Package in transit), [`relay`] (an ES9+ relay
//! that changes the SM-DP+ address InitiateAuthentication carries), [`smds`] (the real SM-DS
//! beside them, events registered over ES12 as the SM-DP+ would), [`m2m`] (the SGP.02 side:
//! the lab's SMSC, the SM-SR, an M2M device with the software M2M eUICC, and the SOAP
//! operator of the SGP.02 SM-DP). The tests are in `tests/`.

#![forbid(unsafe_code)]
// Public items of this crate still lack documentation; the workspace's `missing_docs`
// applies once they have it and this line is gone.
#![allow(missing_docs)]

pub mod eim_smdp;
pub mod lab;
pub mod lab_eim;
pub mod m2m;
pub mod metrics;
pub mod operator;
pub mod relay;
pub mod smds;
pub mod tamper;

pub use lab::{FQDN, Lab, OPERATOR, TestEuicc, issue_euicc, lab_pki, ts48};
pub use operator::OperatorInbox;
pub use relay::address_rewriting_relay;
pub use smds::{ALT_SMDS_FQDN, SMDS_FQDN, Smds};
pub use tamper::{RewriteResponses, TamperSegment};
