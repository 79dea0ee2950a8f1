//! The ESME's side of one SMPP session: sequence numbers, requests awaiting their
//! responses, and the task that writes PDUs in order.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::Duration;

use tokio::io::AsyncWriteExt;
use tokio::net::tcp::OwnedWriteHalf;
use tokio::sync::{mpsc, oneshot};

use super::error::EsmeError;
use crate::frame::write_octets;
use crate::pdu::{Body, CommandId, DecodeError, Pdu};

/// What the writer task is asked to do.
pub(crate) enum Outgoing {
    /// Write these PDU octets.
    Octets(Vec<u8>),
    /// Close the sending side after what was queued before.
    Close,
}

type Answer = Result<Pdu, DecodeError>;

/// Shared by the ESME handle, its reader task and its keep-alive task.
pub(crate) struct Link {
    out: mpsc::UnboundedSender<Outgoing>,
    pending: Mutex<HashMap<u32, oneshot::Sender<Answer>>>,
    next_sequence: AtomicU32,
    closed: AtomicBool,
    timeout: Duration,
}

impl Link {
    pub(crate) fn new(out: mpsc::UnboundedSender<Outgoing>, timeout: Duration) -> Link {
        Link {
            out,
            pending: Mutex::new(HashMap::new()),
            next_sequence: AtomicU32::new(1),
            closed: AtomicBool::new(false),
            timeout,
        }
    }

    /// The next sequence_number, within 0x00000001..=0x7FFFFFFF (SMPP 3.4 3.2).
    fn sequence(&self) -> u32 {
        let n = self.next_sequence.fetch_add(1, Ordering::Relaxed) & 0x7FFF_FFFF;
        if n == 0 { self.sequence() } else { n }
    }

    /// Queues a PDU for writing.
    pub(crate) fn send(&self, pdu: &Pdu) -> Result<(), EsmeError> {
        let octets = pdu.encode()?;
        self.out
            .send(Outgoing::Octets(octets))
            .map_err(|_| EsmeError::Closed)
    }

    /// Sends a request without waiting for its response.
    pub(crate) fn notify(&self, body: Body) -> Result<(), EsmeError> {
        self.send(&Pdu::request(self.sequence(), body))
    }

    /// Sends a request and awaits the PDU with its sequence number, within the timeout.
    /// A generic_nack or a non-zero command_status is an error.
    pub(crate) async fn request(&self, body: Body) -> Result<Pdu, EsmeError> {
        if self.is_closed() {
            return Err(EsmeError::Closed);
        }
        let command = body.command_id();
        let sequence = self.sequence();
        let (tx, rx) = oneshot::channel();
        self.lock().insert(sequence, tx);
        if let Err(e) = self.send(&Pdu::request(sequence, body)) {
            self.lock().remove(&sequence);
            return Err(e);
        }
        let answer = match tokio::time::timeout(self.timeout, rx).await {
            Ok(Ok(answer)) => answer.map_err(EsmeError::Decode)?,
            Ok(Err(_)) => return Err(EsmeError::Closed),
            Err(_) => {
                self.lock().remove(&sequence);
                return Err(EsmeError::Timeout(command));
            }
        };
        check_answer(command, answer)
    }

    /// Hands a response to the request waiting for it; false when none waits.
    pub(crate) fn answer(&self, sequence: u32, answer: Answer) -> bool {
        match self.lock().remove(&sequence) {
            Some(waiter) => waiter.send(answer).is_ok(),
            None => false,
        }
    }

    /// Ends the session: pending requests fail with [`EsmeError::Closed`].
    pub(crate) fn shut(&self) {
        self.closed.store(true, Ordering::Relaxed);
        self.lock().clear();
        let _ = self.out.send(Outgoing::Close);
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.closed.load(Ordering::Relaxed)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u32, oneshot::Sender<Answer>>> {
        self.pending
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

fn check_answer(sent: CommandId, answer: Pdu) -> Result<Pdu, EsmeError> {
    let got = answer.body.command_id();
    if got == CommandId::GENERIC_NACK {
        return Err(EsmeError::GenericNack(answer.command_status));
    }
    if got != sent.response() {
        return Err(EsmeError::UnexpectedResponse { sent, got });
    }
    if !answer.command_status.is_ok() {
        return Err(EsmeError::Refused {
            command: sent,
            status: answer.command_status,
        });
    }
    Ok(answer)
}

/// Writes queued PDUs in order until asked to close or the socket fails.
pub(crate) async fn write_loop(
    mut writer: OwnedWriteHalf,
    mut queue: mpsc::UnboundedReceiver<Outgoing>,
) {
    while let Some(item) = queue.recv().await {
        match item {
            Outgoing::Octets(octets) => {
                if let Err(e) = write_octets(&mut writer, &octets).await {
                    tracing::debug!(error = %e, "esme: write failed");
                    break;
                }
            }
            Outgoing::Close => break,
        }
    }
    let _ = writer.shutdown().await;
}
