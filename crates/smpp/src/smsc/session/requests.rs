//! The SMSC's answers to what an ESME sends (SMPP 3.4 4): each request gets its response,
//! or generic_nack (4.3) when the command itself is unknown.

use super::Session;
use super::bind;
use super::state::{Mode, State};
use crate::frame::Frame;
use crate::pdu::{
    Bind, BindResp, Body, CommandId, CommandStatus, DecodeError, INTERFACE_VERSION, MessageIdResp,
    Pdu, ShortMessage, Tlv,
};

impl Session {
    /// Handles one PDU; false ends the session.
    pub(super) async fn handle(&mut self, frame: Frame) -> bool {
        let header = frame.header;
        let sequence = header.sequence_number;
        let body = match Body::decode(header.command_id, &frame.body) {
            Ok(body) => body,
            Err(error) => return self.refuse(header.command_id, sequence, &error).await,
        };
        if let Some(mode) = Mode::of(header.command_id) {
            let request = match body {
                Body::BindTransmitter(b) | Body::BindReceiver(b) | Body::BindTransceiver(b) => b,
                _ => Bind::default(),
            };
            return self.bind(mode, sequence, &request).await;
        }
        let ok = CommandStatus::ESME_ROK;
        match (body, &self.state) {
            (Body::EnquireLink, _) => {
                self.send(&Pdu::response(sequence, ok, Body::EnquireLinkResp))
                    .await
            }
            (Body::EnquireLinkResp | Body::UnbindResp, _) => true,
            (Body::DeliverSmResp(_) | Body::GenericNack, _) => {
                self.delivered(sequence, header.command_status);
                true
            }
            (body, State::Open) if !header.command_id.is_response() => {
                // SMPP 3.4 2.3: only bind and enquire_link are allowed in OPEN.
                let refusal = Pdu::response(
                    sequence,
                    CommandStatus::ESME_RINVBNDSTS,
                    error_body(body.command_id()),
                );
                self.send(&refusal).await
            }
            (Body::Unbind, State::Bound(_)) => {
                self.send(&Pdu::response(sequence, ok, Body::UnbindResp))
                    .await;
                false
            }
            (Body::SubmitSm(submit), State::Bound(_)) => self.submit(sequence, &submit).await,
            (other, _) => {
                tracing::debug!(session = self.id, command = ?other.command_id(), "smsc: not an ESME's request");
                let nack =
                    Pdu::response(sequence, CommandStatus::ESME_RINVCMDID, Body::GenericNack);
                self.send(&nack).await
            }
        }
    }

    /// Answers an undecodable PDU: generic_nack with ESME_RINVCMDID for an unknown command
    /// (4.3), the request's response with the field's status otherwise (5.1.3); responses
    /// are not answered.
    async fn refuse(&mut self, command: CommandId, sequence: u32, error: &DecodeError) -> bool {
        tracing::debug!(session = self.id, %error, "smsc: undecodable PDU");
        if command.is_response() {
            return true;
        }
        let body = match error {
            DecodeError::UnknownCommand(_) => Body::GenericNack,
            _ => error_body(command),
        };
        self.send(&Pdu::response(sequence, error.status(), body))
            .await
    }

    /// bind_transmitter, bind_receiver, bind_transceiver (4.1).
    async fn bind(&mut self, mode: Mode, sequence: u32, request: &Bind) -> bool {
        let outcome = match self.state {
            State::Bound(_) => Err(CommandStatus::ESME_RALYBND),
            State::Open => bind::check(&self.core.config.accounts, mode, request),
        };
        let granted = match outcome {
            Ok(granted) => granted,
            Err(status) => {
                tracing::info!(session = self.id, system_id = %request.system_id, %status, "smsc: bind refused");
                return self
                    .send(&Pdu::response(
                        sequence,
                        status,
                        mode.response(BindResp::default()),
                    ))
                    .await;
            }
        };
        tracing::info!(
            session = self.id, system_id = %request.system_id, ?mode,
            range = %request.address_range, "smsc: bound"
        );
        let resp = BindResp {
            system_id: self.core.config.system_id.clone(),
            tlvs: vec![Tlv::new(Tlv::SC_INTERFACE_VERSION, vec![INTERFACE_VERSION])],
        };
        self.state = State::Bound(granted.bound);
        if !self
            .send(&Pdu::response(
                sequence,
                CommandStatus::ESME_ROK,
                mode.response(resp),
            ))
            .await
        {
            return false;
        }
        if mode.receives() {
            let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
            let ranges = granted.receive.clone();
            self.inbox = Some(super::Inbox {
                rx,
                tx: tx.clone(),
                ranges,
                holding: false,
            });
            self.core.attach(self.id, granted.receive, tx);
        }
        true
    }

    /// submit_sm (4.4): a receiver may not submit (ESME_RINVBNDSTS); an account restricted
    /// to address ranges sends only from them (ESME_RINVSRCADR).
    async fn submit(&mut self, sequence: u32, submit: &ShortMessage) -> bool {
        let State::Bound(bound) = &self.state else {
            return true;
        };
        let outcome = if !bound.mode.submits() {
            Err(CommandStatus::ESME_RINVBNDSTS)
        } else if !bound.allowed.is_empty()
            && !bound.allowed.iter().any(|r| r.matches(&submit.source_addr))
        {
            Err(CommandStatus::ESME_RINVSRCADR)
        } else {
            self.core.submit(submit, &self.window)
        };
        let (status, message_id) = match outcome {
            Ok(id) => (CommandStatus::ESME_ROK, id),
            Err(status) => (status, String::new()),
        };
        tracing::debug!(
            session = self.id, system_id = %bound.system_id, to = %submit.destination_addr,
            %status, "smsc: submit_sm"
        );
        self.send(&Pdu::response(
            sequence,
            status,
            Body::SubmitSmResp(MessageIdResp { message_id }),
        ))
        .await
    }
}

/// The response body that refuses a request with `command` (its response's command_id).
fn error_body(command: CommandId) -> Body {
    match command {
        CommandId::BIND_TRANSMITTER => Body::BindTransmitterResp(BindResp::default()),
        CommandId::BIND_RECEIVER => Body::BindReceiverResp(BindResp::default()),
        CommandId::BIND_TRANSCEIVER => Body::BindTransceiverResp(BindResp::default()),
        CommandId::SUBMIT_SM => Body::SubmitSmResp(MessageIdResp::default()),
        CommandId::DELIVER_SM => Body::DeliverSmResp(MessageIdResp::default()),
        CommandId::UNBIND => Body::UnbindResp,
        CommandId::ENQUIRE_LINK => Body::EnquireLinkResp,
        _ => Body::GenericNack,
    }
}
