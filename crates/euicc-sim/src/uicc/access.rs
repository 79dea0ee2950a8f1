//! Access conditions of files: the rules of EF.ARR in expanded format (ETSI TS 102 221
//! 9.2.7 and 9.5; ISO/IEC 7816-4 access mode and security condition data objects).
//!
//! A file's security attributes (tag '8B') name an EF.ARR and a record; EF.ARR is looked
//! for in the file's directory, then its parents up to the MF. A record is a list of
//! access mode DOs, each followed by the security condition DOs of that mode:
//!
//! ```text
//! 80 01 AM        access mode byte: b1 READ, b2 UPDATE, b4 DEACTIVATE, b5 ACTIVATE (EFs)
//! 84 01 INS       the command with this instruction (INCREASE '32', RESIZE 'D4' …)
//! 90 00           always            97 00  never
//! A4 { 83 01 key reference, 95 01 usage qualifier }   the PIN must be verified (or disabled)
//! A0 { SC_DO … }  one of them       AF { SC_DO … }  all of them
//! ```
//!
//! An operation no access mode covers is never allowed. A file with no security
//! attributes, or whose EF.ARR or record is missing or holds no rule (an erased record),
//! is accessible: the lab's minimal profile writes no EF.ARR.

use super::fs::{FileSystem, Kind, NodeId};
use super::pin::Pins;
use super::tlv;

/// What a command does to a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    Read,
    Update,
    Deactivate,
    Activate,
    /// A command named by its instruction in a command header AM_DO.
    Instruction(u8),
}

impl Operation {
    fn am_bit(self) -> Option<u8> {
        match self {
            Operation::Read => Some(0x01),
            Operation::Update => Some(0x02),
            Operation::Deactivate => Some(0x08),
            Operation::Activate => Some(0x10),
            Operation::Instruction(_) => None,
        }
    }
}

/// The directories whose local PINs apply to a node: its directory and the parents up to
/// the MF (or its ADF).
pub fn scope(fs: &FileSystem, id: NodeId) -> Vec<NodeId> {
    let mut out = Vec::new();
    let mut cur = Some(fs.directory_of(id));
    while let Some(d) = cur {
        out.push(d);
        cur = fs.node(d).and_then(|n| n.parent);
    }
    out
}

/// Whether `op` on node `id` is allowed now.
pub fn allowed(fs: &FileSystem, pins: &Pins, id: NodeId, op: Operation) -> bool {
    match rule_for(fs, id, op) {
        Rule::Free => true,
        Rule::Conditions(conditions) => {
            let dirs = scope(fs, id);
            conditions
                .iter()
                .any(|(t, v)| condition(pins, &dirs, *t, v))
        }
    }
}

/// What an access rule asks, independent of the PINs' state: for a SIM terminal's view of
/// the file (3GPP TS 51.011 9.3, access condition levels).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
    Always,
    /// The PIN with this key reference (the first a rule names).
    Pin(u8),
    Never,
}

/// The gate of `op` on node `id`.
pub fn gate(fs: &FileSystem, id: NodeId, op: Operation) -> Gate {
    let conditions = match rule_for(fs, id, op) {
        Rule::Free => return Gate::Always,
        Rule::Conditions(c) => c,
    };
    if conditions.iter().any(|(t, _)| *t == 0x90) {
        return Gate::Always;
    }
    conditions
        .iter()
        .find_map(|(_, v)| first_key_reference(v))
        .map_or(Gate::Never, Gate::Pin)
}

/// The first key reference ('83') inside a CRT or a list of them.
fn first_key_reference(value: &[u8]) -> Option<u8> {
    tlv::parse(value)?.into_iter().find_map(|(t, v)| match t {
        0x83 => v.first().copied(),
        0xA4 | 0xA0 | 0xAF => first_key_reference(v),
        _ => None,
    })
}

/// The rule of a file for one operation.
enum Rule<'a> {
    /// No rule applies: accessible.
    Free,
    /// The security condition DOs of the access mode covering the operation (none: never).
    Conditions(Vec<(u8, &'a [u8])>),
}

fn rule_for(fs: &FileSystem, id: NodeId, op: Operation) -> Rule<'_> {
    let Some(node) = fs.node(id) else {
        return Rule::Conditions(Vec::new());
    };
    let (arr_fid, record) = match node.security.as_slice() {
        [] => return Rule::Free,
        [hi, lo, rec] => ([*hi, *lo], *rec),
        [hi, lo, _seid, rec, ..] => ([*hi, *lo], *rec),
        _ => return Rule::Free,
    };
    let Some(rule) = arr_record(fs, id, arr_fid, record) else {
        return Rule::Free;
    };
    let Some(objects) = tlv::parse(rule).filter(|o| !o.is_empty()) else {
        return Rule::Free;
    };
    let mut i = 0;
    while i < objects.len() {
        let (tag, value) = objects[i];
        let covers = match (tag, value) {
            (0x80, [am]) => op.am_bit().is_some_and(|b| am & b != 0),
            (0x84, [ins]) => op == Operation::Instruction(*ins),
            _ => false,
        };
        // the SC_DOs of this access mode: until the next AM_DO
        let start = i + 1;
        let mut end = start;
        while end < objects.len() && !matches!(objects[end].0, 0x80..=0x8F) {
            end += 1;
        }
        if covers {
            return Rule::Conditions(objects[start..end].to_vec());
        }
        i = end.max(i + 1);
    }
    Rule::Conditions(Vec::new())
}

