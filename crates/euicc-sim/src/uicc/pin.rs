//! PINs and PUKs of the enabled profile and the commands on them (ETSI TS 102 221 11.1.9
//! VERIFY PIN, 11.1.10 CHANGE PIN, 11.1.11 DISABLE PIN, 11.1.12 ENABLE PIN, 11.1.13
//! UNBLOCK PIN; key references 9.5.1).
//!
//! ```text
//! 00 20 00 P2 [08 PIN]            VERIFY: no data asks the state (63CX: X tries left)
//! 00 24 00 P2 10 old ‖ new        CHANGE PIN
//! 00 26 00 P2 08 PIN              DISABLE PIN
//! 00 28 00 P2 08 PIN              ENABLE PIN
//! 00 2C 00 P2 [10 PUK ‖ new PIN]  UNBLOCK PIN: no data asks the PUK's tries
//! ```
//!
//! PINs come from the profile's `PE-PINCodes`: global ones (PIN1..8 '01'-'08', ADM '0A'-'0E',
//! '8A'-'8E') for the whole card, local ones ('81'-'88') for the DF/ADF of the file-system PE
//! before them. `maxNumOfAttemps-retryNumLeft` gives the tries (high nibble maximum, low
//! nibble left). `pinAttributes` is read as: b1 the PIN is enabled when installed, b3 the
//! user may disable and enable it (TS.48 installs PIN1 with 6, disabled and disablable; its
//! ADMs and PIN2 with 3, enabled and not disablable; the TCA default 7 is enabled and
//! disablable). A disabled PIN satisfies the access conditions that name it (TS 102 221
//! 9.5.1). Verification states last until reset.

use super::fs::NodeId;
use super::saved::{SavedPin, SavedPuk};
use crate::apdu::StatusWord;

/// '63CX': verification failed, X tries left.
fn tries_left_sw(n: u8) -> StatusWord {
    StatusWord(0x63C0 | u16::from(n.min(15)))
}

/// '6983': authentication method blocked.
pub const BLOCKED: StatusWord = StatusWord(0x6983);
/// '6984': reference data invalidated (CHANGE PIN of a disabled PIN).
pub const INVALIDATED: StatusWord = StatusWord(0x6984);
/// '6A88': referenced data not found.
pub const NOT_FOUND: StatusWord = StatusWord(0x6A88);

/// One PIN.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pin {
    pub key_reference: u8,
    /// The DF/ADF of a local PIN; `None` for a global one.
    pub scope: Option<NodeId>,
    pub value: [u8; 8],
    pub enabled: bool,
    pub disablable: bool,
    pub max_tries: u8,
    pub tries_left: u8,
    /// The PUK that unblocks it.
    pub puk: Option<u8>,
    pub verified: bool,
}

/// One PUK.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Puk {
    pub key_reference: u8,
    pub value: [u8; 8],
    pub max_tries: u8,
    pub tries_left: u8,
}

/// The PINs and PUKs of a profile.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pins {
    pub pins: Vec<Pin>,
    pub puks: Vec<Puk>,
}

/// A local PIN key reference ('81'-'88').
pub fn is_local(key_reference: u8) -> bool {
    (0x81..=0x88).contains(&key_reference)
}

/// Whether a key reference is one TS 102 221 9.5.1 defines for PINs and ADM keys.
fn is_pin_reference(key_reference: u8) -> bool {
    matches!(key_reference, 0x01..=0x08 | 0x0A..=0x0E | 0x81..=0x88 | 0x8A..=0x8E)
}

impl Pins {
    /// The PIN a command with key reference `p2` means when the current directory's chain of
    /// DFs is `dirs` (innermost first): a local PIN of the nearest DF that has one.
    pub fn find(&self, key_reference: u8, dirs: &[NodeId]) -> Option<usize> {
        if !is_local(key_reference) {
            return self
                .pins
                .iter()
                .position(|p| p.key_reference == key_reference && p.scope.is_none());
        }
        dirs.iter().find_map(|d| {
            self.pins
                .iter()
                .position(|p| p.key_reference == key_reference && p.scope == Some(*d))
        })
    }

    /// Whether the access condition "PIN `key_reference`" holds in `dirs`.
    pub fn satisfied(&self, key_reference: u8, dirs: &[NodeId]) -> bool {
        match self
            .find(key_reference, dirs)
            .and_then(|i| self.pins.get(i))
        {
            Some(p) => !p.enabled || p.verified,
            None => false,
        }
    }

    /// Drops every verification (reset, power-off).
    pub fn reset(&mut self) {
        for p in &mut self.pins {
            p.verified = false;
        }
    }

    fn puk_mut(&mut self, key_reference: u8) -> Option<&mut Puk> {
        self.puks
            .iter_mut()
            .find(|p| p.key_reference == key_reference)
    }

