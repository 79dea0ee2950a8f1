//! `rsp-lab bench`: benchmarks of the roles, each measured against the cryptography it
//! cannot avoid (BENCHMARKING.md). A benchmark is a command that prints a table (or
//! JSON), never a timed test.
//!
//! - [`download`]: complete downloads against the SM-DP+, over a concurrency sweep.
//! - [`poll`]: ESipa polls against the eIM, idle and with a package to run.
//! - [`discovery`]: ES11 event retrieval against the SM-DS, beside idle polls and downloads.
//! - [`fleet`]: the localization lab at several fleet sizes.
//! - [`crypto`]: the cryptography of one download, per side: the floor of the others.
//! - [`cpu`]: the CPU time of a role's threads apart from the clients'.
//! - [`server`]: the roles on runtimes of their own.
//! - [`paced`]: jobs run at most so many at a time.
//! - [`stats`]: latency percentiles.
//! - [`table`]: the terminal tables.
//! - [`error`]: why a benchmark could not run.

#![forbid(unsafe_code)]
// Public items of this crate still lack documentation; the workspace's `missing_docs`
// applies once they have it and this line is gone.
#![allow(missing_docs)]

pub mod cpu;
pub mod crypto;
pub mod discovery;
pub mod download;
pub mod error;
pub mod fleet;
mod m2m;
pub mod paced;
pub mod poll;
pub mod server;
pub mod sgp02;
pub mod smsr;
pub mod stats;
pub mod table;

use proto::saip::{Personalization, minimal_profile};

/// The minimal profile package (MF, USIM, PIN/PUK, MILENAGE) as DER, for benchmarks that
/// are not given a package.
pub fn minimal_template() -> Result<Vec<u8>, error::TemplateError> {
    minimal_profile(&Personalization {
        iccid: "8949449999000000002".into(),
        imsi: "001010000000001".into(),
        ki: vec![0x11; 16],
        opc: vec![0x22; 16],
    })
    .map(|p| p.to_der())
    .map_err(error::TemplateError)
}
