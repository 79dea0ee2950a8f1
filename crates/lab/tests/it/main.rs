//! The integration tests of the `rsp-lab` binary, one test binary: a module per command
//! or walk-through, each running the binary as a user would (`common`). Every test runs
//! its own child processes in its own temporary directory on ports of its own, so the
//! modules' tests run side by side in one process.

mod common;

mod bench_crypto;
mod bench_discovery;
mod bench_download_external;
mod bench_sgp02;
mod bench_smsr;
mod card_cli;
mod conform_cli;
mod demo_cli;
mod discovery_cli;
mod docs_layout;
mod eim_cli;
mod euicc_cli;
mod fault_matrix;
mod outside_smdp_cli;
mod recovery_cli;
mod scale_out_takeover;
mod serve_logs;
mod sgp02_demo_cli;
mod smdp_cli;
mod smsr_cli;
mod strategies_cli;
mod toolbox;
mod version_completions;
