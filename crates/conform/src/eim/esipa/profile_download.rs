//! The indirect profile download (SGP.32 v1.2 3.2.3.2, 5.14.1–5.14.4): a
//! ProfileDownloadTriggerRequest with an Activation Code (2.11.1), then the IPA's
//! ESipa.InitiateAuthentication, AuthenticateClient and GetBoundProfilePackage, which the eIM
//! relays to the SM-DP+ over ES9+'; the ProfileDownloadTriggerResult goes back with
//! ESipa.ProvideEimPackageResult (5.14.6), and the eIM acknowledges the installation result
//! it carries by its seqNumber.
//!
//! The eIM must have its devices download through it (`indirectProfileDownload` in the
//! EimConfigurationData that ES10b.AddInitialEim gives the eUICC, 5.9.4); otherwise the IPA
//! reaches the SM-DP+ itself (3.2.3.1) and the cases are not applicable. The order comes from `--activation-code`:
//! a released order at the SM-DP+ behind the eIM, for the run's EID or for any EID. Every
//! ESipa message of the download is in the case's `ipa-trace/`.

use euicc_sim::Euicc;
use ipa::{DownloadOutcome, Ipa, PollOutcome};
use proto::der::Asn1;
use proto::ids::{ActivationCode, MatchingId};
use proto::sgp22::FinalResult;
use proto::sgp32::{
    AuthenticateClientErrorEsipa, AuthenticateClientResponseEsipa, EsipaMessageFromEimToIpa,
    ProfileDownloadTriggerResultData,
};
use serde_json::json;

use crate::Stop;
use crate::case::case;
use crate::eim::device::{eim_config, settled_with, traced_answer};
use crate::eim::{Case, Ctx};

const GROUP: &str = "ESipa.ProfileDownload";

pub(crate) const CASES: &[Case] = &[
    case! {
        group: GROUP,
        title: "#01 indirect profile download nominal",
        test_case: None,
        clause: "SGP.32 3.2.3.2, 5.14.1-5.14.3, 5.14.6",
        checks: "a download queued over the operator API with --activation-code comes as a ProfileDownloadTriggerRequest; InitiateAuthentication, AuthenticateClient and GetBoundProfilePackage relayed by the eIM install the profile on the eUICC; the ProfileDownloadTriggerResult is taken, its installation result acknowledged, and the operation done",
        run: nominal,
    },
    case! {
        group: GROUP,
        title: "#02 unknown Matching ID",
        test_case: None,
        clause: "SGP.32 5.14.2, 6.3.2.1; SGP.22 5.6.3",
        checks: "a download with the SM-DP+ of --activation-code and a Matching ID of no order: the relayed AuthenticateClient is answered authenticateClientErrorEsipa matchingIdRefused(6) (the SM-DP+'s 8.2.6/3.8); the trigger result with the profileDownloadError is taken and the operation ends in error",
        run: unknown_matching_id,
    },
];

/// The run's Activation Code; not applicable without it.
fn activation_code(ctx: &Ctx) -> Result<ActivationCode, Stop> {
    let text = ctx
        .shared
        .options
        .activation_code
        .as_deref()
        .ok_or_else(|| {
            Stop::NotApplicable(
                "needs a released order at the SM-DP+ behind the eIM: --activation-code".into(),
            )
        })?;
    ActivationCode::parse(text).map_err(|e| Stop::fail(format!("--activation-code: {e}")))
}

/// The device, associated with an eIM that has it download through the eIM, settled; a
/// `download` operation with `ac` queued over the operator API, and its id. Not applicable
/// without the operator API or when the eIM's Configuration Data says direct download.
async fn triggered(ctx: &mut Ctx, ac: &ActivationCode) -> Result<(Ipa<Euicc>, String), Stop> {
    let config = eim_config(ctx).await?;
    if !config.indirect_profile_download {
        return Err(Stop::NotApplicable(
            "the eIM's Configuration Data has no indirectProfileDownload: its devices download \
             from the SM-DP+ directly (SGP.32 3.2.3.1)"
                .into(),
        ));
    }
    let ipa = settled_with(ctx, config).await?;
    let shared = ctx.shared.clone();
    let api = shared
        .api
        .as_ref()
        .ok_or_else(|| Stop::NotApplicable("needs an operation queued: --operator-api".into()))?;
    let eid = ctx.eid().to_string();
    let operation = json!({ "type": "download", "activationCode": ac.to_code_string() });
    let queued = api.queue(&mut ctx.ev, &eid, operation).await?;
    let id = queued["id"]
        .as_str()
        .ok_or_else(|| {
            Stop::fail(format!(
                "operator API: the queued operation has no id: {queued}"
            ))
        })?
        .to_string();
    Ok((ipa, id))
}

