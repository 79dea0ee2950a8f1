//! SELECT by AID (ISO/IEC 7816-4; GPCS v2.3 §11.9; ETSI TS 102 221 §11.1.1).
//!
//! ```text
//! CLA '00'-'03'  INS 'A4'  P1 '04' (select by DF name = AID)
//! P2 '00' first or only occurrence, answer with the FCI   '0C' no response data
//!    '02' next occurrence: there is none, 6A82
//! Data: the full AID (partial selection is not offered)
//! ```
//!
//! The only selectable application is the ISD-R (SGP.22 §2.2.1), AID
//! `A0000005591010FFFFFFFF8900000100`. Its FCI follows GPCS §11.9.3 for a security domain:
//!
//! ```text
//! 6F 18                     FCI template
//!    84 10 <ISD-R AID>      application AID
//!    A5 04                  proprietary data
//!       9F65 01 FF          maximum length of the command data field: 255
//! ```
//!
//! With P2 '04' (return the FCP template, ETSI TS 102 221 11.1.1.3, as UICC terminals and
//! IPAs send it) the same data objects come in an FCP template `62`.
//!
//! Only SELECT of the ISD-R by its full AID comes here; selection by file identifier or
//! path, and of other AIDs, is the UICC's ([`crate::uicc::select`]). An unknown AID is
//! `6A82` and leaves the current selection of the channel as it was; any other P1 or P2 is
//! `6A86`.

use super::channel::{Application, ChannelState};
use super::command::CommandApdu;
use super::status::StatusWord;

/// AID of the ISD-R (SGP.22 §2.2.1).
pub const ISD_R_AID: [u8; 16] = [
    0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x89, 0x00, 0x00, 0x01, 0x00,
];

/// P1 of SELECT by DF name.
const P1_BY_DF_NAME: u8 = 0x04;
/// P2: first or only occurrence, return the FCI.
const P2_FIRST_WITH_FCI: u8 = 0x00;
/// P2: next occurrence.
const P2_NEXT: u8 = 0x02;
/// P2: first or only occurrence, no response data.
const P2_FIRST_NO_DATA: u8 = 0x0C;
/// P2: first or only occurrence, return the FCP template.
const P2_FIRST_WITH_FCP: u8 = 0x04;

/// Whether a SELECT is the ISD-R's (by DF name, its full AID), which the card handles
/// itself.
pub fn is_isd_r(cmd: &CommandApdu<'_>) -> bool {
    cmd.p1 == P1_BY_DF_NAME && cmd.data == ISD_R_AID
}

/// The FCI returned when the ISD-R is selected.
pub fn isd_r_fci() -> Vec<u8> {
    isd_r_template(0x6F)
}

/// The ISD-R's AID and proprietary data in a template with tag `tag` (`6F` FCI, `62` FCP).
fn isd_r_template(tag: u8) -> Vec<u8> {
    // A5 { 9F65 01 FF }: maximum length of the command data field
    const PROPRIETARY: [u8; 6] = [0xA5, 0x04, 0x9F, 0x65, 0x01, 0xFF];
    let body_len = 2 + ISD_R_AID.len() + PROPRIETARY.len();
    let mut fci = Vec::with_capacity(2 + body_len);
    fci.extend_from_slice(&[tag, body_len as u8, 0x84, ISD_R_AID.len() as u8]);
    fci.extend_from_slice(&ISD_R_AID);
    fci.extend_from_slice(&PROPRIETARY);
    fci
}

/// Handles SELECT on one channel; returns the response data.
pub fn select(channel: &mut ChannelState, cmd: &CommandApdu<'_>) -> Result<Vec<u8>, StatusWord> {
    match cmd.p1 {
        P1_BY_DF_NAME => {}
        0x00..=0x03 | 0x08 | 0x09 => return Err(StatusWord::NOT_FOUND),
        _ => return Err(StatusWord::INCORRECT_P1_P2),
    }
    let template = match cmd.p2 {
        P2_FIRST_WITH_FCI => Some(0x6F),
        P2_FIRST_WITH_FCP => Some(0x62),
        P2_FIRST_NO_DATA => None,
        P2_NEXT => return Err(StatusWord::NOT_FOUND),
        _ => return Err(StatusWord::INCORRECT_P1_P2),
    };
    if cmd.data != ISD_R_AID {
        return Err(StatusWord::NOT_FOUND);
    }
    channel.selected = Some(Application::IsdR);
    channel.chain.clear();
    Ok(template.map(isd_r_template).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ts102_221_11_1_1_3_isd_r_fcp_with_p2_04() {
        let mut channel = ChannelState::default();
        let apdu = [&[0x01, 0xA4, 0x04, 0x04, 0x10][..], &ISD_R_AID].concat();
        let cmd = CommandApdu::parse(&apdu).expect("apdu");
        let fcp = select(&mut channel, &cmd).expect("selected");
        assert_eq!(
            hex::encode_upper(&fcp),
            "62188410A0000005591010FFFFFFFF8900000100A5049F6501FF"
        );
        assert_eq!(channel.selected, Some(Application::IsdR));
    }

    #[test]
    fn gpcs_11_9_isd_r_fci_is_a_valid_6f_template() {
        let fci = isd_r_fci();
        assert_eq!(
            hex::encode_upper(&fci),
            "6F188410A0000005591010FFFFFFFF8900000100A5049F6501FF"
        );
        assert_eq!(usize::from(fci[1]), fci.len() - 2);
    }
}
