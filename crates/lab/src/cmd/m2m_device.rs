//! `rsp-lab m2m-device`: an M2M Device around an SGP.02 eUICC (the software eUICC of a
//! state file made with `rsp-lab euicc init --m2m`, or a card in a PC/SC reader), on a
//! simulated network, bound to an SMSC as the MSISDN of the profile it attaches with: the
//! SM-SR's secured short messages reach the card as SMS-PP data download, and its PoRs and
//! Default Notifications leave as short messages; the card's BIP channel (OPEN CHANNEL in
//! TCP client mode, after an SCP81 push) is a TCP connection to the SM-SR's admin server.

use std::path::PathBuf;
use std::time::Duration;

use card_io::{BoxedChannel, CardIoError};
use euicc_sim::apdu::Card;
use m2m_device::{Modem, ModemConfig, ModemError, Network, NetworkError};

use super::lpa::{CardArgs, open_external};

/// The options of `rsp-lab m2m-device`.
#[derive(clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    card: CardArgs,
    /// The SMSC's SMPP listener (`rsp-lab smsc serve`, or an operator's SMSC).
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:2775")]
    smsc: String,
    /// The device's account at the SMSC.
    #[arg(long, value_name = "SYSTEM_ID", default_value = "device")]
    system_id: String,
    /// Its password.
    #[arg(long, value_name = "PASSWORD", default_value = "device")]
    password: String,
    /// The network: a TOML file of `[[subscriber]] imsi = "…" msisdn = "…" attach = true`
    /// entries (an IMSI may end in `*`); a profile whose IMSI is unknown or has
    /// `attach = false` gets no service.
    #[arg(long, value_name = "FILE")]
    network: PathBuf,
    /// Milliseconds between the STATUS commands the idle device sends the card.
    #[arg(long, value_name = "MS", default_value_t = 1000)]
    status_interval: u64,
}

/// Why the device stopped.
#[derive(Debug, thiserror::Error)]
pub(crate) enum M2mDeviceError {
    #[error("network file {0}: {1}")]
    ReadNetwork(PathBuf, std::io::Error),
    #[error("network file {0}: {1}")]
    Network(PathBuf, NetworkError),
    #[error("eUICC state: {0}")]
    State(#[from] euicc_sim::EuiccError),
    #[error(transparent)]
    Card(#[from] CardIoError),
    #[error("give --state or --reader (the card of an M2M Device)")]
    NoCard,
    #[error(transparent)]
    Modem(#[from] ModemError),
    #[error(transparent)]
    Runtime(#[from] crate::RuntimeError),
    #[error("signals: {0}")]
    Signals(std::io::Error),
}

pub(crate) fn run(args: Args) -> Result<(), M2mDeviceError> {
    let text = std::fs::read_to_string(&args.network)
        .map_err(|e| M2mDeviceError::ReadNetwork(args.network.clone(), e))?;
    let network =
        Network::from_toml(&text).map_err(|e| M2mDeviceError::Network(args.network.clone(), e))?;
    let card: BoxedChannel = match (args.card.state(), args.card.external()) {
        (Some(state), _) => Box::new(Card::new(euicc_sim::Euicc::open(state)?)),
        (None, Some(source)) => open_external(&source, None)?,
        (None, None) => return Err(M2mDeviceError::NoCard),
    };
    let config = ModemConfig {
        smsc: args.smsc,
        system_id: args.system_id,
        password: args.password,
        network,
        status_interval: Duration::from_millis(args.status_interval.max(10)),
        radio: Default::default(),
    };
    crate::runtime()?.block_on(serve(card, config))
}

async fn serve(card: BoxedChannel, config: ModemConfig) -> Result<(), M2mDeviceError> {
    let terminated = infra::signals::termination().map_err(M2mDeviceError::Signals)?;
    let mut modem = Modem::new(card, config);
    modem.start().await?;
    match modem.attached() {
        Some(s) => println!("M2M Device attached as {} (IMSI {})", s.msisdn, s.imsi),
        None => println!("M2M Device without service (the enabled profile does not attach)"),
    }
    modem.run(terminated).await?;
    Ok(())
}
