//! ESipa.ProvideEimPackageResult (SGP.32 v1.2 5.14.6, 6.3.2.7): the IPA returns what the
//! eUICC answered to an eUICC Package; the eIM acknowledges it (`eimAcknowledgements`,
//! or an empty response) or refuses it (eidNotFound(2), invalidEid(3), missingEid(4),
//! undefinedError(127)). A result whose euiccSignEPR does not verify, or that answers no
//! package the eIM sent, is not acknowledged (2.11.2.1, 5.14.6); one delivered again after
//! its acknowledgement was lost is acknowledged again, so the eUICC can let it go. A v1.3
//! eUICC's unsigned error carries a code v1.2 does not have (`proto::sgp32::v1_3`); the
//! eIM takes it, whichever version it implements (EXTENSIBILITY IMPLIED).

use ipa::PollOutcome;
use proto::der::{Asn1, Preserved};
use proto::ids::Eid;
use proto::sgp32::{
    EimPackageResult, EsipaMessageFromEimToIpa, EsipaMessageFromIpaToEim,
    EuiccPackageErrorUnsigned, EuiccPackageResult, EuiccPackageResultSigned,
    EuiccPackageUnsignedErrorCode, GetEimPackageResponse, ProvideEimPackageResult,
    ProvideEimPackageResultError, ProvideEimPackageResultResponse,
};

use super::get_eim_package::get;
use super::{invalid_eid, unknown_eid};
use crate::Stop;
use crate::case::case;
use crate::eim::device::{settled, settled_device};
use crate::eim::held_result::{
    HeldResult, acknowledges, deliver, held_result, queue_list_profiles,
};
use crate::eim::{Case, Ctx, EsipaAnswer};

const GROUP: &str = "ESipa.ProvideEimPackageResult";
const F: &str = "provideEimPackageResult";

pub(crate) const CASES: &[Case] = &[
    case! {
        group: GROUP,
        title: "#01 nominal eUICC Package result",
        test_case: None,
        clause: "SGP.32 5.14.5, 5.14.6, 2.11.2",
        checks: "an operation queued for the eUICC (listProfiles, over the operator API) comes as an eUICC Package the eUICC verifies and executes (ES10b.LoadEuiccPackage), and its signed result is acknowledged, not refused",
        run: nominal,
    },
    case! {
        group: GROUP,
        title: "#02 unknown EID",
        test_case: None,
        clause: "SGP.32 5.14.6, 6.3.2.7",
        checks: "a result for a valid EID the eIM was never told of: provideEimPackageResultError eidNotFound(2)",
        run: unknown,
    },
    case! {
        group: GROUP,
        title: "#03 invalid EID",
        test_case: None,
        clause: "SGP.32 5.14.6, 6.3.2.7",
        checks: "a result for an EID whose check digits do not hold: provideEimPackageResultError invalidEid(3)",
        run: invalid,
    },
    case! {
        group: GROUP,
        title: "#04 euiccSignEPR altered",
        test_case: None,
        clause: "SGP.32 5.14.6, 2.11.2.1",
        checks: "the eUICC's signed result of a queued operation with one bit of euiccSignEPR flipped is not acknowledged (its seqNumber not in eimAcknowledgements); the result as signed is acknowledged after it",
        run: signature_altered,
    },
    case! {
        group: GROUP,
        title: "#05 counterValue of no package",
        test_case: None,
        clause: "SGP.32 5.14.6, 2.11.2.1",
        checks: "the eUICC's result of a queued operation with its counterValue raised by 1000000 and signed again with the eUICC's key is not acknowledged; the result as signed is acknowledged after it",
        run: counter_of_no_package,
    },
    case! {
        group: GROUP,
        title: "#06 result delivered again",
        test_case: None,
        clause: "SGP.32 5.14.6",
        checks: "the eUICC's signed result, acknowledged once, delivered again unchanged (an IPA whose acknowledgement was lost) is acknowledged again",
        run: delivered_again,
    },
    case! {
        group: GROUP,
        title: "#07 v1.3 unsigned error with its code",
        test_case: None,
        clause: "SGP.32 v1.3 EuiccPackageErrorUnsigned, 5.14.6",
        checks: "for an operation queued for the eUICC, the unsigned error a v1.3 eUICC gives a package too long to verify (euiccPackageUnsignedErrorCode sizeOverflow(15), the package's eimTransactionId) is taken: neither an HTTP error nor provideEimPackageResultError",
        run: unsigned_v1_3,
    },
];

