//! Recovery scenarios (`rsp-lab recovery run SCENARIO.toml`): the servers' side of a test
//! of a device's recovery paths. For each scenario the runner starts rsp-lab's SM-DP+ and
//! eIM, starts or waits for the device under test, carries out the steps (orders and eIM
//! operations queued, faults armed at either server) and judges the device only from what
//! reaches the servers: operations ending as they must within a number of polls, the
//! profile the eIM learns is enabled, a rollback reported, the SM-DP+'s profile states.
//!
//! - [`scenario`]: the file format, checked before anything starts;
//! - [`servers`]: the SM-DP+ and the eIM with armable faults ([`infra::faults::Faults::arm`]);
//! - [`device`]: rsp-lab's own device, a command, or an external device;
//! - [`judge`]: the expectations, looked up at the servers;
//! - [`run()`]: the steps in order; a [`conform::report::Report`] (table, JSON, JUnit XML).
//!
//! The shipped scenarios (`crates/recovery/scenarios/`, [`SHIPPED`]) cover the recovery
//! paths of SGP.22 and SGP.32 a device must take.

#![forbid(unsafe_code)]
// Public items of this crate still lack documentation; the workspace's `missing_docs`
// applies once they have it and this line is gone.
#![allow(missing_docs)]

pub mod device;
mod error;
pub mod judge;
pub mod run;
pub mod scenario;
pub mod servers;
mod step_error;

pub use device::DeviceUnderTest;
pub use error::RecoveryError;
pub use run::{Progress, RunOptions, run};
pub use scenario::{Scenario, ScenarioError, ScenarioInvalid, StepInvalid};
pub use servers::ServerOptions;

/// The shipped scenarios: file name and text.
pub const SHIPPED: &[(&str, &str)] = &[
    (
        "rollback-no-coverage",
        include_str!("../scenarios/rollback-no-coverage.toml"),
    ),
    (
        "rollback-eim-unreachable",
        include_str!("../scenarios/rollback-eim-unreachable.toml"),
    ),
    (
        "fallback-no-coverage",
        include_str!("../scenarios/fallback-no-coverage.toml"),
    ),
    (
        "lost-es9-answer",
        include_str!("../scenarios/lost-es9-answer.toml"),
    ),
    (
        "cut-bound-profile-package",
        include_str!("../scenarios/cut-bound-profile-package.toml"),
    ),
    ("broken-mac", include_str!("../scenarios/broken-mac.toml")),
    (
        "order-expires",
        include_str!("../scenarios/order-expires.toml"),
    ),
    (
        "lost-relayed-answer",
        include_str!("../scenarios/lost-relayed-answer.toml"),
    ),
    (
        "lost-eim-relay-answer",
        include_str!("../scenarios/lost-eim-relay-answer.toml"),
    ),
    (
        "lost-eim-result-answer",
        include_str!("../scenarios/lost-eim-result-answer.toml"),
    ),
    (
        "stale-counter",
        include_str!("../scenarios/stale-counter.toml"),
    ),
    (
        "bad-signature",
        include_str!("../scenarios/bad-signature.toml"),
    ),
    (
        "coap-lost-request",
        include_str!("../scenarios/coap-lost-request.toml"),
    ),
    (
        "coap-lost-ack",
        include_str!("../scenarios/coap-lost-ack.toml"),
    ),
    (
        "coap-lost-block",
        include_str!("../scenarios/coap-lost-block.toml"),
    ),
    (
        "dtls-session-dropped",
        include_str!("../scenarios/dtls-session-dropped.toml"),
    ),
];
