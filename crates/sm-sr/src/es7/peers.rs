//! What ES7 needs at run time (SGP.02 3.8, 5.7): the peer SM-SRs, an HTTPS client that
//! presents this SM-SR's CERT.SR.TLS and trusts the CI, the SM-SR's CERT.SR.ECDSA with
//! SK.SR.ECDSA, and the EUM keys CERT.ECASD.ECKA is checked under; and one request/response
//! exchange with a peer ([`Es7Context::call`]).
//!
//! Every ES7 function is answered in the HTTP exchange that carried it (SGP.02 5.1: a
//! function provider may return the response synchronously): the SM-SR that runs an ES5
//! step for its peer waits for the card's answer before it responds.

use proto::crypto::{PrivateKey, PublicKey};
use soap::envelope::{Addressing, Envelope};
use soap::http::request_headers;
use soap::message::Parts;
use soap::operation::Operation;
use soap::status::ResponseHeader;

use super::ChangeError;
use crate::config::PeerSmSr;

/// Bound on a peer's response body.
const MAX_RESPONSE: usize = 256 * 1024;

/// ES7 at run time.
pub(crate) struct Es7Context {
    /// This SM-SR's identifier (`wsa:From`).
    pub smsr_id: String,
    pub client: reqwest::Client,
    pub peers: Vec<PeerSmSr>,
    /// CERT.SR.ECDSA and SK.SR.ECDSA.
    pub sr_ecdsa: Option<(Vec<u8>, PrivateKey)>,
    pub eum_keys: Vec<PublicKey>,
    /// Wakes the handover task ([`super::source::run`]) after an SMSRChange is stored.
    pub wake: tokio::sync::Notify,
}

impl Es7Context {
    /// The peer named `id`.
    pub(crate) fn peer(&self, id: &str) -> Result<&PeerSmSr, ChangeError> {
        self.peers
            .iter()
            .find(|p| p.id == id)
            .ok_or_else(|| ChangeError::UnknownSmsr(id.to_string()))
    }

    /// The peer whose URL's host is `name` (the commonName of its CERT.SR.TLS) and whose
    /// identifier is `from` (`wsa:From`).
    pub(crate) fn peer_named(&self, name: &str, from: &str) -> Option<&PeerSmSr> {
        self.peers
            .iter()
            .find(|p| p.id == from && crate::config::host_of(&p.url).as_deref() == Some(name))
    }

    /// Sends `msg` as `op`'s request to `peer` and reads the response `R` from the HTTP
    /// response; a `Failed` response is [`ChangeError::Peer`].
    pub(crate) async fn call<M: Parts, R: Parts + Responded>(
        &self,
        peer: &PeerSmSr,
        op: &Operation,
        msg: &M,
    ) -> Result<R, ChangeError> {
        let id = format!("urn:uuid:{}", crate::store::new_id()?);
        let addressing = Addressing::request(&peer.url, &self.smsr_id, id);
        let env = op.request(addressing, msg);
        let headers = request_headers(env.addressing.action.as_deref().unwrap_or_default());
        let unreachable = |e: &dyn std::error::Error| ChangeError::Unreachable(e.to_string());
        let (status, body) = infra::client::post_bounded(
            &self.client,
            &peer.url,
            &headers,
            env.encode(),
            MAX_RESPONSE,
        )
        .await
        .map_err(|e| unreachable(&e))?;
        if body.is_empty() {
            return Err(ChangeError::Unreachable(format!(
                "{} answered HTTP {status} without a body",
                peer.id
            )));
        }
        let env = Envelope::decode(&body).map_err(|e| unreachable(&e))?;
        let r: R = op.decode_response(&env).map_err(|e| unreachable(&e))?;
        let header = r.header();
        let data = &header.function_execution_status.status_code_data;
        match (header.status(), data) {
            (crate::status::Status::Failed, Some(d)) => Err(ChangeError::Peer(
                super::error::peer_code(&d.subject_code, &d.reason_code),
            )),
            (crate::status::Status::Failed, None) | (crate::status::Status::Expired, _) => {
                Err(ChangeError::Peer(crate::status::SMSR_CHANGE_REFUSED))
            }
            _ => Ok(r),
        }
    }
}

/// A response with the common response header.
pub(crate) trait Responded {
    /// Its header.
    fn header(&self) -> &ResponseHeader;
}

impl Responded for soap::bodies::BaseResponse {
    fn header(&self) -> &ResponseHeader {
        &self.header
    }
}

impl Responded for soap::es7::AuthenticateSmsrResponse {
    fn header(&self) -> &ResponseHeader {
        &self.header
    }
}

impl Responded for soap::es7::CreateAdditionalKeySetResponse {
    fn header(&self) -> &ResponseHeader {
        &self.header
    }
}
