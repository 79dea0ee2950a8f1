//! eIM Package results (ESipa.ProvideEimPackageResult, SGP.32 v1.2 5.14.6, 6.3.2.7):
//! matched to their package by counterValue or eimTransactionId, signatures checked with the
//! eUICC's certificate (2.11.2.1), stored, applied to the device's profiles and to the
//! operation, and acknowledged by seqNumber so the eUICC can delete them.
//!
//! A result that fails a check is refused without touching the package: it stays as it was
//! (delivered, awaiting a result) and is flagged, so a genuine result can still settle it.

use proto::der::Asn1;
use proto::sgp22::{FinalResult, SetDefaultDpAddressResult};
use proto::sgp32::{
    AddEimResult, AddEimResultCode, ConfigureImmediateEnableResult, DeleteEimResult,
    DeleteProfileResult, DisableProfileResult, EnableProfileResult, EuiccPackage,
    EuiccPackageErrorCode, EuiccPackageResult, EuiccResultData, ListEimResult,
    ProfileDownloadTriggerResult, ProfileDownloadTriggerResultData, Psmo, RollbackProfileResult,
    SGP32PendingNotification, SGP32ProfileInfoListResponse, SetFallbackAttributeResult,
    UnsetFallbackAttributeResult,
};
use serde_json::json;

use super::failure::Failure;
use super::profiles::{self, iccid_text};
use super::take::Take;
use super::{EngineError, OperationRequest, finish, localize, queue_internal};
use crate::context::Context;
use crate::esep;
use crate::store::{
    Device, OperationState, Package, PackageKind, PackageState, Tx, devices, events, operations,
    packages, sgp32_version,
};

fn refuse(
    tx: &mut Tx<'_>,
    device: &Device,
    package: Option<&Package>,
    why: String,
    now: i64,
) -> Result<Take, EngineError> {
    tracing::info!(eid = %device.eid, reason = %why, "package result refused");
    if let Some(p) = package {
        packages::set_flag(tx, &p.id, Some("bad-signature"))?;
    }
    events::add(
        tx,
        &device.eid,
        "result-refused",
        json!({"reason": why, "package": package.map(|p| p.id.clone())}),
        now,
    )?;
    Ok(Take::Refused(why))
}

/// What a result says about itself: the eIM it is for and how it names its package.
struct Claims {
    eim_id: String,
    counter: Option<i64>,
    transaction: Option<proto::sgp22::TransactionId>,
    /// The seqNumber to acknowledge (a signed result has one).
    seq: Option<i64>,
}

impl Claims {
    fn of(result: &EuiccPackageResult) -> Claims {
        match result {
            EuiccPackageResult::EuiccPackageResultSigned(r) => {
                let d = &r.euicc_package_result_data_signed;
                Claims {
                    eim_id: d.eim_id.clone(),
                    counter: Some(d.counter_value),
                    transaction: d.eim_transaction_id.clone(),
                    seq: Some(d.seq_number),
                }
            }
            EuiccPackageResult::EuiccPackageErrorSigned(e) => {
                let d = &e.euicc_package_error_data_signed;
                Claims {
                    eim_id: d.eim_id.clone(),
                    counter: Some(d.counter_value),
                    transaction: d.eim_transaction_id.clone(),
                    seq: None,
                }
            }
            EuiccPackageResult::EuiccPackageErrorUnsigned(u) => Claims {
                eim_id: u.eim_id.clone(),
                counter: None,
                transaction: u.eim_transaction_id.clone(),
                seq: None,
            },
        }
    }
}

/// Why no eUICC Package of the device answers a result, matched by its eIM and its
/// counterValue or eimTransactionId (SGP.32 v1.2 5.14.6); the result is refused with this
/// text.
#[derive(Debug, thiserror::Error)]
enum Unmatched {
    /// The result names another eIM than the device's.
    #[error("result for eIM {claimed:?}, not {device:?}")]
    OtherEim { claimed: String, device: String },
    /// No package of this eIM carried the result's counterValue.
    #[error("no package of this eIM carried counterValue {0}")]
    Counter(i64),
    /// Neither the counterValue nor the eimTransactionId names a package of the device.
    #[error("no package matches this result")]
    NoPackage,
    /// The package named is a trigger or a data request, not an eUICC Package.
    #[error("result for a package of another kind")]
    OtherKind,
}