    /// The stored state of every PIN, `path` naming the directories.
    pub fn saved(&self, path: impl Fn(NodeId) -> String) -> (Vec<SavedPin>, Vec<SavedPuk>) {
        let pins = self
            .pins
            .iter()
            .map(|p| SavedPin {
                scope: p.scope.map(&path),
                key_reference: p.key_reference,
                value: hex::encode_upper(p.value),
                enabled: p.enabled,
                tries_left: p.tries_left,
            })
            .collect();
        let puks = self
            .puks
            .iter()
            .map(|p| SavedPuk {
                key_reference: p.key_reference,
                tries_left: p.tries_left,
            })
            .collect();
        (pins, puks)
    }

    /// Applies a stored state (entries that match no PIN of the package are ignored).
    pub fn restore(
        &mut self,
        pins: &[SavedPin],
        puks: &[SavedPuk],
        dir: impl Fn(&str) -> Option<NodeId>,
    ) {
        for s in pins {
            let scope = s.scope.as_deref().and_then(&dir);
            let Some(p) = self
                .pins
                .iter_mut()
                .find(|p| p.key_reference == s.key_reference && p.scope == scope)
            else {
                continue;
            };
            if let Ok(value) = <[u8; 8]>::try_from(hex::decode(&s.value).unwrap_or_default()) {
                p.value = value;
            }
            p.enabled = s.enabled;
            p.tries_left = s.tries_left.min(p.max_tries);
        }
        for s in puks {
            if let Some(p) = self.puk_mut(s.key_reference) {
                p.tries_left = s.tries_left.min(p.max_tries);
            }
        }
    }
}

/// A PIN command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PinCommand {
    Verify,
    Change,
    Disable,
    Enable,
    Unblock,
}

/// Whether a PIN command changed what is stored (tries, value, enabled state).
pub type Changed = bool;

/// Runs a PIN command with key reference `p2` and its data; `Ok(changed)` on '9000'.
pub fn run(
    pins: &mut Pins,
    command: PinCommand,
    p1: u8,
    p2: u8,
    data: &[u8],
    dirs: &[NodeId],
) -> (Result<(), StatusWord>, Changed) {
    if p1 != 0x00 || !is_pin_reference(p2) {
        return (Err(StatusWord::INCORRECT_P1_P2), false);
    }
    let Some(index) = pins.find(p2, dirs) else {
        return (Err(NOT_FOUND), false);
    };
    if command == PinCommand::Unblock {
        return unblock(pins, index, data);
    }
    let Some(pin) = pins.pins.get_mut(index) else {
        return (Err(NOT_FOUND), false);
    };
    let expected = match command {
        PinCommand::Change => 16,
        _ => 8,
    };
    if data.is_empty() && command == PinCommand::Verify {
        // the state of the PIN: verified or disabled '9000', else the tries left
        return match (pin.tries_left, pin.enabled && !pin.verified) {
            (0, _) => (Err(BLOCKED), false),
            (_, false) => (Ok(()), false),
            (n, true) => (Err(tries_left_sw(n)), false),
        };
    }
    if data.len() != expected {
        return (Err(StatusWord::WRONG_LENGTH), false);
    }
    if pin.tries_left == 0 {
        return (Err(BLOCKED), false);
    }
    match command {
        PinCommand::Change if !pin.enabled => return (Err(INVALIDATED), false),
        PinCommand::Disable if !pin.enabled || !pin.disablable => {
            return (Err(StatusWord::CONDITIONS_NOT_SATISFIED), false);
        }
        PinCommand::Enable if pin.enabled => {
            return (Err(StatusWord::CONDITIONS_NOT_SATISFIED), false);
        }
        _ => {}
    }
    if data[..8] != pin.value {
        pin.tries_left -= 1;
        pin.verified = false;
        return match pin.tries_left {
            0 => (Err(BLOCKED), true),
            n => (Err(tries_left_sw(n)), true),
        };
    }
    let changed = pin.tries_left != pin.max_tries || command != PinCommand::Verify;
    pin.tries_left = pin.max_tries;
    pin.verified = true;
    match command {
        PinCommand::Change => pin.value.copy_from_slice(&data[8..]),
        PinCommand::Disable => pin.enabled = false,
        PinCommand::Enable => pin.enabled = true,
        PinCommand::Verify | PinCommand::Unblock => {}
    }
    (Ok(()), changed)
}

