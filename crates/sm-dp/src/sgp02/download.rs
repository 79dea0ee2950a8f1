//! ES2.DownloadProfile carried out (SGP.02 3.1): the profile taken from the inventory, the
//! EIS read from the SM-SR, the ISD-P created, the package downloaded over ES8 through
//! ES3.SendData, ProfileDownloadCompleted, and the profile enabled when the operator asked.
//!
//! ```text
//! accepted ── GetEIS, CreateISDP ──▶ isdp-created ── ES8 (SendData × n) ──▶ downloaded
//!          ── ProfileDownloadCompleted ──▶ installed ── [EnableProfile] ──▶ enabled
//! any step fails ──▶ failed: DeleteISDP when an ISD-P was created (SGP.02 3.1.4), the
//!                    profile back in stock once the ISD-P is gone (else Error)
//! ```
//!
//! Each step commits before the next starts; a restart fails what it cut short the same way
//! ([`recover`]): the SCP03t session keys live only in memory, so a download cannot resume.

use proto::ids::{Eid, Iccid};
use soap::bodies::{BaseResponse, EidRequest, EisResponse, EuiccResponse, ProfileRequest};
use soap::eis::SubscriptionAddress;
use soap::es3::SendDataRequest;
use soap::es3::{self, CreateIsdpRequest, CreateIsdpResponse, ProfileDownloadCompletedRequest};
use soap::message::Hex;

use super::Sgp02;
use super::error::Sgp02Error;
use super::es3_client::Es3Client;
use super::es8::{Download, DownloadPlan, Step};
use crate::state::ProfileState;
use crate::store::profiles;
use crate::store::sgp02::{self as rows, Sgp02Download, Sgp02State};
use soap::status::codes::PROFILE_ICCID_UNKNOWN;

/// The KVN of the ISD-P's SCP03 key set (SGP.02 2.2.5.1: `30`–`3F`, the first one).
const ISDP_KVN: u8 = 0x30;

/// What a finished download reports: the eUICC's last answer.
pub(crate) struct Finished {
    pub euicc_response: Option<Vec<u8>>,
}

/// How far a download got before it failed: what the clean-up must undo.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reached {
    /// Nothing on the eUICC.
    Nothing,
    /// CreateISDP sent: an ISD-P may exist.
    Isdp,
    /// The profile is installed (ProfileDownloadCompleted answered): it stays.
    Installed,
}

/// Runs download `d` to its end and records it; the outcome for the operator.
pub(crate) async fn run(s: &Sgp02, d: &Sgp02Download) -> Result<Finished, Sgp02Error> {
    let mut reached = Reached::Nothing;
    let result = steps(s, d, &mut reached).await;
    match &result {
        Ok(_) => succeeded(s, d).await,
        Err(e) => {
            tracing::info!(id = %d.id, eid = %d.eid, iccid = %d.iccid, error = %e, "SGP.02 download failed");
            match reached {
                Reached::Installed => enable_failed(s, d, &e.to_string()).await,
                r => fail(s, d, r == Reached::Isdp, &e.to_string()).await,
            }
        }
    }
    result
}

/// The outcome of a download that succeeded, kept with its final state: a restart then
/// knows it was answered.
async fn succeeded(s: &Sgp02, d: &Sgp02Download) {
    let state = if d.enable_profile {
        Sgp02State::Enabled
    } else {
        Sgp02State::Installed
    };
    let id = d.id.clone();
    let done = s
        .store
        .write(move |tx| rows::advance(tx, &id, state, None, Some(SUCCESS)))
        .await;
    if let Err(e) = done {
        tracing::warn!(error = %e, "the SGP.02 download's outcome could not be recorded");
    }
}

/// The outcome recorded for a download that succeeded.
const SUCCESS: &str = "Executed-Success";

