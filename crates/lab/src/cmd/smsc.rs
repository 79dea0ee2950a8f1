//! `rsp-lab smsc serve`: the lab's SMSC (SMPP 3.4), a router between the ESMEs bound to it
//! (the SM-SR, the simulated devices' modems, pySim's smpp-ota-tool, any SMPP client).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use smpp::smsc::{Account, AddressRange, Limits, Smsc, SmscConfig, SmscError, UnsupportedRange};

#[derive(clap::Subcommand)]
pub(crate) enum Command {
    /// Run the SMSC until Ctrl-C: ESMEs bind, and each submit_sm is delivered to the ESME
    /// bound for its destination address, or stored until one binds.
    Serve(ServeArgs),
}

/// The options of `rsp-lab smsc serve`.
#[derive(clap::Args)]
pub(crate) struct ServeArgs {
    /// SMPP listener (ADDR:PORT; port 0 picks a free one, printed at start).
    #[arg(long, default_value = "127.0.0.1:2775")]
    listen: SocketAddr,
    /// An account, SYSTEM_ID:PASSWORD, optionally :RANGE[,RANGE...] restricting the
    /// addresses it binds for and sends from (4915550001, 49155*, ^49155.*). Repeatable.
    #[arg(long = "account", value_name = "SYSTEM_ID:PASSWORD[:RANGES]")]
    accounts: Vec<String>,
    /// A TOML file of accounts and limits:
    /// [[account]] system_id, password, allowed = ["49155*"];
    /// [limits] session_window, per_address, total, delivery_window, sessions;
    /// default_validity_secs.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

/// The TOML file of `--config`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    #[serde(default)]
    account: Vec<FileAccount>,
    limits: Option<FileLimits>,
    default_validity_secs: Option<u64>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FileAccount {
    system_id: String,
    password: String,
    #[serde(default)]
    allowed: Vec<String>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FileLimits {
    session_window: Option<usize>,
    per_address: Option<usize>,
    total: Option<usize>,
    delivery_window: Option<usize>,
    sessions: Option<usize>,
}

pub(crate) fn run(cmd: Command) -> Result<(), SmscCmdError> {
    let Command::Serve(args) = cmd;
    let config = config(&args)?;
    crate::runtime()?.block_on(serve(args.listen, config))
}

async fn serve(listen: SocketAddr, config: SmscConfig) -> Result<(), SmscCmdError> {
    let terminated = infra::signals::termination().map_err(SmscCmdError::Signals)?;
    let accounts = config.accounts.len();
    let smsc = Smsc::start(listen, config).await?;
    println!(
        "SMSC (SMPP 3.4) listening on {}, {accounts} account(s)",
        smsc.local_addr()
    );
    terminated.await;
    smsc.stop().await;
    Ok(())
}

/// The configuration from `--config` and the `--account`s.
fn config(args: &ServeArgs) -> Result<SmscConfig, SmscCmdError> {
    let mut config = SmscConfig::new(Vec::new());
    if let Some(path) = &args.config {
        apply_file(&mut config, path)?;
    }
    for spec in &args.accounts {
        config.accounts.push(parse_account(spec)?);
    }
    if config.accounts.is_empty() {
        return Err(SmscCmdError::NoAccount);
    }
    Ok(config)
}

fn apply_file(config: &mut SmscConfig, path: &Path) -> Result<(), SmscCmdError> {
    let text =
        std::fs::read_to_string(path).map_err(|e| SmscCmdError::ReadConfig(path.to_owned(), e))?;
    let file: FileConfig = toml::from_str(&text)
        .map_err(|e| SmscCmdError::ParseConfig(path.to_owned(), Box::new(e)))?;
    for a in file.account {
        let allowed = ranges(a.allowed.iter().map(String::as_str))?;
        config
            .accounts
            .push(Account::new(&a.system_id, &a.password).allowing(allowed));
    }
    if let Some(l) = file.limits {
        let d = Limits::default();
        config.limits = Limits {
            session_window: l.session_window.unwrap_or(d.session_window),
            per_address: l.per_address.unwrap_or(d.per_address),
            total: l.total.unwrap_or(d.total),
            delivery_window: l.delivery_window.unwrap_or(d.delivery_window),
            sessions: l.sessions.unwrap_or(d.sessions),
        };
    }
    if let Some(secs) = file.default_validity_secs {
        config.default_validity = Duration::from_secs(secs);
    }
    Ok(())
}

/// `SYSTEM_ID:PASSWORD[:RANGE,RANGE...]`.
fn parse_account(spec: &str) -> Result<Account, SmscCmdError> {
    let mut parts = spec.splitn(3, ':');
    let (Some(system_id), Some(password)) = (parts.next(), parts.next()) else {
        return Err(SmscCmdError::AccountSyntax(spec.to_owned()));
    };
    if system_id.is_empty() {
        return Err(SmscCmdError::AccountSyntax(spec.to_owned()));
    }
    let allowed = match parts.next() {
        Some(list) => ranges(list.split(','))?,
        None => Vec::new(),
    };
    Ok(Account::new(system_id, password).allowing(allowed))
}

fn ranges<'a>(texts: impl Iterator<Item = &'a str>) -> Result<Vec<AddressRange>, SmscCmdError> {
    texts
        .map(|t| t.trim().parse().map_err(SmscCmdError::Range))
        .collect()
}

/// Why `rsp-lab smsc serve` failed; the text is what the command prints after `error: `.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SmscCmdError {
    /// The runtime could not be built.
    #[error(transparent)]
    Runtime(#[from] crate::RuntimeError),
    /// The signal handlers could not be installed.
    #[error("installing the signal handlers: {0}")]
    Signals(std::io::Error),
    /// `--config` could not be read.
    #[error("reading {0}: {1}")]
    ReadConfig(PathBuf, std::io::Error),
    /// `--config` is not the expected TOML.
    #[error("{0}: {1}")]
    ParseConfig(PathBuf, Box<toml::de::Error>),
    /// An `--account` that is not SYSTEM_ID:PASSWORD[:RANGES].
    #[error("--account {0:?}: expected SYSTEM_ID:PASSWORD[:RANGE,...]")]
    AccountSyntax(String),
    /// An allowed range outside the supported forms.
    #[error(transparent)]
    Range(UnsupportedRange),
    /// Neither `--account` nor a `--config` with accounts.
    #[error("no account: give --account SYSTEM_ID:PASSWORD or a --config with [[account]]")]
    NoAccount,
    /// The SMSC did not start.
    #[error(transparent)]
    Start(#[from] SmscError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_parse_with_and_without_ranges() {
        let plain = parse_account("smsr:secret").ok();
        assert_eq!(plain, Some(Account::new("smsr", "secret")));
        let ranged = parse_account("dev:pw:4915550001,49156*").ok();
        let expected = Account::new("dev", "pw").allowing([
            AddressRange::Exact("4915550001".into()),
            AddressRange::Prefix("49156".into()),
        ]);
        assert_eq!(ranged, Some(expected));
        assert!(matches!(
            parse_account("nopassword"),
            Err(SmscCmdError::AccountSyntax(_))
        ));
        assert!(matches!(
            parse_account("dev:pw:49[0-9]"),
            Err(SmscCmdError::Range(_))
        ));
    }
}
