//! Entry points of `rsp-lab lpa --state FILE <command>`: the eUICC of a state file, behind
//! the APDU layer ([`Card`]), driven by an [`Lpa`].
//!
//! | command | entry point |
//! |---|---|
//! | `download --ac 'LPA:1$host$MID'` (or `--smdp ADDR [--matching-id ID]`, or neither: the default SM-DP+) | [`download`] |
//! | `discover [--smds ADDRESS]... [--download]` (ES11 at the root SM-DS or the ones given) | [`discover`] |
//! | `notifications process` | [`process_notifications`] |
//! | `enable ICCID`, `disable ICCID`, `delete ICCID` | [`enable`], [`disable`], [`delete`] |
//! | `list` | [`list`] |
//!
//! Without a trusted CA in the options, the SM-DP+'s TLS certificate is checked against the
//! CI certificates the eUICC trusts (in SGP.22 v2 CERT.DP.TLS is issued under a GSMA CI).
//! The async entry points need a tokio runtime; [`run`] gives one to a synchronous caller.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::Duration;

use infra::tls::ServerTrust;

use super::agent::{Lpa, LpaOptions};
use super::device::DeviceOptions;
use super::discovery::DiscoverReport;
use super::download::{DownloadRequest, DownloadTarget};
use super::endpoint::Resolve;
use super::error::LpaError;
use super::es10x::DEFAULT_BLOCK_SIZE;
use super::report::{DownloadReport, NotificationReport, ProfileChangeReport, ProfileSummary};
use super::trust::load_ca_files;
use euicc_sim::Euicc;
use euicc_sim::apdu::Card;

/// The options of `rsp-lab lpa` as a command line gives them, before checking.
///
/// ```text
/// --ca FILE...            trusted roots of the SM-DP+ TLS certificate (PEM or DER);
///                         default: the CI certificates the eUICC trusts
/// --insecure              no TLS verification at all
/// --resolve HOST:PORT:ADDR[:ADDRPORT]...   connect there instead (curl's --resolve)
/// --imei DIGITS / --tac DIGITS             device identity in ctxParams1
/// --trace-dir DIR         every ES9+ body written there
/// --block-size N          STORE DATA block size, 6..255 (default 120)
/// --basic-channel         no logical channel
/// --no-notifications      leave pending notifications on the eUICC
/// --no-refresh            refreshFlag false in Enable/DisableProfile
/// --timeout SECONDS       per ES9+ request (default 60)
/// ```
#[derive(Clone, Debug, Default)]
pub struct LpaSettings {
    pub ca: Vec<PathBuf>,
    pub insecure: bool,
    pub resolve: Vec<String>,
    pub imei: Option<String>,
    pub tac: Option<String>,
    pub trace_dir: Option<PathBuf>,
    pub block_size: Option<usize>,
    pub basic_channel: bool,
    pub no_notifications: bool,
    pub no_refresh: bool,
    pub timeout_secs: Option<u64>,
}

impl LpaSettings {
    /// The checked options; every mistake is named.
    pub fn to_options(&self) -> Result<LpaOptions, LpaError> {
        let mut o = LpaOptions::default();
        o.es9.trust = match (self.insecure, self.ca.is_empty()) {
            (true, false) => {
                return Err(LpaError::Setup("give --ca or --insecure, not both".into()));
            }
            (true, true) => Some(ServerTrust::Insecure),
            (false, false) => Some(ServerTrust::roots(load_ca_files(&self.ca)?)),
            (false, true) => None,
        };
        o.es9.resolve = self
            .resolve
            .iter()
            .map(|r| Resolve::parse(r).map_err(LpaError::Resolve))
            .collect::<Result<_, _>>()?;
        o.es9.trace_dir = self.trace_dir.clone();
        if let Some(t) = self.timeout_secs {
            o.es9.timeout = Duration::from_secs(t);
        }
        let mut device = DeviceOptions::default();
        if let Some(imei) = &self.imei {
            device = device
                .with_imei(imei)
                .map_err(|e| LpaError::Setup(e.to_string()))?;
        }
        if let Some(tac) = &self.tac {
            device = device
                .with_tac(tac)
                .map_err(|e| LpaError::Setup(e.to_string()))?;
        }
        o.device = device;
        o.es10.block_size = self.block_size.unwrap_or(DEFAULT_BLOCK_SIZE);
        o.es10.basic_channel = self.basic_channel;
        o.process_notifications = !self.no_notifications;
        o.refresh_flag = !self.no_refresh;
        Ok(o)
    }
}

