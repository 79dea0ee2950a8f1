//! `rsp-lab conform smdp --es9 URL ...` and `rsp-lab conform eim --esipa URL ...`: the
//! conformance catalogues (for the SM-DP+ the SGP.23 sequences, each case naming the
//! SGP.22 clause it checks; for the eIM ESipa's functions and SGP.32 clauses) run against
//! any server, with a software eUICC of the given credentials; a table on stdout, the
//! evidence in `--out`, `--json` and `--junit` reports, and a failing exit status when a
//! case fails.

use std::path::{Path, PathBuf};
use std::time::Duration;

use certs::{CertRole, Pki};
use conform::eim::{self, EimOptions, OperatorApiOptions};
use conform::smdp::{self, Es2Options, EuiccSource, SmdpOptions};
use infra::tls::Identity;
use lpa::{Resolve, ServerTrust, load_ca_files};

#[derive(clap::Subcommand)]
pub(crate) enum Command {
    /// Run the SM-DP+ cases (ES9+, and ES2+ to place the orders they need) against an
    /// SM-DP+.
    Smdp(SmdpArgs),
    /// Run the eIM cases (ESipa, SGP.32) against an eIM.
    Eim(EimArgs),
}

#[derive(clap::Args)]
pub(crate) struct EimArgs {
    /// The eIM's ESipa: https://FQDN[:port] (its eimFqdn), or coaps://FQDN[:port] for
    /// ESipa over CoAP on DTLS; the ASN.1 binding is used.
    #[arg(long, value_name = "URL", required_unless_present = "list")]
    esipa: Option<String>,
    /// The device's DTLS pre-shared key for a coaps:// eIM, IDENTITY:HEXKEY (without it,
    /// the eIM's certificate is checked against --ca / the CI).
    #[arg(long, value_name = "IDENTITY:HEXKEY")]
    psk: Option<String>,
    #[command(flatten)]
    device: DeviceArgs,
    /// rsp-lab's operator API of the eIM (https://FQDN:port): the runner registers its EID,
    /// queues an operation and reads the eIM's Configuration Data there.
    #[arg(long, value_name = "URL")]
    operator_api: Option<String>,
    /// The operator whose certificate of --pki (Operators/NAME) calls the operator API.
    #[arg(long, value_name = "NAME", default_value = "operator1")]
    operator: String,
    /// The operator's TLS client certificate (PEM or DER) for the operator API.
    #[arg(long, value_name = "FILE", requires = "operator_key")]
    operator_cert: Option<PathBuf>,
    /// The operator's TLS client key (PEM).
    #[arg(long, value_name = "FILE", requires = "operator_cert")]
    operator_key: Option<PathBuf>,
    /// The eIM's Configuration Data for the eUICC (EimConfigurationData: DER, hex or
    /// base64); default: the operator API's.
    #[arg(long, value_name = "FILE")]
    eim_config: Option<PathBuf>,
    /// The eIM knows the eUICC's EID and has nothing queued for it (without --operator-api).
    #[arg(long)]
    registered: bool,
    /// An Activation Code (1$SM-DP+ address$Matching ID) of a released order at the SM-DP+
    /// the eIM relays to, for the eUICC's EID or any EID: the indirect download's cases
    /// queue a download with it (and with its SM-DP+ and a Matching ID of no order).
    #[arg(long, value_name = "AC")]
    activation_code: Option<String>,
    #[command(flatten)]
    run: RunArgs,
}