fn unblock(pins: &mut Pins, index: usize, data: &[u8]) -> (Result<(), StatusWord>, Changed) {
    let Some(puk_ref) = pins.pins.get(index).and_then(|p| p.puk) else {
        return (Err(NOT_FOUND), false);
    };
    let Some(puk) = pins.puk_mut(puk_ref) else {
        return (Err(NOT_FOUND), false);
    };
    if data.is_empty() {
        return match puk.tries_left {
            0 => (Err(BLOCKED), false),
            n => (Err(tries_left_sw(n)), false),
        };
    }
    if data.len() != 16 {
        return (Err(StatusWord::WRONG_LENGTH), false);
    }
    if puk.tries_left == 0 {
        return (Err(BLOCKED), false);
    }
    if data[..8] != puk.value {
        puk.tries_left -= 1;
        return match puk.tries_left {
            0 => (Err(BLOCKED), true),
            n => (Err(tries_left_sw(n)), true),
        };
    }
    puk.tries_left = puk.max_tries;
    if let Some(pin) = pins.pins.get_mut(index) {
        pin.value.copy_from_slice(&data[8..]);
        pin.tries_left = pin.max_tries;
        pin.enabled = true;
        pin.verified = true;
    }
    (Ok(()), true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(s: &str) -> [u8; 8] {
        let mut v = [0xFF; 8];
        v[..s.len()].copy_from_slice(s.as_bytes());
        v
    }

    fn pins() -> Pins {
        Pins {
            pins: vec![Pin {
                key_reference: 0x01,
                scope: None,
                value: secret("1234"),
                enabled: true,
                disablable: true,
                max_tries: 3,
                tries_left: 3,
                puk: Some(0x01),
                verified: false,
            }],
            puks: vec![Puk {
                key_reference: 0x01,
                value: secret("12345678"),
                max_tries: 10,
                tries_left: 10,
            }],
        }
    }

    #[test]
    fn ts102_221_11_1_9_verify_counts_down_blocks_and_unblock_restores() {
        let mut p = pins();
        let run = |p: &mut Pins, c, data: &[u8]| run(p, c, 0, 0x01, data, &[]).0;
        assert_eq!(
            run(&mut p, PinCommand::Verify, &[]),
            Err(StatusWord(0x63C3))
        );
        assert_eq!(
            run(&mut p, PinCommand::Verify, &secret("0000")),
            Err(StatusWord(0x63C2))
        );
        assert_eq!(run(&mut p, PinCommand::Verify, &secret("1234")), Ok(()));
        assert!(p.satisfied(0x01, &[]));
        assert_eq!(run(&mut p, PinCommand::Verify, &[]), Ok(()));
        for sw in [0x63C2, 0x63C1] {
            assert_eq!(
                run(&mut p, PinCommand::Verify, &secret("9")),
                Err(StatusWord(sw))
            );
        }
        assert_eq!(run(&mut p, PinCommand::Verify, &secret("9")), Err(BLOCKED));
        assert_eq!(
            run(&mut p, PinCommand::Verify, &secret("1234")),
            Err(BLOCKED)
        );
        assert!(!p.satisfied(0x01, &[]));
        assert_eq!(
            run(&mut p, PinCommand::Unblock, &[]),
            Err(StatusWord(0x63CA))
        );
        let mut data = secret("00000000").to_vec();
        data.extend(secret("4321"));
        assert_eq!(
            run(&mut p, PinCommand::Unblock, &data),
            Err(StatusWord(0x63C9))
        );
        let mut data = secret("12345678").to_vec();
        data.extend(secret("4321"));
        assert_eq!(run(&mut p, PinCommand::Unblock, &data), Ok(()));
        assert_eq!(run(&mut p, PinCommand::Verify, &secret("4321")), Ok(()));
    }

    #[test]
    fn ts102_221_11_1_11_disabled_pin_satisfies_its_condition() {
        let mut p = pins();
        let r = |p: &mut Pins, c, data: &[u8]| run(p, c, 0, 0x01, data, &[]).0;
        assert_eq!(r(&mut p, PinCommand::Disable, &secret("1234")), Ok(()));
        p.reset();
        assert!(p.satisfied(0x01, &[]));
        assert_eq!(r(&mut p, PinCommand::Change, &[0; 16]), Err(INVALIDATED));
        assert_eq!(
            r(&mut p, PinCommand::Disable, &secret("1234")),
            Err(StatusWord::CONDITIONS_NOT_SATISFIED)
        );
        assert_eq!(r(&mut p, PinCommand::Enable, &secret("1234")), Ok(()));
        p.reset();
        assert!(!p.satisfied(0x01, &[]));
        assert_eq!(
            run(&mut p, PinCommand::Verify, 0, 0x02, &[], &[]).0,
            Err(NOT_FOUND)
        );
        assert_eq!(
            run(&mut p, PinCommand::Verify, 0, 0x20, &[], &[]).0,
            Err(StatusWord::INCORRECT_P1_P2)
        );
    }
}
