//! The command script (ETSI TS 102 226 5.2.1).

use super::{Script, ScriptError, ScriptForm, parse_items, push_tlv, wrap};

const TAG_DEFINITE: u8 = 0xAA;
const TAG_INDEFINITE: u8 = 0xAE;
const TAG_C_APDU: u8 = 0x22;
const TAG_IMMEDIATE_ACTION: u8 = 0x81;
const TAG_ERROR_ACTION: u8 = 0x82;
const TAG_SCRIPT_CHAINING: u8 = 0x83;

/// One TLV of a command script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandTlv {
    /// `22`: a C-APDU.
    CApdu(Vec<u8>),
    /// `81`: an immediate action (e.g. `01` proactive session).
    ImmediateAction(Vec<u8>),
    /// `82`: the error action to take when a command fails (possibly empty).
    ErrorAction(Vec<u8>),
    /// `83 01`: script chaining (`01`/`11` first script, `02` subsequent, `03` last).
    ScriptChaining(u8),
}

/// A command script: definite (`AA`) or indefinite (`AE 80 … 00 00`).
pub type CommandScript = Script<CommandTlv>;

impl Script<CommandTlv> {
    /// A script of C-APDUs only.
    pub fn of_apdus<I, A>(form: ScriptForm, apdus: I) -> Self
    where
        I: IntoIterator<Item = A>,
        A: Into<Vec<u8>>,
    {
        CommandScript {
            form,
            items: apdus
                .into_iter()
                .map(|a| CommandTlv::CApdu(a.into()))
                .collect(),
        }
    }

    /// The C-APDUs in order.
    pub fn apdus(&self) -> impl Iterator<Item = &[u8]> {
        self.items.iter().filter_map(|item| match item {
            CommandTlv::CApdu(apdu) => Some(apdu.as_slice()),
            _ => None,
        })
    }

    /// The script's octets.
    pub fn encode(&self) -> Result<Vec<u8>, ScriptError> {
        let mut content = Vec::new();
        for item in &self.items {
            let (tag, value): (u8, &[u8]) = match item {
                CommandTlv::CApdu(v) => (TAG_C_APDU, v),
                CommandTlv::ImmediateAction(v) => (TAG_IMMEDIATE_ACTION, v),
                CommandTlv::ErrorAction(v) => (TAG_ERROR_ACTION, v),
                CommandTlv::ScriptChaining(v) => (TAG_SCRIPT_CHAINING, std::slice::from_ref(v)),
            };
            push_tlv(&mut content, tag, value)?;
        }
        wrap(self.form, TAG_DEFINITE, TAG_INDEFINITE, &content)
    }

    /// Parses a command script; any other inner tag (a nested script included) is refused.
    pub fn parse(bytes: &[u8]) -> Result<Self, ScriptError> {
        let (form, raw) = parse_items(bytes, TAG_DEFINITE, TAG_INDEFINITE)?;
        let items = raw
            .into_iter()
            .map(|(tag, value)| match (tag, value) {
                (TAG_C_APDU, apdu) if apdu.len() >= 4 => Ok(CommandTlv::CApdu(apdu.to_vec())),
                (TAG_C_APDU, _) => Err(ScriptError::ValueLength(tag)),
                (TAG_IMMEDIATE_ACTION, v) => Ok(CommandTlv::ImmediateAction(v.to_vec())),
                (TAG_ERROR_ACTION, v) => Ok(CommandTlv::ErrorAction(v.to_vec())),
                (TAG_SCRIPT_CHAINING, &[v]) => Ok(CommandTlv::ScriptChaining(v)),
                (TAG_SCRIPT_CHAINING, _) => Err(ScriptError::ValueLength(tag)),
                (other, _) => Err(ScriptError::UnexpectedTag(other)),
            })
            .collect::<Result<_, _>>()?;
        Ok(CommandScript { form, items })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indefinite_get_data_script_matches_the_scp81_trace() {
        // SGP02-MAP 3.3: the SM-SR's script body "AE80 22 05 80CA008500 0000".
        let script =
            CommandScript::of_apdus(ScriptForm::Indefinite, [vec![0x80, 0xCA, 0x00, 0x85, 0x00]]);
        let bytes = script.encode().expect("fits");
        assert_eq!(hex::encode(&bytes), "ae80220580ca0085000000");
        assert_eq!(CommandScript::parse(&bytes), Ok(script));
    }

    #[test]
    fn definite_script_with_actions_round_trips() {
        let script = CommandScript {
            form: ScriptForm::Definite,
            items: vec![
                CommandTlv::ScriptChaining(0x01),
                CommandTlv::CApdu(vec![0x80, 0xE2, 0x88, 0x00, 0x00]),
                CommandTlv::ErrorAction(vec![]),
                CommandTlv::ImmediateAction(vec![0x01]),
            ],
        };
        let bytes = script.encode().expect("fits");
        assert_eq!(hex::encode(&bytes), "aa0f830101220580e28800008200810101");
        assert_eq!(CommandScript::parse(&bytes), Ok(script));
        assert_eq!(
            CommandScript::parse(&bytes).map(|s| s.apdus().count()),
            Ok(1)
        );
    }

    #[test]
    fn long_apdus_use_two_and_three_octet_lengths() {
        for len in [200usize, 300] {
            let script = CommandScript::of_apdus(ScriptForm::Definite, [vec![0x11; len]]);
            let bytes = script.encode().expect("fits");
            assert_eq!(CommandScript::parse(&bytes), Ok(script));
        }
    }

    #[test]
    fn malformed_scripts_are_refused() {
        let cases = [
            ("", ScriptError::Truncated),
            ("ab00", ScriptError::NotAScript(0xAB)),
            ("aa05220480ca", ScriptError::Truncated),
            ("aa02810000", ScriptError::TrailingData),
            ("aa04aa022200", ScriptError::UnexpectedTag(0xAA)),
            ("ae80ae80000000", ScriptError::LengthForm(0x80)),
            ("ae80ae000000", ScriptError::UnexpectedTag(0xAE)),
            ("ae80220580ca008500", ScriptError::Truncated),
            ("aa0422830102", ScriptError::LengthForm(0x83)),
            ("aa0283", ScriptError::Truncated),
            ("aa0483020101", ScriptError::ValueLength(0x83)),
            ("aa0422020102", ScriptError::ValueLength(0x22)),
            ("aa83000000", ScriptError::LengthForm(0x83)),
        ];
        for (bytes, expected) in cases {
            let parsed = CommandScript::parse(&hex::decode(bytes).expect("hex"));
            assert_eq!(parsed, Err(expected), "{bytes}");
        }
    }

    #[test]
    fn too_many_items_are_refused() {
        let script = CommandScript::of_apdus(
            ScriptForm::Indefinite,
            vec![vec![0u8; 4]; super::super::MAX_ITEMS + 1],
        );
        let bytes = script.encode().expect("under the octet limit");
        assert_eq!(CommandScript::parse(&bytes), Err(ScriptError::TooLarge));
    }
}
