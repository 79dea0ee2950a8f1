//! The process helpers of rsp-lab's lab runs and benchmarks: the process's CPU time and
//! peak memory ([`usage`]), the allocator's handling of freed memory ([`memory`]), and
//! the calls into C behind them ([`sys`]: `getrusage`, `clock_gettime`, `sysconf`,
//! `signal`, mimalloc's options).
//!
//! [`sys`] is the only module allowed `unsafe`, one call per function with a `SAFETY:`
//! comment; the crate denies it everywhere else, and the crates that use it (`fleet`,
//! `bench`, the `rsp-lab` binary) forbid it.

#![deny(unsafe_code)]

pub mod memory;
#[allow(unsafe_code)]
pub mod sys;
pub mod usage;
