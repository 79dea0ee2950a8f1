//! SMPP 3.4 PDUs (sections 3 and 4): the header, the bodies this crate speaks, and their
//! encoding. Nothing here decides what happens next; the ESME and the SMSC do.

mod bind;
mod error;
mod fields;
mod header;
mod sm;
mod status;
mod tlv;

pub use bind::{Bind, BindResp, INTERFACE_VERSION, Outbind};
pub use error::{DecodeError, EncodeError};
pub use header::{CommandId, HEADER_LEN, Header, MAX_COMMAND_LENGTH};
pub(crate) use sm::receipt_wanted;
pub use sm::{MAX_SHORT_MESSAGE, MessageIdResp, ShortMessage};
pub use status::CommandStatus;
pub use tlv::Tlv;

/// A PDU body, one variant per command (SMPP 3.4 4).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Body {
    /// bind_transmitter (4.1.1).
    BindTransmitter(Bind),
    /// bind_transmitter_resp (4.1.2).
    BindTransmitterResp(BindResp),
    /// bind_receiver (4.1.3).
    BindReceiver(Bind),
    /// bind_receiver_resp (4.1.4).
    BindReceiverResp(BindResp),
    /// bind_transceiver (4.1.5).
    BindTransceiver(Bind),
    /// bind_transceiver_resp (4.1.6).
    BindTransceiverResp(BindResp),
    /// outbind (4.1.7).
    Outbind(Outbind),
    /// unbind (4.2.1), no body.
    Unbind,
    /// unbind_resp (4.2.2), no body.
    UnbindResp,
    /// generic_nack (4.3), no body.
    GenericNack,
    /// submit_sm (4.4.1).
    SubmitSm(ShortMessage),
    /// submit_sm_resp (4.4.2).
    SubmitSmResp(MessageIdResp),
    /// deliver_sm (4.6.1).
    DeliverSm(ShortMessage),
    /// deliver_sm_resp (4.6.2).
    DeliverSmResp(MessageIdResp),
    /// enquire_link (4.11.1), no body.
    EnquireLink,
    /// enquire_link_resp (4.11.2), no body.
    EnquireLinkResp,
}

impl Body {
    /// The command_id that carries this body (5.1.2).
    pub fn command_id(&self) -> CommandId {
        match self {
            Body::BindTransmitter(_) => CommandId::BIND_TRANSMITTER,
            Body::BindTransmitterResp(_) => CommandId::BIND_TRANSMITTER_RESP,
            Body::BindReceiver(_) => CommandId::BIND_RECEIVER,
            Body::BindReceiverResp(_) => CommandId::BIND_RECEIVER_RESP,
            Body::BindTransceiver(_) => CommandId::BIND_TRANSCEIVER,
            Body::BindTransceiverResp(_) => CommandId::BIND_TRANSCEIVER_RESP,
            Body::Outbind(_) => CommandId::OUTBIND,
            Body::Unbind => CommandId::UNBIND,
            Body::UnbindResp => CommandId::UNBIND_RESP,
            Body::GenericNack => CommandId::GENERIC_NACK,
            Body::SubmitSm(_) => CommandId::SUBMIT_SM,
            Body::SubmitSmResp(_) => CommandId::SUBMIT_SM_RESP,
            Body::DeliverSm(_) => CommandId::DELIVER_SM,
            Body::DeliverSmResp(_) => CommandId::DELIVER_SM_RESP,
            Body::EnquireLink => CommandId::ENQUIRE_LINK,
            Body::EnquireLinkResp => CommandId::ENQUIRE_LINK_RESP,
        }
    }

    /// Decodes the body of a PDU whose header says `command_id` (the octets after the
    /// header).
    pub fn decode(command_id: CommandId, body: &[u8]) -> Result<Body, DecodeError> {
        let empty = |b: Body| {
            if body.is_empty() {
                Ok(b)
            } else {
                Err(DecodeError::Trailing(body.len()))
            }
        };
        Ok(match command_id {
            CommandId::BIND_TRANSMITTER => Body::BindTransmitter(Bind::decode(body)?),
            CommandId::BIND_TRANSMITTER_RESP => Body::BindTransmitterResp(BindResp::decode(body)?),
            CommandId::BIND_RECEIVER => Body::BindReceiver(Bind::decode(body)?),
            CommandId::BIND_RECEIVER_RESP => Body::BindReceiverResp(BindResp::decode(body)?),
            CommandId::BIND_TRANSCEIVER => Body::BindTransceiver(Bind::decode(body)?),
            CommandId::BIND_TRANSCEIVER_RESP => Body::BindTransceiverResp(BindResp::decode(body)?),
            CommandId::OUTBIND => Body::Outbind(Outbind::decode(body)?),
            CommandId::UNBIND => empty(Body::Unbind)?,
            CommandId::UNBIND_RESP => empty(Body::UnbindResp)?,
            CommandId::GENERIC_NACK => empty(Body::GenericNack)?,
            CommandId::SUBMIT_SM => Body::SubmitSm(ShortMessage::decode(body)?),
            CommandId::SUBMIT_SM_RESP => Body::SubmitSmResp(MessageIdResp::decode(body)?),
            CommandId::DELIVER_SM => Body::DeliverSm(ShortMessage::decode(body)?),
            CommandId::DELIVER_SM_RESP => Body::DeliverSmResp(MessageIdResp::decode(body)?),
            CommandId::ENQUIRE_LINK => empty(Body::EnquireLink)?,
            CommandId::ENQUIRE_LINK_RESP => empty(Body::EnquireLinkResp)?,
            CommandId(other) => return Err(DecodeError::UnknownCommand(other)),
        })
    }

