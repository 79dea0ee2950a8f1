//! ES2 of the SGP.02 SM-DP for operators (SGP.02 5.3) over the SOAP binding with mutual
//! TLS at `/gsma/smdp/ES2`: the operator is the commonName of its client certificate (an
//! operator certificate under the operator CA), which `wsa:From` must name.
//!
//! - DownloadProfile: `202`, the download runs (`download`) and its response goes
//!   to `ReplyTo`; refused at once (`Failed`) when the SM-SR, the profile or its type is not
//!   the operator's to use.
//! - EnableProfile, DisableProfile, DeleteProfile: forwarded to the SM-SR as ES3
//!   EnableProfile, DisableProfile, DeleteISDP on a profile the operator's; `202`, the
//!   SM-SR's answer passed on at `ReplyTo`.
//! - GetEIS and UpdatePolicyRules: forwarded synchronously (ES3 GetEIS, UpdatePolicyRules).
//! - UpdateSubscriptionAddress: the profile's MSISDN kept for its download.

use std::sync::Arc;

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use infra::serve::PeerCertificates;
use soap::bodies::{
    BaseResponse, EidRequest, EisResponse, EuiccResponse, ProfileRequest, UpdatePolicyRulesRequest,
};
use soap::envelope::Addressing;
use soap::es2::{
    self as ops, DownloadProfileRequest, DownloadProfileResponse, Es2ProfileRequest, Es2Request,
    UpdateSubscriptionAddressRequest,
};
use soap::es3;
use soap::http::{Answer, check_requester, receive};
use soap::message::Parts;
use soap::operation::Operation;
use soap::status::ResponseHeader;

use super::Sgp02;
use super::error::Sgp02Error;
use super::es3_client::Es3Client;
use crate::state::ProfileState;
use crate::store::profiles;
use crate::store::sgp02::{self as rows, Sgp02Download};

/// The path operators POST to.
pub const ES2_PATH: &str = "/gsma/smdp/ES2";

/// Serves one ES2 request (see the module).
pub(crate) async fn handle(
    s: Arc<Sgp02>,
    peer: &PeerCertificates,
    headers: &HeaderMap,
    body: &[u8],
) -> Response {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let Some(host) = text(header::HOST.as_str()) else {
        return (StatusCode::BAD_REQUEST, "no Host header").into_response();
    };
    let endpoint = format!("https://{host}{ES2_PATH}");
    let id = response_id();
    let received = match receive::<Es2Request>(
        body,
        text(header::CONTENT_TYPE.as_str()),
        text("soapaction"),
        &endpoint,
        &id,
    ) {
        Ok(r) => r,
        Err(answer) => return into_response(answer),
    };
    let operator = operator_of(&s, peer).unwrap_or_default();
    let known = |from: &str| !operator.is_empty() && from == operator;
    if let Err(refusal) = check_requester(&received.envelope, known) {
        let op = received.message.operation().0;
        let env = refusal.to_envelope(Some(&received.envelope), Some(op), &id);
        return into_response(Answer::with_status(refusal.http_status(env.version), &env));
    }
    let a = received.envelope.addressing.clone();
    into_response(dispatch(s, &operator, received.message, &a, &id).await)
}

async fn dispatch(
    s: Arc<Sgp02>,
    operator: &str,
    m: Es2Request,
    a: &Addressing,
    id: &str,
) -> Answer {
    match m {
        Es2Request::DownloadProfile(q) => match accept(&s, operator, &q, a).await {
            Ok(d) => {
                let task = s.clone();
                s.spawn(async move {
                    let outcome = super::download::run(&task, &d).await;
                    super::reply::download_profile(&task, &d, outcome.as_ref()).await;
                });
                Answer::accepted()
            }
            Err(e) => {
                let msg = DownloadProfileResponse {
                    header: e.header(),
                    iccid: q.iccid,
                    euicc_response_data: None,
                };
                respond(ops::DOWNLOAD_PROFILE, a, id, &msg)
            }
        },
        Es2Request::GetEis(q) => {
            let r = s
                .es3
                .call::<EisResponse>(
                    &q.smsr_id,
                    es3::GET_EIS,
                    &EidRequest {
                        header: Es3Client::header(),
                        eid: q.eid,
                    },
                )
                .await;
            let msg = r.unwrap_or_else(|e| EisResponse {
                header: e.header(),
                eis: None,
            });
            respond(ops::GET_EIS, a, id, &msg)
        }
        Es2Request::UpdatePolicyRules(q) => {
            let r = match owned(&s, operator, q.iccid.as_str()).await {
                Ok(()) => {
                    let msg = UpdatePolicyRulesRequest {
                        header: Es3Client::header(),
                        eid: q.eid,
                        iccid: q.iccid,
                        pol2: q.pol2,
                    };
                    let call =
                        s.es3
                            .call::<BaseResponse>(&q.smsr_id, es3::UPDATE_POLICY_RULES, &msg);
                    call.await
                }
                Err(e) => Err(e),
            };
            let msg = r.unwrap_or_else(|e| BaseResponse::new(e.header()));
            respond(ops::UPDATE_POLICY_RULES, a, id, &msg)
        }
        Es2Request::UpdateSubscriptionAddress(q) => {
            let r = subscription_address(&s, operator, &q).await;
            let header = r.map_or_else(|e| e.header(), |()| ResponseHeader::success());
            respond(
                ops::UPDATE_SUBSCRIPTION_ADDRESS,
                a,
                id,
                &BaseResponse::new(header),
            )
        }
        Es2Request::EnableProfile(q) => {
            forward(
                s,
                operator,
                q,
                (ops::ENABLE_PROFILE, es3::ENABLE_PROFILE),
                a,
                id,
            )
            .await
        }
        Es2Request::DisableProfile(q) => {
            forward(
                s,
                operator,
                q,
                (ops::DISABLE_PROFILE, es3::DISABLE_PROFILE),
                a,
                id,
            )
            .await
        }
        Es2Request::DeleteProfile(q) => {
            forward(
                s,
                operator,
                q,
                (ops::DELETE_PROFILE, es3::DELETE_ISDP),
                a,
                id,
            )
            .await
        }
    }
}

