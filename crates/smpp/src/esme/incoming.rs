//! A deliver_sm received by the ESME, answered once: by the application's choice, or with
//! ESME_ROK when the application lets it go.

use std::sync::Arc;

use super::link::Link;
use crate::pdu::{Body, CommandStatus, MessageIdResp, Pdu, ShortMessage};

/// A deliver_sm from the SMSC (SMPP 3.4 4.6.1). Its deliver_sm_resp (4.6.2) is sent by
/// [`Incoming::respond`], or with ESME_ROK by [`Incoming::accept`] or on drop.
pub struct Incoming {
    message: ShortMessage,
    sequence_number: u32,
    link: Option<Arc<Link>>,
}

impl Incoming {
    pub(crate) fn new(message: ShortMessage, sequence_number: u32, link: Arc<Link>) -> Incoming {
        Incoming {
            message,
            sequence_number,
            link: Some(link),
        }
    }

    /// The delivered message.
    pub fn message(&self) -> &ShortMessage {
        &self.message
    }

    /// Answers ESME_ROK and hands over the message.
    pub fn accept(mut self) -> ShortMessage {
        self.answer(CommandStatus::ESME_ROK);
        std::mem::take(&mut self.message)
    }

    /// Answers with `status`, e.g. ESME_RX_T_APPN to have the SMSC retry, ESME_RX_P_APPN
    /// to refuse for good (SMPP 3.4 5.1.3).
    pub fn respond(mut self, status: CommandStatus) {
        self.answer(status);
    }

    fn answer(&mut self, status: CommandStatus) {
        if let Some(link) = self.link.take() {
            let body = Body::DeliverSmResp(MessageIdResp::default());
            let _ = link.send(&Pdu::response(self.sequence_number, status, body));
        }
    }
}

impl Drop for Incoming {
    fn drop(&mut self) {
        self.answer(CommandStatus::ESME_ROK);
    }
}

impl std::fmt::Debug for Incoming {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Incoming")
            .field("sequence_number", &self.sequence_number)
            .field("message", &self.message)
            .finish()
    }
}