    /// Appends the body's octets. The bind and submit_sm responses carry no body when
    /// `status` is not ESME_ROK (4.1.2, 4.1.4, 4.1.6, 4.4.2).
    fn encode(&self, status: CommandStatus, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        match self {
            Body::BindTransmitter(b) | Body::BindReceiver(b) | Body::BindTransceiver(b) => {
                b.encode(out)
            }
            Body::BindTransmitterResp(r)
            | Body::BindReceiverResp(r)
            | Body::BindTransceiverResp(r) => {
                if status.is_ok() {
                    r.encode(out)
                } else {
                    Ok(())
                }
            }
            Body::SubmitSmResp(r) => {
                if status.is_ok() {
                    r.encode(out)
                } else {
                    Ok(())
                }
            }
            Body::DeliverSmResp(r) => r.encode(out),
            Body::Outbind(o) => o.encode(out),
            Body::SubmitSm(sm) | Body::DeliverSm(sm) => sm.encode(out),
            Body::Unbind
            | Body::UnbindResp
            | Body::GenericNack
            | Body::EnquireLink
            | Body::EnquireLinkResp => Ok(()),
        }
    }
}

/// A whole PDU: the header's status and sequence number, and the body (its command_id is
/// the body's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pdu {
    /// Zero in requests, the outcome in responses.
    pub command_status: CommandStatus,
    /// Pairs a response with its request (3.2: 0x00000001 to 0x7FFFFFFF).
    pub sequence_number: u32,
    /// The command and its fields.
    pub body: Body,
}

impl Pdu {
    /// A request (command_status zero).
    pub fn request(sequence_number: u32, body: Body) -> Pdu {
        Pdu {
            command_status: CommandStatus::ESME_ROK,
            sequence_number,
            body,
        }
    }

    /// A response with `status` to the request numbered `sequence_number`.
    pub fn response(sequence_number: u32, status: CommandStatus, body: Body) -> Pdu {
        Pdu {
            command_status: status,
            sequence_number,
            body,
        }
    }

    /// The PDU's octets, header first.
    pub fn encode(&self) -> Result<Vec<u8>, EncodeError> {
        let mut out = vec![0; HEADER_LEN];
        self.body.encode(self.command_status, &mut out)?;
        let command_length = u32::try_from(out.len())
            .ok()
            .filter(|&n| n <= MAX_COMMAND_LENGTH)
            .ok_or(EncodeError::TooLong(out.len()))?;
        let mut head = Vec::with_capacity(HEADER_LEN);
        Header {
            command_length,
            command_id: self.body.command_id(),
            command_status: self.command_status,
            sequence_number: self.sequence_number,
        }
        .encode(&mut head);
        out.splice(..HEADER_LEN, head);
        Ok(out)
    }

    /// Decodes a whole PDU, header first; command_length must equal `octets.len()`.
    pub fn decode(octets: &[u8]) -> Result<Pdu, DecodeError> {
        let head: &[u8; HEADER_LEN] = octets
            .get(..HEADER_LEN)
            .and_then(|h| h.try_into().ok())
            .ok_or(DecodeError::CommandLength(
                u32::try_from(octets.len()).unwrap_or(u32::MAX),
            ))?;
        let header = Header::decode(head);
        if usize::try_from(header.command_length).ok() != Some(octets.len())
            || header.command_length > MAX_COMMAND_LENGTH
        {
            return Err(DecodeError::CommandLength(header.command_length));
        }
        let body = Body::decode(
            header.command_id,
            octets.get(HEADER_LEN..).unwrap_or_default(),
        )?;
        Ok(Pdu {
            command_status: header.command_status,
            sequence_number: header.sequence_number,
            body,
        })
    }
}