/// The eUICC package of `device` a result answers, or why none does.
fn package_of(
    tx: &mut Tx<'_>,
    device: &Device,
    c: &Claims,
) -> Result<Result<Package, Unmatched>, EngineError> {
    if c.eim_id != device.eim_id {
        return Ok(Err(Unmatched::OtherEim {
            claimed: c.eim_id.clone(),
            device: device.eim_id.clone(),
        }));
    }
    // The eimTransactionId names one package; the counterValue may not (an eUICC refusing
    // a replayed package echoes the counter of the package it was first signed for).
    let by_transaction = match &c.transaction {
        Some(t) => packages::by_transaction(tx, t)?.filter(|p| p.eid == device.eid),
        None => None,
    };
    let package = match (by_transaction, c.counter) {
        (Some(p), _) => Some(p),
        (None, Some(n)) => packages::by_counter(tx, &device.eid, n)?,
        (None, None) => None,
    };
    Ok(match package {
        None => Err(match c.counter {
            Some(n) => Unmatched::Counter(n),
            None => Unmatched::NoPackage,
        }),
        Some(p) if p.kind != PackageKind::EuiccPackage => Err(Unmatched::OtherKind),
        Some(p) => Ok(p),
    })
}

/// Takes one EuiccPackageResult from `device`.
pub(crate) fn take_euicc_result(
    ctx: &Context,
    tx: &mut Tx<'_>,
    device: &Device,
    result: &EuiccPackageResult,
    checked: &esep::Checked,
    now: i64,
) -> Result<Take, EngineError> {
    let claims = Claims::of(result);
    let package = match package_of(tx, device, &claims)? {
        Ok(p) => p,
        Err(why) => return refuse(tx, device, None, why.to_string(), now),
    };
    if let EuiccPackageResult::EuiccPackageErrorUnsigned(_) = result {
        take_unsigned_error(ctx, tx, device, &package, result, now)?;
        return Ok(Take::Accepted(None));
    }
    // SGP.32 v1.2 5.9.1: the eUICC copies counterValue and eimTransactionId from the
    // package it executed, so a signed result naming this package by its eimTransactionId
    // with another counterValue answers no package this eIM sent.
    if let (EuiccPackageResult::EuiccPackageResultSigned(_), Some(sent), Some(claimed)) =
        (result, package.counter_value, claims.counter)
    {
        if sent != claimed {
            return refuse(
                tx,
                device,
                None,
                Unmatched::Counter(claimed).to_string(),
                now,
            );
        }
    }
    if let Err(e) = esep::verify_package_result(
        result,
        device.euicc_cert.as_deref(),
        device.association_token,
        checked,
    ) {
        return refuse(tx, device, Some(&package), format!("euiccSign: {e}"), now);
    }
    let der = result.to_der();
    if package.result.as_deref() == Some(der.as_slice()) {
        // A repeated result (the acknowledgement was lost): acknowledge again.
        return Ok(Take::Accepted(claims.seq));
    }
    let taken = Taken {
        package: &package,
        der: &der,
        summary: result.to_json(),
        now,
    };
    match result {
        EuiccPackageResult::EuiccPackageResultSigned(r) => take_signed_result(
            ctx,
            tx,
            device,
            taken,
            &r.euicc_package_result_data_signed.euicc_result,
            claims.seq,
        )?,
        EuiccPackageResult::EuiccPackageErrorSigned(e) => take_signed_error(
            ctx,
            tx,
            device,
            taken,
            e.euicc_package_error_data_signed.euicc_package_error_code,
        )?,
        EuiccPackageResult::EuiccPackageErrorUnsigned(_) => {}
    }
    events::add(
        tx,
        &device.eid,
        "package-result",
        json!({"package": package.id, "counterValue": claims.counter, "seqNumber": claims.seq}),
        now,
    )?;
    Ok(Take::Accepted(claims.seq))
}

/// A verified result being stored: its package, octets and JSON summary.
struct Taken<'a> {
    package: &'a Package,
    der: &'a [u8],
    summary: serde_json::Value,
    now: i64,
}

