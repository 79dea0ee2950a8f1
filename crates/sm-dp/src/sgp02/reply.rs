//! The SM-DP's asynchronous ES2 responses (SGP.02 5.3) to the operator's `wsa:ReplyTo`,
//! `wsa:RelatesTo` the request's `MessageID` (WS-Addressing 1.0 Core 3.4): queued in the
//! outbox, which POSTs them over HTTPS with CERT.DP.TLS until the operator answers 2xx.

use soap::envelope::{Addressing, EndpointReference};
use soap::es2::{self, DownloadProfileResponse};
use soap::message::{Hex, Parts};
use soap::operation::Operation;
use soap::status::ResponseHeader;

use super::Sgp02;
use super::download::Finished;
use super::error::Sgp02Error;
use crate::store::outbox::{self, OutboxKind};
use crate::store::sgp02::Sgp02Download;

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
    send(s, &d.operator, es2::DOWNLOAD_PROFILE, to, &msg).await;
}

/// Queues the response `msg` of `op` for operator `operator` at `reply_to`, relating it to
/// `message_id`: the outbox delivers it (its `wsa:To` is the `ReplyTo`), so a restart does
/// not lose it.
pub(crate) async fn send(
    s: &Sgp02,
    operator: &str,
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
    let id = match crate::store::new_id() {
        Ok(id) => format!("urn:uuid:{id}"),
        Err(e) => {
            tracing::warn!(error = %e, "no identifier for an ES2 response");
            return;
        }
    };
    let body = op.callback(&request, id, msg).encode();
    let operator = operator.to_string();
    let queued = s
        .store
        .write(move |tx| outbox::push_kind(tx, OutboxKind::Es2Response, &operator, &body))
        .await;
    match queued {
        Ok(()) => s.outbox_wakeup.notify_one(),
        Err(e) => {
            tracing::warn!(url = %reply_to, function = op.function, error = %e, "an ES2 response could not be queued")
        }
    }
}