/// An ES2 profile function forwarded as the ES3 one (`202`, the answer at `ReplyTo`).
async fn forward(
    s: Arc<Sgp02>,
    operator: &str,
    q: Es2ProfileRequest,
    (es2_op, es3_op): (Operation, Operation),
    a: &Addressing,
    id: &str,
) -> Answer {
    if let Err(e) = owned(&s, operator, q.iccid.as_str()).await {
        let msg = EuiccResponse {
            header: e.header(),
            euicc_response_data: None,
        };
        return respond(es2_op, a, id, &msg);
    }
    if !s.config.smsrs.contains_key(&q.smsr_id) {
        let e = Sgp02Error::UnknownSmsr(q.smsr_id);
        let msg = EuiccResponse {
            header: e.header(),
            euicc_response_data: None,
        };
        return respond(es2_op, a, id, &msg);
    }
    let reply_to = a.reply_to.as_ref().map(|r| r.address.clone());
    let message_id = a.message_id.clone();
    let operator = operator.to_string();
    let task = s.clone();
    task.spawn(async move {
        let msg = ProfileRequest {
            header: Es3Client::header(),
            eid: q.eid,
            iccid: q.iccid,
        };
        let r = s
            .es3
            .call_async::<EuiccResponse>(&q.smsr_id, es3_op, &msg)
            .await;
        if r.is_ok() {
            done(&s, &msg, es3_op).await;
        }
        let msg = r.unwrap_or_else(|e| EuiccResponse {
            header: e.header(),
            euicc_response_data: None,
        });
        let to = (reply_to.as_deref(), message_id.as_deref());
        super::reply::send(&s, &operator, es2_op, to, &msg).await;
    });
    Answer::accepted()
}

/// The inventory follows a forwarded function the SM-SR executed: the profile enabled,
/// disabled or deleted on the eUICC. The SM-SR notifies the other parties of the change,
/// not the SM-DP that asked for it (SGP.02 3.3.1, 3.4.1, 3.5.1), so the SM-DP records it
/// from the response.
async fn done(s: &Sgp02, msg: &ProfileRequest, es3_op: Operation) {
    let state = if es3_op == es3::ENABLE_PROFILE {
        ProfileState::Enabled
    } else if es3_op == es3::DISABLE_PROFILE {
        ProfileState::Disabled
    } else {
        ProfileState::Deleted
    };
    let (iccid, eid) = (msg.iccid.as_str().to_string(), msg.eid.as_str().to_string());
    let recorded = s
        .store
        .write(move |tx| {
            if profiles::profile(tx, &iccid)?.is_none() {
                return Ok(());
            }
            profiles::set_state(tx, &iccid, state, Some(&eid), Some("ES3 response"))
        })
        .await;
    if let Err(e) = recorded {
        tracing::warn!(error = %e, "the profile's new state after an ES3 function was not stored");
    }
}

