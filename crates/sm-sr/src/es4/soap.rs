//! ES4 over the SGP.02 web-service binding (SGP.02 5.5; the `soap` crate): a received
//! request read and checked by the binding ([`soap::http::receive`]), dispatched to the
//! domain functions ([`super::Es4`]) and answered in the HTTP response:
//!
//! - an asynchronous function (Enable/Disable/DeleteProfile, SetFallBackAttribute,
//!   AuditEIS) accepted: `202` without a body, its response due at `ReplyTo` once the
//!   operation finishes (WS-Addressing 1.0 Core 3.4);
//! - refused: its response with status `Failed` and the refusal's code (SGP.02 5.1.6);
//! - UpdatePolicyRules: its response, `Executed-Success`;
//! - GetEIS: the EIS without the ISD-R's keys, the requester's profiles only;
//! - PrepareSMSRChange (at SM-SR2): its response at once; SMSRChange (at SM-SR1):
//!   asynchronous, its response due once SM-SR2 answered the handover ([`crate::es7`]).
//!
//! The requester is named by the caller (the operator its TLS client certificate
//! identifies, [`super::listener`]) and `wsa:From` must name it. GetEIS answers `Failed` with [`FUNCTION_PROVIDER_EXECUTION_ERROR`] if a
//! stored EIS cannot be written in the binding's shape.

use soap::bodies::{BaseResponse, EisResponse, EuiccResponse, ProfileRequest};
use soap::envelope::Addressing;
use soap::es4::{self as ops, Es4Request};
use soap::http::{Answer, Received, check_requester, receive};
use soap::operation::{Dispatch, Operation};
use soap::status::ResponseHeader;
use soap::status::codes::FUNCTION_PROVIDER_EXECUTION_ERROR;

use super::{Accepted, Decide, Es4, Es4Error, decide};
use crate::eis::{Pol2, Pol2Action, Pol2Qualification, Pol2Rule};
use crate::operation::Requester;
use crate::server::SmSrCore;
use crate::status::StatusCode;

/// One ES4 or ES3 request as it came over HTTP.
#[derive(Clone, Copy, Debug)]
pub struct SoapRequest<'a> {
    /// The requester calling: the MNO-ID (ES4) or SM-DP-ID (ES3) its TLS client
    /// certificate names; empty when it names none.
    pub requester: &'a str,
    /// The request body.
    pub body: &'a [u8],
    /// `Content-Type`.
    pub content_type: Option<&'a str>,
    /// `SOAPAction`.
    pub soap_action: Option<&'a str>,
    /// This endpoint's address, which `wsa:To` must name.
    pub endpoint: &'a str,
}

impl SmSrCore {
    /// Serves one ES4 request (see the module); the answer to send.
    pub async fn es4_soap(&self, r: SoapRequest<'_>) -> Answer {
        let id = response_id();
        let received =
            match receive::<Es4Request>(r.body, r.content_type, r.soap_action, r.endpoint, &id) {
                Ok(received) => received,
                Err(answer) => return answer,
            };
        if let Err(answer) = check_from(&received, r.requester, &id) {
            return answer;
        }
        let a = &received.envelope.addressing;
        let es4 = self.es4();
        let who = |validity| Requester {
            id: r.requester.to_string(),
            message_id: a.message_id.clone(),
            reply_to: a.reply_to.as_ref().map(|e| e.address.clone()),
            validity_secs: validity,
        };
        let accepted = match received.message {
            Es4Request::EnableProfile(p) => (
                ops::ENABLE_PROFILE,
                profile(&es4, &who, &p, decide::enable).await,
            ),
            Es4Request::DisableProfile(p) => (
                ops::DISABLE_PROFILE,
                profile(&es4, &who, &p, decide::disable).await,
            ),
            Es4Request::DeleteProfile(p) => (
                ops::DELETE_PROFILE,
                profile(&es4, &who, &p, decide::delete).await,
            ),
            Es4Request::SetFallBackAttribute(p) => (
                ops::SET_FALLBACK_ATTRIBUTE,
                profile(&es4, &who, &p, decide::set_fallback).await,
            ),
            Es4Request::AuditEis(q) => {
                let iccids: Vec<String> = q.iccids.iter().map(|i| i.as_str().to_string()).collect();
                (
                    ops::AUDIT_EIS,
                    es4.audit_eis(&who(q.header.validity_period), q.eid.as_str(), &iccids)
                        .await,
                )
            }
            Es4Request::UpdatePolicyRules(q) => {
                let pol2 = pol2_of(&q.pol2);
                let done = es4
                    .update_policy_rules(&who(None), q.eid.as_str(), q.iccid.as_str(), pol2)
                    .await;
                return base(
                    ops::UPDATE_POLICY_RULES,
                    a,
                    &id,
                    done.err().map(|e| refusal(&e)),
                );
            }
            Es4Request::PrepareSmsrChange(q) => {
                let r = who(q.header.validity_period);
                let done = self
                    .prepare_smsr_change(&r, q.eid.as_str(), &q.current_smsr_id)
                    .await;
                let code = done.err().map(|e| refusal(&e));
                return base(ops::PREPARE_SMSR_CHANGE, a, &id, code);
            }
            Es4Request::SmsrChange(q) => {
                let r = who(q.header.validity_period);
                let accepted = self
                    .smsr_change(&r, q.eid.as_str(), &q.target_smsr_id)
                    .await;
                return answer_async((ops::SMSR_CHANGE, accepted), a, &id);
            }
            Es4Request::GetEis(q) => {
                let eis = es4.get_eis(&who(None), q.eid.as_str()).await;
                return get_eis_answer(eis, a, &id);
            }
        };
        answer_async(accepted, a, &id)
    }
}