#[derive(clap::Args)]
pub(crate) struct SmdpArgs {
    /// The SM-DP+'s ES9+: https://FQDN[:port] (its SM-DP+ address, SGP.22 4.1).
    #[arg(long, value_name = "URL", required_unless_present = "list")]
    es9: Option<String>,
    /// The smdpAddress sent in InitiateAuthentication (default: the --es9 address).
    #[arg(long, value_name = "ADDRESS")]
    smdp_address: Option<String>,
    #[command(flatten)]
    device: DeviceArgs,
    /// A Matching ID of a released order (repeatable; one is used per case that downloads).
    #[arg(long, value_name = "ID")]
    matching_id: Vec<String>,
    /// The Matching IDs name profiles the server serves again and again: the first one
    /// serves every case.
    #[arg(long)]
    reuse_matching_id: bool,
    /// The SM-DP+'s ES2+ (https://FQDN:port): the runner orders a profile for each case
    /// that needs one (DownloadOrder, ConfirmOrder with release).
    #[arg(
        long,
        value_name = "URL",
        requires = "operator",
        requires = "profile_type"
    )]
    es2: Option<String>,
    /// The operator calling ES2+ (functionRequesterIdentifier); its TLS certificate is
    /// the PKI's Operators/NAME unless --operator-cert is given.
    #[arg(long, value_name = "NAME")]
    operator: Option<String>,
    /// The operator's TLS client certificate (PEM or DER) for ES2+.
    #[arg(long, value_name = "FILE", requires = "operator_key")]
    operator_cert: Option<PathBuf>,
    /// The operator's TLS client key (PEM).
    #[arg(long, value_name = "FILE", requires = "operator_cert")]
    operator_key: Option<PathBuf>,
    /// The Profile Type ordered over ES2+.
    #[arg(long, value_name = "TYPE")]
    profile_type: Option<String>,
    #[command(flatten)]
    run: RunArgs,
}

/// The eUICC the runner plays and how it reaches the server, for both catalogues.
#[derive(clap::Args)]
pub(crate) struct DeviceArgs {
    /// The eUICC's credentials from a lab PKI directory (`rsp-lab certs generate`): its
    /// eUICC, or one issued under its EUM; its CIs are trusted.
    #[arg(long, value_name = "DIR", conflicts_with = "credentials")]
    pki: Option<PathBuf>,
    /// The eUICC's credentials from an SGP.26-layout directory (eUICC certificate and
    /// key, EUM, CIs).
    #[arg(long, value_name = "DIR")]
    credentials: Option<PathBuf>,
    /// Trust TLS certificates chaining to this CA (repeatable; default: the CIs of --pki
    /// or --credentials).
    #[arg(long, value_name = "FILE")]
    ca: Vec<PathBuf>,
    /// Do not verify the servers' TLS certificates at all.
    #[arg(long)]
    insecure: bool,
    /// Connect HOST:PORT to ADDR[:PORT] instead (like curl's --resolve); repeatable.
    #[arg(long, value_name = "HOST:PORT:ADDR")]
    resolve: Vec<String>,
}

impl DeviceArgs {
    /// The eUICC's credentials and their directory, and the TLS trust (default: the CIs
    /// of the credentials).
    fn euicc_and_trust(&self) -> Result<(EuiccSource, PathBuf, ServerTrust), ConformCmdError> {
        euicc_and_trust(
            self.pki.as_ref(),
            self.credentials.as_ref(),
            &self.ca,
            self.insecure,
        )
    }

    fn resolves(&self) -> Result<Vec<Resolve>, ConformCmdError> {
        resolves(&self.resolve)
    }
}

/// What both catalogues take: which cases, where the evidence and the results go.
#[derive(clap::Args)]
pub(crate) struct RunArgs {
    /// Only the cases whose name (or, for the SM-DP+, SGP.23 test case) contains TEXT;
    /// repeatable.
    #[arg(long = "case", value_name = "TEXT")]
    cases: Vec<String>,
    /// Print the catalogue and exit.
    #[arg(long)]
    list: bool,
    /// The evidence: one directory per case with every request and answer.
    #[arg(long, value_name = "DIR", default_value = "conform-out")]
    out: PathBuf,
    /// Write the results as JSON.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// Write the results as JUnit XML.
    #[arg(long, value_name = "FILE")]
    junit: Option<PathBuf>,
    /// Seconds per request.
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    timeout: u64,
}

