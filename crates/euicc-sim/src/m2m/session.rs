//! What the M2M ISD-R keeps only while powered: concatenated segments being reassembled,
//! the notifications delivered in this terminal session, the SCP81 admin session on the BIP
//! channel, the one whose SEND SHORT MESSAGE
//! waits for its TERMINAL RESPONSE, and the profile the terminal last reported service on.

use ota::sms::{Reassembler, ReassemblyLimits};

/// Concatenated messages reassembled at once, and their octets: a few secured packets.
const REASSEMBLY: ReassemblyLimits = ReassemblyLimits {
    max_partial: 4,
    max_bytes: 4 * 1024,
};

/// A notification handed to the terminal in a SEND SHORT MESSAGE.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct InFlight {
    /// The proactive command number.
    pub(crate) number: u8,
    /// The notification's sequence number.
    pub(crate) seq: u16,
}

/// The volatile M2M state of one eUICC.
#[derive(Debug)]
pub(crate) struct M2mSession {
    pub(crate) reassembler: Reassembler,
    /// Notifications the terminal reported sent in this session.
    pub(crate) delivered: Vec<u16>,
    pub(crate) in_flight: Option<InFlight>,
    /// The ISD-P that was enabled when the terminal last reported "normal service" (TS 102
    /// 223 8.27): notifications go out only while it still is.
    pub(crate) in_service: Option<Vec<u8>>,
    next_number: u8,
    next_reference: u8,
    /// The SCP81 admin session trigger of the last push SMS, for the device.
    pub(crate) admin_session_trigger: Option<Vec<u8>>,
    /// The challenge of EstablishISDRKeySet step 1, for step 2.
    pub(crate) key_establishment: Option<super::establish_keyset::Challenge>,
    /// The SCP81 admin session running over the terminal's BIP channel.
    pub(crate) bip: Option<super::bip::BipSession>,
    /// The SCP03t session of an ISD-P (SGP.02 4.1.3.3).
    pub(crate) download: Option<super::isdp_download::Download>,
    /// SCP03 sessions over APDUs to ISD-Ps, by logical channel.
    pub(crate) isdp_channels: super::isdp_channel::IsdpChannels,
}

impl Default for M2mSession {
    fn default() -> Self {
        M2mSession {
            reassembler: Reassembler::new(REASSEMBLY),
            delivered: Vec::new(),
            in_flight: None,
            in_service: None,
            next_number: 0,
            next_reference: 0,
            admin_session_trigger: None,
            key_establishment: None,
            bip: None,
            download: None,
            isdp_channels: Default::default(),
        }
    }
}

impl M2mSession {
    /// The next proactive command number (1 to FE, TS 102 223 8.6).
    pub(crate) fn next_number(&mut self) -> u8 {
        self.next_number = self.next_number % 0xFE + 1;
        self.next_number
    }

    /// The number [`M2mSession::next_number`] gives next, not taken yet.
    pub(crate) fn upcoming_number(&self) -> u8 {
        self.next_number % 0xFE + 1
    }

    /// The next TP-Message-Reference of an SMS-SUBMIT.
    pub(crate) fn next_reference(&mut self) -> u8 {
        self.next_reference = self.next_reference.wrapping_add(1);
        self.next_reference
    }

    /// The terminal started over: everything not confirmed is sent again.
    pub(crate) fn new_terminal_session(&mut self) {
        self.delivered.clear();
        self.in_flight = None;
        self.in_service = None;
        // a new terminal session has no channel open
        self.bip = None;
    }
}
