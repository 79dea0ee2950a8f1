//! SMS-DELIVER, the mobile-terminated TPDU (3GPP TS 23.040 9.2.2.1).
//!
//! ```text
//! first octet: RP(b7) UDHI(b6) SRI(b5) - - LP(b3) MMS(b2) MTI=00
//! TP-OA | TP-PID | TP-DCS | TP-SCTS(7) | TP-UDL | TP-UD
//! ```

use super::Address;
use super::tpdu::{
    DCS_8BIT_CLASS_2, PID_USIM_DATA_DOWNLOAD, TpduError, push_user_data, read_user_data,
};
use crate::wire::Reader;

/// An SMS-DELIVER with 8-bit user data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmsDeliver {
    /// TP-MMS: set when no more messages are waiting in the service centre.
    pub no_more_messages: bool,
    /// TP-SRI: a status report will be returned to the sender.
    pub status_report: bool,
    /// TP-UDHI: the user data starts with a header.
    pub udhi: bool,
    /// TP-RP: a reply path exists.
    pub reply_path: bool,
    /// TP-OA.
    pub originator: Address,
    /// TP-PID.
    pub pid: u8,
    /// TP-DCS (8-bit data only).
    pub dcs: u8,
    /// TP-SCTS, the service centre time stamp in semi-octets.
    pub scts: [u8; 7],
    /// TP-UD, the header included.
    pub user_data: Vec<u8>,
}

impl SmsDeliver {
    /// The OTA form (3GPP TS 31.115, the command packet over SMS-PP): UDHI set, TP-PID
    /// `7F`, TP-DCS `F6`.
    pub fn ota(originator: Address, scts: [u8; 7], user_data: Vec<u8>) -> Self {
        SmsDeliver {
            no_more_messages: true,
            status_report: false,
            udhi: true,
            reply_path: false,
            originator,
            pid: PID_USIM_DATA_DOWNLOAD,
            dcs: DCS_8BIT_CLASS_2,
            scts,
            user_data,
        }
    }

    /// The TPDU's octets.
    pub fn encode(&self) -> Result<Vec<u8>, TpduError> {
        let first = u8::from(self.no_more_messages) << 2
            | u8::from(self.status_report) << 5
            | u8::from(self.udhi) << 6
            | u8::from(self.reply_path) << 7;
        let mut out = vec![first];
        out.extend(self.originator.encode_tp());
        out.extend_from_slice(&[self.pid, self.dcs]);
        out.extend_from_slice(&self.scts);
        push_user_data(&mut out, &self.user_data)?;
        Ok(out)
    }

    /// Parses an SMS-DELIVER; other message types and non-8-bit codings are refused.
    pub fn parse(bytes: &[u8]) -> Result<Self, TpduError> {
        let mut reader = Reader::new(bytes);
        let first = reader.u8().ok_or(TpduError::Length)?;
        if first & 0x03 != 0 {
            return Err(TpduError::MessageType(first & 0x03));
        }
        let originator = Address::decode_tp(&mut reader)?;
        let [pid, dcs] = reader.array::<2>().ok_or(TpduError::Length)?;
        let scts = reader.array::<7>().ok_or(TpduError::Length)?;
        let user_data = read_user_data(&mut reader, dcs)?;
        Ok(SmsDeliver {
            no_more_messages: first & 0x04 != 0,
            status_report: first & 0x20 != 0,
            udhi: first & 0x40 != 0,
            reply_path: first & 0x80 != 0,
            originator,
            pid,
            dcs,
            scts,
            user_data,
        })
    }
}
