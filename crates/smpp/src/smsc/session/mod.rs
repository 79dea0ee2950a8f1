//! One ESME's session with the SMSC (SMPP 3.4 2.3 and 2.4).
//!
//! ```text
//! OPEN ── bind_* ok ──▶ BOUND_TX | BOUND_RX | BOUND_TRX ── unbind / stop / close ──▶ CLOSED
//!  │  anything but bind and enquire_link: the command's response, ESME_RINVBNDSTS
//!  └─ a second bind once bound: ESME_RALYBND
//! ```
//!
//! Requests are answered in the order they arrive; a bound receiver is sent deliver_sm for
//! its messages, at most `delivery_window` unanswered at a time. Messages it took and did
//! not see answered go back to the store when the session ends.

mod bind;
mod requests;
mod state;

use std::collections::HashMap;
use std::sync::Arc;

use tokio::net::TcpStream;
use tokio::net::tcp::OwnedWriteHalf;
use tokio::sync::{Semaphore, mpsc, watch};

use super::address::AddressRange;
use super::core::Core;
use super::message::Message;
use super::receipt::FinalState;
use crate::frame::{Frame, FrameError, read_frame, write_octets};
use crate::pdu::{Body, CommandStatus, Pdu};
use state::State;

/// What woke the session up.
enum Event {
    Frame(Option<Result<Frame, FrameError>>),
    Deliver(Box<Message>),
    Stop,
}

/// A bound receiver's messages: the channel the router feeds, the ranges it is bound for,
/// and whether it holds messages it answered with a temporary error.
pub(crate) struct Inbox {
    rx: mpsc::UnboundedReceiver<Message>,
    tx: mpsc::UnboundedSender<Message>,
    ranges: Vec<AddressRange>,
    holding: bool,
}

/// A session's state besides the socket's reading half.
pub(crate) struct Session {
    core: Arc<Core>,
    id: u64,
    writer: OwnedWriteHalf,
    state: State,
    window: Arc<Semaphore>,
    inbox: Option<Inbox>,
    in_flight: HashMap<u32, Message>,
    next_sequence: u32,
}

/// Serves one connection until it unbinds, closes, or the SMSC stops.
pub(crate) async fn run(core: Arc<Core>, stream: TcpStream, mut stop: watch::Receiver<bool>) {
    let peer = stream.peer_addr().ok();
    let _ = stream.set_nodelay(true);
    let (mut reader, writer) = stream.into_split();
    let (frame_tx, mut frames) = mpsc::channel(4);
    let reading = tokio::spawn(async move {
        loop {
            let frame = read_frame(&mut reader).await;
            let last = frame.is_err();
            if frame_tx.send(frame).await.is_err() || last {
                return;
            }
        }
    });
    let mut session = Session {
        window: Arc::new(Semaphore::new(core.config.limits.session_window)),
        id: core.session_id(),
        core,
        writer,
        state: State::Open,
        inbox: None,
        in_flight: HashMap::new(),
        next_sequence: 1,
    };
    tracing::debug!(session = session.id, ?peer, "smsc: connection");
    loop {
        let event = session.next_event(&mut frames, &mut stop).await;
        let go_on = match event {
            Event::Frame(Some(Ok(frame))) => session.handle(frame).await,
            Event::Frame(Some(Err(FrameError::CommandLength(header)))) => {
                // SMPP 3.4 4.3: generic_nack, ESME_RINVCMDLEN; the stream cannot be
                // resynchronised after a length it cannot trust.
                let nack = Pdu::response(
                    header.sequence_number,
                    CommandStatus::ESME_RINVCMDLEN,
                    Body::GenericNack,
                );
                session.send(&nack).await;
                false
            }
            Event::Frame(_) => false,
            Event::Deliver(message) => session.deliver(*message).await,
            Event::Stop => {
                session.unbind_for_stop(&mut frames).await;
                false
            }
        };
        if !go_on {
            break;
        }
    }
    reading.abort();
    session.end().await;
}

