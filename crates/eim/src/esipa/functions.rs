//! The ESipa eIM Package functions over decoded ASN.1 values, shared by both bindings:
//! GetEimPackage (SGP.32 v1.2 5.14.5, 6.3.2.6), ProvideEimPackageResult (5.14.6, 6.3.2.7)
//! and HandleNotification (5.14.7, 6.3.2.4).

use proto::der::Asn1;
use proto::json::StatusCode;
use proto::sgp32::{
    EimAcknowledgements, EimPackageError, EimPackageResult, GetEimPackageRequest,
    GetEimPackageResponse, HandleNotificationEsipa, IpaEuiccData, IpaEuiccDataRequest,
    IpaEuiccDataResponse, ProfileDownloadTriggerRequest, ProvideEimPackageResult,
    ProvideEimPackageResultError, ProvideEimPackageResultResponse, SGP32PendingNotification,
    SequenceNumber,
};

use super::generation::{self, Generation};
use super::named::{Named, Unnamed, result_device};
use crate::context::{Context, Ctx};
use crate::engine::delivery::{self, Poll, PollOutcome, eid_of};
use crate::engine::failure::Failure;
use crate::engine::results;
use crate::engine::take::Take;
use crate::engine::{EngineError, notifications};
use crate::esep::Checked;
use crate::store::{Device, PackageKind, StoreError, Tx, devices, sgp32_version};

/// ESipa.GetEimPackage.
pub(crate) async fn get_eim_package(
    ctx: &Ctx,
    req: &GetEimPackageRequest,
) -> Result<GetEimPackageResponse, EngineError> {
    let (out, _) = delivery::poll(ctx, &poll_of(req), |_| Ok(())).await?;
    response_of(out)
}

/// ESipa.GetEimPackage of `eid`, whose SGP.32 generation neither the request nor its
/// connection tells: what the database knows of it ([`generation::of_known`]) is read in
/// the poll's own transaction ([`delivery::poll`]), not in one of its own before it.
pub(crate) async fn get_eim_package_of(
    ctx: &Ctx,
    req: &GetEimPackageRequest,
    eid: String,
) -> Result<(GetEimPackageResponse, Generation), EngineError> {
    let read = move |tx: &mut Tx<'_>| sgp32_version::get(tx, &eid);
    let (out, stored) = delivery::poll(ctx, &poll_of(req), read).await?;
    Ok((response_of(out)?, generation::of_known(stored.flatten())))
}

/// What a GetEimPackageRequest reports to the engine.
fn poll_of(req: &GetEimPackageRequest) -> Poll {
    Poll {
        eid: req.eid_value,
        notify_state_change: req.notify_state_change.is_some(),
        state_change_cause: req.state_change_cause,
        r_plmn: req.r_plmn,
    }
}

/// The GetEimPackageResponse of a poll's outcome.
fn response_of(out: PollOutcome) -> Result<GetEimPackageResponse, EngineError> {
    Ok(match out {
        PollOutcome::Error(e) => GetEimPackageResponse::EimPackageError(e),
        PollOutcome::Package { kind, der } => {
            let internal = |e: proto::der::DecodeError| EngineError::Invalid(e.to_string());
            match kind {
                PackageKind::EuiccPackage => GetEimPackageResponse::EuiccPackageRequest(
                    proto::sgp32::EuiccPackageRequest::from_der(&der).map_err(internal)?,
                ),
                PackageKind::IpaEuiccData => GetEimPackageResponse::IpaEuiccDataRequest(
                    IpaEuiccDataRequest::from_der(&der).map_err(internal)?,
                ),
                PackageKind::DownloadTrigger => {
                    GetEimPackageResponse::ProfileDownloadTriggerRequest(
                        ProfileDownloadTriggerRequest::from_der(&der).map_err(internal)?,
                    )
                }
            }
        }
    })
}

/// The answer to ProvideEimPackageResult, with the status code the JSON binding reports for
/// a refusal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Provided {
    Acknowledged(Vec<i64>),
    Refused(ProvideEimPackageResultError, StatusCode, String),
}