/// euiccPackageErrorUnsigned: the eUICC could not verify the package or find the eIM;
/// nothing to verify, no seqNumber; the package failed.
fn take_unsigned_error(
    ctx: &Context,
    tx: &mut Tx<'_>,
    device: &Device,
    package: &Package,
    result: &EuiccPackageResult,
    now: i64,
) -> Result<(), EngineError> {
    let summary = result.to_json();
    let der = result.to_der();
    packages::set_result(
        tx,
        &package.id,
        PackageState::Failed,
        &der,
        &summary,
        None,
        now,
    )?;
    packages::set_flag(tx, &package.id, Some("refused-unsigned"))?;
    settle_operation(
        ctx,
        tx,
        device,
        package,
        Err(Failure::Unsigned),
        summary,
        false,
        now,
    )
}

/// A signed result: stored, applied to the device's profiles, its operation settled.
fn take_signed_result(
    ctx: &Context,
    tx: &mut Tx<'_>,
    device: &Device,
    t: Taken<'_>,
    results: &[EuiccResultData],
    seq: Option<i64>,
) -> Result<(), EngineError> {
    let id = &t.package.id;
    packages::set_result(tx, id, PackageState::Done, t.der, &t.summary, seq, t.now)?;
    let outcome = apply_signed_result(ctx, tx, device, t.package, results, t.now)?;
    let rolled_back = results
        .iter()
        .any(|x| matches!(x, EuiccResultData::RollbackResult(_)));
    settle_operation(
        ctx,
        tx,
        device,
        t.package,
        outcome,
        t.summary,
        rolled_back,
        t.now,
    )
}

/// A signed package error: the package failed; a replay refusal of a package delivered
/// twice means the first delivery ran, so the eUICC's stored results are asked for.
fn take_signed_error(
    ctx: &Context,
    tx: &mut Tx<'_>,
    device: &Device,
    t: Taken<'_>,
    code: EuiccPackageErrorCode,
) -> Result<(), EngineError> {
    let id = &t.package.id;
    packages::set_result(tx, id, PackageState::Failed, t.der, &t.summary, None, t.now)?;
    if code == EuiccPackageErrorCode::ReplayError && t.package.deliveries > 1 {
        queue_internal(
            ctx,
            tx,
            device,
            &OperationRequest::EuiccData {
                tags: Some(vec!["A2".into()]),
            },
        )?;
    }
    let why = Failure::PackageError(name(&code.to_json()));
    settle_operation(
        ctx,
        tx,
        device,
        t.package,
        Err(why),
        t.summary,
        false,
        t.now,
    )
}

/// A result code for people: `iccidOrAidNotFound`, `enableResult: iccidOrAidNotFound`
/// (a CHOICE shows its alternative's name), JSON for anything else.
fn name(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Object(m) if m.len() == 1 => match m.iter().next() {
            Some((k, inner)) => format!("{k}: {}", name(inner)),
            None => v.to_string(),
        },
        other => other.to_string(),
    }
}

/// Whether one operation result is a success; the failure named otherwise.
pub fn result_ok(r: &EuiccResultData) -> Result<(), Failure> {
    let ok = match r {
        EuiccResultData::EnableResult(c) => *c == EnableProfileResult::Ok,
        EuiccResultData::DisableResult(c) => *c == DisableProfileResult::Ok,
        EuiccResultData::DeleteResult(c) => *c == DeleteProfileResult::Ok,
        EuiccResultData::ListProfileInfoResult(l) => {
            matches!(l, SGP32ProfileInfoListResponse::ProfileInfoListOk(_))
        }
        EuiccResultData::GetRatResult(_) => true,
        EuiccResultData::ConfigureImmediateEnableResult(c) => {
            *c == ConfigureImmediateEnableResult::Ok
        }
        EuiccResultData::AddEimResult(a) => matches!(
            a,
            AddEimResult::AssociationToken(_)
                | AddEimResult::AddEimResultCode(AddEimResultCode::Ok)
        ),
        EuiccResultData::DeleteEimResult(c) => *c == DeleteEimResult::Ok,
        EuiccResultData::UpdateEimResult(c) => *c == proto::sgp32::UpdateEimResult::Ok,
        EuiccResultData::ListEimResult(l) => matches!(l, ListEimResult::EimIdList(_)),
        EuiccResultData::RollbackResult(_) => false,
        EuiccResultData::SetFallbackAttributeResult(c) => *c == SetFallbackAttributeResult::Ok,
        EuiccResultData::UnsetFallbackAttributeResult(c) => *c == UnsetFallbackAttributeResult::Ok,
        EuiccResultData::ProcessingTerminated(_) => false,
        EuiccResultData::SetDefaultDpAddressResult(r) => {
            r.set_default_dp_address_result == SetDefaultDpAddressResult::Ok
        }
        EuiccResultData::Unknown(_) => false,
    };
    if ok {
        Ok(())
    } else {
        Err(Failure::Result(name(&r.to_json())))
    }
}

