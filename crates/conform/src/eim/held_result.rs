//! A result the eIM has not seen: the runner, not the IPA, fetches an eUICC Package queued
//! over the operator API (ESipa.GetEimPackage), hands it to the device's eUICC
//! (ES10b.LoadEuiccPackage, SGP.32 v1.2 5.9.1) and keeps the signed result back, so a case
//! can alter it, deliver it (ESipa.ProvideEimPackageResult, 5.14.6) and read what the eIM
//! acknowledges.

use euicc_sim::Es10Processor;
use proto::der::Asn1;
use proto::ids::Eid;
use proto::sgp32::{
    EimPackageResult, EsipaMessageFromEimToIpa, EsipaMessageFromIpaToEim, EuiccPackageResult,
    EuiccPackageResultSigned, GetEimPackageResponse, ProvideEimPackageResult,
    ProvideEimPackageResultResponse,
};
use serde_json::json;

use super::device::settled;
use super::esipa::get_eim_package::get;
use super::{Ctx, EsipaAnswer};
use crate::Stop;

const F: &str = "provideEimPackageResult";

/// The eUICC's signed result of one executed package, undelivered.
pub(crate) struct HeldResult {
    pub(crate) signed: EuiccPackageResultSigned,
    /// The eIM's association token on the eUICC: what euiccSignEPR covers after the data
    /// (SGP.32 v1.2 2.11.2.1).
    pub(crate) association_token: Option<i64>,
    eid: [u8; 16],
}

impl HeldResult {
    /// The seqNumber the eIM acknowledges it with.
    pub(crate) fn seq_number(&self) -> i64 {
        self.signed.euicc_package_result_data_signed.seq_number
    }
}

/// A listProfiles operation queued at the operator API for the run's EID (returned);
/// not applicable without the operator API.
pub(crate) async fn queue_list_profiles(ctx: &mut Ctx) -> Result<String, Stop> {
    let shared = ctx.shared.clone();
    let api = shared
        .api
        .as_ref()
        .ok_or_else(|| Stop::NotApplicable("needs an operation queued: --operator-api".into()))?;
    let eid = ctx.eid().to_string();
    api.queue(&mut ctx.ev, &eid, json!({ "type": "listProfiles" }))
        .await?;
    Ok(eid)
}

/// An operation (listProfiles) queued for the run's EID, its package executed by the
/// eUICC, the result held; not applicable without the operator API.
pub(crate) async fn held_result(ctx: &mut Ctx) -> Result<HeldResult, Stop> {
    let (mut ipa, config) = settled(ctx).await?;
    let eid = queue_list_profiles(ctx).await?;
    let eid = Eid::parse(&eid)
        .map_err(|e| Stop::fail(format!("EID {eid}: {e}")))?
        .to_bcd();
    let package = match get(ctx, eid).await?.message()? {
        EsipaMessageFromEimToIpa::GetEimPackageResponse(
            GetEimPackageResponse::EuiccPackageRequest(p),
        ) => p,
        other => {
            return Err(Stop::fail(format!(
                "getEimPackage: expected the queued eUICC Package, got {other:?}"
            )));
        }
    };
    let request = package.to_der();
    let answer = ipa
        .card_mut()
        .try_process_es10(&request)
        .map_err(|e| Stop::fail(format!("ES10b.LoadEuiccPackage: the eUICC refused: {e}")))?;
    ctx.ev.es10("LoadEuiccPackage", &request, &answer);
    match EuiccPackageResult::from_der(&answer) {
        Ok(EuiccPackageResult::EuiccPackageResultSigned(signed)) => Ok(HeldResult {
            signed,
            association_token: config.association_token,
            eid,
        }),
        other => Err(Stop::fail(format!(
            "the eUICC did not execute the eIM's package: {other:?}"
        ))),
    }
}

/// ProvideEimPackageResult of `signed` for the held result's EID.
pub(crate) async fn deliver(
    ctx: &mut Ctx,
    held: &HeldResult,
    signed: EuiccPackageResultSigned,
) -> Result<EsipaAnswer, Stop> {
    let body = EsipaMessageFromIpaToEim::ProvideEimPackageResult(ProvideEimPackageResult {
        eid_value: Some(held.eid),
        eim_package_result: EimPackageResult::EuiccPackageResult(
            EuiccPackageResult::EuiccPackageResultSigned(signed),
        ),
    })
    .to_der();
    let shared = ctx.shared.clone();
    shared.wire.send(&mut ctx.ev, F, body).await
}

/// Whether the answer acknowledges `seq` (`eimAcknowledgements`); a refusal (HTTP 4xx, an
/// error value) or an empty response does not. A 5xx or another message fails the case.
pub(crate) fn acknowledges(answer: &EsipaAnswer, seq: i64) -> Result<bool, Stop> {
    if (400..500).contains(&answer.status) {
        return Ok(false);
    }
    match answer.message()? {
        EsipaMessageFromEimToIpa::ProvideEimPackageResultResponse(r) => Ok(match r {
            ProvideEimPackageResultResponse::EimAcknowledgements(list) => {
                list.0.iter().any(|s| s.0 == seq)
            }
            ProvideEimPackageResultResponse::EmptyResponse(_)
            | ProvideEimPackageResultResponse::ProvideEimPackageResultError(_) => false,
        }),
        other => Err(Stop::fail(format!(
            "{F}: expected a ProvideEimPackageResultResponse, got {other:?}"
        ))),
    }
}
