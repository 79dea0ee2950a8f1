//! `rsp-lab certs`: the lab PKI in the SGP.26 file layout.

use std::path::PathBuf;

use certs::{LabPkiOptions, Pki, generate, verify_dir};

#[derive(clap::Subcommand)]
pub enum Command {
    /// Generate a complete lab PKI (CI, EUM, eUICC, DPauth, DPpb, DPtls, eIM, operators).
    Generate {
        /// Output directory (created; private keys written 0600).
        #[arg(long)]
        out: PathBuf,
        /// EID of the eUICC certificate (32 digits under the EUM prefix).
        #[arg(long)]
        eid: Option<String>,
        /// SM-DP+ FQDN for the TLS certificate.
        #[arg(long)]
        smdp_fqdn: Option<String>,
        /// SM-DP+ OID (registeredID in DPauth, DPpb, DPtls).
        #[arg(long)]
        smdp_oid: Option<String>,
        /// Operator identifiers (one client certificate each).
        #[arg(long = "operator")]
        operators: Vec<String>,
    },
    /// Check every certificate chain and key in an SGP.26-layout directory.
    Verify { dir: PathBuf },
}

pub fn run(cmd: Command) -> Result<(), String> {
    match cmd {
        Command::Generate {
            out,
            eid,
            smdp_fqdn,
            smdp_oid,
            operators,
        } => {
            let mut options = LabPkiOptions::default();
            if let Some(eid) = eid {
                options.eid = eid;
            }
            if let Some(fqdn) = smdp_fqdn {
                options.smdp_fqdn = fqdn;
            }
            if let Some(oid) = smdp_oid {
                options.smdp_oid = oid;
            }
            if !operators.is_empty() {
                options.operators = operators;
            }
            let pki: Pki = generate(&options).map_err(|e| e.to_string())?;
            let files = pki
                .write_dir(&out)
                .map_err(|e| format!("{}: {e}", out.display()))?;
            println!(
                "wrote {} files to {} (EID {}, SM-DP+ {})",
                files.len(),
                out.display(),
                options.eid,
                options.smdp_fqdn
            );
            Ok(())
        }
        Command::Verify { dir } => {
            let report = verify_dir(&dir, Some(time::OffsetDateTime::now_utc()))
                .map_err(|e| format!("{}: {e}", dir.display()))?;
            print!("{report}");
            if report.all_ok() {
                Ok(())
            } else {
                Err(format!("{}: some checks failed", dir.display()))
            }
        }
    }
}
