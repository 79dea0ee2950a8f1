//! The terminal's side of BIP (ETSI TS 102 223 6.4.16, 6.4.27–6.4.31, 7.5.10, 7.5.11): the
//! channel commands the card issues, read from their TLVs; the TERMINAL RESPONSE objects
//! (channel status 8.56, channel data 8.48, channel data length 8.49) and the event
//! downloads Data available and Channel status. The modem moves the bytes.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use super::{Terminal, TerminalError};
use lpa::CardChannel;

/// Types of command (9.4).
pub(crate) const SET_UP_EVENT_LIST: u8 = 0x05;
pub(crate) const OPEN_CHANNEL: u8 = 0x40;
pub(crate) const CLOSE_CHANNEL: u8 = 0x41;
pub(crate) const RECEIVE_DATA: u8 = 0x42;
pub(crate) const SEND_DATA: u8 = 0x43;
pub(crate) const GET_CHANNEL_STATUS: u8 = 0x44;

/// Event list values (8.25).
pub const EVENT_DATA_AVAILABLE: u8 = 0x09;
/// Channel status event.
pub const EVENT_CHANNEL_STATUS: u8 = 0x0A;

/// UICC/terminal interface transport level (8.59): TCP, UICC in client mode, remote.
const TCP_CLIENT_REMOTE: u8 = 0x02;
/// Other address types (8.58).
const IPV4: u8 = 0x21;
const IPV6: u8 = 0x57;
/// Channel status byte 2 (8.56): no further information, link dropped.
const NO_INFO: u8 = 0x00;
const LINK_DROPPED: u8 = 0x05;

/// A BIP command the card issued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChannelCommand {
    /// SET UP EVENT LIST: the events the card wants.
    SetUpEventList(Vec<u8>),
    /// OPEN CHANNEL in TCP client mode.
    Open {
        /// Where to connect.
        destination: SocketAddr,
        /// The buffer size asked for (8.55).
        buffer: u16,
        /// The bearer description as given (8.52), for the TERMINAL RESPONSE.
        bearer: Vec<u8>,
    },
    /// OPEN CHANNEL the terminal cannot run (no TCP client, no address).
    Unsupported,
    /// SEND DATA on a channel.
    Send(Vec<u8>),
    /// RECEIVE DATA of so many octets.
    Receive(u8),
    /// CLOSE CHANNEL.
    Close,
    /// GET CHANNEL STATUS.
    Status,
}

fn find(objects: &[(u8, Vec<u8>)], tag: u8) -> Option<&[u8]> {
    objects
        .iter()
        .find(|(t, _)| t & 0x7F == tag & 0x7F)
        .map(|(_, v)| v.as_slice())
}

/// Reads the simple TLVs of a proactive command's body (one-octet tags, lengths in one or
/// `81 xx` two octets).
pub(crate) fn objects(mut body: &[u8]) -> Option<Vec<(u8, Vec<u8>)>> {
    let mut out = Vec::new();
    while let [tag, rest @ ..] = body {
        let (len, rest) = match rest {
            [n @ 0..=0x7F, r @ ..] => (usize::from(*n), r),
            [0x81, n, r @ ..] => (usize::from(*n), r),
            _ => return None,
        };
        out.push((*tag, rest.get(..len)?.to_vec()));
        body = rest.get(len..)?;
    }
    Some(out)
}

/// The BIP command of type `kind` with the body objects `objects`.
pub(crate) fn command(kind: u8, objects: &[(u8, Vec<u8>)]) -> Option<ChannelCommand> {
    Some(match kind {
        SET_UP_EVENT_LIST => ChannelCommand::SetUpEventList(find(objects, 0x19)?.to_vec()),
        OPEN_CHANNEL => open(objects).unwrap_or(ChannelCommand::Unsupported),
        SEND_DATA => ChannelCommand::Send(find(objects, 0x36)?.to_vec()),
        RECEIVE_DATA => ChannelCommand::Receive(*find(objects, 0x37)?.first()?),
        CLOSE_CHANNEL => ChannelCommand::Close,
        GET_CHANNEL_STATUS => ChannelCommand::Status,
        _ => return None,
    })
}

fn open(objects: &[(u8, Vec<u8>)]) -> Option<ChannelCommand> {
    let port = match find(objects, 0x3C)? {
        [TCP_CLIENT_REMOTE, hi, lo] => u16::from_be_bytes([*hi, *lo]),
        _ => return None,
    };
    let ip = match find(objects, 0x3E)? {
        [IPV4, a @ ..] => IpAddr::V4(Ipv4Addr::from(<[u8; 4]>::try_from(a).ok()?)),
        [IPV6, a @ ..] => IpAddr::V6(Ipv6Addr::from(<[u8; 16]>::try_from(a).ok()?)),
        _ => return None,
    };
    let buffer = match find(objects, 0x39)? {
        [hi, lo] => u16::from_be_bytes([*hi, *lo]),
        _ => return None,
    };
    Some(ChannelCommand::Open {
        destination: SocketAddr::new(ip, port),
        buffer,
        bearer: find(objects, 0x35)?.to_vec(),
    })
}