async fn steps(
    s: &Sgp02,
    d: &Sgp02Download,
    reached: &mut Reached,
) -> Result<Finished, Sgp02Error> {
    let iccid = d.iccid.clone();
    let package = s
        .store
        .read(move |tx| profiles::package(tx, &iccid))
        .await?
        .ok_or_else(|| Sgp02Error::UnknownProfile(d.iccid.clone()))?;
    let (eid, iccid) = ids(d)?;
    let eis: EisResponse = s
        .es3
        .call(
            &d.smsr_id,
            es3::GET_EIS,
            &EidRequest {
                header: Es3Client::header(),
                eid: eid.clone(),
            },
        )
        .await?;
    let ecasd = eis
        .eis
        .as_ref()
        .and_then(|e| {
            e.eum_signed_info
                .ecasd
                .key_sets
                .iter()
                .flat_map(|k| &k.certificates)
                .next()
        })
        .map(|c| c.value.0.clone())
        .ok_or(Sgp02Error::NoEcasd)?;
    // From here an ISD-P may exist, even if its response never comes.
    *reached = Reached::Isdp;
    let created: CreateIsdpResponse = s
        .es3
        .call_async(
            &d.smsr_id,
            es3::CREATE_ISDP,
            &CreateIsdpRequest {
                header: Es3Client::header(),
                eid: eid.clone(),
                iccid: iccid.clone(),
                mno_id: d.operator.clone(),
                required_memory: package.len() as u64,
                more_to_do: Some(true),
            },
        )
        .await?;
    let isd_p = created
        .isd_p_aid
        .map(|a| a.0)
        .ok_or(Sgp02Error::Transport {
            function: "CreateISDP",
            detail: "the response names no ISD-P".into(),
        })?;
    step(
        s,
        d,
        Sgp02State::IsdpCreated,
        Some(hex::encode_upper(&isd_p)),
        None,
    )
    .await?;

    let last = es8(s, d, &eid, isd_p, ecasd, package).await?;
    step(
        s,
        d,
        Sgp02State::Downloaded,
        None,
        Some(ProfileState::Downloaded),
    )
    .await?;

    let (profile_type, imsi, msisdn) = subscription(s, &d.iccid).await?;
    let _: BaseResponse = s
        .es3
        .call(
            &d.smsr_id,
            es3::PROFILE_DOWNLOAD_COMPLETED,
            &ProfileDownloadCompletedRequest {
                header: Es3Client::header(),
                eid: eid.clone(),
                iccid: iccid.clone(),
                profile_type,
                subscription_address: Some(SubscriptionAddress {
                    imsi: Some(imsi),
                    msisdn,
                }),
                pol2: None,
            },
        )
        .await?;
    *reached = Reached::Installed;
    step(
        s,
        d,
        Sgp02State::Installed,
        None,
        Some(ProfileState::Installed),
    )
    .await?;
    if !d.enable_profile {
        return Ok(Finished {
            euicc_response: Some(last),
        });
    }
    let enabled: EuiccResponse = s
        .es3
        .call_async(
            &d.smsr_id,
            es3::ENABLE_PROFILE,
            &ProfileRequest {
                header: Es3Client::header(),
                eid,
                iccid,
            },
        )
        .await?;
    step(s, d, Sgp02State::Enabled, None, Some(ProfileState::Enabled)).await?;
    Ok(Finished {
        euicc_response: enabled.euicc_response_data.map(|h| h.0),
    })
}

/// ES8 (SGP.02 4.1.3) through ES3.SendData: every step of the engine sent, every answer fed
/// back; the last answer.
async fn es8(
    s: &Sgp02,
    d: &Sgp02Download,
    eid: &Eid,
    isd_p: Vec<u8>,
    ecasd: Vec<u8>,
    package: Vec<u8>,
) -> Result<Vec<u8>, Sgp02Error> {
    let mut download = Download::new(DownloadPlan {
        isd_p_aid: isd_p,
        ecasd_certificate: ecasd,
        eum_keys: s.creds.eum_keys.clone(),
        dp_certificate: s.creds.dp_certificate.clone(),
        dp_key: s.creds.dp_key.clone(),
        kvn: ISDP_KVN,
        package,
        segment_len: s.config.segment_len,
    })?;
    let mut last = Vec::new();
    while let Step::SendData { sd_aid, data } = download.step()? {
        let answer: EuiccResponse = s
            .es3
            .call_async(
                &d.smsr_id,
                es3::SEND_DATA,
                &SendDataRequest {
                    header: Es3Client::header(),
                    eid: eid.clone(),
                    sd_aid: Hex(sd_aid),
                    data: Hex(data),
                    more_to_do: Some(true),
                },
            )
            .await?;
        last = answer.euicc_response_data.map(|h| h.0).unwrap_or_default();
        download.answer(&last)?;
    }
    Ok(last)
}

/// Records that download `d` reached `state` (and its profile `profile`).
async fn step(
    s: &Sgp02,
    d: &Sgp02Download,
    state: Sgp02State,
    aid: Option<String>,
    profile: Option<ProfileState>,
) -> Result<(), Sgp02Error> {
    let (id, iccid, eid) = (d.id.clone(), d.iccid.clone(), d.eid.clone());
    s.store
        .write(move |tx| {
            rows::advance(tx, &id, state, aid.as_deref(), None)?;
            if let Some(p) = profile {
                profiles::set_state(tx, &iccid, p, Some(&eid), Some("SGP.02 download"))?;
            }
            Ok::<_, crate::store::StoreError>(())
        })
        .await?;
    Ok(())
}

