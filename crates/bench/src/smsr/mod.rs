//! `rsp-lab bench smsr`: ES4.EnableProfile round trips through the SM-SR (SGP.02 3.2, 5.5)
//! over a bearer, all in this process on loopback sockets: the SM-SR, the lab's SMSC
//! (SMPP 3.4), the M2M device's modem and its software M2M eUICC (module `lab`). The operations
//! alternate between the card's two profiles, each enable disabling the other; one is done
//! when the SM-SR has the card's Default Notification (its confirmation `3A08` follows as an
//! operation of its own, inside the next round trip).
//!
//! The CPU per operation is the process's CPU time over the run (SM-SR, SMSC, modem and
//! card together, and the driver's polling of the operation's state) divided by the
//! operations; beside it the cryptographic floor measured in the same run (module `floor`).
//!
//! Bearers: [`Bearer::Scp80`] (SMS) and [`Bearer::Scp81`] (HTTPS: the SM-SR started with
//! `[scp81]`, each command announced by a push SMS, the card opening its BIP channel through
//! the device to the admin server and running PSK-TLS itself; GP Amendment B). The loop is
//! shared; each bearer has its floor (module `floor`).

mod floor;
mod lab;

use std::time::{Duration, Instant};

use serde::Serialize;

/// The bearer ES5 runs over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum Bearer {
    /// SMS: SCP80 secured packets through the SMSC (ETSI TS 102 225, SGP.02 2.4.3).
    Scp80,
    /// HTTPS: a push SMS, then the admin session over PSK-TLS (SGP.02 2.4.4).
    Scp81,
}

/// What to run.
#[derive(Clone, Debug)]
pub struct SmsrOptions {
    /// Enable operations to time.
    pub operations: usize,
    /// The bearer.
    pub bearer: Bearer,
    /// Iterations of each primitive of the floor.
    pub floor_iterations: usize,
}

/// The outcome of a run.
#[derive(Clone, Debug, Serialize)]
pub struct SmsrReport {
    /// The bearer.
    pub bearer: Bearer,
    /// Operations done.
    pub operations: usize,
    /// Wall time of the operations.
    pub elapsed_secs: f64,
    /// Operations per second (one at a time).
    pub ops_per_sec: f64,
    /// Process CPU time per operation, microseconds.
    pub cpu_per_op_us: f64,
    /// The cryptographic floor of one operation, microseconds.
    pub floor_per_op_us: f64,
    /// `cpu_per_op_us / floor_per_op_us`.
    pub ratio: f64,
    /// What the floor counts.
    pub floor_counts: &'static str,
}

/// Why the benchmark could not run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SmsrBenchError {
    /// The lab (PKI, card, SMSC, SM-SR, device) could not be set up; the text says which.
    #[error("set-up: {0}")]
    Setup(String),
    /// An operation failed or did not finish.
    #[error("operation {index}: {detail}")]
    Operation {
        /// Which.
        index: usize,
        /// Why.
        detail: String,
    },
}

/// A safety net for one operation.
const PATIENCE: Duration = Duration::from_secs(60);

/// Runs the benchmark.
pub async fn run(o: &SmsrOptions) -> Result<SmsrReport, SmsrBenchError> {
    let lab = lab::Lab::start(o.bearer).await?;
    // One warm-up operation: the card's declaration notification and first attach.
    lab.enable(0).await.map_err(|detail| op_error(0, detail))?;
    let cpu0 = lab_sys::usage::process_cpu();
    let t0 = Instant::now();
    for i in 1..=o.operations {
        lab.enable(i).await.map_err(|detail| op_error(i, detail))?;
    }
    let elapsed = t0.elapsed();
    let cpu = lab_sys::usage::process_cpu().saturating_sub(cpu0);
    lab.stop().await;
    let floor = floor::measure(o.bearer, o.floor_iterations.max(1)).await?;
    let n = o.operations.max(1) as f64;
    let cpu_per_op_us = cpu.as_secs_f64() * 1e6 / n;
    let floor_per_op_us = floor.per_op.as_secs_f64() * 1e6;
    Ok(SmsrReport {
        bearer: o.bearer,
        operations: o.operations,
        elapsed_secs: elapsed.as_secs_f64(),
        ops_per_sec: n / elapsed.as_secs_f64().max(1e-9),
        cpu_per_op_us,
        floor_per_op_us,
        ratio: cpu_per_op_us / floor_per_op_us.max(1e-9),
        floor_counts: floor.counts,
    })
}

/// One SCP80 command and one PoR of the lab's key lengths, each secured and opened: the
/// floor of one ES5 exchange over SMS (for the other SGP.02 benchmarks).
pub(crate) fn scp80_floor(iterations: usize) -> Result<(Duration, Duration), SmsrBenchError> {
    floor::scp80(iterations.max(1))
}

fn op_error(index: usize, detail: String) -> SmsrBenchError {
    SmsrBenchError::Operation { index, detail }
}
