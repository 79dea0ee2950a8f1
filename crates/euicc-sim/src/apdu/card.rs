//! The card: power, reset, and one command APDU in, one response APDU out, in front of an
//! [`Es10Processor`] (the ISD-R) and the UICC of its enabled profile ([`crate::uicc`]).
//!
//! Routing: SELECT of the ISD-R's AID, STORE DATA, MANAGE CHANNEL and GET RESPONSE are the
//! card's own; every other SELECT (file ID, path, the AID of an application of the
//! profile) and the file, PIN, AUTHENTICATE, STATUS and terminal commands go to the UICC.
//! While a proactive command waits for FETCH, '9000' becomes '91XX' (ETSI TS 102 221
//! 7.4.2.2).
//!
//! Checks, in this order, each answered with its status word and no data:
//! 1. card not powered: `6F00`;
//! 2. fewer than 4 bytes: `6700`;
//! 3. class byte (see [`Class::decode`]): `6E00`, `6881`, `6882`, `6884`;
//! 4. instruction not supported: `6D00`;
//! 5. Lc/Le inconsistent with the APDU length, or extended length: `6700`;
//! 6. instruction sent with the wrong kind of class (e.g. STORE DATA with CLA '00'): `6E00`;
//! 7. logical channel not open: `6881`;
//! 8. the command's own checks.
//!
//! Response data waiting for GET RESPONSE on a channel is dropped by any other command on
//! that channel.

use super::atr::ATR;
use super::channel::Channels;
use super::class::{Class, ClassKind};
use super::command::CommandApdu;
use super::instruction::Instruction;
use super::manage_channel::manage_channel;
use super::response::get_response;
use super::select::{is_security_domain, select};
use super::status::{ResponseApdu, StatusWord};
use super::store_data::{MAX_ES10_REQUEST, store_data};
use crate::Es10Processor;

/// INS of ENVELOPE (ETSI TS 102 221 10.1.2).
const INS_ENVELOPE: u8 = 0xC2;
const INS_GET_RESPONSE: u8 = 0xC0;
use crate::uicc::{Command as UiccCommand, Uicc, gsm};

/// A powered, resettable eUICC reachable with APDUs.
pub struct Card<P> {
    processor: P,
    powered: bool,
    channels: Channels,
    max_request_len: usize,
    uicc: Uicc,
}

impl<P: Es10Processor> Card<P> {
    /// A card in front of `processor`, powered on (as after a cold reset).
    pub fn new(processor: P) -> Self {
        Self {
            processor,
            powered: true,
            channels: Channels::default(),
            max_request_len: MAX_ES10_REQUEST,
            uicc: Uicc::default(),
        }
    }

