//! What the SMS-DELIVER and SMS-SUBMIT codecs share (3GPP TS 23.040 9.2.3).

use super::AddressError;

/// TP-PID `7F`: (U)SIM data download (TS 23.040 9.2.3.9), the PID of OTA short messages.
pub const PID_USIM_DATA_DOWNLOAD: u8 = 0x7F;
/// TP-DCS `F6`: data coding/message class group, 8-bit data, class 2 (TS 23.038 4).
pub const DCS_8BIT_CLASS_2: u8 = 0xF6;
/// The most octets of user data in one short message.
pub const MAX_USER_DATA: usize = 140;

/// A refused TPDU.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TpduError {
    /// Fields missing, or octets after TP-UD.
    #[error("truncated or overlong TPDU")]
    Length,
    /// TP-MTI is not the expected message type.
    #[error("TP-MTI {0} is not the expected message type")]
    MessageType(u8),
    /// The data coding is not 8-bit, so TP-UDL does not count octets.
    #[error("TP-DCS {0:#04x} is not 8-bit data")]
    NotEightBit(u8),
    /// More than 140 octets of user data, or a TP-UDL that disagrees with them.
    #[error("user data of {0} octets")]
    UserDataLength(usize),
    /// The address field.
    #[error(transparent)]
    Address(#[from] AddressError),
}

/// Whether TP-DCS codes 8-bit data (TS 23.038 4: general data coding groups `00xx`/`01xx`
/// with alphabet bits `01`, and the `1111` group with bit 2 set).
pub fn is_8bit(dcs: u8) -> bool {
    match dcs >> 4 {
        0x0..=0x7 => dcs & 0x0C == 0x04,
        0xF => dcs & 0x04 != 0,
        _ => false,
    }
}

/// Appends TP-UDL and TP-UD for 8-bit data.
pub(super) fn push_user_data(out: &mut Vec<u8>, ud: &[u8]) -> Result<(), TpduError> {
    if ud.len() > MAX_USER_DATA {
        return Err(TpduError::UserDataLength(ud.len()));
    }
    out.push(ud.len() as u8);
    out.extend_from_slice(ud);
    Ok(())
}

/// Reads TP-UDL and TP-UD for 8-bit data; nothing may follow.
pub(super) fn read_user_data(
    reader: &mut crate::wire::Reader<'_>,
    dcs: u8,
) -> Result<Vec<u8>, TpduError> {
    if !is_8bit(dcs) {
        return Err(TpduError::NotEightBit(dcs));
    }
    let udl = usize::from(reader.u8().ok_or(TpduError::Length)?);
    let ud = reader.rest();
    if udl > MAX_USER_DATA || ud.len() != udl {
        return Err(TpduError::UserDataLength(ud.len().max(udl)));
    }
    Ok(ud.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_bit_codings_are_recognised() {
        for dcs in [0x04, 0xF4, 0xF5, 0xF6, 0xF7, 0x16] {
            assert!(is_8bit(dcs), "{dcs:#04x}");
        }
        for dcs in [0x00, 0x08, 0xF0, 0xF2, 0xC0] {
            assert!(!is_8bit(dcs), "{dcs:#04x}");
        }
    }
}
