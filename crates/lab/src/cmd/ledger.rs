//! `rsp-lab ledger verify DIR`: checks a roaming ledger (`rsp-lab demo --ledger DIR`) from
//! the partners' own databases — every entry's author signature and position, every tree
//! head held, consistency proofs between heads, and the two copies of each log against
//! each other — and names what was edited, removed or reordered.

use std::path::PathBuf;

use ledger::verify::Verification;

/// `rsp-lab ledger ...`
#[derive(clap::Subcommand)]
pub(crate) enum Command {
    /// Verify every partner's copy of every log in a ledger folder (exit status 1 on any
    /// problem).
    Verify {
        /// The folder with `partners.json` and the partners' databases.
        dir: PathBuf,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
}

fn print(v: &Verification) {
    for l in &v.logs {
        let size = |s: Option<u64>| s.map_or("-".to_string(), |n| n.to_string());
        let mark = if l.problems.is_empty() {
            "OK  "
        } else {
            "FAIL"
        };
        println!(
            "{mark} {}: {} entries at {}, {} at {}, {} heads",
            l.log,
            size(l.sizes[0]),
            l.parties[0],
            size(l.sizes[1]),
            l.parties[1],
            l.heads
        );
        for p in &l.problems {
            println!("       {}", serde_json::to_string(p).unwrap_or_default());
        }
    }
    println!(
        "{} logs, {} entries, {} signatures, {} tree heads checked: {} problem(s)",
        v.logs.len(),
        v.entries,
        v.signatures,
        v.heads,
        v.problems()
    );
}

pub(crate) fn run(c: Command) -> Result<(), LedgerCmdError> {
    match c {
        Command::Verify { dir, json } => {
            let v = crate::runtime()?
                .block_on(ledger::verify_dir(&dir))
                .map_err(LedgerCmdError::Read)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                print(&v);
            }
            match v.problems() {
                0 => Ok(()),
                n => Err(LedgerCmdError::Problems(n)),
            }
        }
    }
}

/// Why `rsp-lab ledger` failed; the text is what the command prints after `error: `.
#[derive(Debug, thiserror::Error)]
pub(crate) enum LedgerCmdError {
    /// The runtime could not be built.
    #[error(transparent)]
    Runtime(#[from] crate::RuntimeError),
    /// The partners' databases could not be read.
    #[error(transparent)]
    Read(ledger::directory::FolderError),
    /// The verification could not be written as JSON.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// The copies disagree or a proof fails (the report above lists them).
    #[error("{0} problem(s) in the ledger")]
    Problems(usize),
}
