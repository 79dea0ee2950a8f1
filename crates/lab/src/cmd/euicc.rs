//! `rsp-lab euicc --state FILE ...`: create, inspect and serve a software eUICC as a card.

use std::io::Write;
use std::path::{Path, PathBuf};

use euicc_sim::apdu::Card;
use euicc_sim::m2m;
use euicc_sim::transport::{stdio, vpcd};
use euicc_sim::{
    CredentialsError, Euicc, EuiccError, EuiccOptions, InitError, credentials_from_dir,
    credentials_from_pki_dir, state::EimConfig,
};
use proto::der::DecodeError;

use crate::input::InputError;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The eUICC's state file (one per eUICC).
    #[arg(long, value_name = "FILE")]
    state: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Create a new eUICC.
    Init(InitArgs),
    /// Print EID, profiles and pending notifications.
    Info {
        #[arg(long)]
        json: bool,
    },
    /// Print, as JSON, the EIS fields of an M2M eUICC the SM-SR needs (SGP.02 5.1.1.1):
    /// EID, ISD-R AID and TAR, SCP80/SCP81 key sets with counters, CERT.ECASD.ECKA, ISD-Ps.
    Eis,
    /// Serve the card over newline-delimited JSON on stdin/stdout (lpac's stdio APDU driver).
    Stdio {
        /// Start CMD with its stdin/stdout wired to the card and print its other output.
        #[arg(long, num_args = 1.., value_name = "CMD", allow_hyphen_values = true, trailing_var_arg = true)]
        spawn: Option<Vec<String>>,
    },
    /// Connect to a vpcd (vsmartcard) so PC/SC applications see the card.
    Vpcd {
        /// vpcd address.
        #[arg(long, default_value = "127.0.0.1:35963")]
        address: String,
    },
}

#[derive(clap::Args)]
struct InitArgs {
    /// A lab PKI directory (`rsp-lab certs generate`): uses its eUICC credentials, or
    /// issues a certificate for a new EID when it holds the EUM key.
    #[arg(long, conflicts_with = "credentials")]
    pki: Option<PathBuf>,
    /// An SGP.26-layout directory with eUICC/ and EUM/ certificates and the eUICC key.
    #[arg(long)]
    credentials: Option<PathBuf>,
    /// EID (32 digits); with --pki a certificate is issued for it if needed.
    #[arg(long)]
    eid: Option<String>,
    /// Also trust this CI certificate (DER, PEM, hex or base64) for verifying SM-DP+
    /// certificates (`euiccCiPKIdListForVerification`, SGP.22 4.3); repeatable.
    #[arg(long = "trust-ci", value_name = "FILE")]
    trust_ci: Vec<PathBuf>,
    /// Default SM-DP+ address (ES10a).
    #[arg(long)]
    default_smdp: Option<String>,
    /// Root SM-DS address, FQDN[:port] (ES10a rootDsAddress; `lpa discover` asks it;
    /// default smds.rsp-lab.test).
    #[arg(long, value_name = "ADDRESS")]
    root_smds: Option<String>,
    /// Make an IoT eUICC (SGP.32) with this eIM configuration: the eIM's
    /// EimConfigurationData (DER, hex or base64; `GET /v1/eim` of `rsp-lab eim serve`
    /// gives it), as AddInitialEim installs it at manufacturing.
    #[arg(long, value_name = "FILE")]
    eim_config: Option<PathBuf>,
    /// The SGP.32 version of the IoT eUICC: 1.2, 1.3 (declared beside 1.2; refuses a package
    /// too long to verify with v1.3's unsigned sizeOverflow), or 1.0 (declared in
    /// EUICCInfo2, v1.0's ES10b forms).
    #[arg(long, value_name = "VERSION", requires = "eim_config", value_parser = super::ipa::parse_sgp32)]
    sgp32: Option<euicc_sim::Sgp32Version>,
    /// Make an M2M eUICC (SGP.02): ES5 at the ISD-R, an ECASD certificate signed with the
    /// PKI's EUM key, fresh SCP80 (KVN 01, AES) and SCP81 (KVN 40) key sets.
    #[arg(long, requires = "pki", conflicts_with = "eim_config")]
    m2m: bool,
    /// The SM-SR's SMS address (international digits) the M2M eUICC sends its Default
    /// Notifications to.
    #[arg(long, value_name = "DIGITS", requires = "m2m")]
    smsr_address: Option<String>,
    /// A profile package (DER, e.g. a TS.48 test profile) to put on the M2M eUICC, each in
    /// its own ISD-P; the first is enabled with the Fall-Back Attribute, the others
    /// disabled. Repeatable.
    #[arg(long = "profile", value_name = "FILE", requires = "m2m")]
    profiles: Vec<PathBuf>,
}

