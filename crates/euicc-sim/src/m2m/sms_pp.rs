//! SMS-PP data download to the ISD-R (3GPP TS 31.111 7.1.1; 3GPP TS 31.115; ETSI TS 102
//! 225): the SMS-DELIVER (TP-PID `7F`) is reassembled when concatenated, its command packet
//! opened with the ISD-R's SCP80 key set, the counter checked against the stored one and
//! stored before anything runs, the expanded script run, and the PoR secured with the same
//! key set and sent as SPI2 asks:
//!
//! - SPI2 b6 set (SGP.02 2.4.3 uses `39`): as SMS-SUBMITs to the originating address in
//!   proactive SEND SHORT MESSAGE commands; the ENVELOPE answers `9000` and the terminal
//!   sees `91XX`;
//! - otherwise in the ENVELOPE's response data, for the terminal's RP-ACK.
//!
//! Secured data that is an SCP81 admin session trigger (`81 L …`, GP Amendment B 3.8) is
//! not run: the PoR is `00` without data, and the ISD-R opens the admin session itself
//! once the terminal offers BIP (`bip`: OPEN CHANNEL, PSK-TLS with its SCP81 key, the
//! scripts run by [`Euicc::run_isdr_script`](crate::Euicc::run_isdr_script)). Before
//! that, a caller driving the card without a BIP terminal may take the trigger
//! ([`Euicc::take_admin_session_trigger`](crate::Euicc::take_admin_session_trigger)).
//!
//! A packet that cannot be trusted to answer (malformed, unknown TAR form) and a segment
//! of a longer message get `9000` and nothing. A refused packet gets a PoR with the status
//! of TS 102 225 Table 5 (`01` CC, `02` counter low, `09` TAR …), unsecured as `ota` builds
//! it for security refusals. An ENVELOPE that is no SMS-DELIVER for the USIM is `6A80`.

use ota::envelope::{SendShortMessage, SmsPpDownload};
use ota::sms::{
    Address, PID_USIM_DATA_DOWNLOAD, PacketKind, Reference, SmsDeliver, SmsSubmit, split,
};
use ota::spi::{CounterMode, PorRequest};
use ota::{CommandHeader, Counter, KeyStore, OpenError, PorStatus, check_counter};

use super::envelope::EnvelopeAnswer;
use crate::apdu::{ResponseApdu, StatusWord};
use crate::euicc::Euicc;

/// Tag of the Administration Session Triggering Parameters (GP Amendment B 3.8; SGP.02
/// 2.4.4: the secured data of the push SMS, not a script).
const TAG_ADMIN_SESSION_TRIGGER: u8 = 0x81;

/// The most SMS-SUBMITs one PoR is cut into.
const MAX_POR_SEGMENTS: usize = 8;

/// A PoR to send: the command's header (SPI2 says how) and the user data.
struct Por {
    header: CommandHeader,
    status: PorStatus,
    ud: Vec<u8>,
}

impl Euicc {
    /// The admin session trigger of the last push SMS the ISD-R accepted (the whole `81`
    /// TLV), once.
    pub fn take_admin_session_trigger(&mut self) -> Option<Vec<u8>> {
        self.m2m_session.admin_session_trigger.take()
    }

    /// ENVELOPE (SMS-PP DOWNLOAD).
    pub(super) fn sms_pp_download(&mut self, data: &[u8]) -> EnvelopeAnswer {
        let deliver = match SmsPpDownload::parse(data).map(|d| SmsDeliver::parse(&d.tpdu)) {
            Ok(Ok(deliver)) if deliver.pid == PID_USIM_DATA_DOWNLOAD => deliver,
            _ => return EnvelopeAnswer::status(StatusWord::INCORRECT_DATA),
        };
        let originator = deliver.originator;
        let reassembled = self
            .m2m_session
            .reassembler
            .push(&originator.to_text(), &deliver.user_data);
        let packet = match reassembled {
            Ok(Some(message)) if message.is(PacketKind::Command) => message.data,
            _ => return EnvelopeAnswer::ok(),
        };
        match self.open_and_run(&packet) {
            Some(por) => self.send_por(por, originator),
            None => EnvelopeAnswer::ok(),
        }
    }

