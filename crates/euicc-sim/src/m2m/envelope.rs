//! ENVELOPE to an M2M eUICC (ETSI TS 102 221 11.2.2, ETSI TS 102 223 7): SMS-PP data
//! download (`D1`, 3GPP TS 31.111 7.1.1) and event download (`D6`, TS 102 223 7.5).
//! Any other envelope is answered `9000` with nothing: the card offers no other toolkit
//! service.

use crate::apdu::{ResponseApdu, StatusWord};
use crate::euicc::Euicc;

/// SMS-PP download tag (TS 102 223 9.1).
const TAG_SMS_PP_DOWNLOAD: u8 = 0xD1;
/// Event download tag.
const TAG_EVENT_DOWNLOAD: u8 = 0xD6;

/// The card's answer to an ENVELOPE: the response APDU and the proactive commands that
/// follow (a PoR or notification in SEND SHORT MESSAGE).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvelopeAnswer {
    /// Response data (a PoR for the RP-ACK) and status word.
    pub response: ResponseApdu,
    /// Proactive commands to queue, in order.
    pub proactive: Vec<Vec<u8>>,
}

impl EnvelopeAnswer {
    /// `9000`, nothing else.
    pub fn ok() -> EnvelopeAnswer {
        EnvelopeAnswer {
            response: ResponseApdu::status(StatusWord::OK),
            proactive: Vec::new(),
        }
    }

    /// A refusal with `sw` and nothing else.
    pub fn status(sw: StatusWord) -> EnvelopeAnswer {
        EnvelopeAnswer {
            response: ResponseApdu::status(sw),
            proactive: Vec::new(),
        }
    }
}

impl Euicc {
    /// One ENVELOPE's data to the M2M eUICC.
    pub fn process_m2m_envelope(&mut self, data: &[u8]) -> EnvelopeAnswer {
        match data.first() {
            Some(&TAG_SMS_PP_DOWNLOAD) => self.sms_pp_download(data),
            Some(&TAG_EVENT_DOWNLOAD) => self.event_download(data),
            Some(_) => EnvelopeAnswer::ok(),
            None => EnvelopeAnswer::status(StatusWord::WRONG_LENGTH),
        }
    }
}
