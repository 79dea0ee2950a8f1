//! SMS-PP data download (3GPP TS 31.111 7.1.1): a short message for the card (TP-PID `7F`)
//! handed over in an ENVELOPE, and what the card's answer means for the network.

use ota::envelope::SmsPpDownload;
use ota::sms::{Address, SmsDeliver};

use super::{Terminal, TerminalError};
use lpa::CardChannel;

/// What the terminal tells the network after an SMS-PP data download (TS 31.111 7.1.1.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Download {
    /// RP-ACK; with the card's response data (a PoR) as the SMS-DELIVER-REPORT's user data
    /// when it gave any.
    Acknowledged(Option<Vec<u8>>),
    /// RP-ERROR: the card answered `62 XX` or `63 XX`, with its response data (a PoR with
    /// an error status) or none.
    Error(Option<Vec<u8>>),
    /// RP-ERROR without data: the card is busy with another toolkit operation (`93 00`);
    /// the network is to deliver the message again later.
    Busy,
}

impl<C: CardChannel> Terminal<C> {
    /// Hands `deliver` to the card in an SMS-PP download ENVELOPE (`80 C2 00 00 Lc D1 …`)
    /// and reads its answer. A card with a proactive command to run afterwards (its PoR
    /// sent as an SMS-SUBMIT, say) answers `91 XX`: see [`Terminal::fetch`].
    pub fn download(
        &mut self,
        deliver: &SmsDeliver,
        service_centre: Option<Address>,
    ) -> Result<Download, TerminalError> {
        let tpdu = deliver.encode()?;
        let envelope = SmsPpDownload {
            service_centre,
            tpdu,
        }
        .encode()?;
        let answer = self.envelope(&envelope)?;
        let data = (!answer.data.is_empty()).then_some(answer.data);
        match answer.sw >> 8 {
            0x90 | 0x91 => Ok(Download::Acknowledged(data)),
            0x62 | 0x63 => Ok(Download::Error(data)),
            0x93 => Ok(Download::Busy),
            _ => Err(TerminalError::Status {
                command: "ENVELOPE (SMS-PP download)",
                sw: answer.sw,
            }),
        }
    }

    /// ENVELOPE (TS 102 221 11.2.2) with `data`.
    pub(crate) fn envelope(&mut self, data: &[u8]) -> Result<super::Answer, TerminalError> {
        let len = u8::try_from(data.len()).map_err(|_| TerminalError::EnvelopeTooLong)?;
        let mut apdu = vec![0x80, 0xC2, 0x00, 0x00, len];
        apdu.extend_from_slice(data);
        self.exchange(&apdu)
    }
}