/// The LPA on the eUICC of a state file.
pub fn open_state(state: &Path, mut options: LpaOptions) -> Result<Lpa<Card<Euicc>>, LpaError> {
    let card = state_card(state, &mut options)?;
    Lpa::open(card, options)
}

/// The eUICC of a state file behind the APDU layer, for an LPA over any [`CardChannel`]
/// (a PC/SC reader and a modem are the others). Without a trusted CA in `options`, the
/// SM-DP+'s TLS certificate is checked against the CI certificates the eUICC trusts.
///
/// [`CardChannel`]: super::CardChannel
pub fn state_card(state: &Path, options: &mut LpaOptions) -> Result<Card<Euicc>, LpaError> {
    let euicc = Euicc::open(state).map_err(|e| LpaError::Setup(e.to_string()))?;
    if options.es9.trust.is_none() {
        let cis = euicc
            .credentials()
            .trusted_cis()
            .iter()
            .map(|c| c.der().to_vec())
            .collect();
        options.es9.trust = Some(ServerTrust::roots(cis));
    }
    Ok(Card::new(euicc))
}

/// What to download from the command line's choices: an Activation Code, or an SM-DP+
/// address with an optional Matching ID, or neither (the eUICC's default SM-DP+).
pub fn download_target(
    activation_code: Option<&str>,
    smdp_address: Option<&str>,
    matching_id: Option<&str>,
) -> Result<DownloadTarget, LpaError> {
    let matching_id = matching_id
        .map(|m| {
            proto::ids::MatchingId::parse(m)
                .map_err(|e| LpaError::Setup(format!("matching ID {m:?}: {e}")))
        })
        .transpose()?;
    match (activation_code, smdp_address) {
        (Some(_), Some(_)) => Err(LpaError::Setup(
            "give an activation code or an SM-DP+ address, not both".into(),
        )),
        (Some(_), None) if matching_id.is_some() => Err(LpaError::Setup(
            "the activation code carries the matching ID; do not give one apart".into(),
        )),
        (Some(ac), None) => Ok(DownloadRequest::activation_code(ac)?.target),
        (None, Some(address)) => Ok(DownloadTarget::Smdp {
            address: proto::ids::SmdpAddress::parse(address)
                .map_err(|e| LpaError::Setup(format!("SM-DP+ address {address:?}: {e}")))?,
            matching_id,
        }),
        (None, None) => Ok(DownloadTarget::DefaultSmdp { matching_id }),
    }
}

/// `rsp-lab lpa --state FILE download ...`
pub async fn download(
    state: &Path,
    options: LpaOptions,
    request: &DownloadRequest,
) -> Result<DownloadReport, LpaError> {
    let mut lpa = open_state(state, options)?;
    let result = lpa.download(request).await;
    lpa.close();
    result
}

/// SM-DS addresses (`FQDN[:port]`, SGP.22 4.1) from the command line.
pub fn smds_addresses(addresses: &[String]) -> Result<Vec<proto::ids::SmdpAddress>, LpaError> {
    addresses
        .iter()
        .map(|a| {
            proto::ids::SmdpAddress::parse(a)
                .map_err(|e| LpaError::Setup(format!("SM-DS address {a:?}: {e}")))
        })
        .collect()
}

/// `rsp-lab lpa --state FILE discover [--smds ADDRESS]... [--download]`: event retrieval
/// (SGP.22 3.6.3) at each SM-DS given, or at the eUICC's root SM-DS, then, with
/// `download`, each event's profile ([`Lpa::discover_and_download`]).
pub async fn discover(
    state: &Path,
    options: LpaOptions,
    smds: &[proto::ids::SmdpAddress],
    download: bool,
) -> Result<DiscoverReport, LpaError> {
    let mut lpa = open_state(state, options)?;
    let result = lpa.discover_and_download(smds, download).await;
    lpa.close();
    result
}

