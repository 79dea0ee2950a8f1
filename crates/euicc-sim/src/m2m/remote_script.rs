//! A remote command script in the expanded format (ETSI TS 102 226 5.2) run by the ISD-R:
//! each C-APDU through the same processor as on a logical channel, stopping after the
//! first that fails; the response script has the number of commands executed and one
//! R-APDU per command (`AB { 80 01 n 23 L R-APDU … }`, or `AF 80 … 00 00` for an
//! indefinite script).
//!
//! A script that does not parse is answered with no command executed and its bad format
//! (`90 01 xx`: `01` unknown tag, `02` wrong length, `03` length missing).

use ota::script::{
    BadFormat, CommandScript, CommandTlv, ResponseScript, ResponseTlv, ScriptError, ScriptForm,
};

use crate::euicc::Euicc;

/// Whether a status word ends the script (TS 102 226 5.2.1: processing continues after
/// `90 00`, `61 XX` and the warnings `62 XX`, `63 XX`).
fn is_failure(r_apdu: &[u8]) -> bool {
    !matches!(
        r_apdu.get(r_apdu.len().saturating_sub(2)),
        Some(0x90 | 0x61 | 0x62 | 0x63)
    )
}

fn bad_format(e: ScriptError) -> BadFormat {
    match e {
        ScriptError::UnexpectedTag(_) | ScriptError::NotAScript(_) => BadFormat::UnknownTag,
        ScriptError::ValueLength(_) => BadFormat::WrongLength,
        _ => BadFormat::LengthMissing,
    }
}

impl Euicc {
    /// Runs a command script addressed to the ISD-R; returns the response script.
    pub fn run_isdr_script(&mut self, script: &[u8]) -> Vec<u8> {
        let response = match CommandScript::parse(script) {
            Ok(commands) => self.run_commands(&commands),
            Err(e) => ResponseScript {
                form: ScriptForm::Definite,
                items: vec![
                    ResponseTlv::NumberOfCommands(0),
                    ResponseTlv::BadFormat(bad_format(e)),
                ],
            },
        };
        response.encode().unwrap_or_default()
    }

    fn run_commands(&mut self, commands: &CommandScript) -> ResponseScript {
        let mut r_apdus = Vec::new();
        for item in &commands.items {
            let CommandTlv::CApdu(apdu) = item else {
                continue;
            };
            let r = self.process_isdr_apdu(apdu);
            let failed = is_failure(&r);
            r_apdus.push(ResponseTlv::RApdu(r));
            if failed {
                break;
            }
        }
        let mut items = vec![ResponseTlv::NumberOfCommands(
            u8::try_from(r_apdus.len()).unwrap_or(u8::MAX),
        )];
        items.extend(r_apdus);
        ResponseScript {
            form: commands.form,
            items,
        }
    }
}