    /// The Answer-To-Reset (see [`super::atr`]).
    pub fn atr(&self) -> &'static [u8] {
        &ATR
    }

    /// Powers the card up (cold reset) and returns the ATR. Powering up a powered card
    /// resets it.
    pub fn power_on(&mut self) -> Vec<u8> {
        self.reset()
    }

    /// Powers the card down: all channels close, volatile ISD-R state is dropped.
    pub fn power_off(&mut self) {
        self.powered = false;
        self.channels = Channels::default();
        self.uicc.reset();
        self.processor.reset();
    }

    /// Resets the card (warm reset) and returns the ATR: supplementary channels close,
    /// selections, STORE DATA chains and waiting response data are dropped, and the ISD-R
    /// drops its volatile state.
    pub fn reset(&mut self) -> Vec<u8> {
        self.channels = Channels::default();
        self.uicc.reset();
        self.processor.reset();
        self.powered = true;
        ATR.to_vec()
    }

    pub fn is_powered(&self) -> bool {
        self.powered
    }

    /// Open logical channels, the basic channel included.
    pub fn open_channels(&self) -> Vec<u8> {
        self.channels.open_channels()
    }

    /// Bound on one ES10x request reassembled from STORE DATA blocks (default 64 KiB).
    pub fn set_max_request_len(&mut self, max: usize) {
        self.max_request_len = max;
    }

    pub fn processor(&self) -> &P {
        &self.processor
    }

    /// The UICC face: the image of the enabled profile in use and the terminal's session.
    pub fn uicc(&self) -> &Uicc {
        &self.uicc
    }

    pub fn processor_mut(&mut self) -> &mut P {
        &mut self.processor
    }

    pub fn into_processor(self) -> P {
        self.processor
    }

    /// Processes one command APDU and returns the response APDU bytes (data ‖ SW1 SW2).
    /// Never panics, whatever the input.
    pub fn transmit(&mut self, apdu: &[u8]) -> Vec<u8> {
        let response = self.process(apdu);
        tracing::debug!(
            c_apdu = %hex::encode_upper(apdu),
            r_apdu = %hex::encode_upper(response.to_bytes()),
            "apdu"
        );
        response.to_bytes()
    }

    /// Processes one command APDU.
    pub fn process(&mut self, apdu: &[u8]) -> ResponseApdu {
        let mut response = match self.dispatch(apdu) {
            Ok(response) => response,
            Err(sw) => ResponseApdu::status(sw),
        };
        if self.powered {
            if !self.processor.holds_refresh() {
                self.uicc.observe(&self.processor);
            }
            self.offer_proactive();
        }
        if let (StatusWord::OK, Some(len)) = (response.sw, self.uicc.proactive_pending()) {
            response.sw = StatusWord(0x9100 | len.min(0xFF) as u16);
        }
        response
    }

    fn dispatch(&mut self, apdu: &[u8]) -> Result<ResponseApdu, StatusWord> {
        if !self.powered {
            return Err(StatusWord::TECHNICAL_PROBLEM);
        }
        let [cla, ins, _, _, ..] = *apdu else {
            return Err(StatusWord::WRONG_LENGTH);
        };
        if let Some(response) = self.secured_to_isdp(cla, apdu) {
            return response;
        }
        let class = Class::decode(cla)?;
        if let Some(response) = self.dispatch_card_service(&class, apdu) {
            return response;
        }
        let instruction = Instruction::from_ins(ins).ok_or(StatusWord::INS_NOT_SUPPORTED)?;
        let cmd = CommandApdu::parse(apdu).map_err(|_| StatusWord::WRONG_LENGTH)?;
        if cmd.extended {
            // the ATR's card capabilities announce no extended Lc/Le
            return Err(StatusWord::WRONG_LENGTH);
        }
        if !instruction.accepts(class.kind) {
            return Err(StatusWord::CLA_NOT_SUPPORTED);
        }
        let channel = self
            .channels
            .get_mut(class.channel)
            .ok_or(StatusWord::LOGICAL_CHANNEL_NOT_SUPPORTED)?;
        if instruction != Instruction::GetResponse {
            channel.pending.clear();
        }
        if class.kind == ClassKind::Gsm {
            return self.dispatch_gsm(instruction, &cmd);
        }
        let data = match instruction {
            Instruction::GetResponse => return get_response(&mut channel.pending, &cmd),
            Instruction::Select if is_security_domain(&cmd) => select(channel, &cmd)?,
            Instruction::Select
                if cmd.p1 == 0x04
                    && let Some(tar) = self.processor.m2m_isdp_tar(cmd.data) =>
            {
                super::select::select_isdp(channel, &cmd, tar)?
            }
            Instruction::Select => {
                let answer = self.uicc.process(
                    UiccCommand::Select,
                    &mut channel.files,
                    &cmd,
                    &mut self.processor,
                )?;
                // the channel's selection is now a file, no longer the ISD-R
                channel.selected = None;
                channel.chain.clear();
                answer.data
            }
            Instruction::Uicc(command) => {
                let outstanding = self.uicc.terminal().outstanding;
                let answer =
                    self.uicc
                        .process(command, &mut channel.files, &cmd, &mut self.processor)?;
                self.toolkit_seen(command, outstanding);
                if let Some(warning) = answer.warning {
                    return Ok(ResponseApdu {
                        data: answer.data,
                        sw: warning,
                    });
                }
                answer.data
            }
            Instruction::StoreData => {
                let max = self.max_request_len;
                let processor = &mut self.processor;
                // A request the ISD-R cannot take at all ends with a status word
                // (Es10Error::status_word); refusals defined as ES10 results are data.
                store_data(channel.selected, &mut channel.chain, &cmd, max, |request| {
                    processor
                        .try_process_es10(request)
                        .map_err(|e| StatusWord(e.status_word()))
                })?
            }
            Instruction::ManageChannel => manage_channel(&mut self.channels, class.channel, &cmd)?,
        };
        // the channel may have closed itself (MANAGE CHANNEL close sent on that channel)
        Ok(match self.channels.get_mut(class.channel) {
            Some(channel) => channel.pending.deliver(data, cmd.ne),
            None => ResponseApdu::status(StatusWord::OK),
        })
    }

    /// The commands that go to the processor whole: ENVELOPE, and the ISD-R's
    /// GlobalPlatform commands on an M2M eUICC.
    fn dispatch_card_service(
        &mut self,
        class: &Class,
        apdu: &[u8],
    ) -> Option<Result<ResponseApdu, StatusWord>> {
        if apdu.get(1) == Some(&INS_ENVELOPE) && class.kind == ClassKind::Proprietary {
            return Some(self.envelope(apdu));
        }
        self.dispatch_m2m_isdr(class, apdu)
            .or_else(|| self.dispatch_m2m_isdp(class, apdu))
    }

    /// A GlobalPlatform command with secure messaging (class `84`–`87`, GPCS 11.1.4) on a
    /// channel where an ISD-P is selected: the ISD-P's SCP03 session unwraps it. Anywhere
    /// else secure messaging stays unsupported ([`Class::decode`] refuses it).
    fn secured_to_isdp(
        &mut self,
        cla: u8,
        apdu: &[u8],
    ) -> Option<Result<ResponseApdu, StatusWord>> {
        if cla & 0xFC != 0x84 {
            return None;
        }
        let class = Class {
            kind: ClassKind::Proprietary,
            channel: cla & 0x03,
        };
        self.dispatch_m2m_isdp(&class, apdu)
    }

    /// A command of class `8X` on a channel where an ISD-P of an M2M eUICC is selected:
    /// SCP03 over APDUs (GP Amendment D 7.1), answered by the processor.
    fn dispatch_m2m_isdp(
        &mut self,
        class: &Class,
        apdu: &[u8],
    ) -> Option<Result<ResponseApdu, StatusWord>> {
        if class.kind != ClassKind::Proprietary {
            return None;
        }
        let channel = self.channels.get_mut(class.channel)?;
        let Some(super::application::Application::IsdP(tar)) = channel.selected else {
            return None;
        };
        if apdu.get(1) == Some(&INS_GET_RESPONSE) {
            // The rest of the last answer (T=0, `61xx`), in the class of the command it
            // answered, as a terminal sends it.
            let cmd = match CommandApdu::parse(apdu) {
                Ok(cmd) if !cmd.extended => cmd,
                _ => return Some(Err(StatusWord::WRONG_LENGTH)),
            };
            return Some(get_response(&mut channel.pending, &cmd));
        }
        let response = self.processor.process_m2m_isdp(class.channel, tar, apdu)?;
        channel.pending.clear();
        let ne = CommandApdu::parse(apdu).map_or(0, |c| c.ne);
        if response.sw != StatusWord::OK {
            return Some(Ok(response));
        }
        Some(Ok(channel.pending.deliver(response.data, ne)))
    }

    /// ENVELOPE (ETSI TS 102 221 11.2.2): to the processor; the proactive commands it
    /// answers with wait for FETCH ('91XX').
    fn envelope(&mut self, apdu: &[u8]) -> Result<ResponseApdu, StatusWord> {
        let cmd = match CommandApdu::parse(apdu) {
            Ok(cmd) if !cmd.extended => cmd,
            _ => return Err(StatusWord::WRONG_LENGTH),
        };
        if cmd.p1 != 0 || cmd.p2 != 0 {
            return Err(StatusWord::INCORRECT_P1_P2);
        }
        let answer = self
            .processor
            .process_envelope(cmd.data)
            .ok_or(StatusWord::INS_NOT_SUPPORTED)?;
        for command in answer.proactive {
            self.uicc.terminal_mut().queue_command(command);
        }
        let Some(channel) = self.channels.get_mut(0) else {
            return Ok(answer.response);
        };
        channel.pending.clear();
        if answer.response.sw != StatusWord::OK {
            return Ok(answer.response);
        }
        Ok(channel.pending.deliver(answer.response.data, cmd.ne))
    }

    /// Tells the processor what the terminal said: a new session (TERMINAL PROFILE), the
    /// result of a proactive command (TERMINAL RESPONSE).
    fn toolkit_seen(&mut self, command: UiccCommand, outstanding: Option<[u8; 3]>) {
        match command {
            UiccCommand::TerminalProfile => self.processor.terminal_session(),
            UiccCommand::TerminalResponse => {
                let terminal = self.uicc.terminal();
                if let (Some(details), Some(result)) = (outstanding, terminal.last_result) {
                    let data = terminal.last_response.clone().unwrap_or_default();
                    self.processor.proactive_response(details, result, &data);
                }
            }
            _ => {}
        }
    }

    /// Offers the terminal the processor's next proactive command when none is waiting.
    fn offer_proactive(&mut self) {
        let terminal = self.uicc.terminal();
        if terminal.pending.is_some() || terminal.outstanding.is_some() {
            return;
        }
        let Some(profile) = terminal.profile.clone() else {
            return;
        };
        if let Some(command) = self.processor.next_proactive(&profile) {
            self.uicc.terminal_mut().queue_command(command);
        }
    }

    /// A GlobalPlatform command on a channel where the ISD-R of an M2M eUICC is selected
    /// (SGP.02 4.1.1: INSTALL, STORE DATA, DELETE, GET STATUS, GET DATA), answered by the
    /// processor; `None` for every other command. STATUS of the UICC (`80 F2` with P1
    /// `00`–`02`, ETSI TS 102 221 11.1.2) stays the UICC's: GET STATUS uses P1 `10`–`80`.
    fn dispatch_m2m_isdr(
        &mut self,
        class: &Class,
        apdu: &[u8],
    ) -> Option<Result<ResponseApdu, StatusWord>> {
        let [_, ins, p1, ..] = *apdu else { return None };
        let gp_command = crate::m2m::is_isdr_instruction(ins) && !(ins == 0xF2 && p1 <= 0x02);
        if class.kind != ClassKind::Proprietary || !gp_command {
            return None;
        }
        let channel = self.channels.get_mut(class.channel)?;
        if channel.selected != Some(super::application::Application::IsdR) {
            return None;
        }
        let cmd = match CommandApdu::parse(apdu) {
            Ok(cmd) if !cmd.extended => cmd,
            _ => return Some(Err(StatusWord::WRONG_LENGTH)),
        };
        let response = self.processor.process_m2m_isdr(&cmd)?;
        channel.pending.clear();
        channel.chain.clear();
        if response.sw != StatusWord::OK {
            return Some(Ok(response));
        }
        Some(Ok(channel.pending.deliver(response.data, cmd.ne)))
    }

    /// A command of class 'A0' on the basic channel (3GPP TS 51.011 §9), answered with the
    /// SIM's status words ([`gsm::status_word`]). SELECT and RUN GSM ALGORITHM keep their
    /// response data for GET RESPONSE and answer '9FXX' (9.2.1, 9.2.16, 9.4.1); the other
    /// commands hand it out under P3.
    fn dispatch_gsm(
        &mut self,
        instruction: Instruction,
        cmd: &CommandApdu<'_>,
    ) -> Result<ResponseApdu, StatusWord> {
        let Some(channel) = self.channels.get_mut(0) else {
            return Err(StatusWord::LOGICAL_CHANNEL_NOT_SUPPORTED);
        };
        let gsm = |mut r: ResponseApdu| {
            r.sw = gsm::status_word(r.sw);
            r
        };
        let command = match instruction {
            Instruction::GetResponse => {
                // nothing waiting stays ISO/IEC 7816-4's '6985': TS 51.011 9.4 has no code
                // for it ('9808' is about CHV status)
                return get_response(&mut channel.pending, cmd)
                    .map(|r| match r.sw {
                        StatusWord::CONDITIONS_NOT_SATISFIED => r,
                        _ => gsm(r),
                    })
                    .map_err(gsm::status_word);
            }
            Instruction::Select => UiccCommand::Select,
            Instruction::Uicc(c) => c,
            Instruction::ManageChannel | Instruction::StoreData => {
                return Err(StatusWord::CLA_NOT_SUPPORTED);
            }
        };
        let answer = self
            .uicc
            .process_gsm(command, &mut channel.files, cmd, &mut self.processor)
            .map_err(gsm::status_word)?;
        if command == UiccCommand::Select {
            channel.selected = None;
            channel.chain.clear();
        }
        if let Some(warning) = answer.warning {
            return Err(gsm::status_word(warning));
        }
        let ne = match command {
            UiccCommand::Select | UiccCommand::Authenticate => 0,
            _ => cmd.ne,
        };
        Ok(gsm(channel.pending.deliver(answer.data, ne)))
    }
}