/// Channel status (8.56) of channel `id`: `38 02 | b8 link established, b1–b3 id | info`.
pub(crate) fn channel_status(id: u8, established: bool) -> [u8; 4] {
    let link = if established { 0x80 } else { 0x00 };
    let info = if established { NO_INFO } else { LINK_DROPPED };
    [0x38, 0x02, link | (id & 0x07), info]
}

/// Channel data (8.48) object.
pub(crate) fn channel_data(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x36];
    if data.len() > 0x7F {
        out.push(0x81);
    }
    out.push(data.len().min(0xFF) as u8);
    out.extend_from_slice(data);
    out
}

/// Channel data length (8.49) object: `FF` stands for more than 255.
pub(crate) fn channel_data_length(n: usize) -> [u8; 3] {
    [0x37, 0x01, n.min(0xFF) as u8]
}

impl<C: CardChannel> Terminal<C> {
    /// ENVELOPE (EVENT DOWNLOAD – Data available, 7.5.10) for channel `id` holding `len`
    /// octets.
    pub fn data_available(&mut self, id: u8, len: usize) -> Result<(), TerminalError> {
        let mut objects = channel_status(id, true).to_vec();
        objects.extend(channel_data_length(len));
        self.event(EVENT_DATA_AVAILABLE, &objects)
    }

    /// ENVELOPE (EVENT DOWNLOAD – Channel status, 7.5.11): channel `id`'s link dropped.
    pub fn link_dropped(&mut self, id: u8) -> Result<(), TerminalError> {
        self.event(EVENT_CHANNEL_STATUS, &channel_status(id, false))
    }

    /// `D6 L | 99 01 event | 82 02 82 81 (terminal to UICC) | objects` (TS 102 223 7.5).
    fn event(&mut self, event: u8, objects: &[u8]) -> Result<(), TerminalError> {
        let mut body = vec![0x99, 0x01, event, 0x82, 0x02, 0x82, 0x81];
        body.extend_from_slice(objects);
        let mut data = vec![0xD6, body.len() as u8];
        data.extend(body);
        self.envelope(&data).map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn ts102_223_6_6_27_open_channel_tcp_client_to_ipv4() {
        let body = hex("8103024001820281823501033902050 03C030220FB3E05217F000001"
            .replace(' ', "")
            .as_str());
        let o = objects(&body).unwrap();
        assert_eq!(
            command(OPEN_CHANNEL, &o),
            Some(ChannelCommand::Open {
                destination: "127.0.0.1:8443".parse().unwrap(),
                buffer: 0x0500,
                bearer: vec![0x03],
            })
        );
        // UDP (01) is not TCP client mode
        let udp = hex("3501033902050 03C030120FB3E05217F000001"
            .replace(' ', "")
            .as_str());
        assert_eq!(
            command(OPEN_CHANNEL, &objects(&udp).unwrap()),
            Some(ChannelCommand::Unsupported)
        );
    }

    #[test]
    fn ts102_223_send_receive_and_event_list_objects() {
        let send = objects(&hex("B603160303")).unwrap();
        assert_eq!(
            command(SEND_DATA, &send),
            Some(ChannelCommand::Send(vec![0x16, 0x03, 0x03]))
        );
        let rx = objects(&hex("B701C8")).unwrap();
        assert_eq!(
            command(RECEIVE_DATA, &rx),
            Some(ChannelCommand::Receive(0xC8))
        );
        let ev = objects(&hex("9902090A")).unwrap();
        assert_eq!(
            command(SET_UP_EVENT_LIST, &ev),
            Some(ChannelCommand::SetUpEventList(vec![0x09, 0x0A]))
        );
        assert_eq!(objects(&hex("B605AA")), None, "truncated");
    }

    #[test]
    fn ts102_223_8_48_8_49_8_56_response_objects() {
        assert_eq!(channel_status(1, true), [0x38, 0x02, 0x81, 0x00]);
        assert_eq!(channel_status(1, false), [0x38, 0x02, 0x01, 0x05]);
        assert_eq!(channel_data(&[1, 2]), vec![0x36, 0x02, 1, 2]);
        assert_eq!(&channel_data(&[0; 200])[..3], &[0x36, 0x81, 0xC8]);
        assert_eq!(channel_data_length(300), [0x37, 0x01, 0xFF]);
    }
}
