//! The BIP objects the ISD-R's admin session uses (ETSI TS 102 223): the proactive
//! commands SET UP EVENT LIST (6.4.16), OPEN CHANNEL (6.4.27, TCP client mode), CLOSE
//! CHANNEL (6.4.28), RECEIVE DATA (6.4.29) and SEND DATA (6.4.30); the TERMINAL RESPONSE
//! objects they come back with (6.8: channel status 8.56, channel data 8.48, channel data
//! length 8.49); the event downloads Data available (7.5.10) and Channel status (7.5.11).
//!
//! ```text
//! D0 L 81 03 nn 05 00 | 82 02 81 82 | 99 02 09 0A              SET UP EVENT LIST
//! D0 L 81 03 nn 40 01 | 82 02 81 82 | 35 … 39 … 3C … 3E …      OPEN CHANNEL (immediate)
//! D0 L 81 03 nn 43 01 | 82 02 81 21 | B6 L data                SEND DATA (send immediately)
//! D0 L 81 03 nn 42 00 | 82 02 81 21 | B7 01 len                RECEIVE DATA
//! D0 L 81 03 nn 41 00 | 82 02 81 21                            CLOSE CHANNEL
//! D6 L 99 01 09 | 82 02 82 81 | B8 02 81 00 | B7 01 len        event: Data available
//! D6 L 99 01 0A | 82 02 82 81 | B8 02 01 05                    event: Channel status (link dropped)
//! ```

use crate::uicc::tlv;

/// Proactive command template (TS 102 223 9.2).
const TAG_PROACTIVE: u8 = 0xD0;
/// Comprehension-TLV tags (9.3), the comprehension-required bit set where 6.6 asks.
const TAG_COMMAND_DETAILS: u8 = 0x81;
const TAG_DEVICE_IDENTITIES: u8 = 0x82;
const TAG_EVENT_LIST: u8 = 0x99;
const TAG_CHANNEL_DATA: u8 = 0xB6;
const TAG_CHANNEL_DATA_LENGTH: u8 = 0xB7;
const TAG_CHANNEL_STATUS: u8 = 0x38;

/// Types of command (9.4).
pub(crate) const SET_UP_EVENT_LIST: u8 = 0x05;
pub(crate) const OPEN_CHANNEL: u8 = 0x40;
pub(crate) const CLOSE_CHANNEL: u8 = 0x41;
pub(crate) const RECEIVE_DATA: u8 = 0x42;
pub(crate) const SEND_DATA: u8 = 0x43;

/// Device identities (8.7): UICC, terminal (ME), channel 1 is `21`.
const UICC: u8 = 0x81;
const TERMINAL: u8 = 0x82;
const CHANNEL_BASE: u8 = 0x20;

/// Event list values (8.25).
pub(crate) const EVENT_DATA_AVAILABLE: u8 = 0x09;
pub(crate) const EVENT_CHANNEL_STATUS: u8 = 0x0A;

/// OPEN CHANNEL qualifier b1: immediate link establishment (8.6).
const IMMEDIATE_LINK: u8 = 0x01;
/// SEND DATA qualifier b1: send immediately (8.6).
const SEND_IMMEDIATELY: u8 = 0x01;

/// Channel status byte 2 "link dropped" (8.56).
const LINK_DROPPED: u8 = 0x05;

/// The most channel data one SEND DATA or RECEIVE DATA carries: its TERMINAL RESPONSE (or
/// the command itself) stays within one short APDU.
pub(crate) const MAX_CHANNEL_DATA: usize = 200;

fn command(number: u8, kind: u8, qualifier: u8, destination: u8, rest: &[u8]) -> Vec<u8> {
    let mut body = Vec::with_capacity(rest.len() + 9);
    tlv::push(&mut body, TAG_COMMAND_DETAILS, &[number, kind, qualifier]);
    tlv::push(&mut body, TAG_DEVICE_IDENTITIES, &[UICC, destination]);
    body.extend_from_slice(rest);
    let mut out = Vec::with_capacity(body.len() + 3);
    tlv::push(&mut out, TAG_PROACTIVE, &body);
    out
}

