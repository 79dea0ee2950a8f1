//! ESipa.GetEimPackage (SGP.32 v1.2 5.14.5, 6.3.2.6): the IPA asks for what the eIM has
//! for its eUICC; the eIM answers with a package, or with `eimPackageError`
//! (noEimPackageAvailable(1), eidNotFound(2), invalidEid(3), missingEid(4)).

use proto::der::Asn1;
use proto::ids::Eid;
use proto::sgp32::{
    EimPackageError, EsipaMessageFromEimToIpa, EsipaMessageFromIpaToEim, GetEimPackageRequest,
    GetEimPackageResponse,
};

use super::{invalid_eid, unknown_eid};
use crate::Stop;
use crate::case::case;
use crate::eim::{Case, Ctx, EsipaAnswer};

const GROUP: &str = "ESipa.GetEimPackage";
const F: &str = "getEimPackage";

pub(crate) const CASES: &[Case] = &[
    case! {
        group: GROUP,
        title: "#01 nothing queued",
        test_case: None,
        clause: "SGP.32 5.14.5, 6.3.2.6",
        checks: "for a registered EID whose IPA did what the eIM asked (or one stated registered with nothing queued): eimPackageError noEimPackageAvailable(1)",
        run: nothing_queued,
    },
    case! {
        group: GROUP,
        title: "#02 unknown EID",
        test_case: None,
        clause: "SGP.32 5.14.5, 6.3.2.6",
        checks: "for a valid EID the eIM was never told of: eimPackageError eidNotFound(2)",
        run: unknown,
    },
    case! {
        group: GROUP,
        title: "#03 invalid EID",
        test_case: None,
        clause: "SGP.32 5.14.5, 6.3.2.6",
        checks: "for an EID whose check digits do not hold: eimPackageError invalidEid(3)",
        run: invalid,
    },
    case! {
        group: GROUP,
        title: "#04 missing EID",
        test_case: None,
        clause: "SGP.32 5.14.5, 6.3.2.6",
        checks: "for a request without eidValue (BF4F 00): eimPackageError missingEid(4)",
        run: missing,
    },
];

/// GetEimPackageRequest for `eid_value` (BCD).
pub(crate) async fn get(ctx: &mut Ctx, eid_value: [u8; 16]) -> Result<EsipaAnswer, Stop> {
    let body = EsipaMessageFromIpaToEim::GetEimPackageRequest(GetEimPackageRequest {
        eid_value,
        notify_state_change: None,
        state_change_cause: None,
        r_plmn: None,
    })
    .to_der();
    send(ctx, body).await
}

async fn send(ctx: &mut Ctx, body: Vec<u8>) -> Result<EsipaAnswer, Stop> {
    let shared = ctx.shared.clone();
    shared.wire.send(&mut ctx.ev, F, body).await
}

/// The answer is `eimPackageError` `expected`.
fn expect_error(answer: &EsipaAnswer, expected: EimPackageError) -> Result<(), Stop> {
    match answer.message()? {
        EsipaMessageFromEimToIpa::GetEimPackageResponse(
            GetEimPackageResponse::EimPackageError(e),
        ) if e == expected => Ok(()),
        other => Err(Stop::fail(format!(
            "{F}: expected eimPackageError {expected:?}, got {other:?}"
        ))),
    }
}

fn bcd(eid: &str) -> Result<[u8; 16], Stop> {
    Eid::parse(eid)
        .map(|e| e.to_bcd())
        .map_err(|e| Stop::fail(format!("EID {eid}: {e}")))
}

async fn nothing_queued(ctx: &mut Ctx) -> Result<(), Stop> {
    let eid = if ctx.shared.api.is_some() {
        // a new device: the eIM may first ask for its data; the IPA answers until idle
        crate::eim::device::settled_device(ctx).await?;
        ctx.eid().to_string()
    } else {
        ctx.registered().await?
    };
    let answer = get(ctx, bcd(&eid)?).await?;
    expect_error(&answer, EimPackageError::NoEimPackageAvailable)
}

async fn unknown(ctx: &mut Ctx) -> Result<(), Stop> {
    let eid = unknown_eid(ctx.eid())?;
    let answer = get(ctx, eid.to_bcd()).await?;
    expect_error(&answer, EimPackageError::EidNotFound)
}

async fn invalid(ctx: &mut Ctx) -> Result<(), Stop> {
    let eid = unknown_eid(ctx.eid())?;
    let answer = get(ctx, invalid_eid(&eid)).await?;
    expect_error(&answer, EimPackageError::InvalidEid)
}

async fn missing(ctx: &mut Ctx) -> Result<(), Stop> {
    let answer = send(ctx, vec![0xBF, 0x4F, 0x00]).await?;
    expect_error(&answer, EimPackageError::MissingEid)
}
