//! What the eIM serves to a device under test: the fault kinds, the ESipa functions a rule
//! may name, and the rules of a `[faults]` table built from them.

use std::time::SystemTime;

use infra::faults::FaultKind;

/// The kinds the eIM serves.
pub(crate) const SERVED: [FaultKind; 9] = [
    FaultKind::Unreachable,
    FaultKind::LoseAnswer,
    FaultKind::Delay,
    FaultKind::StaleCounter,
    FaultKind::BadSignature,
    FaultKind::CoapLoseRequest,
    FaultKind::CoapLoseAck,
    FaultKind::CoapLoseBlock,
    FaultKind::DtlsDrop,
];

/// The eIM's faults from a `[faults]` table, windows relative to `started`: its
/// configuration's and `--faults`', and the rules `rsp-lab recovery run` arms while it runs
/// ([`infra::faults::Faults::arm`]).
pub fn from_table(
    table: infra::faults::FileFaults,
    started: SystemTime,
) -> Result<infra::faults::Faults, infra::faults::FaultsError> {
    SERVED_FAULTS.build(table, started)
}

/// What the eIM serves, for its settings ([`server::Settings::served`]).
pub const SERVED_FAULTS: server::Served = server::Served {
    role: "eim",
    kinds: &SERVED,
    functions: &FUNCTIONS,
};

/// The functions a rule may name: ESipa's, as the bindings name them.
pub(crate) const FUNCTIONS: [&str; 8] = [
    "initiateAuthentication",
    "authenticateClient",
    "getBoundProfilePackage",
    "cancelSession",
    "handleNotification",
    "transferEimPackage",
    "getEimPackage",
    "provideEimPackageResult",
];