/// One security condition DO.
fn condition(pins: &Pins, dirs: &[NodeId], tag: u8, value: &[u8]) -> bool {
    match tag {
        0x90 => true,
        0x97 => false,
        0xA4 => tlv::parse(value)
            .and_then(|o| o.into_iter().find(|(t, _)| *t == 0x83))
            .and_then(|(_, kr)| kr.first().copied())
            .is_some_and(|kr| pins.satisfied(kr, dirs)),
        0xA0 | 0xAF => {
            let Some(inner) = tlv::parse(value) else {
                return false;
            };
            let mut results = inner.iter().map(|(t, v)| condition(pins, dirs, *t, v));
            if tag == 0xA0 {
                results.any(|r| r)
            } else {
                results.all(|r| r)
            }
        }
        _ => false,
    }
}

/// Record `record` (1-based) of the EF.ARR `fid` nearest to node `id`.
fn arr_record(fs: &FileSystem, id: NodeId, fid: [u8; 2], record: u8) -> Option<&[u8]> {
    let mut dir = Some(fs.directory_of(id));
    while let Some(d) = dir {
        if let Some(arr) = fs.child_by_fid(d, fid) {
            let node = fs.node(arr)?;
            let Kind::Ef { structure, data } = &node.kind else {
                return None;
            };
            let len = structure.record_len()?;
            let start = usize::from(record.checked_sub(1)?) * len;
            return data.get(start..start + len);
        }
        dir = fs.node(d).and_then(|n| n.parent).or_else(|| {
            // an ADF's parent for this search is the MF
            (d != FileSystem::MF).then_some(FileSystem::MF)
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::uicc::fs::{Node, Structure};
    use crate::uicc::pin::Pin;

    fn ef(fid: [u8; 2], structure: Structure, data: Vec<u8>, security: Vec<u8>) -> Node {
        Node {
            fid: Some(fid),
            name: "ef".into(),
            parent: None,
            children: Vec::new(),
            kind: Kind::Ef { structure, data },
            sfi: None,
            lcsi: 0x05,
            security,
            pin_references: Vec::new(),
            shareable: true,
        }
    }

    #[test]
    fn ts102_221_9_5_arr_rules_read_always_update_with_pin1() {
        let mut fs = FileSystem::new();
        // record 1: READ always, UPDATE with PIN1; record 2: READ with PIN1, UPDATE never
        let record = |hex_rule: &str| {
            let mut r = hex::decode(hex_rule).unwrap_or_default();
            r.resize(20, 0xFF);
            r
        };
        let mut arr = record("8001019000800102A406830101950108");
        arr.extend(record("800101A4068301019501088001029700"));
        fs.add(
            Some(FileSystem::MF),
            ef(
                [0x2F, 0x06],
                Structure::LinearFixed { record_len: 20 },
                arr,
                vec![],
            ),
        );
        let open = fs.add(
            Some(FileSystem::MF),
            ef(
                [0x2F, 0xE2],
                Structure::Transparent,
                vec![0; 10],
                vec![0x2F, 0x06, 1],
            ),
        );
        let guarded = fs.add(
            Some(FileSystem::MF),
            ef(
                [0x2F, 0x05],
                Structure::Transparent,
                vec![0; 2],
                vec![0x2F, 0x06, 2],
            ),
        );
        let mut pins = Pins {
            pins: vec![Pin {
                key_reference: 0x01,
                scope: None,
                value: [0; 8],
                enabled: true,
                disablable: true,
                max_tries: 3,
                tries_left: 3,
                puk: None,
                verified: false,
            }],
            puks: Vec::new(),
        };
        assert!(allowed(&fs, &pins, open, Operation::Read));
        assert!(!allowed(&fs, &pins, open, Operation::Update));
        assert!(!allowed(&fs, &pins, guarded, Operation::Read));
        assert!(
            !allowed(&fs, &pins, guarded, Operation::Deactivate),
            "no rule: never"
        );
        pins.pins[0].verified = true;
        assert!(allowed(&fs, &pins, open, Operation::Update));
        assert!(allowed(&fs, &pins, guarded, Operation::Read));
        assert!(!allowed(&fs, &pins, guarded, Operation::Update));
        // a missing record: accessible
        let lost = fs.add(
            Some(FileSystem::MF),
            ef(
                [0x2F, 0x07],
                Structure::Transparent,
                vec![0; 2],
                vec![0x2F, 0x06, 9],
            ),
        );
        assert!(allowed(&fs, &pins, lost, Operation::Update));
    }
}