/// Applies a signed result's operations to the device; the overall outcome.
fn apply_signed_result(
    ctx: &Context,
    tx: &mut Tx<'_>,
    device: &Device,
    package: &Package,
    results: &[EuiccResultData],
    now: i64,
) -> Result<Result<(), Failure>, EngineError> {
    let psmos = match EuiccPackage::from_der(&package.body) {
        Ok(EuiccPackage::PsmoList(l)) => l,
        _ => Vec::new(),
    };
    let eid = device.eid.as_str();
    let mut failures = Vec::new();
    for (i, r) in results.iter().enumerate() {
        if let EuiccResultData::RollbackResult(code) = r {
            events::add(tx, eid, "rollback", json!({"result": code.to_json()}), now)?;
            if *code == RollbackProfileResult::Ok {
                devices::set(tx, eid, devices::Field::LocalizedCountry, None, now)?;
            }
            queue_internal(ctx, tx, device, &OperationRequest::ListProfiles)?;
            failures.push(Failure::RolledBack);
            continue;
        }
        if let Err(f) = result_ok(r) {
            failures.push(f);
            continue;
        }
        match (psmos.get(i), r) {
            (Some(Psmo::Enable(e)), _) => profiles::enabled(tx, eid, &iccid_text(&e.iccid), now)?,
            (Some(Psmo::Disable(d)), _) => profiles::disabled(tx, eid, &iccid_text(&d.iccid), now)?,
            (Some(Psmo::Delete(d)), _) => profiles::deleted(tx, eid, &iccid_text(&d.iccid), now)?,
            (Some(Psmo::SetFallbackAttribute(s)), _) => {
                profiles::fallback(tx, eid, Some(&iccid_text(&s.iccid)), now)?
            }
            (Some(Psmo::UnsetFallbackAttribute(_)), _) => profiles::fallback(tx, eid, None, now)?,
            (Some(Psmo::SetDefaultDpAddress(a)), _) => devices::set(
                tx,
                eid,
                devices::Field::DefaultSmdpAddress,
                Some(&a.default_dp_address),
                now,
            )?,
            (
                _,
                EuiccResultData::ListProfileInfoResult(
                    SGP32ProfileInfoListResponse::ProfileInfoListOk(list),
                ),
            ) => profiles::listed(tx, eid, list, now)?,
            _ => {}
        }
    }
    if failures.is_empty() {
        Ok(Ok(()))
    } else {
        Ok(Err(Failure::Operations(failures)))
    }
}

/// Moves the package's operation to its end (or, for a localization, to its next step).
#[allow(clippy::too_many_arguments)]
fn settle_operation(
    ctx: &Context,
    tx: &mut Tx<'_>,
    device: &Device,
    package: &Package,
    outcome: Result<(), Failure>,
    summary: serde_json::Value,
    rolled_back: bool,
    now: i64,
) -> Result<(), EngineError> {
    let Some(op_id) = &package.operation_id else {
        return Ok(());
    };
    let Some(mut op) = operations::get(tx, op_id)? else {
        return Ok(());
    };
    if op.kind == "localize" {
        return localize::on_enable_result(ctx, tx, device, &mut op, outcome, rolled_back, now);
    }
    match outcome {
        Ok(()) => finish(&mut op, OperationState::Done, Some(summary), None, now),
        Err(e) => finish(
            &mut op,
            OperationState::Error,
            Some(summary),
            Some(e.to_string()),
            now,
        ),
    }
    operations::save(tx, &op)?;
    Ok(())
}