fn open(path: &Path) -> Result<Euicc, EuiccCmdError> {
    Ok(Euicc::open(path)?)
}

/// A certificate file as DER, PEM, hex or base64.
fn read_certificate(path: &Path) -> Result<Vec<u8>, EuiccCmdError> {
    let data = crate::input::read_source(&path.to_string_lossy())?;
    let text = String::from_utf8_lossy(&data);
    let data = if text.trim_start().starts_with("-----BEGIN") {
        text.lines()
            .filter(|l| !l.starts_with("-----"))
            .collect::<String>()
            .into_bytes()
    } else {
        data
    };
    let (_, der) =
        crate::input::decode_text(&data).map_err(|source| EuiccCmdError::Certificate {
            path: path.to_path_buf(),
            source,
        })?;
    Ok(der)
}

/// A child's exit status as a process exit code: its own code, or 128 + the signal that
/// ended it, as shells report it.
fn exit_code(status: std::process::ExitStatus) -> i32 {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => code,
        (None, Some(signal)) => 128 + signal,
        (None, None) => 1,
    }
}

pub(crate) fn run(args: Args) -> Result<(), EuiccCmdError> {
    match args.command {
        Command::Init(init_args) => init(&args.state, init_args),
        Command::Info { json } => info(&args.state, json),
        Command::Eis => eis(&args.state),
        Command::Stdio { spawn } => serve_stdio(&args.state, spawn),
        Command::Vpcd { address } => serve_vpcd(&args.state, address),
    }
}

/// `init`: the eUICC's credentials (a lab PKI or an SGP.26 directory), the CIs it also
/// trusts, and its options, written to a new state file.
fn init(state: &Path, args: InitArgs) -> Result<(), EuiccCmdError> {
    let InitArgs {
        pki,
        credentials,
        eid,
        trust_ci,
        default_smdp,
        root_smds,
        eim_config,
        sgp32,
        m2m,
        smsr_address,
        profiles,
    } = args;
    let mut creds = match (pki.clone(), credentials) {
        (Some(dir), None) => credentials_from_pki_dir(&dir, eid.as_deref()),
        (None, Some(dir)) => credentials_from_dir(&dir, eid.as_deref()),
        _ => {
            return Err(EuiccCmdError::NoCredentials);
        }
    }?;
    for path in &trust_ci {
        let der = read_certificate(path)?;
        creds
            .trust_ci(&der)
            .map_err(|source| EuiccCmdError::TrustCi {
                path: path.clone(),
                source,
            })?;
    }
    let mut options = match eim_config {
        Some(path) => EuiccOptions::iot_with_eim(read_eim_config(&path)?),
        None => EuiccOptions::default(),
    };
    if let Some(addr) = default_smdp {
        options.default_dp_address = Some(addr);
    }
    if let Some(addr) = root_smds {
        proto::ids::SmdpAddress::parse(&addr)
            .map_err(|e| EuiccCmdError::Address(format!("--root-smds {addr:?}: {e}")))?;
        options.root_ds_address = addr;
    }
    if let Some(v) = sgp32 {
        options.sgp32 = v;
    }
    let euicc = match (m2m, pki) {
        (true, Some(dir)) => {
            let m2m = M2mInit {
                pki: dir,
                smsr_address,
                profiles,
            };
            create_m2m(state, creds, options, m2m)?
        }
        _ => Euicc::create(state, creds, options)?,
    };
    println!("created eUICC {} in {}", euicc.eid(), state.display());
    Ok(())
}

