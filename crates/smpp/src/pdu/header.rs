//! The PDU header (SMPP 3.4 3.2) and the command_id values (SMPP 3.4 5.1.2).
//!
//! ```text
//! command_length   4 octets  length of the whole PDU, header included
//! command_id       4 octets  the request or response the body carries
//! command_status   4 octets  zero in requests, the outcome in responses
//! sequence_number  4 octets  pairs a response with its request
//! ```

use super::status::CommandStatus;

/// The header's length in octets (SMPP 3.4 3.2).
pub const HEADER_LEN: usize = 16;

/// The largest command_length this crate reads or writes.
///
/// SMPP 3.4 sets no ceiling; the largest PDU it defines is a submit_sm or deliver_sm whose
/// `message_payload` (5.3.2.32) holds 64 KiB - 1 octets: 65,535 + 4 (TLV header) + about 350
/// (mandatory fields) + 16 (header). This bound leaves room for a few other TLVs.
pub const MAX_COMMAND_LENGTH: u32 = 0x1_1000;

/// A command_id (SMPP 3.4 5.1.2). Bit 31 marks a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CommandId(pub u32);

impl CommandId {
    /// generic_nack (SMPP 3.4 4.3).
    pub const GENERIC_NACK: CommandId = CommandId(0x8000_0000);
    /// bind_receiver (4.1.3).
    pub const BIND_RECEIVER: CommandId = CommandId(0x0000_0001);
    /// bind_receiver_resp (4.1.4).
    pub const BIND_RECEIVER_RESP: CommandId = CommandId(0x8000_0001);
    /// bind_transmitter (4.1.1).
    pub const BIND_TRANSMITTER: CommandId = CommandId(0x0000_0002);
    /// bind_transmitter_resp (4.1.2).
    pub const BIND_TRANSMITTER_RESP: CommandId = CommandId(0x8000_0002);
    /// query_sm (4.8.1); not decoded by this crate.
    pub const QUERY_SM: CommandId = CommandId(0x0000_0003);
    /// submit_sm (4.4.1).
    pub const SUBMIT_SM: CommandId = CommandId(0x0000_0004);
    /// submit_sm_resp (4.4.2).
    pub const SUBMIT_SM_RESP: CommandId = CommandId(0x8000_0004);
    /// deliver_sm (4.6.1).
    pub const DELIVER_SM: CommandId = CommandId(0x0000_0005);
    /// deliver_sm_resp (4.6.2).
    pub const DELIVER_SM_RESP: CommandId = CommandId(0x8000_0005);
    /// unbind (4.2.1).
    pub const UNBIND: CommandId = CommandId(0x0000_0006);
    /// unbind_resp (4.2.2).
    pub const UNBIND_RESP: CommandId = CommandId(0x8000_0006);
    /// bind_transceiver (4.1.5).
    pub const BIND_TRANSCEIVER: CommandId = CommandId(0x0000_0009);
    /// bind_transceiver_resp (4.1.6).
    pub const BIND_TRANSCEIVER_RESP: CommandId = CommandId(0x8000_0009);
    /// outbind (4.1.7).
    pub const OUTBIND: CommandId = CommandId(0x0000_000B);
    /// enquire_link (4.11.1).
    pub const ENQUIRE_LINK: CommandId = CommandId(0x0000_0015);
    /// enquire_link_resp (4.11.2).
    pub const ENQUIRE_LINK_RESP: CommandId = CommandId(0x8000_0015);

    /// Whether bit 31 is set: the PDU answers a request (5.1.2).
    pub fn is_response(self) -> bool {
        self.0 & 0x8000_0000 != 0
    }

    /// The response's command_id for a request's (5.1.2: the request's with bit 31 set).
    pub fn response(self) -> CommandId {
        CommandId(self.0 | 0x8000_0000)
    }
}

/// A decoded PDU header (SMPP 3.4 3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// The whole PDU's length, header included.
    pub command_length: u32,
    /// What the body carries.
    pub command_id: CommandId,
    /// Zero in requests, the outcome in responses.
    pub command_status: CommandStatus,
    /// Pairs a response with its request.
    pub sequence_number: u32,
}

impl Header {
    /// Reads the four header fields from their 16 octets.
    pub fn decode(octets: &[u8; HEADER_LEN]) -> Header {
        let word = |i: usize| {
            let mut w = [0u8; 4];
            w.copy_from_slice(&octets[i..i + 4]);
            u32::from_be_bytes(w)
        };
        Header {
            command_length: word(0),
            command_id: CommandId(word(4)),
            command_status: CommandStatus(word(8)),
            sequence_number: word(12),
        }
    }

    /// Appends the header's 16 octets to `out`.
    pub fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.command_length.to_be_bytes());
        out.extend_from_slice(&self.command_id.0.to_be_bytes());
        out.extend_from_slice(&self.command_status.0.to_be_bytes());
        out.extend_from_slice(&self.sequence_number.to_be_bytes());
    }
}
