//! `rsp-lab bench smsr`: ES4.EnableProfile round trips through the SM-SR over SCP80 (SMS)
//! or SCP81 (push SMS and PSK-TLS admin session) with the lab's SMSC, device and M2M card in
//! process ([`bench::smsr`]), the process CPU per operation beside the cryptographic floor.

use bench::smsr::{Bearer, SmsrOptions, SmsrReport};

/// The options of `rsp-lab bench smsr`.
#[derive(clap::Args)]
pub(crate) struct SmsrArgs {
    /// Enable operations timed (after one warm-up), alternating between two profiles.
    #[arg(short = 'n', long, default_value_t = 200)]
    operations: usize,
    /// The ES5 bearer: scp80 (SMS through the SMSC) or scp81 (a push SMS, then HTTPS over
    /// PSK-TLS through the device's BIP channel).
    #[arg(long, default_value = "scp80", value_parser = ["scp80", "scp81"])]
    bearer: String,
    /// Iterations of each primitive of the cryptographic floor.
    #[arg(long, default_value_t = 2000)]
    floor_iterations: usize,
    /// Print the results as JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// Why `rsp-lab bench smsr` failed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum BenchSmsrError {
    /// The benchmark.
    #[error(transparent)]
    Bench(#[from] bench::smsr::SmsrBenchError),
    /// The runtime.
    #[error(transparent)]
    Runtime(#[from] crate::RuntimeError),
    /// The JSON output.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// `-n 0`.
    #[error("-n: at least one operation")]
    NoOperations,
}

pub(crate) fn run(a: SmsrArgs) -> Result<(), BenchSmsrError> {
    if a.operations == 0 {
        return Err(BenchSmsrError::NoOperations);
    }
    let options = SmsrOptions {
        operations: a.operations,
        bearer: match a.bearer.as_str() {
            "scp81" => Bearer::Scp81,
            _ => Bearer::Scp80,
        },
        floor_iterations: a.floor_iterations,
    };
    let report = crate::runtime()?.block_on(bench::smsr::run(&options))?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", table(&report));
    }
    Ok(())
}

fn table(r: &SmsrReport) -> String {
    format!(
        "bearer          {:?}\noperations      {}\nelapsed         {:.2} s\nops/s           {:.1}\n\
         cpu/op          {:.0} us\nfloor/op        {:.1} us\nratio           {:.0}\n\
         floor counts    {}\n",
        r.bearer,
        r.operations,
        r.elapsed_secs,
        r.ops_per_sec,
        r.cpu_per_op_us,
        r.floor_per_op_us,
        r.ratio,
        r.floor_counts
    )
}
