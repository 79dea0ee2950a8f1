//! The AIDs of an M2M eUICC (SGP.02 v4.2 Annex H) and the TARs derived from them.

use certs::gp::tlv;

use super::error::IsdrError;

/// The common prefix: RID `A000000559` (GSMA), PIX `1010FFFFFFFF89`.
pub const AID_PREFIX: [u8; 12] = [
    0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x89,
];

/// The ISD-R's TAR (SGP.02 Annex H: the AID octets 13–15).
pub const ISD_R_TAR: [u8; 3] = [0x00, 0x00, 0x01];

/// The ISD-P Executable Load File AID (`…89 00000D 00`).
pub const ISDP_LOAD_FILE_AID: [u8; 16] = aid_with_tar([0x00, 0x00, 0x0D]);

/// The ISD-P Executable Module AID (`…89 00000E 00`).
pub const ISDP_MODULE_AID: [u8; 16] = aid_with_tar([0x00, 0x00, 0x0E]);

/// The smallest TAR an ISD-P may have (SGP.02 Annex H: `000010`–`00FFFF`).
pub const ISDP_TAR_MIN: u32 = 0x00_0010;
/// The largest TAR an ISD-P may have.
pub const ISDP_TAR_MAX: u32 = 0x00_FFFF;

/// `A0000005591010FFFFFFFF89` ‖ TAR ‖ `00`.
pub const fn aid_with_tar(tar: [u8; 3]) -> [u8; 16] {
    let mut aid = [0u8; 16];
    let mut i = 0;
    while i < AID_PREFIX.len() {
        aid[i] = AID_PREFIX[i];
        i += 1;
    }
    aid[12] = tar[0];
    aid[13] = tar[1];
    aid[14] = tar[2];
    aid
}

/// The TAR of an ISD-P AID, if `aid` has the ISD-P form and its TAR is in the ISD-P range.
pub fn isdp_tar(aid: &[u8]) -> Option<[u8; 3]> {
    let aid: &[u8; 16] = aid.try_into().ok()?;
    if aid[..12] != AID_PREFIX || aid[15] != 0x00 {
        return None;
    }
    let tar = [aid[12], aid[13], aid[14]];
    let n = u32::from_be_bytes([0, tar[0], tar[1], tar[2]]);
    (ISDP_TAR_MIN..=ISDP_TAR_MAX).contains(&n).then_some(tar)
}

/// The AID of a command's target: the value is exactly one `4F` data object of 5 to 16
/// octets (GPCS 11.2.2.3, 11.11; SGP.02 4.1.1.2–4.1.1.4).
pub fn target(value: &[u8]) -> Result<Vec<u8>, IsdrError> {
    match tlv::read_all(value)?.as_slice() {
        [t] if t.tag == 0x4F && (5..=16).contains(&t.value.len()) => Ok(t.value.to_vec()),
        _ => Err(IsdrError::IncorrectData),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sgp02_annex_h_aids() {
        assert_eq!(
            hex::encode_upper(ISDP_LOAD_FILE_AID),
            "A0000005591010FFFFFFFF8900000D00"
        );
        assert_eq!(
            hex::encode_upper(ISDP_MODULE_AID),
            "A0000005591010FFFFFFFF8900000E00"
        );
        assert_eq!(aid_with_tar(ISD_R_TAR), crate::apdu::ISD_R_AID);
        assert_eq!(isdp_tar(&aid_with_tar([0, 0, 0x10])), Some([0, 0, 0x10]));
        assert_eq!(
            isdp_tar(&aid_with_tar([0, 0x12, 0x34])),
            Some([0, 0x12, 0x34])
        );
        assert_eq!(isdp_tar(&crate::apdu::ISD_R_AID), None, "TAR 000001");
        assert_eq!(isdp_tar(&aid_with_tar([1, 0, 0])), None, "TAR 010000");
        assert_eq!(isdp_tar(&[0xA0; 15]), None);
    }
}
