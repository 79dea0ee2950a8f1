//! The device under the runner's control for the eIM: an IoT software eUICC associated with
//! the eIM under test (its Configuration Data, as AddInitialEim puts it, SGP.32 v1.2
//! 5.9.4) and the IPA (`ipa`) polling it, every ESipa message of the IPA kept in the
//! case's evidence (`ipa-trace/`).

use euicc_sim::Euicc;
use euicc_sim::EuiccOptions;
use euicc_sim::state::EimConfig;
use infra::trace::TraceDir;
use ipa::{EsipaClient, EsipaOptions, Ipa, IpaOptions, PollOutcome};
use proto::der::Asn1;
use proto::sgp32::{EimPackageError, EsipaMessageFromEimToIpa};

use super::Ctx;
use crate::Stop;
use crate::wire::{resolves_on, url_port};

/// Polls the IPA makes to let the eIM finish what it asks of a new device (its eUICC data,
/// packages queued before) before a case starts.
const SETTLE_POLLS: usize = 8;

/// The eUICC of the run's EID, registered at the eIM and associated with it, with its IPA;
/// the IPA has polled until the eIM had nothing more for it. Not applicable without the
/// operator API (the registration) and the eIM's Configuration Data.
pub(crate) async fn settled_device(ctx: &mut Ctx) -> Result<Ipa<Euicc>, Stop> {
    settled(ctx).await.map(|(ipa, _)| ipa)
}

/// As [`settled_device`], with the eIM's Configuration Data the eUICC holds.
pub(crate) async fn settled(ctx: &mut Ctx) -> Result<(Ipa<Euicc>, EimConfig), Stop> {
    let config = eim_config(ctx).await?;
    let ipa = settled_with(ctx, config.clone()).await?;
    Ok((ipa, config))
}

/// The eIM's Configuration Data for the eUICC: `--eim-config`, else the operator API's.
/// Not applicable without the operator API (the device could not be registered).
pub(crate) async fn eim_config(ctx: &mut Ctx) -> Result<EimConfig, Stop> {
    let shared = ctx.shared.clone();
    let api = shared.api.as_ref().ok_or_else(|| {
        Stop::NotApplicable("needs the device registered and associated: --operator-api".into())
    })?;
    let config = match &shared.options.eim_config {
        Some(der) => der.clone(),
        None => api.eim_config(&mut ctx.ev).await?,
    };
    EimConfig::from_der(&config)
        .map_err(|e| Stop::fail(format!("the eIM's Configuration Data: {e}")))
}

/// As [`settled_device`], the eUICC associated with the eIM by `config`.
pub(crate) async fn settled_with(ctx: &mut Ctx, config: EimConfig) -> Result<Ipa<Euicc>, Stop> {
    let shared = ctx.shared.clone();
    let eid = ctx.registered().await?;
    let credentials = shared
        .options
        .euicc
        .credentials(&eid)
        .map_err(|e| Stop::fail(e.to_string()))?;
    let euicc = Euicc::in_memory(credentials, EuiccOptions::iot_with_eim(config))
        .map_err(|e| Stop::fail(format!("IoT eUICC: {e}")))?;
    let trace = TraceDir::new(ctx.dir().join("ipa-trace"))
        .map_err(|e| Stop::fail(format!("trace directory: {e}")))?;
    let base = shared.options.esipa_base();
    let mut esipa = EsipaOptions::new(shared.options.trust.clone());
    esipa.psk = shared.options.coap.clone().flatten();
    esipa.resolve = resolves_on(&shared.options.resolve, url_port(&base))
        .into_iter()
        .map(|r| (r.host.clone(), r.addr))
        .collect();
    esipa.timeout = shared.options.timeout;
    esipa.trace = Some(trace);
    let client = EsipaClient::new(&esipa).map_err(|e| Stop::fail(format!("ESipa client: {e}")))?;
    let options = IpaOptions {
        eim_url: Some(base),
        ..IpaOptions::default()
    };
    let mut ipa = Ipa::new(euicc, client, options).map_err(|e| Stop::fail(format!("IPA: {e}")))?;
    let outcomes = ipa
        .poll_until_idle(None, SETTLE_POLLS)
        .await
        .map_err(|e| Stop::fail(format!("the IPA's polls: {e}")))?;
    if let Some(PollOutcome::EimError(e)) = outcomes.last() {
        if *e != EimPackageError::NoEimPackageAvailable {
            return Err(Stop::fail(format!(
                "getEimPackage for the registered EID: eimPackageError {e:?}"
            )));
        }
    }
    if outcomes.len() >= SETTLE_POLLS {
        return Err(Stop::fail(format!(
            "the eIM still had packages after {SETTLE_POLLS} polls"
        )));
    }
    Ok(ipa)
}

/// The eIM's last answer to the IPA's `function` (`authenticateClient`, …), as the IPA's
/// trace in the case's evidence kept it; `None` when the IPA did not call it.
pub(crate) fn traced_answer(
    ctx: &Ctx,
    function: &str,
) -> Result<Option<EsipaMessageFromEimToIpa>, Stop> {
    let dir = ctx.dir().join("ipa-trace");
    let marker = format!("-esipa-{function}-resp.");
    let entries =
        std::fs::read_dir(&dir).map_err(|e| Stop::fail(format!("{}: {e}", dir.display())))?;
    // `<UTC time>-<seq>-…`: the names sort in the order written
    let last = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(&marker))
        .max();
    let Some(name) = last else {
        return Ok(None);
    };
    let body = std::fs::read(dir.join(&name)).map_err(|e| Stop::fail(format!("{name}: {e}")))?;
    EsipaMessageFromEimToIpa::from_der(&body)
        .map(Some)
        .map_err(|e| {
            Stop::fail(format!(
                "{function}: the eIM's answer is no EsipaMessageFromEimToIpa: {e}"
            ))
        })
}