/// Takes a profile download trigger result (SGP.32 v1.2 2.11.2.3): settles the trigger and
/// its operation, queues the installation result for the SM-DP+ and acknowledges it.
pub(crate) fn take_trigger_result(
    ctx: &Context,
    tx: &mut Tx<'_>,
    device: &Device,
    r: &ProfileDownloadTriggerResult,
    checked: &esep::Checked,
    now: i64,
) -> Result<Take, EngineError> {
    let package = match &r.eim_transaction_id {
        Some(t) => packages::by_transaction(tx, t)?
            .filter(|p| p.eid == device.eid && p.kind == PackageKind::DownloadTrigger),
        None => None,
    };
    let Some(package) = package else {
        return refuse(
            tx,
            device,
            None,
            "download trigger result for no trigger of this device".into(),
            now,
        );
    };
    let pir = match &r.profile_download_trigger_result_data {
        ProfileDownloadTriggerResultData::ProfileInstallationResult(pir) => Some(pir),
        ProfileDownloadTriggerResultData::ProfileDownloadError(_) => None,
    };
    if let (Some(pir), Some(_)) = (pir, &device.euicc_cert) {
        if let Err(e) = esep::verify_installation_result(pir, device.euicc_cert.as_deref(), checked)
        {
            return refuse(
                tx,
                device,
                Some(&package),
                format!("euiccSignPIR: {e}"),
                now,
            );
        }
    }
    let der = r.to_der();
    if package.result.as_deref() != Some(der.as_slice()) {
        settle_trigger(ctx, tx, device, &package, r, der, now)?;
    }
    // The installation result is also the notification the SM-DP+ is owed (SGP.22 3.5,
    // 5.6.4), kept on the eUICC until the eIM acknowledges its seqNumber (SGP.32 v1.2
    // 5.14.6): queued for forwarding, then acknowledged. A repeated result (the
    // acknowledgement was lost) is acknowledged again.
    match pir {
        Some(pir) => super::notifications::take(
            ctx,
            tx,
            Some(device),
            &SGP32PendingNotification::ProfileInstallationResult(pir.clone()),
            checked,
            now,
        ),
        None => Ok(Take::Accepted(None)),
    }
}

/// Records a download trigger's result on its package, the device and the operation.
fn settle_trigger(
    ctx: &Context,
    tx: &mut Tx<'_>,
    device: &Device,
    package: &Package,
    r: &ProfileDownloadTriggerResult,
    der: Vec<u8>,
    now: i64,
) -> Result<(), EngineError> {
    let summary = r.to_json();
    let outcome: Result<String, Failure> = match &r.profile_download_trigger_result_data {
        ProfileDownloadTriggerResultData::ProfileInstallationResult(pir) => {
            let data = &pir.profile_installation_result_data;
            let iccid = data.notification_metadata.iccid.as_ref().map(iccid_text);
            match (&data.final_result, iccid) {
                (FinalResult::SuccessResult(_), Some(iccid)) => {
                    profiles::installed(tx, &device.eid, &iccid, None, None, now)?;
                    Ok(iccid)
                }
                (FinalResult::SuccessResult(_), None) => Err(Failure::NoIccid),
                (FinalResult::ErrorResult(e), _) => Err(Failure::Installation(name(&e.to_json()))),
            }
        }
        ProfileDownloadTriggerResultData::ProfileDownloadError(e) => Err(Failure::Download(name(
            &e.profile_download_error_reason.to_json(),
        ))),
    };
    let state = if outcome.is_ok() {
        PackageState::Done
    } else {
        PackageState::Failed
    };
    packages::set_result(tx, &package.id, state, &der, &summary, None, now)?;
    events::add(
        tx,
        &device.eid,
        "download-result",
        json!({"package": package.id, "outcome": match &outcome {
            Ok(i) => json!({"installed": i}), Err(e) => json!({"error": e.to_string()}) }}),
        now,
    )?;
    if let Some(op_id) = &package.operation_id {
        if let Some(mut op) = operations::get(tx, op_id)? {
            if op.kind == "localize" {
                localize::on_install_result(ctx, tx, device, &mut op, outcome, now)?;
            } else {
                match outcome {
                    Ok(_) => finish(&mut op, OperationState::Done, Some(summary), None, now),
                    Err(e) => finish(
                        &mut op,
                        OperationState::Error,
                        Some(summary),
                        Some(e.to_string()),
                        now,
                    ),
                }
                operations::save(tx, &op)?;
            }
        }
    }
    Ok(())
}