impl Provided {
    /// The ASN.1 response.
    pub(crate) fn response(&self) -> ProvideEimPackageResultResponse {
        match self {
            Provided::Acknowledged(seqs) if seqs.is_empty() => {
                ProvideEimPackageResultResponse::EmptyResponse(proto::sgp32::EmptySequence {})
            }
            Provided::Acknowledged(seqs) => ProvideEimPackageResultResponse::EimAcknowledgements(
                EimAcknowledgements(seqs.iter().map(|s| SequenceNumber(*s)).collect()),
            ),
            Provided::Refused(e, _, _) => {
                ProvideEimPackageResultResponse::ProvideEimPackageResultError(*e)
            }
        }
    }
}

fn refused(e: ProvideEimPackageResultError, code: StatusCode, why: impl Into<String>) -> Provided {
    Provided::Refused(e, code, why.into())
}

/// ESipa.ProvideEimPackageResult. `told` is the generation the message itself showed (a v1.2
/// result with eidValue): recorded for the device in the same transaction.
pub(crate) async fn provide_eim_package_result(
    ctx: &Ctx,
    req: &ProvideEimPackageResult,
    told: Option<Generation>,
) -> Result<Provided, EngineError> {
    let checked = super::precheck::results(ctx, req).await;
    let now = ctx.now();
    let (c, r) = (ctx.clone(), req.clone());
    ctx.store
        .write(move |tx| {
            let p = provide_in(&c, tx, &r, &checked, now)?;
            if let (Some(g), Some(eid)) = (told, r.eid_value.and_then(|e| eid_of(&e).ok())) {
                sgp32_version::set(tx, eid.as_str(), g.as_str())?;
            }
            Ok(p)
        })
        .await
}

/// The results a device provides, in one transaction: whose they are, then each result and
/// notification taken in order; the answer acknowledges what was accepted. `checked` holds
/// the signatures verified before the transaction ([`super::precheck`]).
pub(super) fn provide_in(
    ctx: &Context,
    tx: &mut Tx<'_>,
    req: &ProvideEimPackageResult,
    checked: &Checked,
    now: i64,
) -> Result<Provided, EngineError> {
    let device = match result_device(tx, &Named::of(req))? {
        Ok(d) => d,
        Err(u) => return Ok(unnamed(u)),
    };
    let mut out = Outcome::default();
    match &req.eim_package_result {
        EimPackageResult::EuiccPackageResult(r) => {
            out.add(results::take_euicc_result(
                ctx, tx, &device, r, checked, now,
            )?);
        }
        EimPackageResult::EprAndNotifications(e) => {
            let epr = &e.euicc_package_result;
            let t = results::take_euicc_result(ctx, tx, &device, epr, checked, now)?;
            let epr_refused = matches!(t, Take::Refused(_));
            out.add(t);
            if !epr_refused {
                let list = &e.notification_list;
                take_notifications(ctx, tx, (&device, list), checked, now, &mut out)?;
            }
        }
        EimPackageResult::IpaEuiccDataResponse(IpaEuiccDataResponse::IpaEuiccData(d)) => {
            take_ipa_euicc_data(ctx, tx, (&device, d), checked, now, &mut out)?;
        }
        EimPackageResult::IpaEuiccDataResponse(
            e @ IpaEuiccDataResponse::IpaEuiccDataResponseError(err),
        ) => {
            let code = err.ipa_euicc_data_error_code.to_json();
            results::settle_data_request(
                tx,
                &device,
                err.eim_transaction_id.as_deref(),
                Err(Failure::DataCollection(code.to_string())),
                e.to_json(),
                &e.to_der(),
                now,
            )?;
        }
        EimPackageResult::ProfileDownloadTriggerResult(r) => {
            out.add(results::take_trigger_result(
                ctx, tx, &device, r, checked, now,
            )?);
        }
        EimPackageResult::EimPackageResultResponseError(e) => {
            out.add(results::take_package_error(
                tx,
                &device,
                e.eim_transaction_id.as_deref(),
                &e.eim_package_result_error_code.to_json(),
                now,
            )?);
        }
    }
    Ok(out.answer())
}

