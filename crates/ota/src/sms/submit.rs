//! SMS-SUBMIT, the mobile-originated TPDU (3GPP TS 23.040 9.2.2.2).
//!
//! ```text
//! first octet: RP(b7) UDHI(b6) SRR(b5) VPF(b4 b3) RD(b2) MTI=01
//! TP-MR | TP-DA | TP-PID | TP-DCS | [TP-VP] | TP-UDL | TP-UD
//! ```

use super::Address;
use super::tpdu::{
    DCS_8BIT_CLASS_2, PID_USIM_DATA_DOWNLOAD, TpduError, push_user_data, read_user_data,
};
use crate::wire::Reader;

/// TP-VP (TS 23.040 9.2.3.12).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValidityPeriod {
    /// VPF `00`: not present.
    None,
    /// VPF `10`: one octet, relative.
    Relative(u8),
    /// VPF `01` (enhanced) or `11` (absolute): seven octets, kept as received.
    Other {
        /// The VPF bits.
        format: u8,
        /// The octets.
        octets: [u8; 7],
    },
}

/// An SMS-SUBMIT with 8-bit user data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmsSubmit {
    /// TP-RD: reject duplicates.
    pub reject_duplicates: bool,
    /// TP-SRR: status report requested.
    pub status_report: bool,
    /// TP-UDHI: the user data starts with a header.
    pub udhi: bool,
    /// TP-RP: reply path.
    pub reply_path: bool,
    /// TP-MR.
    pub message_reference: u8,
    /// TP-DA.
    pub destination: Address,
    /// TP-PID.
    pub pid: u8,
    /// TP-DCS (8-bit data only).
    pub dcs: u8,
    /// TP-VP.
    pub validity: ValidityPeriod,
    /// TP-UD, the header included.
    pub user_data: Vec<u8>,
}

impl SmsSubmit {
    /// The OTA form of a PoR or MO secured packet (3GPP TS 31.115, the response packet):
    /// UDHI set, TP-PID `7F`, TP-DCS `F6`, no validity period.
    pub fn ota(message_reference: u8, destination: Address, user_data: Vec<u8>) -> Self {
        SmsSubmit {
            reject_duplicates: false,
            status_report: false,
            udhi: true,
            reply_path: false,
            message_reference,
            destination,
            pid: PID_USIM_DATA_DOWNLOAD,
            dcs: DCS_8BIT_CLASS_2,
            validity: ValidityPeriod::None,
            user_data,
        }
    }

    /// The TPDU's octets.
    pub fn encode(&self) -> Result<Vec<u8>, TpduError> {
        let vpf = match self.validity {
            ValidityPeriod::None => 0,
            ValidityPeriod::Relative(_) => 2,
            ValidityPeriod::Other { format, .. } => format & 0x03,
        };
        let first = 0x01
            | u8::from(self.reject_duplicates) << 2
            | vpf << 3
            | u8::from(self.status_report) << 5
            | u8::from(self.udhi) << 6
            | u8::from(self.reply_path) << 7;
        let mut out = vec![first, self.message_reference];
        out.extend(self.destination.encode_tp());
        out.extend_from_slice(&[self.pid, self.dcs]);
        match self.validity {
            ValidityPeriod::None => {}
            ValidityPeriod::Relative(vp) => out.push(vp),
            ValidityPeriod::Other { octets, .. } => out.extend_from_slice(&octets),
        }
        push_user_data(&mut out, &self.user_data)?;
        Ok(out)
    }

    /// Parses an SMS-SUBMIT; other message types and non-8-bit codings are refused.
    pub fn parse(bytes: &[u8]) -> Result<Self, TpduError> {
        let mut reader = Reader::new(bytes);
        let first = reader.u8().ok_or(TpduError::Length)?;
        if first & 0x03 != 0x01 {
            return Err(TpduError::MessageType(first & 0x03));
        }
        let message_reference = reader.u8().ok_or(TpduError::Length)?;
        let destination = Address::decode_tp(&mut reader)?;
        let [pid, dcs] = reader.array::<2>().ok_or(TpduError::Length)?;
        let validity = match first >> 3 & 0x03 {
            0 => ValidityPeriod::None,
            2 => ValidityPeriod::Relative(reader.u8().ok_or(TpduError::Length)?),
            format => ValidityPeriod::Other {
                format,
                octets: reader.array::<7>().ok_or(TpduError::Length)?,
            },
        };
        let user_data = read_user_data(&mut reader, dcs)?;
        Ok(SmsSubmit {
            reject_duplicates: first & 0x04 != 0,
            status_report: first & 0x20 != 0,
            udhi: first & 0x40 != 0,
            reply_path: first & 0x80 != 0,
            message_reference,
            destination,
            pid,
            dcs,
            validity,
            user_data,
        })
    }
}