/// SET UP EVENT LIST (6.6.16) with `events`.
pub(crate) fn set_up_event_list(number: u8, events: &[u8]) -> Vec<u8> {
    let mut rest = Vec::new();
    tlv::push(&mut rest, TAG_EVENT_LIST, events);
    command(number, SET_UP_EVENT_LIST, 0, TERMINAL, &rest)
}

/// OPEN CHANNEL (6.6.27) with `parameters`: the bearer, buffer, transport level and
/// destination TLVs as the trigger's connection parameters give them.
pub(crate) fn open_channel(number: u8, parameters: &[u8]) -> Vec<u8> {
    command(number, OPEN_CHANNEL, IMMEDIATE_LINK, TERMINAL, parameters)
}

/// SEND DATA (6.6.30) of `data` (at most [`MAX_CHANNEL_DATA`]) on `channel`.
pub(crate) fn send_data(number: u8, channel: u8, data: &[u8]) -> Vec<u8> {
    let mut rest = Vec::new();
    tlv::push(&mut rest, TAG_CHANNEL_DATA, data);
    command(
        number,
        SEND_DATA,
        SEND_IMMEDIATELY,
        CHANNEL_BASE | channel,
        &rest,
    )
}

/// RECEIVE DATA (6.6.29) of `len` octets from `channel`.
pub(crate) fn receive_data(number: u8, channel: u8, len: u8) -> Vec<u8> {
    let mut rest = Vec::new();
    tlv::push(&mut rest, TAG_CHANNEL_DATA_LENGTH, &[len]);
    command(number, RECEIVE_DATA, 0, CHANNEL_BASE | channel, &rest)
}

/// CLOSE CHANNEL (6.6.28) of `channel`.
pub(crate) fn close_channel(number: u8, channel: u8) -> Vec<u8> {
    command(number, CLOSE_CHANNEL, 0, CHANNEL_BASE | channel, &[])
}

/// The value of the first object with `tag` (comprehension bit ignored).
fn find<'a>(objects: &[(u8, &'a [u8])], tag: u8) -> Option<&'a [u8]> {
    objects
        .iter()
        .find(|(t, _)| t & 0x7F == tag & 0x7F)
        .map(|(_, v)| *v)
}

/// What a TERMINAL RESPONSE to a BIP command carries beyond its result.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct ChannelResponse {
    /// Channel status (8.56): the channel identifier (byte 1 b1–b3) of an open link.
    pub channel: Option<u8>,
    /// Channel data (8.48) of a RECEIVE DATA.
    pub data: Vec<u8>,
    /// Channel data length (8.49): octets left to receive (`FF`: more than 255).
    pub remaining: Option<u8>,
}

/// Reads the objects of a TERMINAL RESPONSE (the APDU's data).
pub(crate) fn channel_response(data: &[u8]) -> Option<ChannelResponse> {
    let objects = tlv::parse(data)?;
    let channel = find(&objects, TAG_CHANNEL_STATUS)
        .and_then(|s| s.first())
        .filter(|b| *b & 0x80 != 0)
        .map(|b| b & 0x07);
    Some(ChannelResponse {
        channel,
        data: find(&objects, TAG_CHANNEL_DATA)
            .unwrap_or_default()
            .to_vec(),
        remaining: find(&objects, TAG_CHANNEL_DATA_LENGTH).and_then(|l| l.first().copied()),
    })
}

/// A BIP event the terminal downloads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ChannelEvent {
    /// Data available (7.5.10): octets waiting in the terminal's receive buffer.
    DataAvailable {
        /// The channel.
        channel: u8,
        /// Channel data length (`FF`: more than 255).
        len: u8,
    },
    /// Channel status (7.5.11): the link dropped (or another status change).
    Status {
        /// The channel.
        channel: u8,
        /// Whether the link is gone.
        dropped: bool,
    },
}