    /// Opens the packet, checks and stores the counter, runs the script; the PoR, or
    /// `None` when the packet is discarded.
    fn open_and_run(&mut self, packet: &[u8]) -> Option<Por> {
        let store = super::isdp::routed_keys(self.state.m2m.as_ref()?);
        let opened = match ota::open(packet, &store) {
            Ok(opened) => opened,
            Err(OpenError::Refused { header, status }) => {
                let ud = ota::secure_por(&header, Counter::ZERO, status, None, &[]).ok()?;
                return Some(Por { header, status, ud });
            }
            Err(_) => return None,
        };
        let header = opened.header;
        let kvn = header.kid.key_version();
        let keys = store.key_set(&header.tar, kvn)?.clone();
        let refuse = |status: PorStatus| {
            let ud = ota::secure_por(&header, opened.counter, status, None, &[]).ok()?;
            Some(Por { header, status, ud })
        };
        let last = self.state.m2m.as_ref()?.scp80(kvn)?.counter;
        let mode = header.spi.counter_mode();
        if let Err(status) = check_counter(mode, Counter::new(last)?, opened.counter) {
            return refuse(status);
        }
        if matches!(mode, CounterMode::Higher | CounterMode::OneHigher)
            && self.store_counter(kvn, opened.counter.value()).is_err()
        {
            return refuse(PorStatus::InsufficientMemory);
        }
        let response = if opened.data.first() == Some(&TAG_ADMIN_SESSION_TRIGGER) {
            self.m2m_session.admin_session_trigger = Some(opened.data.clone());
            Vec::new()
        } else if let Some(r) = self.run_isdp_script(header.tar, &opened.data) {
            r
        } else {
            self.run_isdr_script(&opened.data)
        };
        let ud = ota::secure_por(
            &header,
            opened.counter,
            PorStatus::Ok,
            Some(&keys),
            &response,
        )
        .ok()?;
        Some(Por {
            header,
            status: PorStatus::Ok,
            ud,
        })
    }

    /// Stores the counter of key set `kvn` (TS 102 225 5.1.1: before the command runs).
    fn store_counter(&mut self, kvn: u8, counter: u64) -> std::io::Result<()> {
        let mut next = self.state.clone();
        if let Some(set) = next
            .m2m
            .as_mut()
            .and_then(|m| m.isd_r.scp80.iter_mut().find(|k| k.kvn == kvn))
        {
            set.counter = counter;
        }
        self.commit(next)
    }

    /// Sends the PoR as SPI2 asks.
    fn send_por(&mut self, por: Por, originator: Address) -> EnvelopeAnswer {
        let wanted = match por.header.spi.por_request() {
            PorRequest::Always => true,
            PorRequest::OnError => por.status != PorStatus::Ok,
            PorRequest::None | PorRequest::Reserved => false,
        };
        if !wanted {
            return EnvelopeAnswer::ok();
        }
        if !por.header.spi.por_via_sms_submit() {
            return EnvelopeAnswer {
                response: ResponseApdu {
                    data: por.ud,
                    sw: StatusWord::OK,
                },
                proactive: Vec::new(),
            };
        }
        let proactive = self
            .submit_commands(&por.ud, PacketKind::Response, &originator)
            .into_iter()
            .map(|(_, command)| command)
            .collect();
        EnvelopeAnswer {
            response: ResponseApdu::status(StatusWord::OK),
            proactive,
        }
    }

    /// SEND SHORT MESSAGE commands carrying `ud` (UDH `02 7x 00` first) to `to`, cut into
    /// concatenated short messages when it does not fit one (3GPP TS 31.115); each with its
    /// command number.
    pub(super) fn submit_commands(
        &mut self,
        ud: &[u8],
        kind: PacketKind,
        to: &Address,
    ) -> Vec<(u8, Vec<u8>)> {
        let reference = self.m2m_session.next_reference();
        let segments = match split(
            kind,
            ud.get(3..).unwrap_or_default(),
            Reference::Bits8(reference),
            MAX_POR_SEGMENTS,
        ) {
            Ok(segments) => segments,
            Err(_) => return Vec::new(),
        };
        let mut out = Vec::new();
        for segment in segments {
            let reference = self.m2m_session.next_reference();
            let Ok(tpdu) = SmsSubmit::ota(reference, to.clone(), segment).encode() else {
                continue;
            };
            let number = self.m2m_session.next_number();
            let command = SendShortMessage {
                number,
                qualifier: 0,
                alpha: None,
                address: None,
                tpdu,
            };
            if let Ok(bytes) = command.encode() {
                out.push((number, bytes));
            }
        }
        out
    }
}
