//! SELECT by AID (ISO/IEC 7816-4; GPCS v2.3 §11.9; ETSI TS 102 221 §11.1.1).
//!
//! ```text
//! CLA '00'-'03'  INS 'A4'  P1 '04' (select by DF name = AID)
//! P2 '00' or '04' first or only occurrence, answer with the FCI   '0C' no response data
//!    '02' next occurrence: there is none, 6A82
//! Data: the full AID (partial selection is not offered)
//! ```
//!
//! Two applications are selected here: the ISD-R (SGP.22 §2.2.1), AID
//! `A0000005591010FFFFFFFF8900000100`, and the ECASD (SGP.22 §2.2.2), AID
//! `A0000005591010FFFFFFFF8900000200`. Their answer is the FCI of GPCS §11.9.3.1 for a
//! security domain:
//!
//! ```text
//! 6F 18                     FCI template
//!    84 10 <AID>            application AID
//!    A5 04                  proprietary data
//!       9F65 01 FF          maximum length of the command data field: 255
//! ```
//!
//! GPCS §11.9.2.3 defines P2 '00' (first or only occurrence) and '02' (next); ETSI TS 102
//! 221 11.1.1.2 adds '04' (return the FCP) and '0C' (no data) for the UICC's files. Real
//! eUICCs answer a GlobalPlatform application with its FCI `6F` whether P2 asks '00' or '04'
//! (the FCP template `62` describes files of the UICC, not security domains), and pySim's
//! `ADF.ISD-R` decodes nothing else; so P2 '00' and '04' both give the FCI, '0C' nothing.
//!
//! Only SELECT of these two by their full AID comes here; selection by file identifier or
//! path, and of other AIDs, is the UICC's ([`crate::uicc::select`]). An unknown AID is
//! `6A82` and leaves the current selection of the channel as it was; any other P1 or P2 is
//! `6A86`. ES10x commands (STORE DATA) go to the ISD-R only; sent to the ECASD they are
//! `6985`.

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
/// P2: first or only occurrence, return the FCP template (TS 102 221 11.1.1.2); answered
/// with the FCI here.
const P2_FIRST_WITH_FCP: u8 = 0x04;

/// AID of the ECASD (SGP.22 §2.2.2).
pub const ECASD_AID: [u8; 16] = [
    0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x89, 0x00, 0x00, 0x02, 0x00,
];

/// The security domain a full AID names, if it is one the card selects itself.
fn application(aid: &[u8]) -> Option<Application> {
    match aid {
        a if a == ISD_R_AID => Some(Application::IsdR),
        a if a == ECASD_AID => Some(Application::Ecasd),
        _ => None,
    }
}

/// Whether a SELECT is the ISD-R's or the ECASD's (by DF name, the full AID), which the
/// card handles itself.
pub fn is_security_domain(cmd: &CommandApdu<'_>) -> bool {
    cmd.p1 == P1_BY_DF_NAME && application(cmd.data).is_some()
}

/// The FCI returned when the ISD-R is selected.
pub fn isd_r_fci() -> Vec<u8> {
    fci(&ISD_R_AID)
}

/// The FCI template `6F` of a security domain (GPCS §11.9.3.1): its AID and proprietary
/// data.
fn fci(aid: &[u8; 16]) -> Vec<u8> {
    // A5 { 9F65 01 FF }: maximum length of the command data field
    const PROPRIETARY: [u8; 6] = [0xA5, 0x04, 0x9F, 0x65, 0x01, 0xFF];
    let body_len = 2 + aid.len() + PROPRIETARY.len();
    let mut out = Vec::with_capacity(2 + body_len);
    out.extend_from_slice(&[0x6F, body_len as u8, 0x84, aid.len() as u8]);
    out.extend_from_slice(aid);
    out.extend_from_slice(&PROPRIETARY);
    out
}

/// Handles SELECT on one channel; returns the response data.
pub fn select(channel: &mut ChannelState, cmd: &CommandApdu<'_>) -> Result<Vec<u8>, StatusWord> {
    match cmd.p1 {
        P1_BY_DF_NAME => {}
        0x00..=0x03 | 0x08 | 0x09 => return Err(StatusWord::NOT_FOUND),
        _ => return Err(StatusWord::INCORRECT_P1_P2),
    }
    let with_fci = match cmd.p2 {
        P2_FIRST_WITH_FCI | P2_FIRST_WITH_FCP => true,
        P2_FIRST_NO_DATA => false,
        P2_NEXT => return Err(StatusWord::NOT_FOUND),
        _ => return Err(StatusWord::INCORRECT_P1_P2),
    };
    let app = application(cmd.data).ok_or(StatusWord::NOT_FOUND)?;
    channel.selected = Some(app);
    channel.chain.clear();
    let aid = match app {
        Application::IsdR => &ISD_R_AID,
        Application::Ecasd => &ECASD_AID,
        Application::IsdP(_) => return Err(StatusWord::NOT_FOUND),
    };
    Ok(if with_fci { fci(aid) } else { Vec::new() })
}

/// SELECT of an ISD-P of an M2M eUICC by its AID (`tar`: what the card knows it by): the
/// channel's selection, and its FCI as for any security domain.
pub fn select_isdp(
    channel: &mut ChannelState,
    cmd: &CommandApdu<'_>,
    tar: [u8; 3],
) -> Result<Vec<u8>, StatusWord> {
    let aid: &[u8; 16] = cmd.data.try_into().map_err(|_| StatusWord::NOT_FOUND)?;
    let with_fci = match cmd.p2 {
        P2_FIRST_WITH_FCI | P2_FIRST_WITH_FCP => true,
        P2_FIRST_NO_DATA => false,
        _ => return Err(StatusWord::INCORRECT_P1_P2),
    };
    channel.selected = Some(Application::IsdP(tar));
    channel.chain.clear();
    Ok(if with_fci { fci(aid) } else { Vec::new() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gpcs_11_9_3_1_isd_r_and_ecasd_answer_the_fci_whatever_p2() {
        for (aid, app, hex_aid) in [
            (
                ISD_R_AID,
                Application::IsdR,
                "A0000005591010FFFFFFFF8900000100",
            ),
            (
                ECASD_AID,
                Application::Ecasd,
                "A0000005591010FFFFFFFF8900000200",
            ),
        ] {
            for p2 in [0x00, 0x04] {
                let mut channel = ChannelState::default();
                let apdu = [&[0x01, 0xA4, 0x04, p2, 0x10][..], &aid].concat();
                let cmd = CommandApdu::parse(&apdu).expect("apdu");
                let fci = select(&mut channel, &cmd).expect("selected");
                assert_eq!(
                    hex::encode_upper(&fci),
                    format!("6F188410{hex_aid}A5049F6501FF"),
                    "P2 {p2:02X}"
                );
                assert_eq!(channel.selected, Some(app));
            }
        }
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