/// `rsp-lab lpa --state FILE notifications process`
pub async fn process_notifications(
    state: &Path,
    options: LpaOptions,
) -> Result<Vec<NotificationReport>, LpaError> {
    let mut lpa = open_state(state, options)?;
    let result = lpa.process_notifications().await;
    lpa.close();
    result
}

/// `rsp-lab lpa --state FILE enable ICCID`
pub async fn enable(
    state: &Path,
    options: LpaOptions,
    iccid: &str,
) -> Result<ProfileChangeReport, LpaError> {
    let mut lpa = open_state(state, options)?;
    let result = lpa.enable(iccid).await;
    lpa.close();
    result
}

/// `rsp-lab lpa --state FILE disable ICCID`
pub async fn disable(
    state: &Path,
    options: LpaOptions,
    iccid: &str,
) -> Result<ProfileChangeReport, LpaError> {
    let mut lpa = open_state(state, options)?;
    let result = lpa.disable(iccid).await;
    lpa.close();
    result
}

/// `rsp-lab lpa --state FILE delete ICCID`
pub async fn delete(
    state: &Path,
    options: LpaOptions,
    iccid: &str,
) -> Result<ProfileChangeReport, LpaError> {
    let mut lpa = open_state(state, options)?;
    let result = lpa.delete(iccid).await;
    lpa.close();
    result
}

/// `rsp-lab lpa --state FILE list`
pub fn list(state: &Path, options: LpaOptions) -> Result<Vec<ProfileSummary>, LpaError> {
    let mut lpa = open_state(state, options)?;
    let result = lpa.list_profiles();
    lpa.close();
    result
}

/// Runs an entry point on a new single-threaded tokio runtime (for a synchronous `main`;
/// not from inside a runtime).
pub fn run<T>(future: impl Future<Output = Result<T, LpaError>>) -> Result<T, LpaError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| LpaError::Setup(format!("runtime: {e}")))?
        .block_on(future)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_become_options_and_mistakes_are_named() {
        let s = LpaSettings {
            resolve: vec!["smdp.example:443:127.0.0.1:9443".into()],
            imei: Some("352906110012345".into()),
            block_size: Some(255),
            no_notifications: true,
            ..LpaSettings::default()
        };
        let o = s.to_options().unwrap();
        assert!(o.es9.trust.is_none());
        assert_eq!(o.es9.resolve[0].addr, "127.0.0.1:9443".parse().unwrap());
        assert_eq!(o.device.tac, [0x35, 0x29, 0x06, 0x11]);
        assert_eq!(o.es10.block_size, 255);
        assert!(!o.process_notifications && o.refresh_flag);
        let insecure = LpaSettings {
            insecure: true,
            ..LpaSettings::default()
        };
        assert!(matches!(
            insecure.to_options().unwrap().es9.trust,
            Some(ServerTrust::Insecure)
        ));
        for bad in [
            LpaSettings {
                insecure: true,
                ca: vec!["x.pem".into()],
                ..LpaSettings::default()
            },
            LpaSettings {
                resolve: vec!["nonsense".into()],
                ..LpaSettings::default()
            },
            LpaSettings {
                imei: Some("12".into()),
                ..LpaSettings::default()
            },
            LpaSettings {
                ca: vec!["/nonexistent/ca.pem".into()],
                ..LpaSettings::default()
            },
        ] {
            assert!(matches!(
                bad.to_options(),
                Err(LpaError::Setup(_) | LpaError::Resolve(_))
            ));
        }
    }

    #[test]
    fn download_target_from_command_line_choices() {
        assert!(matches!(
            download_target(Some("LPA:1$smdp.example$MID"), None, None),
            Ok(DownloadTarget::ActivationCode(_))
        ));
        assert!(matches!(
            download_target(None, Some("smdp.example:8443"), Some("MID")),
            Ok(DownloadTarget::Smdp { .. })
        ));
        assert_eq!(
            download_target(None, None, None).unwrap(),
            DownloadTarget::DefaultSmdp { matching_id: None }
        );
        assert!(download_target(Some("LPA:1$a$b"), Some("a"), None).is_err());
        assert!(download_target(Some("LPA:1$a$b"), None, Some("c")).is_err());
        assert!(download_target(Some("LPA:2$a$b"), None, None).is_err());
    }
}