/// The refusal of results whose device is not known (SGP.32 v1.2 5.14.6).
fn unnamed(u: Unnamed) -> Provided {
    match u {
        Unnamed::MissingEid => refused(
            ProvideEimPackageResultError::MissingEid,
            StatusCode::EID_MISSING,
            u.to_string(),
        ),
        Unnamed::InvalidEid => refused(
            ProvideEimPackageResultError::InvalidEid,
            StatusCode::EID_INVALID,
            u.to_string(),
        ),
        Unnamed::EidNotFound(_) => refused(
            ProvideEimPackageResultError::EidNotFound,
            StatusCode::EID_UNKNOWN,
            u.to_string(),
        ),
    }
}

/// Takes each notification of a list `device` provided with its results, in order.
fn take_notifications<'n>(
    ctx: &Context,
    tx: &mut Tx<'_>,
    (device, list): (
        &Device,
        impl IntoIterator<Item = &'n SGP32PendingNotification>,
    ),
    checked: &Checked,
    now: i64,
    out: &mut Outcome,
) -> Result<(), EngineError> {
    for n in list {
        out.add(notifications::take(ctx, tx, Some(device), n, checked, now)?);
    }
    Ok(())
}

/// IpaEuiccData (SGP.32 v1.2 5.14.6): the data itself, then the package results and
/// notifications it lists (verified with the certificates just learnt), then the data
/// request it answers. Lists may hold results refused for good reasons (another eIM's): the
/// data was taken, so the answer acknowledges what was accepted.
fn take_ipa_euicc_data(
    ctx: &Context,
    tx: &mut Tx<'_>,
    (device, d): (&Device, &IpaEuiccData),
    checked: &Checked,
    now: i64,
    out: &mut Outcome,
) -> Result<(), EngineError> {
    results::take_euicc_data(ctx, tx, device, d, now)?;
    let device = devices::get(tx, &device.eid)?
        .ok_or_else(|| StoreError::corrupt("devices", "device vanished"))?;
    for r in d.euicc_package_result_list.iter().flatten() {
        out.add(results::take_euicc_result(
            ctx, tx, &device, r, checked, now,
        )?);
    }
    let list = d.notifications_list.iter().flatten();
    take_notifications(ctx, tx, (&device, list), checked, now, out)?;
    let raw = IpaEuiccDataResponse::IpaEuiccData(d.clone()).to_der();
    results::settle_data_request(
        tx,
        &device,
        d.eim_transaction_id.as_deref(),
        Ok(()),
        d.to_json(),
        &raw,
        now,
    )?;
    out.refusal = None;
    Ok(())
}

/// What was acknowledged, and the first refusal.
#[derive(Default)]
struct Outcome {
    acks: Vec<i64>,
    refusal: Option<String>,
}

impl Outcome {
    fn add(&mut self, t: Take) {
        match t {
            Take::Accepted(Some(s)) => self.acks.push(s),
            Take::Accepted(None) => {}
            Take::Refused(why) => {
                self.refusal.get_or_insert(why);
            }
        }
    }

    fn answer(self) -> Provided {
        match self.refusal {
            Some(why) => refused(
                ProvideEimPackageResultError::UndefinedError,
                StatusCode::EUICC_VERIFICATION_FAILED,
                why,
            ),
            None => Provided::Acknowledged(self.acks),
        }
    }
}

/// ESipa.HandleNotification; a refusal's reason when the notification was not taken.
pub(crate) async fn handle_notification(
    ctx: &Ctx,
    req: &HandleNotificationEsipa,
) -> Result<Option<String>, EngineError> {
    match req {
        HandleNotificationEsipa::PendingNotification(n) => {
            let checked = super::precheck::notification_alone(req);
            let now = ctx.now();
            let (c, n) = (ctx.clone(), n.clone());
            let t = ctx
                .store
                .write(move |tx| notifications::take(&c, tx, None, &n, &checked, now))
                .await?;
            Ok(match t {
                Take::Refused(why) => Some(why),
                Take::Accepted(_) => None,
            })
        }
        HandleNotificationEsipa::ProvideEimPackageResult(p) => {
            let told = p.eid_value.map(|_| Generation::V1_2);
            Ok(match provide_eim_package_result(ctx, p, told).await? {
                Provided::Refused(_, _, why) => Some(why),
                Provided::Acknowledged(_) => None,
            })
        }
    }
}

/// The eimPackageError of an engine failure.
pub(crate) fn poll_error(e: &EngineError) -> EimPackageError {
    tracing::error!(error = %e, "GetEimPackage failed");
    EimPackageError::UndefinedError
}