/// Takes the profile for a DownloadProfile and records the download, in one transaction:
/// the ICCID asked for (available, of one of the operator's types) or the first available
/// profile of the operator's type.
async fn accept(
    s: &Sgp02,
    operator: &str,
    q: &DownloadProfileRequest,
    a: &Addressing,
) -> Result<Sgp02Download, Sgp02Error> {
    if !s.config.smsrs.contains_key(&q.smsr_id) {
        return Err(Sgp02Error::UnknownSmsr(q.smsr_id.clone()));
    }
    let id = crate::store::new_id()?;
    let (operator, eid) = (operator.to_string(), q.eid.as_str().to_string());
    let (iccid, profile_type) = (
        q.iccid.clone().map(|i| i.as_str().to_string()),
        q.profile_type.clone(),
    );
    let d = Sgp02Download {
        id,
        operator,
        eid,
        smsr_id: q.smsr_id.clone(),
        iccid: String::new(),
        enable_profile: q.enable_profile.unwrap_or(false),
        state: rows::Sgp02State::Accepted,
        isd_p_aid: None,
        reply_to: a.reply_to.as_ref().map(|r| r.address.clone()),
        message_id: a.message_id.clone(),
        outcome: None,
    };
    s.store
        .write(move |tx| {
            let mut d = d.clone();
            let p = match (&iccid, &profile_type) {
                (Some(i), _) => {
                    let p = profiles::profile(tx, i)?
                        .ok_or_else(|| Sgp02Error::UnknownProfile(i.clone()))?;
                    let t = profiles::profile_type(tx, &p.profile_type)?;
                    if t.is_none_or(|t| t.operator != d.operator) {
                        return Err(Sgp02Error::NotOwner(i.clone()));
                    }
                    p
                }
                (None, Some(t)) => {
                    let ty = profiles::profile_type(tx, t)?;
                    if ty.is_none_or(|ty| ty.operator != d.operator) {
                        return Err(Sgp02Error::UnknownProfileType(t.clone()));
                    }
                    profiles::first_available(tx, t)?
                        .ok_or_else(|| Sgp02Error::OutOfStock(t.clone()))?
                }
                (None, None) => return Err(Sgp02Error::UnknownProfileType(String::new())),
            };
            let (from, to) = (ProfileState::Available, ProfileState::Linked);
            let detail = "SGP.02 ES2.DownloadProfile";
            if !profiles::claim(tx, &p.iccid, from, to, Some(&d.eid), detail)? {
                return Err(Sgp02Error::InUse(p.iccid));
            }
            d.iccid = p.iccid;
            rows::insert(tx, &d)?;
            Ok(d)
        })
        .await
}

/// ES2.UpdateSubscriptionAddress (SGP.02 3.13): the MSISDN of one of the operator's
/// profiles recorded in the inventory, reported to the SM-SR with the IMSI when the profile
/// is downloaded (ES3.ProfileDownloadCompleted). The IMSI is the inventory's own.
async fn subscription_address(
    s: &Sgp02,
    operator: &str,
    q: &UpdateSubscriptionAddressRequest,
) -> Result<(), Sgp02Error> {
    owned(s, operator, q.iccid.as_str()).await?;
    let Some(msisdn) = q.subscription_address.msisdn.clone() else {
        return Ok(());
    };
    let iccid = q.iccid.as_str().to_string();
    s.store
        .write(move |tx| profiles::set_msisdn(tx, &iccid, &msisdn))
        .await?;
    Ok(())
}

/// The profile `iccid` is in the inventory under one of the operator's profile types.
async fn owned(s: &Sgp02, operator: &str, iccid: &str) -> Result<(), Sgp02Error> {
    let (operator, iccid) = (operator.to_string(), iccid.to_string());
    s.store
        .read(move |tx| {
            let p = profiles::profile(tx, &iccid)?
                .ok_or_else(|| Sgp02Error::UnknownProfile(iccid.clone()))?;
            match profiles::profile_type(tx, &p.profile_type)? {
                Some(t) if t.operator == operator => Ok(()),
                _ => Err(Sgp02Error::NotOwner(iccid.clone())),
            }
        })
        .await
}

/// The operator's name: an operator client certificate under the operator CA, valid now.
fn operator_of(s: &Sgp02, peer: &PeerCertificates) -> Option<String> {
    let leaf = peer.0.first()?;
    let now = time::OffsetDateTime::now_utc();
    let role = certs::CertRole::OperatorClient;
    certs::verify_cert(&s.operator_anchors, leaf, role, Some(now))
        .ok()?
        .subject_cn
        .filter(|cn| !cn.is_empty())
}

fn respond(op: Operation, a: &Addressing, id: &str, msg: &impl Parts) -> Answer {
    Answer::envelope(&op.response(a, id, msg))
}

fn response_id() -> String {
    let id = storage::random_bytes::<16>().unwrap_or_default();
    format!("urn:uuid:{}", hex::encode(id))
}

fn into_response(a: Answer) -> Response {
    let status = StatusCode::from_u16(a.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match a.content_type {
        Some(ct) => (status, [(header::CONTENT_TYPE, ct)], a.body).into_response(),
        None => status.into_response(),
    }
}