/// The IPA could not process a package (eimPackageResultResponseError, SGP.32 v1.2 6.3.2.7).
pub(crate) fn take_package_error(
    tx: &mut Tx<'_>,
    device: &Device,
    tid: Option<&[u8]>,
    code: &serde_json::Value,
    now: i64,
) -> Result<Take, EngineError> {
    let package = match tid {
        Some(t) => packages::by_transaction(tx, t)?.filter(|p| p.eid == device.eid),
        None => None,
    };
    let Some(package) = package else {
        return refuse(
            tx,
            device,
            None,
            "IPA error for no package of this device".into(),
            now,
        );
    };
    super::delivery::fail_package(
        tx,
        &package,
        "ipa-error",
        &format!("the IPA could not process the package: {}", name(code)),
        now,
    )?;
    Ok(Take::Accepted(None))
}

/// Takes an IpaEuiccDataResponse's data (not its lists: the caller takes those).
pub(crate) fn take_euicc_data(
    ctx: &Context,
    tx: &mut Tx<'_>,
    device: &Device,
    data: &proto::sgp32::IpaEuiccData,
    now: i64,
) -> Result<(), EngineError> {
    let eid = device.eid.as_str();
    let mut learnt = Vec::new();
    match (&data.euicc_certificate, &data.eum_certificate) {
        (Some(euicc), Some(eum)) => {
            match super::registration::check_chain(ctx, eid, eum.0.as_bytes(), euicc.0.as_bytes()) {
                Ok(()) => {
                    devices::set_octets(
                        tx,
                        eid,
                        devices::Field::EuiccCert,
                        euicc.0.as_bytes(),
                        now,
                    )?;
                    devices::set_octets(tx, eid, devices::Field::EumCert, eum.0.as_bytes(), now)?;
                    learnt.push("certificates");
                }
                Err(e) => {
                    events::add(
                        tx,
                        eid,
                        "certificates-refused",
                        json!({"reason": e.to_string()}),
                        now,
                    )?;
                }
            }
        }
        (None, None) => {}
        _ => {
            events::add(
                tx,
                eid,
                "certificates-refused",
                json!({"reason": "only one of the eUICC and EUM certificates"}),
                now,
            )?;
        }
    }
    if let Some(t) = data.association_token {
        devices::set_association_token(tx, eid, t, now)?;
        learnt.push("associationToken");
    }
    if let Some(i) = &data.euicc_info1 {
        devices::set_octets(tx, eid, devices::Field::EuiccInfo1, &i.to_der(), now)?;
        learnt.push("euiccInfo1");
    }
    if let Some(i) = &data.euicc_info2 {
        devices::set_octets(tx, eid, devices::Field::EuiccInfo2, &i.to_der(), now)?;
        learnt.push("euiccInfo2");
        sgp32_version::record_declared(tx, eid, i)?;
    }
    if let Some(a) = &data.default_smdp_address {
        devices::set(tx, eid, devices::Field::DefaultSmdpAddress, Some(a), now)?;
        learnt.push("defaultSmdpAddress");
    }
    events::add(tx, eid, "euicc-data", json!({"learnt": learnt}), now)?;
    Ok(())
}

/// Settles the data request package an IpaEuiccDataResponse answers.
pub(crate) fn settle_data_request(
    tx: &mut Tx<'_>,
    device: &Device,
    tid: Option<&[u8]>,
    outcome: Result<(), Failure>,
    summary: serde_json::Value,
    raw: &[u8],
    now: i64,
) -> Result<(), EngineError> {
    let package = match tid {
        Some(t) => packages::by_transaction(tx, t)?
            .filter(|p| p.eid == device.eid && p.kind == PackageKind::IpaEuiccData),
        None => None,
    };
    let Some(package) = package else {
        return Ok(());
    };
    let state = if outcome.is_ok() {
        PackageState::Done
    } else {
        PackageState::Failed
    };
    packages::set_result(tx, &package.id, state, raw, &summary, None, now)?;
    if let Some(op_id) = &package.operation_id {
        if let Some(mut op) = operations::get(tx, op_id)? {
            match outcome {
                Ok(()) => finish(&mut op, OperationState::Done, Some(summary), None, now),
                Err(e) => finish(
                    &mut op,
                    OperationState::Error,
                    Some(summary),
                    Some(e.to_string()),
                    now,
                ),
            }
            operations::save(tx, &op)?;
        }
    }
    Ok(())
}
