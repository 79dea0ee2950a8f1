//! SGP.32 v1.0 at the ESipa edge: which generation's octets a request is, and the v1.0
//! results turned into the v1.2 model the engine takes ([`proto::sgp32::v1_0`] lists every
//! difference).
//!
//! **Whose result.** A v1.0 ProvideEimPackageResult has no eidValue, and its eUICC data and
//! its IPA error have no eimTransactionId either. It is attributed:
//! 1. through the eimTransactionId it names (a signed eUICC Package Result echoes the
//!    package's `transactionId`, a download result its eimTransactionId): the device of
//!    that package;
//! 2. else to the device that polled on the same TLS connection, and the data or error is
//!    taken as the answer to the package that poll delivered (its eimTransactionId is
//!    filled in).
//!
//! The TLS connection is chosen over "the last package delivered": with many devices
//! polling at once the last delivery belongs to whichever device polled last, so that rule
//! would settle one device's request with another device's data; the connection is exact,
//! is what v1.0 IPAs do (one connection per package retrieval, closed before the next: the
//! eIM Package Retrieval procedure of SGP.32 v1.0 3.1.1 runs poll, execution and result in
//! one ESipa session), and it holds with several eIM instances since a connection ends at
//! one of them. Without either, the result is refused: the IPA keeps it and tries again.
//! A connection shared by several devices (a proxy) must use v1.2 or results that name
//! their transaction.

use proto::der::{Asn1, DecodeError};
use proto::json::StatusCode;
use proto::sgp32::v1_0 as v10;
use proto::sgp32::{
    EsipaMessageFromIpaToEim as In, GetEimPackageResponse, ProvideEimPackageResult,
    ProvideEimPackageResultError, StateChangeCause,
};

use super::functions::{Provided, provide_in};
use super::generation::{Generation, Session};
use crate::context::Ctx;
use crate::engine::EngineError;
use crate::esep::Checked;
use crate::store::{StoreError, devices, packages, sgp32_version};

/// A request as the edge decoded it.
#[derive(Debug)]
// One per request, matched at once: boxing would only cost ergonomics.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Request {
    /// A v1.2 message; `told` when its octets show the generation (v1.0 reads them not, or
    /// not as the same message).
    V1_2 { msg: In, told: bool },
    /// A message only v1.0 reads.
    V1_0(v10::EsipaMessageFromIpaToEim),
    /// A result both generations read (no eidValue, a result alternative v1.0 also has):
    /// which reading applies is the device's generation.
    Either {
        v1_2: ProvideEimPackageResult,
        v1_0: v10::ProvideEimPackageResult,
    },
}

/// Decodes an ESipa ASN.1 request in the generation whose octets it is; the v1.2 error
/// when neither reads it.
pub(crate) fn decode(body: &[u8]) -> Result<Request, DecodeError> {
    let v12 = match In::from_der(body) {
        Ok(m) => m,
        Err(e) => {
            return v10::EsipaMessageFromIpaToEim::from_der(body)
                .map(Request::V1_0)
                .map_err(|_| e);
        }
    };
    Ok(match v12 {
        In::GetEimPackageRequest(r) => {
            // v1.0's rPLMN is `81` with three octets: read by v1.2 as a stateChangeCause
            // no v1.2 IPA sends.
            let v12_tells = r.r_plmn.is_some()
                || r.state_change_cause
                    .is_some_and(|c| !matches!(c, StateChangeCause::Other(_)));
            match v10::EsipaMessageFromIpaToEim::from_der(body) {
                Ok(
                    v10 @ v10::EsipaMessageFromIpaToEim::GetEimPackageRequest(
                        v10::GetEimPackageRequest {
                            r_plmn: Some(_), ..
                        },
                    ),
                ) if !v12_tells => Request::V1_0(v10),
                _ => Request::V1_2 {
                    msg: In::GetEimPackageRequest(r),
                    told: v12_tells,
                },
            }
        }
        In::ProvideEimPackageResult(r) if r.eid_value.is_none() => {
            match v10::ProvideEimPackageResult::from_der(body) {
                Ok(v1_0) => Request::Either { v1_2: r, v1_0 },
                Err(_) => Request::V1_2 {
                    msg: In::ProvideEimPackageResult(r),
                    told: true,
                },
            }
        }
        msg @ In::ProvideEimPackageResult(_) => Request::V1_2 { msg, told: true },
        msg => Request::V1_2 { msg, told: false },
    })
}

/// The eimTransactionId of the package a GetEimPackage answer delivers.
pub(crate) fn delivered(r: &GetEimPackageResponse) -> Option<Vec<u8>> {
    match r {
        GetEimPackageResponse::EuiccPackageRequest(p) => {
            p.euicc_package_signed.eim_transaction_id.clone()
        }
        GetEimPackageResponse::IpaEuiccDataRequest(d) => d.eim_transaction_id.clone(),
        GetEimPackageResponse::ProfileDownloadTriggerRequest(t) => t.eim_transaction_id.clone(),
        GetEimPackageResponse::EimPackageError(_) => None,
    }
}