/// Why `conform` did not run, or what it found.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ConformCmdError {
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Run(#[from] conform::ConformError),
    #[error(transparent)]
    Runtime(#[from] crate::RuntimeError),
    #[error(transparent)]
    Input(#[from] crate::input::InputError),
    #[error("{path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{failed} of {total} cases failed (evidence in {out})")]
    Failed {
        failed: usize,
        total: usize,
        out: String,
    },
}

pub(crate) fn run(cmd: Command) -> Result<(), ConformCmdError> {
    match cmd {
        Command::Smdp(args) => run_smdp(args),
        Command::Eim(args) => run_eim(args),
    }
}

/// The table, the reports, and the exit status of a run.
fn finish(
    report: &conform::Report,
    json: Option<&Path>,
    junit: Option<&Path>,
    out: &Path,
) -> Result<(), ConformCmdError> {
    print!("{}", report.table());
    if let Some(path) = json {
        write(path, &report.json())?;
    }
    if let Some(path) = junit {
        write(path, &report.junit())?;
    }
    match report.failed() {
        0 => Ok(()),
        failed => Err(ConformCmdError::Failed {
            failed,
            total: report.cases.len(),
            out: out.display().to_string(),
        }),
    }
}

/// Prints a catalogue: case, clause, test case.
fn list<C>(cases: &[conform::case::Case<C>]) {
    for case in cases {
        println!(
            "{:<64} {:<22} {}",
            case.name(),
            case.clause,
            case.test_case.unwrap_or("-")
        );
    }
}

fn run_eim(args: EimArgs) -> Result<(), ConformCmdError> {
    if args.run.list {
        list(&eim::select(&eim::catalogue(), &args.run.cases)?);
        return Ok(());
    }
    let options = eim_options(&args)?;
    let report = crate::runtime()?.block_on(eim::run(&options))?;
    finish(
        &report,
        args.run.json.as_deref(),
        args.run.junit.as_deref(),
        &args.run.out,
    )
}

/// The eUICC's credentials and the TLS trust (default: the CIs of the credentials).
fn euicc_and_trust(
    pki: Option<&PathBuf>,
    credentials: Option<&PathBuf>,
    ca: &[PathBuf],
    insecure: bool,
) -> Result<(EuiccSource, PathBuf, ServerTrust), ConformCmdError> {
    let (euicc, dir) = match (pki, credentials) {
        (Some(d), _) => (EuiccSource::Pki(d.clone()), d.clone()),
        (None, Some(d)) => (EuiccSource::Credentials(d.clone()), d.clone()),
        (None, None) => {
            return Err(usage(
                "give the eUICC's credentials: --pki DIR or --credentials DIR",
            ));
        }
    };
    let trust = if insecure {
        ServerTrust::Insecure
    } else if !ca.is_empty() {
        ServerTrust::roots(load_ca_files(ca).map_err(usage)?)
    } else {
        let pki = Pki::load_dir(&dir).map_err(|e| usage(format!("{}: {e}", dir.display())))?;
        let cis: Vec<Vec<u8>> = pki
            .curves(CertRole::Ci)
            .into_iter()
            .filter_map(|c| pki.get_on(CertRole::Ci, c).map(|ci| ci.cert_der.clone()))
            .collect();
        if cis.is_empty() {
            return Err(usage(format!(
                "{}: no CI certificate; give --ca FILE",
                dir.display()
            )));
        }
        ServerTrust::roots(cis)
    };
    Ok((euicc, dir, trust))
}

fn resolves(args: &[String]) -> Result<Vec<Resolve>, ConformCmdError> {
    args.iter()
        .map(|r| Resolve::parse(r))
        .collect::<Result<_, _>>()
        .map_err(usage)
}

/// The operator's identity: --operator-cert/--operator-key, or Operators/NAME of the PKI.
fn operator_identity(
    dir: &Path,
    operator: &str,
    cert: Option<&PathBuf>,
    key: Option<&PathBuf>,
) -> Result<Identity, ConformCmdError> {
    if let (Some(cert), Some(key)) = (cert, key) {
        return Ok(smdp::operator_identity(cert, key)?);
    }
    let pki = Pki::load_dir(dir).map_err(|e| usage(format!("{}: {e}", dir.display())))?;
    let cred = pki.operator(operator).map_err(usage)?;
    let key = cred.key().map_err(usage)?.to_sec1_pem().map_err(usage)?;
    Ok(Identity {
        chain: vec![cred.cert_der.clone()],
        key_pem: key.as_bytes().to_vec(),
    })
}

fn eim_options(args: &EimArgs) -> Result<EimOptions, ConformCmdError> {
    let esipa = args
        .esipa
        .as_deref()
        .ok_or_else(|| usage("--esipa URL is required"))?;
    let (euicc, dir, trust) = args.device.euicc_and_trust()?;
    let (esipa, coap) = match esipa.strip_prefix("coaps://") {
        Some(rest) => (rest, true),
        None => (esipa, false),
    };
    let mut options = EimOptions::new(&address(esipa)?, trust, euicc);
    let psk = args
        .psk
        .as_deref()
        .map(crate::input::psk)
        .transpose()
        .map_err(usage)?;
    if psk.is_some() && !coap {
        return Err(usage("--psk is for a coaps:// eIM"));
    }
    options.coap = coap.then_some(psk);
    options.resolve = args.device.resolves()?;
    options.registered = args.registered;
    options.activation_code = args.activation_code.clone();
    options.out = args.run.out.clone();
    options.timeout = Duration::from_secs(args.run.timeout.max(1));
    options.filter = args.run.cases.clone();
    if let Some(path) = &args.eim_config {
        let data = crate::input::read_source(&path.to_string_lossy())?;
        let (_, der) = crate::input::decode_text(&data)?;
        options.eim_config = Some(der);
    }
    if let Some(url) = &args.operator_api {
        options.operator_api = Some(OperatorApiOptions {
            url: url.trim_end_matches('/').to_string(),
            identity: operator_identity(
                &dir,
                &args.operator,
                args.operator_cert.as_ref(),
                args.operator_key.as_ref(),
            )?,
        });
    }
    Ok(options)
}

fn run_smdp(args: SmdpArgs) -> Result<(), ConformCmdError> {
    if args.run.list {
        list(&smdp::select(&smdp::catalogue(), &args.run.cases)?);
        return Ok(());
    }
    let options = options(&args)?;
    let report = crate::runtime()?.block_on(smdp::run(&options))?;
    finish(
        &report,
        args.run.json.as_deref(),
        args.run.junit.as_deref(),
        &args.run.out,
    )
}

fn write(path: &Path, text: &str) -> Result<(), ConformCmdError> {
    std::fs::write(path, text).map_err(|source| ConformCmdError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// `https://FQDN[:port][/]` as the SM-DP+ address `FQDN[:port]`.
fn address(url: &str) -> Result<String, ConformCmdError> {
    let rest = url.strip_prefix("https://").unwrap_or(url);
    if rest.contains("://") {
        return Err(ConformCmdError::Usage(format!(
            "{url:?}: the interface is HTTPS (https://FQDN[:port])"
        )));
    }
    Ok(rest.trim_end_matches('/').to_string())
}

fn usage(e: impl std::fmt::Display) -> ConformCmdError {
    ConformCmdError::Usage(e.to_string())
}

fn options(args: &SmdpArgs) -> Result<SmdpOptions, ConformCmdError> {
    let es9 = args
        .es9
        .as_deref()
        .ok_or_else(|| usage("--es9 URL is required"))?;
    let (euicc, dir, trust) = args.device.euicc_and_trust()?;
    let mut options = SmdpOptions::new(&address(es9)?, trust, euicc);
    options.smdp_address = args.smdp_address.clone();
    options.resolve = args.device.resolves()?;
    options.matching_ids = args.matching_id.clone();
    options.reuse_matching_ids = args.reuse_matching_id;
    options.out = args.run.out.clone();
    options.timeout = Duration::from_secs(args.run.timeout.max(1));
    options.filter = args.run.cases.clone();
    if let Some(url) = &args.es2 {
        let operator = args
            .operator
            .clone()
            .ok_or_else(|| usage("--es2 needs --operator NAME"))?;
        let identity = operator_identity(
            &dir,
            &operator,
            args.operator_cert.as_ref(),
            args.operator_key.as_ref(),
        )?;
        options.es2 = Some(Es2Options {
            url: url.trim_end_matches('/').to_string(),
            identity,
            requester: operator,
            profile_type: args
                .profile_type
                .clone()
                .ok_or_else(|| usage("--es2 needs --profile-type TYPE"))?,
        });
    }
    Ok(options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn es9_url_gives_the_smdp_address() {
        assert_eq!(
            address("https://smdp.example:8443/").unwrap(),
            "smdp.example:8443"
        );
        assert_eq!(address("smdp.example").unwrap(), "smdp.example");
        assert!(address("http://smdp.example").is_err());
    }
}