/// What `init --m2m` adds to an eUICC.
struct M2mInit {
    pki: PathBuf,
    smsr_address: Option<String>,
    profiles: Vec<PathBuf>,
}

/// `init --m2m`: the M2M keys from the PKI's EUM, the SM-SR address, the profiles.
fn create_m2m(
    state: &Path,
    creds: euicc_sim::Credentials,
    options: EuiccOptions,
    init: M2mInit,
) -> Result<Euicc, EuiccCmdError> {
    let mut setup = euicc_sim::m2m_setup_from_pki_dir(&init.pki, creds.eid().as_str())?;
    if let Some(digits) = &init.smsr_address {
        setup.smsr_address = Some(
            m2m::address_from_digits(digits)
                .ok_or_else(|| EuiccCmdError::Address(format!("--smsr-address {digits:?}")))?,
        );
    }
    let mut euicc = Euicc::create_m2m(state, creds, options, setup)?;
    for (i, path) in init.profiles.iter().enumerate() {
        let data = crate::input::read_source(&path.to_string_lossy())?;
        let (_, der) = crate::input::decode_text(&data)?;
        let mut preload =
            m2m::M2mPreload::from_package(der).map_err(|source| EuiccCmdError::Profile {
                path: path.clone(),
                source,
            })?;
        preload.profile.enabled = i == 0;
        preload.profile.fallback = i == 0;
        let iccid =
            euicc
                .preload_m2m_profile(&preload)
                .map_err(|source| EuiccCmdError::Profile {
                    path: path.clone(),
                    source,
                })?;
        println!("profile {iccid} from {}", path.display());
    }
    Ok(euicc)
}

/// `eis`: the EIS fields of an M2M eUICC as JSON.
fn eis(state: &Path) -> Result<(), EuiccCmdError> {
    let euicc = open(state)?;
    let eis = euicc.m2m_eis().ok_or(EuiccCmdError::NotM2m)?;
    println!("{}", serde_json::to_string_pretty(&eis)?);
    Ok(())
}

/// The eIM's EimConfigurationData (DER, hex or base64), as AddInitialEim installs it.
fn read_eim_config(path: &Path) -> Result<EimConfig, EuiccCmdError> {
    let data = crate::input::read_source(&path.to_string_lossy())?;
    let (_, der) = crate::input::decode_text(&data)?;
    EimConfig::from_der(&der).map_err(|source| EuiccCmdError::EimConfig {
        path: path.to_path_buf(),
        source,
    })
}

/// `info`: EID, profiles and pending notifications, as a table or JSON.
fn info(state: &Path, json: bool) -> Result<(), EuiccCmdError> {
    let info = open(state)?.info();
    if json {
        let text = serde_json::to_string_pretty(&info)?;
        println!("{text}");
        return Ok(());
    }
    println!("EID            {}", info.eid);
    println!("SGP.22         {}", info.svn);
    println!(
        "default SM-DP+ {}",
        info.default_dp_address.as_deref().unwrap_or("-")
    );
    let root_smds = match info.root_ds_address.as_str() {
        "" => "-",
        a => a,
    };
    println!("root SM-DS     {root_smds}");
    println!(
        "memory         {} of {} bytes free",
        info.free_memory, info.memory_capacity
    );
    println!("profiles       {}", info.profiles.len());
    for p in &info.profiles {
        println!(
            "  {}  {:?}  {:?}  {} / {}  IMSI {}",
            p.iccid,
            p.state,
            p.profile_class,
            p.service_provider_name,
            p.profile_name,
            p.imsi.as_deref().unwrap_or("-")
        );
    }
    println!("notifications  {}", info.pending_notifications.len());
    for n in &info.pending_notifications {
        println!("  {n:?}");
    }
    Ok(())
}

