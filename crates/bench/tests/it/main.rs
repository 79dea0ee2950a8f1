//! The integration tests of the benchmarks' library, one test binary: a module per
//! benchmark run through its API (the `rsp-lab bench` commands are tested in the `lab`
//! package, which builds the binary).

mod bench_discovery;
mod bench_download;
mod bench_fleet;
mod bench_poll;