/// ProvideEimPackageResult of an unsigned eUICC Package error for `eid_value`.
async fn provide(ctx: &mut Ctx, eid_value: [u8; 16]) -> Result<EsipaAnswer, Stop> {
    let body = EsipaMessageFromIpaToEim::ProvideEimPackageResult(ProvideEimPackageResult {
        eid_value: Some(eid_value),
        eim_package_result: EimPackageResult::EuiccPackageResult(
            EuiccPackageResult::EuiccPackageErrorUnsigned(EuiccPackageErrorUnsigned {
                eim_id: "conform".into(),
                ..Default::default()
            }),
        ),
    })
    .to_der();
    let shared = ctx.shared.clone();
    shared.wire.send(&mut ctx.ev, F, body).await
}

fn expect_error(answer: &EsipaAnswer, expected: ProvideEimPackageResultError) -> Result<(), Stop> {
    match answer.message()? {
        EsipaMessageFromEimToIpa::ProvideEimPackageResultResponse(
            ProvideEimPackageResultResponse::ProvideEimPackageResultError(e),
        ) if e == expected => Ok(()),
        other => Err(Stop::fail(format!(
            "{F}: expected provideEimPackageResultError {expected:?}, got {other:?}"
        ))),
    }
}

async fn unsigned_v1_3(ctx: &mut Ctx) -> Result<(), Stop> {
    settled(ctx).await?;
    let eid = queue_list_profiles(ctx).await?;
    let eid = Eid::parse(&eid)
        .map_err(|e| Stop::fail(format!("EID {eid}: {e}")))?
        .to_bcd();
    let signed = match get(ctx, eid).await?.message()? {
        EsipaMessageFromEimToIpa::GetEimPackageResponse(
            GetEimPackageResponse::EuiccPackageRequest(p),
        ) => p.euicc_package_signed.value().clone(),
        other => {
            return Err(Stop::fail(format!(
                "getEimPackage: expected the queued eUICC Package, got {other:?}"
            )));
        }
    };
    let body = EsipaMessageFromIpaToEim::ProvideEimPackageResult(ProvideEimPackageResult {
        eid_value: Some(eid),
        eim_package_result: EimPackageResult::EuiccPackageResult(
            EuiccPackageResult::EuiccPackageErrorUnsigned(EuiccPackageErrorUnsigned {
                eim_id: signed.eim_id,
                eim_transaction_id: signed.eim_transaction_id,
                association_token: None,
                euicc_package_unsigned_error_code: Some(
                    EuiccPackageUnsignedErrorCode::SizeOverflow,
                ),
            }),
        ),
    })
    .to_der();
    let shared = ctx.shared.clone();
    let answer = shared.wire.send(&mut ctx.ev, F, body).await?;
    if answer.status >= 400 {
        return Err(Stop::fail(format!(
            "{F}: the v1.3 unsigned error was refused with HTTP {}",
            answer.status
        )));
    }
    match answer.message()? {
        EsipaMessageFromEimToIpa::ProvideEimPackageResultResponse(
            ProvideEimPackageResultResponse::ProvideEimPackageResultError(e),
        ) => Err(Stop::fail(format!(
            "{F}: the v1.3 unsigned error was refused: {e:?}"
        ))),
        EsipaMessageFromEimToIpa::ProvideEimPackageResultResponse(_) => Ok(()),
        other => Err(Stop::fail(format!(
            "{F}: expected a ProvideEimPackageResultResponse, got {other:?}"
        ))),
    }
}

async fn unknown(ctx: &mut Ctx) -> Result<(), Stop> {
    let eid = unknown_eid(ctx.eid())?;
    let answer = provide(ctx, eid.to_bcd()).await?;
    expect_error(&answer, ProvideEimPackageResultError::EidNotFound)
}

