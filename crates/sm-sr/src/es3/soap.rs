//! ES3 over the SGP.02 web-service binding (SGP.02 5.4; the `soap` crate), as ES4 is
//! served ([`crate::es4`]): the request read and checked by the binding, dispatched to the
//! domain functions ([`super::Es3`]) and answered in the HTTP response:
//!
//! - an asynchronous function accepted (CreateISDP, SendData,
//!   UpdateConnectivityParameters, Enable/DisableProfile, DeleteISDP, AuditEIS): `202`
//!   without a body, its response due at `ReplyTo` (WS-Addressing 1.0 Core 3.4);
//! - refused: its response with status `Failed` and the refusal's code (SGP.02 5.1.6);
//! - GetEIS, ProfileDownloadCompleted, UpdatePolicyRules: their response at once.
//!
//! The requester is the SM-DP its TLS client certificate names; `wsa:From` must name it.

use soap::bodies::{AuditEisRequest, ProfileRequest};
use soap::envelope::Addressing;
use soap::es3::{self as ops, Es3Request, ProfileDownloadCompletedRequest};
use soap::http::{Answer, receive};

use super::{CreateIsdp, DownloadCompleted, Es3, Es3Error};
use crate::es4::SoapRequest;
use crate::es4::soap::{
    Refusal, answer_async, base, check_from, eis_answer, pol2_of, refusal, response_id,
};
use crate::operation::Requester;
use crate::server::SmSrCore;
use crate::status::StatusCode;

impl Refusal for Es3Error {
    fn status_code(&self) -> Option<StatusCode> {
        self.code()
    }
}

impl SmSrCore {
    /// Serves one ES3 request (see the module); the answer to send.
    pub async fn es3_soap(&self, r: SoapRequest<'_>) -> Answer {
        let id = response_id();
        let received =
            match receive::<Es3Request>(r.body, r.content_type, r.soap_action, r.endpoint, &id) {
                Ok(received) => received,
                Err(answer) => return answer,
            };
        if let Err(answer) = check_from(&received, r.requester, &id) {
            return answer;
        }
        let a = &received.envelope.addressing;
        let who = |validity| Requester {
            id: r.requester.to_string(),
            message_id: a.message_id.clone(),
            reply_to: a.reply_to.as_ref().map(|e| e.address.clone()),
            validity_secs: validity,
        };
        dispatch(&self.es3(), received.message, &who, a, &id).await
    }
}

type Who<'a> = dyn Fn(Option<u64>) -> Requester + Sync + 'a;

async fn dispatch(es3: &Es3<'_>, m: Es3Request, who: &Who<'_>, a: &Addressing, id: &str) -> Answer {
    let accepted = match m {
        Es3Request::CreateIsdp(q) => {
            let c = CreateIsdp {
                iccid: q.iccid.as_str().to_string(),
                mno_id: q.mno_id.clone(),
                required_memory: q.required_memory,
            };
            let r = who(q.header.validity_period);
            (
                ops::CREATE_ISDP,
                es3.create_isdp(&r, q.eid.as_str(), &c).await,
            )
        }
        Es3Request::SendData(q) => {
            let r = who(q.header.validity_period);
            let done = es3.send_data(&r, q.eid.as_str(), &q.sd_aid.0, &q.data.0);
            (ops::SEND_DATA, done.await)
        }
        Es3Request::UpdateConnectivityParameters(q) => {
            let r = who(q.header.validity_period);
            let (eid, iccid) = (q.eid.as_str(), q.iccid.as_str());
            let done =
                es3.update_connectivity_parameters(&r, eid, iccid, &q.connectivity_parameters.0);
            (ops::UPDATE_CONNECTIVITY_PARAMETERS, done.await)
        }
        Es3Request::EnableProfile(p) => {
            let (r, eid, iccid) = parts(who, &p);
            (
                ops::ENABLE_PROFILE,
                es3.enable_profile(&r, eid, iccid).await,
            )
        }
        Es3Request::DisableProfile(p) => {
            let (r, eid, iccid) = parts(who, &p);
            (
                ops::DISABLE_PROFILE,
                es3.disable_profile(&r, eid, iccid).await,
            )
        }
        Es3Request::DeleteIsdp(p) => {
            let (r, eid, iccid) = parts(who, &p);
            (ops::DELETE_ISDP, es3.delete_isdp(&r, eid, iccid).await)
        }
        Es3Request::AuditEis(q) => (ops::AUDIT_EIS, audit(es3, who, &q).await),
        Es3Request::GetEis(q) => {
            let eis = es3.get_eis(&who(None), q.eid.as_str()).await;
            return eis_answer(&ops::GET_EIS, eis, a, id);
        }
        Es3Request::ProfileDownloadCompleted(q) => {
            let done = completed(es3, who, &q).await;
            return sync(ops::PROFILE_DOWNLOAD_COMPLETED, done, a, id);
        }
        Es3Request::UpdatePolicyRules(q) => {
            let (eid, iccid) = (q.eid.as_str(), q.iccid.as_str());
            let r = who(None);
            let done = es3.update_policy_rules(&r, eid, iccid, pol2_of(&q.pol2));
            return sync(ops::UPDATE_POLICY_RULES, done.await, a, id);
        }
    };
    answer_async(accepted, a, id)
}

fn parts<'p>(who: &Who<'_>, p: &'p ProfileRequest) -> (Requester, &'p str, &'p str) {
    (
        who(p.header.validity_period),
        p.eid.as_str(),
        p.iccid.as_str(),
    )
}

async fn audit(
    es3: &Es3<'_>,
    who: &Who<'_>,
    q: &AuditEisRequest,
) -> Result<crate::es4::Accepted, Es3Error> {
    let iccids: Vec<String> = q.iccids.iter().map(|i| i.as_str().to_string()).collect();
    es3.audit_eis(&who(q.header.validity_period), q.eid.as_str(), &iccids)
        .await
}

async fn completed(
    es3: &Es3<'_>,
    who: &Who<'_>,
    q: &ProfileDownloadCompletedRequest,
) -> Result<(), Es3Error> {
    let address = q.subscription_address.as_ref();
    let d = DownloadCompleted {
        iccid: q.iccid.as_str().to_string(),
        profile_type: q.profile_type.clone(),
        msisdn: address.and_then(|s| s.msisdn.clone()),
        imsi: address.and_then(|s| s.imsi.clone()),
        pol2: q.pol2.as_ref().map(pol2_of).unwrap_or_default(),
    };
    es3.profile_download_completed(&who(None), q.eid.as_str(), &d)
        .await
}

/// A synchronous function's `BaseResponse`.
fn sync(
    op: soap::operation::Operation,
    done: Result<(), Es3Error>,
    a: &Addressing,
    id: &str,
) -> Answer {
    base(op, a, id, done.err().map(|e| refusal(&e)))
}
