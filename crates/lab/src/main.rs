//! `rsp-lab`: the localization lab, each role as a server, and the toolbox.

mod cmd;
mod input;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// An eUICC remote SIM provisioning lab: SM-DP+, eIM and software eUICCs, spec-exact.
#[derive(Parser)]
#[command(name = "rsp-lab", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Decode a DER message (binary, hex or base64) and print it as JSON.
    Decode(cmd::decode::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Decode(args) => cmd::decode::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
