//! `rsp-lab certs`: the lab PKI in the SGP.26 file layout.

use std::path::PathBuf;

use certs::{Curve, GenerateError, LabPkiOptions, Pki, PkiError, generate, verify_dir};

/// Digits of the EID prefix an EUM is given by default: SGP.26's test EUM is permitted
/// `89049032`, the first 8 digits of its EID.
const EIN_DIGITS: usize = 8;

/// The curve sets of the GSMA application chains (the guide's "Curve sets").
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum CurveSets {
    /// NIST P-256 only (the default).
    Nist,
    /// brainpoolP256r1 (a NIST DP TLS, eIM and operator certificates besides).
    Brainpool,
    /// Both: a CI per curve, each with its EUM, eUICC (same EID), DPauth, DPpb and DP TLS.
    Both,
}

impl CurveSets {
    fn curves(self) -> Vec<Curve> {
        match self {
            CurveSets::Nist => vec![Curve::NistP256],
            CurveSets::Brainpool => vec![Curve::BrainpoolP256r1],
            CurveSets::Both => vec![Curve::NistP256, Curve::BrainpoolP256r1],
        }
    }
}

#[derive(clap::Subcommand)]
pub(crate) enum Command {
    /// Generate a complete lab PKI (CI, EUM, eUICC, DPauth, DPpb, DPtls, eIM, operators).
    Generate {
        /// Output directory (created; private keys written 0600).
        #[arg(long)]
        out: PathBuf,
        /// EID of the eUICC certificate (32 digits with valid check digits). The EUM is
        /// permitted the EID's first 8 digits unless --eum-prefix is given.
        #[arg(long)]
        eid: Option<String>,
        /// EID prefix the EUM may issue under (its nameConstraints serialNumber, SGP.22
        /// 4.5.2.1.0.2); the EID must start with it. Default: the EID's first 8 digits.
        #[arg(long, value_name = "DIGITS")]
        eum_prefix: Option<String>,
        /// SM-DP+ FQDN for the TLS certificate.
        #[arg(long)]
        smdp_fqdn: Option<String>,
        /// SM-DP+ OID (registeredID in DPauth, DPpb, DPtls).
        #[arg(long)]
        smdp_oid: Option<String>,
        /// Operator identifiers (one client certificate each).
        #[arg(long = "operator")]
        operators: Vec<String>,
        /// Curve sets of the CI, EUM, eUICC, DPauth, DPpb and DP TLS certificates (SGP.22
        /// 2.6.1); a NIST P-256 DP TLS, the eIM's and the operators' certificates are made in
        /// every case.
        #[arg(long, value_enum, default_value = "nist")]
        curves: CurveSets,
    },
    /// Check every certificate chain and key in an SGP.26-layout directory.
    Verify { dir: PathBuf },
}

pub(crate) fn run(cmd: Command) -> Result<(), CertsCmdError> {
    match cmd {
        Command::Generate {
            out,
            eid,
            eum_prefix,
            smdp_fqdn,
            smdp_oid,
            operators,
            curves,
        } => {
            let mut options = LabPkiOptions {
                curves: curves.curves(),
                ..LabPkiOptions::default()
            };
            if let Some(eid) = eid {
                // The EUM follows the EID: its permitted prefix is the EID's EIN (8 digits).
                if let Some(ein) = eid.get(..EIN_DIGITS) {
                    options.eum_prefix = ein.to_string();
                }
                options.eid = eid;
            }
            if let Some(prefix) = eum_prefix {
                options.eum_prefix = prefix;
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
            let pki: Pki = generate(&options)?;
            // PkiError names the file it failed on.
            let files = pki.write_dir(&out)?;
            let curves: Vec<&str> = options.curves.iter().map(|c| c.name()).collect();
            println!(
                "wrote {} files to {} (EID {}, EUM prefix {}, SM-DP+ {}, curves {})",
                files.len(),
                out.display(),
                options.eid,
                options.eum_prefix,
                options.smdp_fqdn,
                curves.join(" + ")
            );
            Ok(())
        }
        Command::Verify { dir } => {
            // PkiError names the file or directory it failed on.
            let report = verify_dir(&dir, Some(time::OffsetDateTime::now_utc()))?;
            if report.files.is_empty() {
                return Err(CertsCmdError::NoCertificates(dir));
            }
            print!("{report}");
            if report.all_ok() {
                Ok(())
            } else {
                Err(CertsCmdError::ChecksFailed(dir))
            }
        }
    }
}

/// Why `rsp-lab certs` failed; the text is what the command prints after `error: `.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CertsCmdError {
    /// The PKI could not be generated.
    #[error(transparent)]
    Generate(#[from] GenerateError),
    /// A file could not be written or read (the error names it).
    #[error(transparent)]
    Pki(#[from] PkiError),
    /// The directory holds no certificate.
    #[error("no certificates found in {}", .0.display())]
    NoCertificates(PathBuf),
    /// A certificate failed a check (the report above says which).
    #[error("{}: some checks failed", .0.display())]
    ChecksFailed(PathBuf),
}
