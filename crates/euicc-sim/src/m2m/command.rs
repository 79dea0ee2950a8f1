//! The ISD-R's command processor: one GlobalPlatform command in, response data and status
//! word out, the same whether the command arrives on a logical channel with the ISD-R
//! selected (card face) or inside a remote command script addressed to the ISD-R's TAR
//! (ETSI TS 102 226 expanded format over SCP80 or SCP81).
//!
//! | INS | Command | Function (SGP.02 v4.2) |
//! |---|---|---|
//! | `E6` | INSTALL [for install and make selectable] | CreateISDP 4.1.1.1 |
//! | `E2` | STORE DATA (DGI format) | the DGIs of SGP.02 4.1.1 (`3A01`–`3A08`) |
//! | `E4` | DELETE | DeleteProfile 4.1.1.4 |
//! | `F2` | GET STATUS | eUICCCapabilityAudit 4.1.1.6 |
//! | `CA` | GET DATA `FF21` | eUICCCapabilityAudit 4.1.1.6 |
//!
//! A command that changes the state works on a copy, which is written to the state file
//! before the answer leaves; a refusal keeps nothing. A failed write is `6581`.

use super::error::IsdrError;
use super::{create_isdp, delete, get_data, get_status, store_data};
use crate::apdu::{CommandApdu, ResponseApdu, StatusWord};
use crate::euicc::Euicc;
use crate::state::EuiccState;

/// INSTALL.
const INS_INSTALL: u8 = 0xE6;
/// STORE DATA.
const INS_STORE_DATA: u8 = 0xE2;
/// DELETE.
const INS_DELETE: u8 = 0xE4;
/// GET STATUS.
const INS_GET_STATUS: u8 = 0xF2;
/// GET DATA.
const INS_GET_DATA: u8 = 0xCA;

/// Whether `ins` is one the M2M ISD-R takes (the card face routes these to it while the
/// ISD-R is selected).
pub fn is_isdr_instruction(ins: u8) -> bool {
    matches!(
        ins,
        INS_INSTALL | INS_STORE_DATA | INS_DELETE | INS_GET_STATUS | INS_GET_DATA
    )
}

impl Euicc {
    /// Whether this is an M2M eUICC (SGP.02), whose ISD-R takes ES5 commands.
    pub fn is_m2m(&self) -> bool {
        self.state.m2m.is_some()
    }

    /// One command to the ISD-R of an M2M eUICC (the class byte already checked).
    pub fn process_isdr_command(&mut self, cmd: &CommandApdu<'_>) -> ResponseApdu {
        match self.run_isdr(cmd) {
            Ok(data) => ResponseApdu {
                data,
                sw: StatusWord::OK,
            },
            Err(e) => ResponseApdu::status(e.status_word()),
        }
    }

    /// One C-APDU of a remote command script (ETSI TS 102 226 5.2) to the ISD-R: the
    /// R-APDU, data ‖ SW1 SW2. The class must be a GlobalPlatform one (`80`–`83`).
    pub fn process_isdr_apdu(&mut self, apdu: &[u8]) -> Vec<u8> {
        let response = match CommandApdu::parse(apdu) {
            Ok(cmd) if cmd.cla & 0xFC == 0x80 => self.process_isdr_command(&cmd),
            Ok(_) => ResponseApdu::status(IsdrError::ClaNotSupported.status_word()),
            Err(_) => ResponseApdu::status(IsdrError::WrongLength.status_word()),
        };
        response.to_bytes()
    }

    fn run_isdr(&mut self, cmd: &CommandApdu<'_>) -> Result<Vec<u8>, IsdrError> {
        if !self.is_m2m() {
            return Err(IsdrError::InsNotSupported);
        }
        match cmd.ins {
            INS_INSTALL => self.change_m2m(|s| create_isdp::create_isdp(s, cmd)),
            INS_STORE_DATA => self.store_data_block(cmd),
            INS_DELETE => self.delete_command(cmd),
            INS_GET_STATUS => get_status::get_status(&self.state, cmd),
            INS_GET_DATA => get_data::get_data(&self.state, cmd),
            _ => Err(IsdrError::InsNotSupported),
        }
    }

    fn store_data_block(&mut self, cmd: &CommandApdu<'_>) -> Result<Vec<u8>, IsdrError> {
        self.change_m2m(|s| store_data::store_data(s, cmd))
    }

    fn delete_command(&mut self, cmd: &CommandApdu<'_>) -> Result<Vec<u8>, IsdrError> {
        self.change_m2m(|s| delete::delete_profile(s, cmd))
    }

    /// Runs `f` on a copy of the state; commits the copy when `f` succeeds.
    pub(super) fn change_m2m(
        &mut self,
        f: impl FnOnce(&mut EuiccState) -> Result<Vec<u8>, IsdrError>,
    ) -> Result<Vec<u8>, IsdrError> {
        let mut next = self.state.clone();
        let out = f(&mut next)?;
        self.commit(next)?;
        Ok(out)
    }
}