/// `stdio`: the card on this process's stdin/stdout, or on a spawned LPA's (whose exit
/// status becomes ours).
fn serve_stdio(state: &Path, spawn: Option<Vec<String>>) -> Result<(), EuiccCmdError> {
    let mut card = Card::new(open(state)?);
    let Some(cmd) = spawn else {
        let stdin = std::io::stdin();
        return stdio::serve(
            &mut card,
            stdin.lock(),
            std::io::stdout(),
            std::io::stderr(),
        )
        .map_err(EuiccCmdError::Stdio);
    };
    let (program, rest) = cmd.split_first().ok_or(EuiccCmdError::NoSpawnCommand)?;
    let status = stdio::spawn(&mut card, program, rest, std::io::stdout()).map_err(|source| {
        EuiccCmdError::Spawn {
            program: program.clone(),
            source,
        }
    })?;
    let _ = std::io::stdout().flush();
    if status.success() {
        return Ok(());
    }
    // the LPA's exit status is ours, so scripts see lpac's own result
    eprintln!("error: {program} ended with {status}");
    drop(card);
    std::process::exit(exit_code(status));
}

/// `vpcd`: the card served to a vpcd until SIGINT/SIGTERM.
fn serve_vpcd(state: &Path, address: String) -> Result<(), EuiccCmdError> {
    let mut card = Card::new(open(state)?);
    let shutdown = vpcd::Shutdown::new();
    infra::signals::on_termination({
        let s = shutdown.clone();
        move || s.trigger()
    })
    .map_err(EuiccCmdError::Signals)?;
    let options = vpcd::VpcdOptions::with_address(address);
    eprintln!(
        "serving eUICC {} to vpcd at {}",
        card.processor().eid(),
        options.address
    );
    vpcd::run(&mut card, &options, &shutdown).map_err(EuiccCmdError::Vpcd)
}

/// Why `rsp-lab euicc` failed; the text is what the command prints after `error: `.
#[derive(Debug, thiserror::Error)]
pub(crate) enum EuiccCmdError {
    /// The state file could not be opened or created.
    #[error(transparent)]
    Euicc(#[from] EuiccError),
    /// A file could not be read, or its hex or base64 does not decode.
    #[error(transparent)]
    Input(#[from] InputError),
    /// A `--trust-ci` certificate's text does not decode.
    #[error("{}: {source}", path.display())]
    Certificate { path: PathBuf, source: InputError },
    /// Neither `--pki` nor `--credentials`, or both.
    #[error("give --pki DIR or --credentials DIR (rsp-lab certs generate --out DIR makes a PKI)")]
    NoCredentials,
    /// The credentials directory could not be read.
    #[error(transparent)]
    Credentials(#[from] InitError),
    /// A `--trust-ci` certificate is no CI certificate.
    #[error("{}: {source}", path.display())]
    TrustCi {
        path: PathBuf,
        source: CredentialsError,
    },
    /// `--root-smds` is no `FQDN[:port]` address (SGP.22 4.1).
    #[error("{0}")]
    Address(String),
    /// `--eim-config` is no EimConfigurationData.
    #[error("{}: {source}", path.display())]
    EimConfig { path: PathBuf, source: DecodeError },
    /// A `--profile` package could not be put on the M2M eUICC.
    #[error("{}: {source}", path.display())]
    Profile {
        path: PathBuf,
        source: euicc_sim::FactoryError,
    },
    /// `eis` on an eUICC that is not an M2M eUICC.
    #[error("not an M2M eUICC (rsp-lab euicc init --m2m makes one)")]
    NotM2m,
    /// `info --json` could not be written.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// The stdio driver protocol failed.
    #[error("stdio: {0}")]
    Stdio(std::io::Error),
    /// `--spawn` without a command.
    #[error("--spawn needs a command")]
    NoSpawnCommand,
    /// The spawned LPA could not be started or talked to.
    #[error("{program}: {source}")]
    Spawn {
        program: String,
        source: std::io::Error,
    },
    /// The signal handlers could not be installed.
    #[error("signal handlers: {0}")]
    Signals(std::io::Error),
    /// The connection to vpcd failed.
    #[error("vpcd: {0}")]
    Vpcd(std::io::Error),
}