/// Download `d` failed: the ISD-P deleted when one may have been created (SGP.02 3.1.4; an
/// SM-SR that knows no such profile has nothing to delete), the profile back in stock once
/// nothing of it is on the eUICC, else Error; the row `failed`.
pub(crate) async fn fail(s: &Sgp02, d: &Sgp02Download, created: bool, why: &str) {
    let mut clean = true;
    if created && let Ok((eid, iccid)) = ids(d) {
        let deleted: Result<EuiccResponse, _> = s
            .es3
            .call_async(
                &d.smsr_id,
                es3::DELETE_ISDP,
                &ProfileRequest {
                    header: Es3Client::header(),
                    eid,
                    iccid,
                },
            )
            .await;
        let unknown = |e: &Sgp02Error| match e {
            Sgp02Error::Smsr { status, .. } => status
                .status_code_data
                .as_ref()
                .is_some_and(|c| c.is(PROFILE_ICCID_UNKNOWN)),
            _ => false,
        };
        if let Err(e) = &deleted
            && !unknown(e)
        {
            tracing::warn!(id = %d.id, error = %e, "the ISD-P of a failed download could not be deleted");
            clean = false;
        }
    }
    let (id, iccid, why) = (d.id.clone(), d.iccid.clone(), why.to_string());
    let done = s
        .store
        .write(move |tx| {
            rows::advance(tx, &id, Sgp02State::Failed, None, Some(&why))?;
            if clean {
                profiles::set_state(tx, &iccid, ProfileState::Available, None, Some(&why))
            } else {
                profiles::set_state(tx, &iccid, ProfileState::Error, None, Some(&why))
            }
        })
        .await;
    if let Err(e) = done {
        tracing::warn!(error = %e, "the failed SGP.02 download could not be recorded");
    }
}

/// The profile is installed but the enable the operator asked for failed: the download is
/// `failed` with the reason, the profile stays installed (Disabled on the eUICC).
async fn enable_failed(s: &Sgp02, d: &Sgp02Download, why: &str) {
    let (id, why) = (d.id.clone(), format!("installed, not enabled: {why}"));
    let done = s
        .store
        .write(move |tx| rows::advance(tx, &id, Sgp02State::Failed, None, Some(&why)))
        .await;
    if let Err(e) = done {
        tracing::warn!(error = %e, "the failed enable could not be recorded");
    }
}

/// Fails the downloads a restart cut short (see the module); each is answered to its
/// operator as failed.
pub(crate) async fn recover(s: &Sgp02) {
    let cut = match s.store.read(rows::unfinished).await {
        Ok(rows) => rows,
        Err(e) => {
            tracing::warn!(error = %e, "SGP.02 downloads cut short by a restart not read");
            return;
        }
    };
    for d in cut {
        let why = "the SM-DP restarted during the download";
        if d.state == Sgp02State::Installed {
            // Installed, the enable cut short: the profile stays on the eUICC.
            enable_failed(s, &d, why).await;
        } else {
            // CreateISDP may have been sent before the restart: the SM-SR decides.
            fail(s, &d, true, why).await;
        }
        let e = Sgp02Error::Transport {
            function: "DownloadProfile",
            detail: why.into(),
        };
        super::reply::download_profile(s, &d, Err(&e)).await;
    }
}

fn ids(d: &Sgp02Download) -> Result<(Eid, Iccid), Sgp02Error> {
    let eid = Eid::parse_lenient(&d.eid).map_err(|_| Sgp02Error::UnknownProfile(d.eid.clone()))?;
    let iccid =
        Iccid::parse_lenient(&d.iccid).map_err(|_| Sgp02Error::UnknownProfile(d.iccid.clone()))?;
    Ok((eid, iccid))
}

/// The profile's type, IMSI and MSISDN (when the operator gave one).
async fn subscription(
    s: &Sgp02,
    iccid: &str,
) -> Result<(Option<String>, String, Option<String>), Sgp02Error> {
    let key = iccid.to_string();
    let found = s
        .store
        .read(move |tx| {
            let p = profiles::profile(tx, &key)?;
            Ok::<_, crate::store::StoreError>(p.map(|p| (p, profiles::msisdn(tx, &key))))
        })
        .await?;
    let (p, msisdn) = found.ok_or_else(|| Sgp02Error::UnknownProfile(iccid.to_string()))?;
    Ok((Some(p.profile_type), p.imsi, msisdn?))
}