/// `wsa:From` must name the requester the TLS client certificate identifies (SGP.02 5.1:
/// the function requester is authenticated; a foreign or absent `From` is refused with
/// 1.1 / 1.1, function requester unknown, as [`check_requester`] answers).
pub(crate) fn check_from<D: Dispatch>(
    received: &Received<D>,
    requester: &str,
    id: &str,
) -> Result<(), Answer> {
    let known = |from: &str| !requester.is_empty() && from == requester;
    check_requester(&received.envelope, known).map_err(|refusal| {
        let op = received.message.operation().0;
        let env = refusal.to_envelope(Some(&received.envelope), Some(op), id);
        Answer::with_status(refusal.http_status(env.version), &env)
    })?;
    Ok(())
}

/// A function on one profile, run for the requester `who` names.
async fn profile(
    es4: &Es4<'_>,
    who: &(dyn Fn(Option<u64>) -> Requester + Sync),
    p: &ProfileRequest,
    f: Decide,
) -> Result<Accepted, Es4Error> {
    let r = who(p.header.validity_period);
    es4.run(&r, p.eid.as_str(), p.iccid.as_str(), f).await
}

/// A refusal a SOAP response carries: its status code (`None`: an internal failure).
pub(crate) trait Refusal: std::fmt::Display {
    /// The SGP.02 code.
    fn status_code(&self) -> Option<StatusCode>;
}

impl Refusal for Es4Error {
    fn status_code(&self) -> Option<StatusCode> {
        self.code()
    }
}

/// `202` for an accepted asynchronous function, else its `Failed` response.
pub(crate) fn answer_async<E: Refusal>(
    (op, result): (Operation, Result<Accepted, E>),
    a: &Addressing,
    id: &str,
) -> Answer {
    match result {
        Ok(_) => Answer::accepted(),
        Err(e) => {
            let msg = EuiccResponse {
                header: ResponseHeader::failed(refusal(&e), e.to_string()),
                euicc_response_data: None,
            };
            Answer::envelope(&op.response(a, id, &msg))
        }
    }
}

/// ES4.GetEIS answered at once (SGP.02 5.5.1): the EIS in the binding's shape, or
/// `Failed` with the refusal's code.
fn get_eis_answer(eis: Result<crate::eis::Eis, Es4Error>, a: &Addressing, id: &str) -> Answer {
    eis_answer(&ops::GET_EIS, eis, a, id)
}

/// A GetEIS response of `op` (ES4 or ES3): the EIS in the binding's shape, or `Failed`.
pub(crate) fn eis_answer<E: Refusal>(
    op: &Operation,
    eis: Result<crate::eis::Eis, E>,
    a: &Addressing,
    id: &str,
) -> Answer {
    let msg = match eis.map(|e| super::binding_eis::to_binding(&e)) {
        Ok(Some(eis)) => EisResponse {
            header: ResponseHeader::success(),
            eis: Some(eis),
        },
        Ok(None) => EisResponse {
            header: ResponseHeader::failed(
                FUNCTION_PROVIDER_EXECUTION_ERROR,
                "stored EIS unreadable",
            ),
            eis: None,
        },
        Err(e) => EisResponse {
            header: ResponseHeader::failed(refusal(&e), e.to_string()),
            eis: None,
        },
    };
    Answer::envelope(&op.response(a, id, &msg))
}

/// A synchronous `BaseResponse`: success, or `Failed` with `code`.
pub(crate) fn base(op: Operation, a: &Addressing, id: &str, code: Option<StatusCode>) -> Answer {
    let header = match code {
        None => ResponseHeader::success(),
        Some(c) => ResponseHeader::failed(c, format!("{} refused", op.function)),
    };
    Answer::envelope(&op.response(a, id, &BaseResponse::new(header)))
}

/// The code of a refusal; an internal failure is the provider's execution error.
pub(crate) fn refusal<E: Refusal>(e: &E) -> StatusCode {
    e.status_code().unwrap_or(FUNCTION_PROVIDER_EXECUTION_ERROR)
}

/// The binding's POL2 as the SM-SR keeps it (the subject is always the profile).
pub(crate) fn pol2_of(p: &soap::eis::Pol2) -> Pol2 {
    use soap::eis::{Pol2Action as A, Pol2Qualification as Q};
    Pol2(
        p.rules
            .iter()
            .map(|r| Pol2Rule {
                action: match r.action {
                    A::Enable => Pol2Action::Enable,
                    A::Disable => Pol2Action::Disable,
                    A::Delete => Pol2Action::Delete,
                },
                qualification: match r.qualification {
                    Q::NotAllowed => Pol2Qualification::NotAllowed,
                    Q::AutoDelete => Pol2Qualification::AutoDelete,
                },
            })
            .collect(),
    )
}

/// A new `wsa:MessageID` for a response.
pub(crate) fn response_id() -> String {
    let octets = storage::random_bytes::<16>().unwrap_or_default();
    format!("urn:uuid:{}", hex::encode(octets))
}
