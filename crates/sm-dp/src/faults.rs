//! Faults served on purpose to a device under test (`[faults]`, [`infra::faults`]): the
//! kinds the SM-DP+ serves and the ES9+ functions a rule may name, read from the
//! configuration. The ES9+ handlers meet them in `es9p::faults`.
//!
//! - `lose_answer`, `delay`: any ES9+ function, after its work was committed;
//! - `cut_bound_profile_package`: GetBoundProfilePackage's answer cut in its middle;
//! - `break_mac`: one segment of the bound profile package sent with a broken MAC (the
//!   stored package stays intact: a retried call gets it whole);
//! - `expire_order`: the order expires once AuthenticateClient accepted the eUICC.

use std::time::SystemTime;

use infra::faults::FaultKind;

/// The kinds the SM-DP+ serves.
pub(crate) const SERVED: [FaultKind; 5] = [
    FaultKind::LoseAnswer,
    FaultKind::Delay,
    FaultKind::CutBoundProfilePackage,
    FaultKind::BreakMac,
    FaultKind::ExpireOrder,
];

/// The SM-DP+'s faults from a `[faults]` table, windows relative to `started`: its
/// configuration's and `--faults`', and the rules `rsp-lab recovery run` arms while it runs
/// ([`infra::faults::Faults::arm`]).
pub fn from_table(
    table: infra::faults::FileFaults,
    started: SystemTime,
) -> Result<infra::faults::Faults, infra::faults::FaultsError> {
    SERVED_FAULTS.build(table, started)
}

/// What the SM-DP+ serves, for its settings ([`server::Settings::served`]).
pub const SERVED_FAULTS: server::Served = server::Served {
    role: "smdp",
    kinds: &SERVED,
    functions: &FUNCTIONS,
};

/// The functions a rule may name: ES9+'s, as the bindings name them.
pub(crate) const FUNCTIONS: [&str; 5] = [
    "initiateAuthentication",
    AUTHENTICATE,
    GET_BPP,
    "handleNotification",
    "cancelSession",
];

/// GetBoundProfilePackage, as the bindings name it.
pub(crate) const GET_BPP: &str = "getBoundProfilePackage";
/// AuthenticateClient, as the bindings name it.
pub(crate) const AUTHENTICATE: &str = "authenticateClient";