async fn invalid(ctx: &mut Ctx) -> Result<(), Stop> {
    let eid = unknown_eid(ctx.eid())?;
    let answer = provide(ctx, invalid_eid(&eid)).await?;
    expect_error(&answer, ProvideEimPackageResultError::InvalidEid)
}

async fn nominal(ctx: &mut Ctx) -> Result<(), Stop> {
    let mut ipa = settled_device(ctx).await?;
    queue_list_profiles(ctx).await?;
    let outcome = ipa
        .poll(None)
        .await
        .map_err(|e| Stop::fail(format!("the IPA's poll: {e}")))?;
    let package = match outcome {
        PollOutcome::Package(p) => p,
        other => {
            return Err(Stop::fail(format!(
                "getEimPackage: expected the queued eUICC Package, got {other:?}"
            )));
        }
    };
    if !matches!(
        package.result,
        EuiccPackageResult::EuiccPackageResultSigned(_)
    ) {
        return Err(Stop::fail(format!(
            "the eUICC did not execute the eIM's package: {:?}",
            package.result
        )));
    }
    if let Some(e) = package.delivery.refused {
        return Err(Stop::fail(format!(
            "{F}: the eIM refused the eUICC's signed result: {e:?}"
        )));
    }
    if let Some(s) = package.delivery.refused_with_status {
        return Err(Stop::fail(format!(
            "{F}: the eIM refused the eUICC's signed result with HTTP {s}"
        )));
    }
    Ok(())
}

/// `altered` is not acknowledged; then the held result as the eUICC signed it is.
async fn refused_then_genuine(
    ctx: &mut Ctx,
    held: &HeldResult,
    altered: EuiccPackageResultSigned,
) -> Result<(), Stop> {
    let seq = held.seq_number();
    let answer = deliver(ctx, held, altered).await?;
    if acknowledges(&answer, seq)? {
        return Err(Stop::fail(format!(
            "{F}: the altered result was acknowledged (seqNumber {seq})"
        )));
    }
    let answer = deliver(ctx, held, held.signed.clone()).await?;
    if !acknowledges(&answer, seq)? {
        return Err(Stop::fail(format!(
            "{F}: the result as signed was not acknowledged: {}",
            answer.describe()
        )));
    }
    Ok(())
}

async fn signature_altered(ctx: &mut Ctx) -> Result<(), Stop> {
    let held = held_result(ctx).await?;
    let mut altered = held.signed.clone();
    if let Some(last) = altered.euicc_sign_epr.last_mut() {
        *last ^= 0x01;
    }
    refused_then_genuine(ctx, &held, altered).await
}

async fn counter_of_no_package(ctx: &mut Ctx) -> Result<(), Stop> {
    let held = held_result(ctx).await?;
    let mut data = held.signed.euicc_package_result_data_signed.value().clone();
    data.counter_value = data.counter_value.saturating_add(1_000_000);
    let data = Preserved::new(data);
    let covered = match held.association_token {
        Some(token) => proto::sgp32::signature_input(data.raw(), token),
        None => data.raw().to_vec(),
    };
    let eid = ctx.eid().to_string();
    let creds = ctx
        .shared
        .options
        .euicc
        .credentials(&eid)
        .map_err(|e| Stop::fail(e.to_string()))?;
    let altered = EuiccPackageResultSigned {
        euicc_sign_epr: creds
            .sign(&covered)
            .map_err(|e| Stop::fail(format!("signing the result: {e}")))?,
        euicc_package_result_data_signed: data,
    };
    refused_then_genuine(ctx, &held, altered).await
}

async fn delivered_again(ctx: &mut Ctx) -> Result<(), Stop> {
    let held = held_result(ctx).await?;
    let seq = held.seq_number();
    for n in ["first", "second"] {
        let answer = deliver(ctx, &held, held.signed.clone()).await?;
        if !acknowledges(&answer, seq)? {
            return Err(Stop::fail(format!(
                "{F}: the {n} delivery was not acknowledged (seqNumber {seq}): {}",
                answer.describe()
            )));
        }
    }
    Ok(())
}
