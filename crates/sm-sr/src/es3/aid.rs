//! ISD-P AIDs (SGP.02 Annex H): `A0000005591010FFFFFFFF89` ‖ TAR ‖ `00`, the TAR in
//! `000010`–`00FFFF`; the SM-SR picks the AID of a new ISD-P (SGP.02 3.1.1: CreateISDP
//! "allocates" it) and reaches the ISD-P by that TAR (ETSI TS 102 225 5.1.2, TS 102 226).

use crate::eis::{Eis, ISD_R_AID};

/// The RID and PIX octets every SGP.02 security domain AID starts with.
const PREFIX_LEN: usize = 12;
/// The smallest ISD-P TAR.
const TAR_MIN: u32 = 0x00_0010;
/// The largest ISD-P TAR.
const TAR_MAX: u32 = 0x00_FFFF;

/// The AID of the ISD-P with TAR `tar`.
pub(crate) fn isd_p_aid(tar: u32) -> Vec<u8> {
    let mut aid = ISD_R_AID[..PREFIX_LEN].to_vec();
    aid.extend_from_slice(&tar.to_be_bytes()[1..]);
    aid.push(0x00);
    aid
}

/// The TAR of an AID of the ISD-P form; `None` for any other AID.
pub(crate) fn isd_p_tar(aid: &[u8]) -> Option<Vec<u8>> {
    let (prefix, rest) = aid.split_at_checked(PREFIX_LEN)?;
    let [a, b, c, 0x00] = *rest else { return None };
    let n = u32::from_be_bytes([0, a, b, c]);
    (prefix == &ISD_R_AID[..PREFIX_LEN] && (TAR_MIN..=TAR_MAX).contains(&n)).then(|| vec![a, b, c])
}

/// The lowest ISD-P AID no profile of `eis` has; `None` when all are taken.
pub(crate) fn allocate(eis: &Eis) -> Option<Vec<u8>> {
    (TAR_MIN..=TAR_MAX)
        .map(isd_p_aid)
        .find(|aid| !eis.profiles.iter().any(|p| p.isd_p_aid == *aid))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annex_h_form() {
        let aid = isd_p_aid(0x10);
        assert_eq!(hex::encode_upper(&aid), "A0000005591010FFFFFFFF8900001000");
        assert_eq!(isd_p_tar(&aid), Some(vec![0, 0, 0x10]));
        assert_eq!(isd_p_tar(&ISD_R_AID), None, "TAR 000001 is the ISD-R's");
        assert_eq!(isd_p_tar(&isd_p_aid(0x01_0000)), None);
        assert_eq!(isd_p_tar(&aid[..15]), None);
    }
}
