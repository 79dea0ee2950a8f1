//! Conformance runner: a catalogue of test cases named after the sequences of the GSMA test
//! specifications, run against any server over its own interfaces, each ending in a
//! [`Verdict`] with the evidence (every request and answer) kept.
//!
//! - [`smdp`]: an SM-DP+ over ES9+ (SGP.22 5.6, 6.5; the sequences of SGP.23 4.3), seen
//!   from the device side: the software eUICC of `euicc-sim` answers the ES10b functions,
//!   the LPA's ES9+ client carries the requests, and each case alters what a device would
//!   send (signatures over other octets, foreign certificate chains, unknown or cancelled
//!   transactions, malformed bodies) to reach one refusal of the specification. With an
//!   ES2+ endpoint and an operator certificate the runner places the orders the cases need
//!   itself.
//! - [`eim`]: an eIM over ESipa (SGP.32 v1.2 5.14, the ASN.1 binding of 6.3), seen from an
//!   IoT device: the EID refusals of GetEimPackage and ProvideEimPackageResult, the
//!   binding's refusals, and, with rsp-lab's operator API of the eIM, an operation carried
//!   through as an eUICC Package the software eUICC verifies and executes and whose signed
//!   result the eIM acknowledges (the IPA of `ipa` doing the device's part); with an
//!   Activation Code of an order at the SM-DP+ behind the eIM, the indirect profile
//!   download the eIM relays.
//! - [`case`]: a case of either catalogue and the step that runs it.
//! - [`report`]: the results as a table, JSON and JUnit XML.
//!
//! The runner knows the server only through the wire (and, for the eIM, the operator API
//! it offers): this crate imports no server role.
//!
//! ```no_run
//! # async fn f(options: conform::smdp::SmdpOptions) -> Result<(), conform::ConformError> {
//! let report = conform::smdp::run(&options).await?;
//! print!("{}", report.table());
//! std::process::exit(if report.failed() > 0 { 1 } else { 0 });
//! # }
//! ```

#![forbid(unsafe_code)]

pub mod case;
pub mod eim;
mod error;
mod evidence;
pub mod report;
pub mod smdp;
mod wire;

pub use error::{ConformError, Stop};
pub use report::{CaseResult, Report, Verdict};
