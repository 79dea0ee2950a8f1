//! SMS-DELIVER-REPORT, the TPDU in the RP-ACK or RP-ERROR that answers an SMS-DELIVER
//! (3GPP TS 23.040 9.2.2.1a). A PoR whose SPI2 b6 is clear travels here (3GPP TS 31.115,
//! the response packet).
//!
//! ```text
//! first octet: - UDHI(b6) - - - - MTI=00
//! [TP-FCS (RP-ERROR only)] | TP-PI | [TP-PID] | [TP-DCS] | [TP-UDL | TP-UD]
//! TP-PI: b0 TP-PID present, b1 TP-DCS present, b2 TP-UDL present
//! ```

use super::tpdu::{TpduError, push_user_data, read_user_data};
use crate::wire::Reader;

/// An SMS-DELIVER-REPORT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmsDeliverReport {
    /// TP-FCS: present in the RP-ERROR form, absent in the RP-ACK form.
    pub failure_cause: Option<u8>,
    /// TP-UDHI: the user data starts with a header.
    pub udhi: bool,
    /// TP-PID, if present.
    pub pid: Option<u8>,
    /// TP-DCS, if present (8-bit data only when there is user data).
    pub dcs: Option<u8>,
    /// TP-UD, the header included, if present.
    pub user_data: Option<Vec<u8>>,
}

impl SmsDeliverReport {
    /// The RP-ACK form carrying a PoR: UDHI set, TP-PID `7F`, TP-DCS `F6`.
    pub fn ota_ack(user_data: Vec<u8>) -> Self {
        SmsDeliverReport {
            failure_cause: None,
            udhi: true,
            pid: Some(super::PID_USIM_DATA_DOWNLOAD),
            dcs: Some(super::DCS_8BIT_CLASS_2),
            user_data: Some(user_data),
        }
    }

    /// The TPDU's octets.
    pub fn encode(&self) -> Result<Vec<u8>, TpduError> {
        let mut out = vec![u8::from(self.udhi) << 6];
        out.extend(self.failure_cause);
        let indicator = u8::from(self.pid.is_some())
            | u8::from(self.dcs.is_some()) << 1
            | u8::from(self.user_data.is_some()) << 2;
        out.push(indicator);
        out.extend(self.pid);
        out.extend(self.dcs);
        if let Some(ud) = &self.user_data {
            push_user_data(&mut out, ud)?;
        }
        Ok(out)
    }

    /// Parses the RP-ACK form (no TP-FCS).
    pub fn parse_ack(bytes: &[u8]) -> Result<Self, TpduError> {
        Self::parse(bytes, false)
    }

    /// Parses the RP-ERROR form (with TP-FCS).
    pub fn parse_error(bytes: &[u8]) -> Result<Self, TpduError> {
        Self::parse(bytes, true)
    }

    fn parse(bytes: &[u8], error: bool) -> Result<Self, TpduError> {
        let mut reader = Reader::new(bytes);
        let first = reader.u8().ok_or(TpduError::Length)?;
        if first & 0x03 != 0 {
            return Err(TpduError::MessageType(first & 0x03));
        }
        let failure_cause = match error {
            true => Some(reader.u8().ok_or(TpduError::Length)?),
            false => None,
        };
        let indicator = reader.u8().ok_or(TpduError::Length)?;
        let mut optional = |bit: u8| match indicator & bit != 0 {
            true => reader.u8().ok_or(TpduError::Length).map(Some),
            false => Ok(None),
        };
        let pid = optional(0x01)?;
        let dcs = optional(0x02)?;
        let user_data = if indicator & 0x04 != 0 {
            Some(read_user_data(&mut reader, dcs.unwrap_or_default())?)
        } else if reader.rest().is_empty() {
            None
        } else {
            return Err(TpduError::Length);
        };
        Ok(SmsDeliverReport {
            failure_cause,
            udhi: first & 0x40 != 0,
            pid,
            dcs,
            user_data,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ack_with_a_por_round_trips() {
        let por = hex::decode("027100000e0ab0001100000000000000016132").expect("hex");
        let report = SmsDeliverReport::ota_ack(por.clone());
        let bytes = report.encode().expect("fits");
        assert_eq!(hex::encode(&bytes[..5]), "40077ff613");
        assert_eq!(SmsDeliverReport::parse_ack(&bytes), Ok(report));
        assert!(SmsDeliverReport::parse_error(&bytes).is_err());
    }

    #[test]
    fn error_form_and_bare_forms_parse() {
        let error = SmsDeliverReport::parse_error(&[0x00, 0xD5, 0x00]).expect("RP-ERROR");
        assert_eq!((error.failure_cause, error.user_data), (Some(0xD5), None));
        assert_eq!(
            SmsDeliverReport::parse_ack(&[0x00, 0x00, 0x01]),
            Err(TpduError::Length)
        );
        assert_eq!(
            SmsDeliverReport::parse_ack(&[0x00, 0x04, 0x01, 0x00]),
            Err(TpduError::NotEightBit(0))
        );
        assert_eq!(
            SmsDeliverReport::parse_ack(&[0x01, 0x00]),
            Err(TpduError::MessageType(1))
        );
        assert_eq!(
            SmsDeliverReport::parse_ack(&[0x40, 0x06, 0xF6, 0x02, 0xAA]),
            Err(TpduError::UserDataLength(2))
        );
    }
}
