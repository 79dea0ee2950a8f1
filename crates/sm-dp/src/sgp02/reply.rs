//! The SM-DP's asynchronous ES2 responses (SGP.02 5.3) POSTed to the operator's
//! `wsa:ReplyTo`, `wsa:RelatesTo` the request's `MessageID` (WS-Addressing 1.0 Core 3.4),
//! over HTTPS with CERT.DP.TLS; tried again with backoff until the operator answers 2xx.

use std::time::Duration;

use soap::envelope::{Addressing, EndpointReference, Envelope};
use soap::es2::{self, DownloadProfileResponse};
use soap::http::request_headers;
use soap::message::{Hex, Parts};
use soap::operation::Operation;
use soap::status::ResponseHeader;

use super::Sgp02;
use super::download::Finished;
use super::error::Sgp02Error;
use crate::store::sgp02::Sgp02Download;

/// Attempts at delivering one response.
const ATTEMPTS: u32 = 6;

/// ES2.DownloadProfile's response for download `d`.
pub(crate) async fn download_profile(
    s: &Sgp02,
    d: &Sgp02Download,
    outcome: Result<&Finished, &Sgp02Error>,
) {
    let iccid = proto::ids::Iccid::parse_lenient(&d.iccid).ok();
    let msg = match outcome {
        Ok(f) => DownloadProfileResponse {
            header: ResponseHeader::success(),
            iccid,
            euicc_response_data: f.euicc_response.clone().map(Hex),
        },
        Err(e) => DownloadProfileResponse {
            header: e.header(),
            iccid,
            euicc_response_data: None,
        },
    };
    let to = (d.reply_to.as_deref(), d.message_id.as_deref());
    send(s, es2::DOWNLOAD_PROFILE, to, &msg).await;
}

/// POSTs the response `msg` of `op` to `reply_to`, relating it to `message_id`.
pub(crate) async fn send(
    s: &Sgp02,
    op: Operation,
    (reply_to, message_id): (Option<&str>, Option<&str>),
    msg: &impl Parts,
) {
    let Some(reply_to) = reply_to else { return };
    let request = Addressing {
        message_id: message_id.map(str::to_string),
        reply_to: Some(EndpointReference::new(reply_to)),
        ..Addressing::default()
    };
    let id = format!(
        "urn:uuid:{}",
        hex::encode(storage::random_bytes::<16>().unwrap_or_default())
    );
    let env = op.callback(&request, id, msg);
    let mut pause = Duration::from_millis(500);
    for attempt in 1..=ATTEMPTS {
        if post(&s.http, reply_to, &env).await {
            return;
        }
        if attempt < ATTEMPTS {
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(Duration::from_secs(30));
        }
    }
    tracing::warn!(url = %reply_to, function = op.function, "the operator's endpoint did not take the response");
}

/// The most octets of the operator's answer read (it has nothing to say but its status).
const MAX_ANSWER: usize = 64 * 1024;

async fn post(client: &reqwest::Client, url: &str, env: &Envelope) -> bool {
    let headers = request_headers(env.addressing.action.as_deref().unwrap_or_default());
    match infra::client::post_bounded(client, url, &headers, env.encode(), MAX_ANSWER).await {
        Ok((status, _)) => (200..300).contains(&status),
        Err(e) => {
            tracing::info!(%url, error = %e, "operator endpoint unreachable");
            false
        }
    }
}
