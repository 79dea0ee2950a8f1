//! Shared setup: an SMSC with the lab's usual accounts, ESMEs bound to it, a raw client.

use std::net::SocketAddr;
use std::time::Duration;

use smpp::esme::{Esme, EsmeConfig, EsmeError, Incoming};
use smpp::frame::{FrameError, read_frame};
use smpp::pdu::{Bind, Body, CommandStatus, Pdu, ShortMessage};
use smpp::smsc::{Account, Smsc, SmscConfig};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

/// The longest any test waits for something that should already be on its way.
pub(crate) const SAFETY_NET: Duration = Duration::from_secs(10);

/// The SM-SR's address and the device's MSISDN.
pub(crate) const SMSR: &str = "882350";
pub(crate) const DEVICE: &str = "4915550001";

/// Accounts: the SM-SR (any address) and the device (only its MSISDN).
pub(crate) fn lab_config() -> SmscConfig {
    let device_range = DEVICE.parse().expect("an address");
    SmscConfig::new(vec![
        Account::new("smsr", "smsrpw"),
        Account::new("device", "devpw").allowing([device_range]),
    ])
}

pub(crate) async fn start(config: SmscConfig) -> Smsc {
    Smsc::start("127.0.0.1:0", config)
        .await
        .expect("the SMSC listens")
}

pub(crate) fn esme_config(system_id: &str, password: &str, range: &str) -> EsmeConfig {
    let mut config = EsmeConfig::new(system_id, password, range);
    config.request_timeout = SAFETY_NET;
    config.enquire_link_interval = None;
    config
}

pub(crate) async fn bind(smsc: &Smsc, system_id: &str, password: &str, range: &str) -> Esme {
    Esme::bind_transceiver(smsc.local_addr(), &esme_config(system_id, password, range))
        .await
        .expect("the bind succeeds")
}

pub(crate) async fn smsr(smsc: &Smsc) -> Esme {
    bind(smsc, "smsr", "smsrpw", SMSR).await
}

pub(crate) async fn device(smsc: &Smsc) -> Esme {
    bind(smsc, "device", "devpw", DEVICE).await
}

/// The next deliver_sm, within the safety net.
pub(crate) async fn next(esme: &mut Esme) -> Incoming {
    tokio::time::timeout(SAFETY_NET, esme.recv())
        .await
        .expect("a deliver_sm in time")
        .expect("the session is open")
}

/// A secured-packet-like MT SMS from the SM-SR to the device: UDHI, PID 7F, DCS F6,
/// binary user data with its UDH (TS 23.040 IE 70: command packet).
pub(crate) fn ota_sms(user_data: &[u8]) -> ShortMessage {
    let mut ud = vec![0x02, 0x70, 0x00];
    ud.extend_from_slice(user_data);
    ShortMessage {
        source_addr_ton: 1,
        source_addr_npi: 1,
        source_addr: SMSR.into(),
        dest_addr_ton: 1,
        dest_addr_npi: 1,
        destination_addr: DEVICE.into(),
        esm_class: ShortMessage::ESM_CLASS_UDHI,
        protocol_id: 0x7F,
        data_coding: 0xF6,
        short_message: ud,
        ..ShortMessage::default()
    }
}

/// A message from `from` to `to` with text data.
pub(crate) fn text(from: &str, to: &str, body: &str) -> ShortMessage {
    ShortMessage {
        source_addr: from.into(),
        destination_addr: to.into(),
        short_message: body.as_bytes().to_vec(),
        ..ShortMessage::default()
    }
}

/// A peer that writes whatever octets a test wants and reads PDUs back.
pub(crate) struct Raw {
    stream: TcpStream,
}

impl Raw {
    /// The test's end of a connection it accepted (a scripted SMSC).
    pub(crate) fn from_stream(stream: TcpStream) -> Raw {
        Raw { stream }
    }

    pub(crate) async fn connect(addr: SocketAddr) -> Raw {
        Raw {
            stream: TcpStream::connect(addr).await.expect("connects"),
        }
    }

    pub(crate) async fn write(&mut self, octets: &[u8]) {
        self.stream.write_all(octets).await.expect("writes");
    }

    pub(crate) async fn send(&mut self, pdu: &Pdu) {
        self.write(&pdu.encode().expect("encodes")).await;
    }

    /// The next PDU, decoded.
    pub(crate) async fn read(&mut self) -> Pdu {
        let frame = tokio::time::timeout(SAFETY_NET, read_frame(&mut self.stream))
            .await
            .expect("a PDU in time")
            .expect("a PDU");
        let mut octets = Vec::new();
        frame.header.encode(&mut octets);
        octets.extend_from_slice(&frame.body);
        Pdu::decode(&octets).expect("the peer sends decodable PDUs")
    }

    /// Whether the SMSC has closed the connection.
    pub(crate) async fn closed(&mut self) -> bool {
        let read = tokio::time::timeout(SAFETY_NET, read_frame(&mut self.stream)).await;
        matches!(read, Ok(Err(FrameError::Closed)))
    }

    /// Binds as `body` and asserts ESME_ROK.
    pub(crate) async fn bind(&mut self, body: Body) {
        self.send(&Pdu::request(1, body)).await;
        let resp = self.read().await;
        assert_eq!(resp.command_status, CommandStatus::ESME_ROK);
    }
}

/// Octets from hex digits; spaces and line breaks are ignored.
pub(crate) fn hex(text: &str) -> Vec<u8> {
    let digits: Vec<u8> = text.bytes().filter(u8::is_ascii_hexdigit).collect();
    digits
        .chunks(2)
        .map(|p| u8::from_str_radix(std::str::from_utf8(p).unwrap_or("00"), 16).unwrap_or(0))
        .collect()
}

/// A bind body for SMPP 3.4.
pub(crate) fn bind_body(system_id: &str, password: &str, range: &str) -> Bind {
    Bind {
        system_id: system_id.into(),
        password: password.into(),
        interface_version: 0x34,
        address_range: range.into(),
        ..Bind::default()
    }
}

/// The status an operation was refused with, if it was refused by the SMSC.
pub(crate) fn refusal_of<T>(outcome: &Result<T, EsmeError>) -> Option<CommandStatus> {
    match outcome {
        Err(EsmeError::Refused { status, .. }) => Some(*status),
        _ => None,
    }
}