/// The message carrying a GetEimPackage answer, in `g`'s octets.
pub(crate) fn encode_poll_answer(
    r: GetEimPackageResponse,
    g: Generation,
) -> Result<Vec<u8>, DecodeError> {
    Ok(match g {
        Generation::V1_2 | Generation::V1_3 => {
            proto::sgp32::EsipaMessageFromEimToIpa::GetEimPackageResponse(r).to_der()
        }
        Generation::V1_0 => v10::EsipaMessageFromEimToIpa::GetEimPackageResponse(
            v10::GetEimPackageResponse::from_v1_2(&r)?,
        )
        .to_der(),
    })
}

/// The generation a result both generations read is in: the connection's, else the
/// device's whose package it names.
pub(crate) async fn generation_of_result(
    ctx: &Ctx,
    session: Option<&Session>,
    r: &v10::ProvideEimPackageResult,
) -> Result<Generation, EngineError> {
    if let Some(s) = session {
        return Ok(s.generation);
    }
    let Some(tid) = r.transaction_id().cloned() else {
        return Ok(Generation::V1_2);
    };
    let eid = ctx
        .store
        .read(move |tx| Ok::<_, StoreError>(packages::by_transaction(tx, &tid)?.map(|p| p.eid)))
        .await?;
    match eid {
        Some(e) => super::generation::of_device(ctx, None, &e).await,
        None => Ok(Generation::V1_2),
    }
}

/// ESipa.ProvideEimPackageResult in v1.0's reading (see the module doc for whose it is), in
/// one transaction; `eid` when the binding carried one (JSON's `eidValue`); `told` when only
/// v1.0 reads the message, which is then recorded as the device's generation.
pub(crate) async fn provide(
    ctx: &Ctx,
    session: Option<&Session>,
    r: &v10::ProvideEimPackageResult,
    eid: Option<[u8; 16]>,
    told: bool,
) -> Result<Provided, EngineError> {
    let now = ctx.now();
    let (c, r, s) = (ctx.clone(), r.clone(), session.cloned());
    ctx.store
        .write(move |tx| {
            let named = r.transaction_id().cloned();
            let by_package = match &named {
                Some(t) => packages::by_transaction(tx, t)?.map(|p| p.eid),
                None => None,
            };
            let by_eid = eid.and_then(|e| crate::engine::delivery::eid_of(&e).ok());
            let (device, tid) = match (by_eid, by_package, &s) {
                (Some(e), _, _) => (
                    Some(e.as_str().to_string()),
                    named.or(delivered_to(&s, e.as_str())),
                ),
                (None, Some(e), _) => (Some(e), named),
                (None, None, Some(s)) => (Some(s.eid.clone()), named.or(s.delivered.clone())),
                (None, None, None) => (None, named),
            };
            let Some(device) = device
                .and_then(|e| devices::get(tx, &e).transpose())
                .transpose()?
            else {
                return Ok(Provided::Refused(
                    ProvideEimPackageResultError::MissingEid,
                    StatusCode::EID_MISSING,
                    "a v1.0 result names no known package and came on no connection \
                     a device polled on"
                        .into(),
                ));
            };
            let results = match r.to_v1_2(tid) {
                Ok(r) => r,
                Err(e) => {
                    return Ok(Provided::Refused(
                        ProvideEimPackageResultError::UndefinedError,
                        StatusCode::PROTOCOL_FORMAT_INVALID,
                        format!("a v1.0 result v1.2 cannot read: {e}"),
                    ));
                }
            };
            let eid_value = proto::ids::Eid::parse(&device.eid)
                .map(|e| e.to_bcd())
                .map_err(|e| StoreError::corrupt("devices", e))?;
            let mut answer: Option<Provided> = None;
            for result in results {
                let one = ProvideEimPackageResult {
                    eid_value: Some(eid_value),
                    eim_package_result: result,
                };
                // Converted inside the transaction: its signatures are verified here.
                let p = provide_in(&c, tx, &one, &Checked::none(), now)?;
                answer = Some(match (answer, p) {
                    // The result itself decides; results that came in its notification
                    // list add their acknowledgements when taken.
                    (None, p) => p,
                    (Some(Provided::Acknowledged(mut a)), Provided::Acknowledged(b)) => {
                        a.extend(b);
                        Provided::Acknowledged(a)
                    }
                    (Some(first), _) => first,
                });
            }
            if told {
                sgp32_version::set(tx, &device.eid, Generation::V1_0.as_str())?;
            }
            Ok(answer.unwrap_or(Provided::Acknowledged(Vec::new())))
        })
        .await
}

/// The package delivered on the session's connection, if the session is `eid`'s.
fn delivered_to(s: &Option<Session>, eid: &str) -> Option<Vec<u8>> {
    s.as_ref()
        .filter(|s| s.eid == eid)
        .and_then(|s| s.delivered.clone())
}

/// The v1.0 message answering ProvideEimPackageResult: the acknowledgements, or `None` for
/// a refusal, which v1.0 has no value for (the eIM answers with an HTTP error instead).
pub(crate) fn encode_provided(p: &Provided) -> Option<Vec<u8>> {
    v10::ProvideEimPackageResultResponse::from_v1_2(&p.response())
        .map(|r| v10::EsipaMessageFromEimToIpa::ProvideEimPackageResultResponse(r).to_der())
}
