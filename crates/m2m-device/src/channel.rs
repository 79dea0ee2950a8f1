//! The device's side of the card's BIP channel (ETSI TS 102 223 6.4.27–6.4.31, 7.5.10,
//! 7.5.11): OPEN CHANNEL in TCP client mode opens a real TCP connection; SEND DATA writes
//! to it; what arrives waits in the receive buffer (the size OPEN CHANNEL asked for) and
//! is announced with Data available until RECEIVE DATA takes it; a connection the peer
//! closes is reported with Channel status "link dropped"; CLOSE CHANNEL shuts it. One
//! channel at a time (TERMINAL PROFILE byte 13), identifier 1.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::terminal::GeneralResult;
use crate::terminal::channel::{
    ChannelCommand, EVENT_CHANNEL_STATUS, EVENT_DATA_AVAILABLE, channel_data, channel_data_length,
    channel_status,
};

/// The channel identifier this terminal hands out.
pub(crate) const CHANNEL_ID: u8 = 1;
/// The longest wait for a TCP connection (a safety net; the card is told it failed).
const CONNECT_LIMIT: Duration = Duration::from_secs(20);
/// The largest receive buffer granted, whatever the card asks.
const MAX_BUFFER: usize = 0x4000;
/// 8.12.11 additional information: no specific cause, channel closed.
const NO_CAUSE: u8 = 0x00;
const CHANNEL_CLOSED: u8 = 0x02;

struct Open {
    stream: TcpStream,
    rx: Vec<u8>,
    buffer: usize,
    up: bool,
}

/// What came in on the channel.
pub(crate) enum Input {
    /// Octets now waiting (all of the buffer).
    Data(usize),
    /// The peer closed the connection or it failed.
    Dropped,
}

/// The channel and the events the card asked for.
#[derive(Default)]
pub(crate) struct Bip {
    open: Option<Open>,
    events: Vec<u8>,
}

impl Bip {
    /// Whether the card asked for the Data available event.
    pub(crate) fn wants_data_available(&self) -> bool {
        self.events.contains(&EVENT_DATA_AVAILABLE)
    }

    /// Whether the card asked for the Channel status event.
    pub(crate) fn wants_channel_status(&self) -> bool {
        self.events.contains(&EVENT_CHANNEL_STATUS)
    }

    /// Forgets the channel (a card reset).
    pub(crate) fn reset(&mut self) {
        *self = Bip::default();
    }

    /// Runs one command; the result and the objects of its TERMINAL RESPONSE.
    pub(crate) async fn run(&mut self, command: ChannelCommand) -> (GeneralResult, Vec<u8>) {
        match command {
            ChannelCommand::SetUpEventList(events) => {
                self.events = events;
                (GeneralResult::Ok, Vec::new())
            }
            ChannelCommand::Open {
                destination,
                buffer,
                bearer,
            } => self.open(destination, buffer, bearer).await,
            ChannelCommand::Unsupported => (GeneralResult::BeyondCapabilities, Vec::new()),
            ChannelCommand::Send(data) => self.send(&data).await,
            ChannelCommand::Receive(len) => self.receive(usize::from(len)),
            ChannelCommand::Close => {
                self.open = None;
                (GeneralResult::Ok, Vec::new())
            }
            ChannelCommand::Status => {
                let up = self.open.as_ref().is_some_and(|o| o.up);
                (GeneralResult::Ok, channel_status(CHANNEL_ID, up).to_vec())
            }
        }
    }

    async fn open(
        &mut self,
        destination: std::net::SocketAddr,
        buffer: u16,
        bearer: Vec<u8>,
    ) -> (GeneralResult, Vec<u8>) {
        if self.open.is_some() {
            // 8.12.11 `01`: no channel available
            return (GeneralResult::Bip(0x01), Vec::new());
        }
        let connected = tokio::time::timeout(CONNECT_LIMIT, TcpStream::connect(destination)).await;
        let Ok(Ok(stream)) = connected else {
            tracing::info!(%destination, "OPEN CHANNEL: no connection");
            return (GeneralResult::Bip(NO_CAUSE), Vec::new());
        };
        let granted = usize::from(buffer).clamp(1, MAX_BUFFER);
        tracing::info!(%destination, "BIP channel open");
        self.open = Some(Open {
            stream,
            rx: Vec::new(),
            buffer: granted,
            up: true,
        });
        let mut objects = channel_status(CHANNEL_ID, true).to_vec();
        objects.push(0x35);
        objects.push(bearer.len().min(0x7F) as u8);
        objects.extend(bearer.iter().take(0x7F));
        objects.extend([0x39, 0x02]);
        objects.extend((granted as u16).to_be_bytes());
        (GeneralResult::Ok, objects)
    }

    async fn send(&mut self, data: &[u8]) -> (GeneralResult, Vec<u8>) {
        let Some(open) = self.open.as_mut().filter(|o| o.up) else {
            return (GeneralResult::Bip(CHANNEL_CLOSED), Vec::new());
        };
        if open.stream.write_all(data).await.is_err() {
            open.up = false;
            return (GeneralResult::Bip(CHANNEL_CLOSED), Vec::new());
        }
        // the transmit buffer is emptied at once: all of it is free
        (GeneralResult::Ok, channel_data_length(usize::MAX).to_vec())
    }

    fn receive(&mut self, len: usize) -> (GeneralResult, Vec<u8>) {
        let Some(open) = self.open.as_mut() else {
            return (GeneralResult::Bip(CHANNEL_CLOSED), Vec::new());
        };
        let n = len.min(open.rx.len());
        let data: Vec<u8> = open.rx.drain(..n).collect();
        let mut objects = channel_data(&data);
        objects.extend(channel_data_length(open.rx.len()));
        let result = if n < len {
            GeneralResult::MissingInformation
        } else {
            GeneralResult::Ok
        };
        (result, objects)
    }

    /// The next input on the open channel; pending while there is none, or while the
    /// receive buffer is full (the card has not taken what waits).
    pub(crate) async fn input(&mut self) -> Input {
        let Some(open) = self.open.as_mut().filter(|o| o.up && o.rx.len() < o.buffer) else {
            return std::future::pending().await;
        };
        let mut buf = vec![0u8; (open.buffer - open.rx.len()).min(4096)];
        match open.stream.read(&mut buf).await {
            Ok(0) | Err(_) => {
                open.up = false;
                Input::Dropped
            }
            Ok(n) => {
                open.rx.extend_from_slice(buf.get(..n).unwrap_or_default());
                Input::Data(open.rx.len())
            }
        }
    }
}
