//! Event download (ETSI TS 102 223 7.5): the location status event (7.5.4), by which the
//! terminal tells the card it has lost or regained service.

use super::{Terminal, TerminalError};
use lpa::CardChannel;

/// Location status (TS 102 223 8.27).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocationStatus {
    /// `00` normal service.
    Normal,
    /// `01` limited service.
    Limited,
    /// `02` no service.
    NoService,
}

impl<C: CardChannel> Terminal<C> {
    /// ENVELOPE (EVENT DOWNLOAD – location status): `D6 L { 99 01 03 | 82 02 82 81 |
    /// 9B 01 status }`. A card that did not ask for the event answers as it likes; its
    /// status word is not checked beyond the transport.
    pub fn location_status(&mut self, status: LocationStatus) -> Result<(), TerminalError> {
        let code = match status {
            LocationStatus::Normal => 0x00,
            LocationStatus::Limited => 0x01,
            LocationStatus::NoService => 0x02,
        };
        let data = [
            0xD6, 0x0A, 0x99, 0x01, 0x03, 0x82, 0x02, 0x82, 0x81, 0x9B, 0x01, code,
        ];
        self.envelope(&data).map(drop)
    }
}
