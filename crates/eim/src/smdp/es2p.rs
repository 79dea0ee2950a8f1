//! ES2+ towards the SM-DP+ (SGP.22 5.3.1, 5.3.2): DownloadOrder by profile type for an EID,
//! then ConfirmOrder with release, giving the Matching ID of the activation code the eIM
//! puts into a profile download trigger.

use infra::keep_alive::KeepAlive;
use infra::trace::{Direction, TraceDir};
use proto::ids::{Eid, Iccid, SmdpAddress};
use proto::json::es2p::{
    CancelOrderRequest, ConfirmOrderRequest, ConfirmOrderResponse, DownloadOrderRequest,
    DownloadOrderResponse, Es2Function, FinalProfileStatusIndicator,
};
use proto::json::{RequestHeader, ResponseError, decode_response};
use serde::Serialize;

use super::turns::Turns;

/// Why an ES2+ call gave no answer to use.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Es2CallError {
    /// Not reached, or an answer that is not ES2+ (worth retrying).
    #[error("ES2+ transport: {0}")]
    Transport(String),
    /// The SM-DP+ refused the function (subject/reason codes of SGP.22 5.2.6).
    #[error("ES2+ refused: {subject}/{reason}: {message}")]
    Refused {
        subject: String,
        reason: String,
        message: String,
    },
}

/// A profile ordered and released for one EID.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderOutcome {
    pub iccid: Iccid,
    pub matching_id: String,
    /// The SM-DP+ address ConfirmOrder returned, if any.
    pub smdp_address: Option<SmdpAddress>,
}

/// An ES2+ client for one operator identity: its calls take turns over the connections it
/// keeps ([`Turns`]).
pub struct Es2Client {
    http: Turns,
    base: String,
    requester: String,
    trace: Option<TraceDir>,
}

impl Es2Client {
    pub fn new(
        http: KeepAlive,
        base_url: &str,
        requester: &str,
        trace: Option<TraceDir>,
    ) -> Es2Client {
        Es2Client {
            http: Turns::new(http),
            base: base_url.trim_end_matches('/').to_string(),
            requester: requester.to_string(),
            trace,
        }
    }

    fn header(&self) -> RequestHeader {
        let call = crate::store::random_bytes::<8>()
            .map(hex::encode)
            .unwrap_or_else(|_| "0".into());
        RequestHeader::new(&self.requester, call)
    }

    async fn post<T: Serialize>(&self, f: Es2Function, body: &T) -> Result<Vec<u8>, Es2CallError> {
        let json = serde_json::to_vec(body).map_err(|e| Es2CallError::Transport(e.to_string()))?;
        if let Some(t) = &self.trace {
            t.write("es2p", f.name(), Direction::Request, &json);
        }
        let answer = (self.http)
            .post_json(&format!("{}{}", self.base, f.path()), json)
            .await
            .map_err(|e| Es2CallError::Transport(e.to_string()))?;
        let bytes = answer.body.to_vec();
        if let Some(t) = &self.trace {
            t.write("es2p", f.name(), Direction::Response, &bytes);
        }
        if !(200..300).contains(&answer.status) {
            return Err(Es2CallError::Transport(format!(
                "HTTP status {}",
                answer.status
            )));
        }
        Ok(bytes)
    }

    /// ES2+.DownloadOrder by profile type, bound to `eid` (SGP.22 5.3.1).
    pub async fn download_order(
        &self,
        eid: &Eid,
        profile_type: &str,
    ) -> Result<Iccid, Es2CallError> {
        let body = DownloadOrderRequest {
            header: self.header(),
            eid: Some(eid.clone()),
            iccid: None,
            profile_type: Some(profile_type.to_string()),
        };
        let bytes = self.post(Es2Function::DownloadOrder, &body).await?;
        let r: DownloadOrderResponse = decode_response(&bytes).map_err(refusal)?;
        Ok(r.iccid)
    }

    /// ES2+.ConfirmOrder with a generated Matching ID, released (SGP.22 5.3.2).
    pub async fn confirm_order(
        &self,
        eid: &Eid,
        iccid: &Iccid,
    ) -> Result<ConfirmOrderResponse, Es2CallError> {
        let body = ConfirmOrderRequest {
            header: self.header(),
            iccid: iccid.clone(),
            eid: Some(eid.clone()),
            matching_id: None,
            confirmation_code: None,
            smds_address: None,
            release_flag: true,
        };
        let bytes = self.post(Es2Function::ConfirmOrder, &body).await?;
        decode_response(&bytes).map_err(refusal)
    }

    /// ES2+.CancelOrder (SGP.22 5.3.3): the profile back in stock (the SM-DP+ makes it
    /// unavailable instead when its package was already delivered).
    pub async fn cancel_order(&self, eid: &Eid, iccid: &Iccid) -> Result<(), Es2CallError> {
        let body = CancelOrderRequest {
            header: self.header(),
            iccid: iccid.clone(),
            eid: Some(eid.clone()),
            matching_id: None,
            final_profile_status_indicator: FinalProfileStatusIndicator::Available,
        };
        let bytes = self.post(Es2Function::CancelOrder, &body).await?;
        decode_response::<proto::json::EmptyResponse>(&bytes)
            .map(|_| ())
            .map_err(refusal)
    }
}

fn refusal(e: ResponseError) -> Es2CallError {
    match e {
        ResponseError::Failed(s) => {
            let (subject, reason, message) = match s.status_code_data {
                Some(d) => (d.subject_code, d.reason_code, d.message.unwrap_or_default()),
                None => (String::new(), String::new(), format!("{:?}", s.status)),
            };
            Es2CallError::Refused {
                subject,
                reason,
                message,
            }
        }
        ResponseError::Json(j) => Es2CallError::Transport(format!("malformed answer: {j}")),
    }
}
