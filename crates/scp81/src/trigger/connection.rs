//! The connection parameters (`84`, GP Amendment B 3.8.1): the OPEN CHANNEL
//! COMPREHENSION-TLVs of ETSI TS 102 223 6.6.27 the card opens the channel with, written
//! in that clause's order.
//!
//! ```text
//! 35 L bearer description (8.52; 03 = default bearer)
//! 39 02 buffer size (8.55)
//! 47 L network access name (8.70; TS 23.003 labels)
//! 3C 03 transport protocol | port (8.59; 02 = TCP, UICC in client mode, remote)
//! 3E L  data destination address (8.58; 21 IPv4 | 57 IPv6)
//! ```
//!
//! A tag read with its comprehension bit (`80`) set is the same object. Other objects
//! (an alpha identifier, a login) are kept as sent.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use super::TriggerError;
use crate::tlv::{self, Reader};

const TAG_BEARER: u8 = 0x35;
const TAG_BUFFER: u8 = 0x39;
const TAG_APN: u8 = 0x47;
const TAG_TRANSPORT: u8 = 0x3C;
const TAG_ADDRESS: u8 = 0x3E;
/// TS 102 223 8.58: IPv4 and IPv6 address types.
const IPV4: u8 = 0x21;
const IPV6: u8 = 0x57;

/// The transport protocol of TS 102 223 8.59.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransportProtocol {
    /// `01`: UDP, UICC in client mode, remote connection.
    UdpClientRemote,
    /// `02`: TCP, UICC in client mode, remote connection (the admin session's).
    TcpClientRemote,
    /// Any other value.
    Other(u8),
}

impl TransportProtocol {
    fn code(self) -> u8 {
        match self {
            TransportProtocol::UdpClientRemote => 0x01,
            TransportProtocol::TcpClientRemote => 0x02,
            TransportProtocol::Other(c) => c,
        }
    }

    fn of(code: u8) -> TransportProtocol {
        match code {
            0x01 => TransportProtocol::UdpClientRemote,
            0x02 => TransportProtocol::TcpClientRemote,
            c => TransportProtocol::Other(c),
        }
    }
}

/// The connection parameters, each optional.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConnectionParams {
    /// The bearer description (`35`), e.g. `[03]`, the default bearer.
    pub bearer: Option<Vec<u8>>,
    /// The buffer size (`39`).
    pub buffer_size: Option<u16>,
    /// The network access name (`47`), in TS 23.003 labels ([`ConnectionParams::apn`]).
    pub network_access_name: Option<Vec<u8>>,
    /// The transport protocol and port (`3C`).
    pub transport: Option<(TransportProtocol, u16)>,
    /// The data destination address (`3E`).
    pub destination: Option<IpAddr>,
    /// Other objects, as sent: tag and value.
    pub other: Vec<(u8, Vec<u8>)>,
}

impl ConnectionParams {
    /// TCP to `addr:port` on the default bearer with a `buffer_size` buffer.
    pub fn tcp(addr: IpAddr, port: u16, buffer_size: u16) -> ConnectionParams {
        ConnectionParams {
            bearer: Some(vec![0x03]),
            buffer_size: Some(buffer_size),
            transport: Some((TransportProtocol::TcpClientRemote, port)),
            destination: Some(addr),
            ..Default::default()
        }
    }

    /// Where the card connects: the data destination address and port, when the transport
    /// is TCP in client mode (the admin session's).
    pub fn tcp_destination(&self) -> Option<SocketAddr> {
        match (self.transport, self.destination) {
            (Some((TransportProtocol::TcpClientRemote, port)), Some(ip)) => {
                Some(SocketAddr::new(ip, port))
            }
            _ => None,
        }
    }

    /// A dotted APN as TS 23.003 9.1 labels: each label after its length.
    pub fn apn(name: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(name.len() + 1);
        for label in name.split('.').filter(|l| !l.is_empty()) {
            out.push(u8::try_from(label.len()).unwrap_or(u8::MAX));
            out.extend(label.bytes().take(usize::from(u8::MAX)));
        }
        out
    }

    /// The OPEN CHANNEL TLVs, in TS 102 223 6.6.27 order.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        if let Some(b) = &self.bearer {
            tlv::put(&mut out, TAG_BEARER, b);
        }
        if let Some(s) = self.buffer_size {
            tlv::put(&mut out, TAG_BUFFER, &s.to_be_bytes());
        }
        if let Some(n) = &self.network_access_name {
            tlv::put(&mut out, TAG_APN, n);
        }
        if let Some((p, port)) = self.transport {
            let [hi, lo] = port.to_be_bytes();
            tlv::put(&mut out, TAG_TRANSPORT, &[p.code(), hi, lo]);
        }
        match self.destination {
            Some(IpAddr::V4(a)) => {
                tlv::put(&mut out, TAG_ADDRESS, &[&[IPV4][..], &a.octets()].concat())
            }
            Some(IpAddr::V6(a)) => {
                tlv::put(&mut out, TAG_ADDRESS, &[&[IPV6][..], &a.octets()].concat())
            }
            None => {}
        }
        for (tag, value) in &self.other {
            tlv::put(&mut out, *tag, value);
        }
        out
    }

    /// Reads OPEN CHANNEL TLVs.
    pub fn decode(v: &[u8]) -> Result<ConnectionParams, TriggerError> {
        let mut p = ConnectionParams::default();
        let mut r = Reader::new(v);
        while let Some(t) = r.next_tlv()? {
            let tag = t.tag & 0x7F;
            let value = t.value;
            let twice = match tag {
                TAG_BEARER => p.bearer.replace(value.to_vec()).is_some(),
                TAG_BUFFER => p.buffer_size.replace(buffer_size(value)?).is_some(),
                TAG_APN => p.network_access_name.replace(value.to_vec()).is_some(),
                TAG_TRANSPORT => p.transport.replace(transport(value)?).is_some(),
                TAG_ADDRESS => p.destination.replace(address(value)?).is_some(),
                _ => {
                    p.other.push((t.tag, value.to_vec()));
                    false
                }
            };
            if twice {
                return Err(TriggerError::Duplicate { tag, within: 0x84 });
            }
        }
        Ok(p)
    }
}

fn buffer_size(v: &[u8]) -> Result<u16, TriggerError> {
    match v {
        [hi, lo] => Ok(u16::from_be_bytes([*hi, *lo])),
        _ => Err(TriggerError::Length(TAG_BUFFER)),
    }
}

fn transport(v: &[u8]) -> Result<(TransportProtocol, u16), TriggerError> {
    match v {
        [p, hi, lo] => Ok((TransportProtocol::of(*p), u16::from_be_bytes([*hi, *lo]))),
        _ => Err(TriggerError::Length(TAG_TRANSPORT)),
    }
}

fn address(v: &[u8]) -> Result<IpAddr, TriggerError> {
    match v.split_first() {
        Some((&IPV4, a)) => <[u8; 4]>::try_from(a)
            .map(|a| IpAddr::V4(Ipv4Addr::from(a)))
            .map_err(|_| TriggerError::Length(TAG_ADDRESS)),
        Some((&IPV6, a)) => <[u8; 16]>::try_from(a)
            .map(|a| IpAddr::V6(Ipv6Addr::from(a)))
            .map_err(|_| TriggerError::Length(TAG_ADDRESS)),
        _ => Err(TriggerError::Value(TAG_ADDRESS)),
    }
}