/// The BIP event of an EVENT DOWNLOAD envelope (`D6 …`), if it is one.
pub(crate) fn channel_event(data: &[u8]) -> Option<ChannelEvent> {
    let outer = tlv::parse(data)?;
    let (&(0xD6, inner), _) = outer.split_first()? else {
        return None;
    };
    let objects = tlv::parse(inner)?;
    let status = find(&objects, TAG_CHANNEL_STATUS)?;
    let channel = status.first()? & 0x07;
    match find(&objects, TAG_EVENT_LIST)? {
        [EVENT_DATA_AVAILABLE] => Some(ChannelEvent::DataAvailable {
            channel,
            len: *find(&objects, TAG_CHANNEL_DATA_LENGTH)?.first()?,
        }),
        [EVENT_CHANNEL_STATUS] => Some(ChannelEvent::Status {
            channel,
            dropped: status.first()? & 0x80 == 0 || status.get(1) == Some(&LINK_DROPPED),
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(b: &[u8]) -> String {
        hex::encode_upper(b)
    }

    #[test]
    fn ts102_223_6_6_16_set_up_event_list_for_bip() {
        assert_eq!(
            h(&set_up_event_list(1, &[0x09, 0x0A])),
            "D00D81030105008202818299020 90A".replace(' ', "")
        );
    }

    #[test]
    fn ts102_223_6_6_27_open_channel_carries_the_trigger_tlvs() {
        // 35 01 03 default bearer, 39 02 0500 buffer, 3C 03 02 20FB TCP client remote
        // port 8443, 3E 05 21 7F000001 IPv4 127.0.0.1 (8.52, 8.55, 8.59, 8.58)
        let tlvs = hex::decode("350103390205003C030220FB3E05217F000001").unwrap();
        assert_eq!(
            h(&open_channel(2, &tlvs)),
            "D01C81030240018202818235010339020500 3C030220FB3E05217F000001".replace(' ', "")
        );
    }

    #[test]
    fn ts102_223_6_6_30_send_data_immediately_on_channel_1() {
        assert_eq!(
            h(&send_data(3, 1, &[0x16, 0x03, 0x03])),
            "D00E8103034301820281 21B603160303".replace(' ', "")
        );
        let long = send_data(4, 1, &[0xAA; 200]);
        assert_eq!(h(&long[..3]), "D081D4", "BER length over 127");
        assert_eq!(h(&long[12..15]), "B681C8");
    }

    #[test]
    fn ts102_223_6_6_29_and_6_6_28_receive_and_close() {
        assert_eq!(h(&receive_data(5, 1, 0xC8)), "D00C810305420082028121B701C8");
        assert_eq!(h(&close_channel(6, 1)), "D009810306410082028121");
    }

    #[test]
    fn ts102_223_6_8_terminal_responses_give_status_data_and_length() {
        // OPEN CHANNEL: result 00, channel status channel 1 link established, bearer, buffer
        let open = hex::decode("8103024001820282818301003802810035010339020500").unwrap();
        let r = channel_response(&open).unwrap();
        assert_eq!(r.channel, Some(1));
        // RECEIVE DATA: data 1603 and 0 octets left
        let rx = hex::decode("810305420082028281830100B6021603B70100").unwrap();
        let r = channel_response(&rx).unwrap();
        assert_eq!(
            (r.data.as_slice(), r.remaining),
            (&[0x16, 0x03][..], Some(0))
        );
        // a channel status without the link bit names no open channel
        let down = hex::decode("81030240018202828183012038020100").unwrap();
        assert_eq!(channel_response(&down).unwrap().channel, None);
        assert_eq!(channel_response(&[0x81, 0x05, 0x01]), None, "truncated");
    }

    #[test]
    fn ts102_223_7_5_10_and_7_5_11_events() {
        let available = hex::decode("D60E990109820282813802810037 01FF".replace(' ', "")).unwrap();
        assert_eq!(
            channel_event(&available),
            Some(ChannelEvent::DataAvailable {
                channel: 1,
                len: 0xFF
            })
        );
        let dropped = hex::decode("D60B99010A82028281B8020105").unwrap();
        assert_eq!(
            channel_event(&dropped),
            Some(ChannelEvent::Status {
                channel: 1,
                dropped: true
            })
        );
        let location = hex::decode("D60A990103820282819B0100").unwrap();
        assert_eq!(channel_event(&location), None, "not a BIP event");
        assert_eq!(channel_event(&[0xD6, 0x7F, 0x99]), None);
    }
}