impl Session {
    async fn next_event(
        &mut self,
        frames: &mut mpsc::Receiver<Result<Frame, FrameError>>,
        stop: &mut watch::Receiver<bool>,
    ) -> Event {
        let can_deliver = self.in_flight.len() < self.core.config.limits.delivery_window;
        let inbox = self.inbox.as_mut();
        let has_deliveries = can_deliver && inbox.is_some();
        let next_delivery = async move {
            match inbox {
                Some(inbox) => inbox.rx.recv().await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            biased;
            _ = stop.wait_for(|stopped| *stopped) => Event::Stop,
            frame = frames.recv() => Event::Frame(frame),
            Some(message) = next_delivery, if has_deliveries => Event::Deliver(Box::new(message)),
        }
    }

    /// Writes one PDU within the write timeout; false when the connection is lost.
    async fn send(&mut self, pdu: &Pdu) -> bool {
        let octets = match pdu.encode() {
            Ok(octets) => octets,
            Err(e) => {
                tracing::error!(session = self.id, error = %e, "smsc: PDU not encodable");
                return true;
            }
        };
        let timeout = self.core.config.write_timeout;
        matches!(
            tokio::time::timeout(timeout, write_octets(&mut self.writer, &octets)).await,
            Ok(Ok(()))
        )
    }

    /// The next sequence_number of an SMSC-originated request (3.2: 1 to 0x7FFFFFFF).
    fn sequence(&mut self) -> u32 {
        let n = self.next_sequence;
        self.next_sequence = if n >= 0x7FFF_FFFF { 1 } else { n + 1 };
        n
    }

    /// Sends deliver_sm (4.6.1) and keeps the message until its response.
    async fn deliver(&mut self, message: Message) -> bool {
        let sequence = self.sequence();
        let pdu = Pdu::request(sequence, Body::DeliverSm(message.deliver.clone()));
        self.in_flight.insert(sequence, message);
        self.send(&pdu).await
    }

    /// The deliver_sm_resp or generic_nack for an in-flight deliver_sm. A temporary error
    /// (ESME_RX_T_APPN, ESME_RMSGQFUL, ESME_RTHROTTLED; SMPP 3.4 5.1.3) keeps the message,
    /// offered again once this receiver accepts another; any other error ends it as
    /// undeliverable.
    fn delivered(&mut self, sequence: u32, status: CommandStatus) {
        let Some(message) = self.in_flight.remove(&sequence) else {
            tracing::debug!(
                session = self.id,
                sequence,
                "smsc: response to no deliver_sm"
            );
            return;
        };
        let temporary = [
            CommandStatus::ESME_RX_T_APPN,
            CommandStatus::ESME_RMSGQFUL,
            CommandStatus::ESME_RTHROTTLED,
        ];
        if temporary.contains(&status) {
            self.core.hold(message);
            if let Some(inbox) = self.inbox.as_mut() {
                inbox.holding = true;
            }
            return;
        }
        if !status.is_ok() {
            self.core.finish(message, FinalState::Undeliverable(status));
            return;
        }
        self.core.finish(message, FinalState::Delivered);
        if let Some(inbox) = self.inbox.as_mut().filter(|i| i.holding) {
            inbox.holding = false;
            self.core.reoffer(&inbox.ranges, &inbox.tx);
        }
    }

    /// The SMSC is stopping: unbind (4.2.1) and wait, within the write timeout, for the
    /// ESME's unbind_resp, still taking deliver_sm responses.
    async fn unbind_for_stop(&mut self, frames: &mut mpsc::Receiver<Result<Frame, FrameError>>) {
        if !matches!(self.state, State::Bound(_)) {
            return;
        }
        let sequence = self.sequence();
        if !self.send(&Pdu::request(sequence, Body::Unbind)).await {
            return;
        }
        let deadline = tokio::time::Instant::now() + self.core.config.write_timeout;
        while let Ok(Some(Ok(frame))) = tokio::time::timeout_at(deadline, frames.recv()).await {
            let status = frame.header.command_status;
            match Body::decode(frame.header.command_id, &frame.body) {
                Ok(Body::UnbindResp) => return,
                Ok(Body::DeliverSmResp(_)) => self.delivered(frame.header.sequence_number, status),
                _ => {}
            }
        }
    }

    /// Unregisters the receiver and puts its untaken and unanswered messages back.
    async fn end(mut self) {
        self.core.detach(self.id);
        if let Some(mut inbox) = self.inbox.take() {
            inbox.rx.close();
            while let Ok(message) = inbox.rx.try_recv() {
                self.core.requeue(message);
            }
        }
        for (_, message) in self.in_flight.drain() {
            self.core.requeue(message);
        }
        let _ = tokio::io::AsyncWriteExt::shutdown(&mut self.writer).await;
        tracing::debug!(session = self.id, "smsc: session ended");
    }
}
