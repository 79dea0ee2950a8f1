//! Why a step of a scenario failed: the verdict's reason, written into the report as the
//! case's detail (a run that could not be carried out at all is a [`crate::RecoveryError`]).

use infra::faults::{FaultKind, FaultsError};
use proto::ids::EidError;

use super::scenario::Role;

/// A step that failed, or an armed fault the device never met.
#[derive(Debug, thiserror::Error)]
pub(crate) enum StepError {
    /// An `enable` step names a profile type no step downloaded.
    #[error("no {0} profile was downloaded")]
    NotDownloaded(&'static str),
    /// A `queue` step's operation does not serialize.
    #[error("{0}")]
    Operation(#[source] serde_json::Error),
    /// An `arm` step's rules were refused by the server's fault table.
    #[error("{0}")]
    Faults(#[source] FaultsError),
    /// The device's EID does not read as an EID.
    #[error("EID {eid}: {source}")]
    Eid {
        eid: String,
        #[source]
        source: EidError,
    },
    /// ES2+ DownloadOrder failed (SGP.22 5.3.1).
    #[error("ES2+ DownloadOrder: {0}")]
    DownloadOrder(#[source] sm_dp::Es2ClientError),
    /// ES2+ ConfirmOrder failed (SGP.22 5.3.2).
    #[error("ES2+ ConfirmOrder: {0}")]
    ConfirmOrder(#[source] sm_dp::Es2ClientError),
    /// The operation's body is not an eIM operation request.
    #[error("{body}: {source}")]
    OperationBody {
        body: serde_json::Value,
        #[source]
        source: serde_json::Error,
    },
    /// The eIM refused to queue the operation.
    #[error("queuing {body} at the eIM: {source}")]
    Queue {
        body: serde_json::Value,
        #[source]
        source: eim::EngineError,
    },
    /// The expectation cannot hold any more (the judge's reason).
    #[error("{0}")]
    Never(String),
    /// The device's process ended while an expectation was awaited.
    #[error("the device's process ended ({status}; {log}): {so_far}")]
    DeviceEnded {
        status: String,
        log: String,
        so_far: String,
    },
    /// The expectation did not hold within its time.
    #[error("not within {secs:.0} s: {so_far}")]
    NotWithin { secs: f64, so_far: String },
    /// A fault was armed but never injected: the device did not take the path the
    /// scenario tests.
    #[error(
        "the {} fault {} was armed but never served: the device did not take the path the \
         scenario tests",
        role_name(*.role),
        .kind.as_str()
    )]
    NeverServed { role: Role, kind: FaultKind },
}

/// The role as the report names it.
pub(crate) fn role_name(role: Role) -> &'static str {
    match role {
        Role::Smdp => "SM-DP+",
        Role::Eim => "eIM",
    }
}
