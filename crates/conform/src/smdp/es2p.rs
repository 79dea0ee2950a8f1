//! Orders placed over ES2+ for the cases that need a profile to download (SGP.22 5.3.1
//! DownloadOrder, 5.3.2 ConfirmOrder with `releaseFlag` true), as an operator does: mutually
//! authenticated TLS with the operator's certificate, the request header naming it.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use infra::keep_alive::{KeepAlive, KeepAliveOptions};
use infra::tls::{Identity, client_config};
use proto::ids::{Eid, Iccid};
use proto::json::RequestHeader;
use proto::json::es2p::{
    ConfirmOrderRequest, ConfirmOrderResponse, DownloadOrderRequest, DownloadOrderResponse,
};
use proto::json::http::{ADMIN_PROTOCOL_SGP22, CONTENT_TYPE_JSON, X_ADMIN_PROTOCOL};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::SmdpOptions;
use super::wire::Answer;
use crate::evidence::Evidence;
use crate::{ConformError, Stop};

/// The operator side: where ES2+ is and who calls it.
#[derive(Clone)]
pub struct Es2Options {
    /// `https://host[:port]` of the SM-DP+'s ES2+.
    pub url: String,
    /// The operator's TLS client certificate and key.
    pub identity: Identity,
    /// `functionRequesterIdentifier` (the operator's name).
    pub requester: String,
    /// The Profile Type ordered (DownloadOrder's `profileType`).
    pub profile_type: String,
}

impl std::fmt::Debug for Es2Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Es2Options")
            .field("url", &self.url)
            .field("requester", &self.requester)
            .field("profile_type", &self.profile_type)
            .finish_non_exhaustive()
    }
}

pub(crate) struct Es2Client {
    http: KeepAlive,
    options: Es2Options,
    calls: AtomicU64,
}

impl Es2Client {
    pub(crate) fn new(options: &Es2Options, run: &SmdpOptions) -> Result<Es2Client, ConformError> {
        let tls = client_config(&run.trust, Some(&options.identity))
            .map_err(|e| ConformError::Setup(format!("ES2+ TLS: {e}")))?;
        let http = KeepAlive::new(KeepAliveOptions {
            resolve: crate::wire::resolves_on(&run.resolve, crate::wire::url_port(&options.url))
                .into_iter()
                .map(|r| (r.host.clone(), r.addr))
                .collect(),
            timeout: run.timeout,
            ..KeepAliveOptions::new(Arc::new(tls))
        });
        Ok(Es2Client {
            http,
            options: options.clone(),
            calls: AtomicU64::new(1),
        })
    }

    fn header(&self) -> RequestHeader {
        let n = self.calls.fetch_add(1, Ordering::Relaxed);
        RequestHeader::new(self.options.requester.clone(), format!("conform-{n}"))
    }

    async fn call<Req: Serialize, Resp: DeserializeOwned>(
        &self,
        ev: &mut Evidence,
        function: &'static str,
        request: &Req,
    ) -> Result<Resp, Stop> {
        let body =
            serde_json::to_vec(request).map_err(|e| Stop::fail(format!("ES2+ {function}: {e}")))?;
        ev.write(&format!("es2p-{function}-request.json"), &body);
        let url = format!(
            "{}/gsma/rsp2/es2plus/{function}",
            self.options.url.trim_end_matches('/')
        );
        let headers = [
            ("content-type", CONTENT_TYPE_JSON),
            (X_ADMIN_PROTOCOL, ADMIN_PROTOCOL_SGP22),
        ];
        let got = self
            .http
            .post(&url, &headers, body)
            .await
            .map_err(|e| Stop::NotApplicable(format!("ES2+ {function} at {url}: {e}")))?;
        let answer = Answer {
            function,
            status: got.status,
            body: got.body.to_vec(),
        };
        ev.write(
            &format!("es2p-{function}-response-http{}.json", answer.status),
            &answer.body,
        );
        // an order the operator cannot place leaves the case without its input
        answer
            .success()
            .map_err(|e| Stop::NotApplicable(format!("ES2+ order: {e}")))
    }

    /// DownloadOrder of the Profile Type, then ConfirmOrder (`releaseFlag` as `release`);
    /// the Matching ID.
    pub(crate) async fn order(
        &self,
        ev: &mut Evidence,
        eid: Option<&str>,
        confirmation_code: Option<&str>,
        release: bool,
    ) -> Result<String, Stop> {
        let eid = eid
            .map(Eid::parse)
            .transpose()
            .map_err(|e| Stop::fail(format!("EID: {e}")))?;
        let ordered: DownloadOrderResponse = self
            .call(
                ev,
                "downloadOrder",
                &DownloadOrderRequest {
                    header: self.header(),
                    eid: eid.clone(),
                    iccid: None,
                    profile_type: Some(self.options.profile_type.clone()),
                },
            )
            .await?;
        let iccid: Iccid = ordered.iccid;
        let confirmed: ConfirmOrderResponse = self
            .call(
                ev,
                "confirmOrder",
                &ConfirmOrderRequest {
                    header: self.header(),
                    iccid,
                    eid,
                    matching_id: None,
                    confirmation_code: confirmation_code.map(str::to_string),
                    smds_address: None,
                    release_flag: release,
                },
            )
            .await?;
        Ok(confirmed.matching_id)
    }
}