/// One poll of the IPA: the download the eIM triggered, through the eIM.
async fn download(ipa: &mut Ipa<Euicc>) -> Result<DownloadOutcome, Stop> {
    let outcome = ipa
        .poll(None)
        .await
        .map_err(|e| Stop::fail(format!("the IPA's poll and download: {e}")))?;
    let download = match outcome {
        PollOutcome::Download(d) => *d,
        other => {
            return Err(Stop::fail(format!(
                "getEimPackage: expected the ProfileDownloadTriggerRequest, got {}",
                other.to_json()
            )));
        }
    };
    if !download.indirect {
        return Err(Stop::fail(
            "the IPA downloaded from the SM-DP+ directly, not through the eIM",
        ));
    }
    if let Some(e) = download.delivery.refused {
        return Err(Stop::fail(format!(
            "provideEimPackageResult: the eIM refused the ProfileDownloadTriggerResult: {e:?}"
        )));
    }
    if let Some(s) = download.delivery.refused_with_status {
        return Err(Stop::fail(format!(
            "provideEimPackageResult: the eIM refused the ProfileDownloadTriggerResult with HTTP {s}"
        )));
    }
    Ok(download)
}

/// The operation's state at the operator API is `expected`.
async fn operation_is(ctx: &mut Ctx, id: &str, expected: &str) -> Result<(), Stop> {
    let shared = ctx.shared.clone();
    let Some(api) = shared.api.as_ref() else {
        return Err(Stop::NotApplicable("needs --operator-api".into()));
    };
    let (state, op) = api.operation_state(&mut ctx.ev, id).await?;
    if state != expected {
        return Err(Stop::fail(format!(
            "operator API: operation {id} is {state}, expected {expected}: {op}"
        )));
    }
    Ok(())
}

async fn nominal(ctx: &mut Ctx) -> Result<(), Stop> {
    let ac = activation_code(ctx)?;
    let (mut ipa, id) = triggered(ctx, &ac).await?;
    let d = download(&mut ipa).await?;
    let pir = match &d.result.profile_download_trigger_result_data {
        ProfileDownloadTriggerResultData::ProfileInstallationResult(pir) => pir,
        ProfileDownloadTriggerResultData::ProfileDownloadError(e) => {
            return Err(Stop::fail(format!(
                "the download stopped: {} (the eIM's answers are in ipa-trace/)",
                e.to_json()
            )));
        }
    };
    let data = &pir.profile_installation_result_data;
    if let FinalResult::ErrorResult(e) = &data.final_result {
        return Err(Stop::fail(format!(
            "the eUICC did not install the profile: {}",
            e.to_json()
        )));
    }
    for function in [
        "initiateAuthentication",
        "authenticateClient",
        "getBoundProfilePackage",
    ] {
        if traced_answer(ctx, function)?.is_none() {
            return Err(Stop::fail(format!(
                "the IPA installed a profile without ESipa.{function}"
            )));
        }
    }
    let iccid = d
        .installed_iccid
        .ok_or_else(|| Stop::fail("the installation result names no ICCID"))?;
    if ipa.card().state().profile_by_iccid(&iccid).is_none() {
        return Err(Stop::fail(format!("the eUICC does not hold ICCID {iccid}")));
    }
    let seq = data.notification_metadata.seq_number;
    if !d.delivery.acknowledged.contains(&seq) {
        return Err(Stop::fail(format!(
            "provideEimPackageResult: the installation result (seqNumber {seq}) was not \
             acknowledged (eimAcknowledgements {:?})",
            d.delivery.acknowledged
        )));
    }
    operation_is(ctx, &id, "done").await
}

/// A Matching ID of no order: `CONFORM-` and 12 random hexadecimal digits (SGP.22 4.1.1).
fn matching_id_of_no_order() -> Result<MatchingId, Stop> {
    let mut random = [0u8; 6];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut random)
        .map_err(|_| Stop::fail("no random octets"))?;
    MatchingId::parse(&format!("CONFORM-{}", hex::encode_upper(random)))
        .map_err(|e| Stop::fail(e.to_string()))
}

async fn unknown_matching_id(ctx: &mut Ctx) -> Result<(), Stop> {
    let ac = activation_code(ctx)?;
    let ac = ActivationCode::new(ac.smdp_address, Some(matching_id_of_no_order()?));
    let (mut ipa, id) = triggered(ctx, &ac).await?;
    let d = download(&mut ipa).await?;
    if let ProfileDownloadTriggerResultData::ProfileInstallationResult(_) =
        &d.result.profile_download_trigger_result_data
    {
        return Err(Stop::fail(format!(
            "a profile was installed for Matching ID {}",
            ac.to_code_string()
        )));
    }
    match traced_answer(ctx, "authenticateClient")? {
        Some(EsipaMessageFromEimToIpa::AuthenticateClientResponseEsipa(
            AuthenticateClientResponseEsipa::AuthenticateClientErrorEsipa(
                AuthenticateClientErrorEsipa::MatchingIdRefused,
            ),
        )) => {}
        other => {
            return Err(Stop::fail(format!(
                "authenticateClient: expected authenticateClientErrorEsipa matchingIdRefused(6), got {other:?}"
            )));
        }
    }
    operation_is(ctx, &id, "error").await
}
