//! The ESME's reader task: responses go to the requests awaiting them, deliver_sm to the
//! application, and the SMSC's own requests are answered here (SMPP 3.4 2.3, 4.11).

use std::sync::Arc;

use tokio::net::tcp::OwnedReadHalf;
use tokio::sync::mpsc;

use super::incoming::Incoming;
use super::link::Link;
use crate::frame::{FrameError, read_frame};
use crate::pdu::{Body, CommandStatus, DecodeError, MessageIdResp, Pdu};

/// Reads PDUs until the SMSC closes, unbinds, or sends what cannot be framed.
pub(crate) async fn read_loop(
    mut reader: OwnedReadHalf,
    link: Arc<Link>,
    deliveries: mpsc::Sender<Incoming>,
) {
    loop {
        let frame = match read_frame(&mut reader).await {
            Ok(frame) => frame,
            Err(FrameError::CommandLength(header)) => {
                tracing::warn!(
                    length = header.command_length,
                    "esme: PDU with a bad command_length"
                );
                let _ = link.send(&Pdu::response(
                    header.sequence_number,
                    CommandStatus::ESME_RINVCMDLEN,
                    Body::GenericNack,
                ));
                break;
            }
            Err(e) => {
                tracing::debug!(error = %e, "esme: session ended");
                break;
            }
        };
        let sequence = frame.header.sequence_number;
        let id = frame.header.command_id;
        let body = Body::decode(id, &frame.body);
        if id.is_response() {
            let answer =
                body.map(|body| Pdu::response(sequence, frame.header.command_status, body));
            if !link.answer(sequence, answer) {
                tracing::debug!(sequence, "esme: response to no pending request");
            }
            continue;
        }
        match body {
            Ok(body) => {
                if !dispatch(&link, &deliveries, sequence, body) {
                    break;
                }
            }
            Err(e) => refuse(&link, sequence, id, &e),
        }
    }
    link.shut();
}

/// Handles one request from the SMSC; false ends the session.
fn dispatch(
    link: &Arc<Link>,
    deliveries: &mpsc::Sender<Incoming>,
    sequence: u32,
    body: Body,
) -> bool {
    let ok = CommandStatus::ESME_ROK;
    match body {
        Body::DeliverSm(message) => {
            let incoming = Incoming::new(message, sequence, Arc::clone(link));
            if let Err(full) = deliveries.try_send(incoming) {
                // SMPP 3.4 5.1.3: a temporary receiver error lets the SMSC retry later.
                let incoming = match full {
                    mpsc::error::TrySendError::Full(i) | mpsc::error::TrySendError::Closed(i) => i,
                };
                incoming.respond(CommandStatus::ESME_RX_T_APPN);
            }
            true
        }
        Body::EnquireLink => link
            .send(&Pdu::response(sequence, ok, Body::EnquireLinkResp))
            .is_ok(),
        Body::Unbind => {
            let _ = link.send(&Pdu::response(sequence, ok, Body::UnbindResp));
            false
        }
        other => {
            tracing::debug!(command = ?other.command_id(), "esme: request an ESME does not serve");
            link.send(&Pdu::response(
                sequence,
                CommandStatus::ESME_RINVCMDID,
                Body::GenericNack,
            ))
            .is_ok()
        }
    }
}

/// Answers an undecodable request: generic_nack for an unknown command (SMPP 3.4 4.3), the
/// command's own response with the field's status otherwise.
fn refuse(link: &Link, sequence: u32, id: crate::pdu::CommandId, error: &DecodeError) {
    tracing::debug!(%error, "esme: undecodable request");
    let body = match id {
        crate::pdu::CommandId::DELIVER_SM => Body::DeliverSmResp(MessageIdResp::default()),
        crate::pdu::CommandId::ENQUIRE_LINK => Body::EnquireLinkResp,
        crate::pdu::CommandId::UNBIND => Body::UnbindResp,
        _ => Body::GenericNack,
    };
    let _ = link.send(&Pdu::response(sequence, error.status(), body));
}
