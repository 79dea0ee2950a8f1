//! Entry points of `rsp-lab lpa --state FILE <command>`: the eUICC of a state file, behind
//! the APDU layer ([`Card`]), driven by an [`Lpa`].
//!
//! | command | entry point |
//! |---|---|
//! | `download --ac 'LPA:1$host$MID'` (or `--smdp ADDR [--matching-id ID]`, or neither: the default SM-DP+) | [`download`] |
//! | `notifications process` | [`process_notifications`] |
//! | `enable ICCID`, `disable ICCID`, `delete ICCID` | [`enable`], [`disable`], [`delete`] |
//! | `list` | [`list`] |
//!
//! Without a trusted CA in the options, the SM-DP+'s TLS certificate is checked against the
//! CI certificates the eUICC trusts (in SGP.22 v2 CERT.DP.TLS is issued under a GSMA CI).
//! The async entry points need a tokio runtime; [`run`] gives one to a synchronous caller.

use std::future::Future;
use std::path::Path;

use infra::tls::ServerTrust;

use super::agent::{Lpa, LpaOptions};
use super::download::{DownloadRequest, DownloadTarget};
use super::error::LpaError;
use super::report::{DownloadReport, NotificationReport, ProfileChangeReport, ProfileSummary};
use crate::Euicc;
use crate::apdu::Card;

/// The LPA on the eUICC of a state file.
pub fn open_state(state: &Path, mut options: LpaOptions) -> Result<Lpa<Card<Euicc>>, LpaError> {
    let euicc = Euicc::open(state).map_err(|e| LpaError::Setup(e.to_string()))?;
    if options.es9.trust.is_none() {
        let cis = euicc
            .credentials()
            .trusted_cis()
            .iter()
            .map(|c| c.der().to_vec())
            .collect();
        options.es9.trust = Some(ServerTrust::Roots(cis));
    }
    Lpa::open(Card::new(euicc), options)
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
