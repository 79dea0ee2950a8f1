//! Reading and writing EFs (ETSI TS 102 221 11.1.3 READ BINARY, 11.1.4 UPDATE BINARY,
//! 11.1.5 UPDATE RECORD, 11.1.6 READ RECORD).
//!
//! ```text
//! 00 B0 P1 P2 Le      READ BINARY    P1 b8=0: offset P1[7..1]‖P2; b8=1: SFI P1[5..1], offset P2
//! 00 D6 P1 P2 Lc data UPDATE BINARY
//! 00 B2 P1 P2 Le      READ RECORD    P1 record number; P2 SFI[8..4] ‖ mode: '04' absolute
//!                                    (P1 '00': current), '02' next, '03' previous
//! 00 DC P1 P2 Lc data UPDATE RECORD  the same modes; a cyclic EF takes '03' only
//! ```
//!
//! An SFI selects the EF of the current directory first (8.4.3). Refusals: no current EF
//! '6986', wrong structure '6981', access condition not met '6982', SFI not found '6A82',
//! offset beyond the file '6B00', record not found '6A83', data beyond the file or a record
//! of the wrong length '6700'. READ BINARY asking more than is left returns what is left:
//! with '9000' for Le '00' (as much as there is), else with '6282' (end of file reached
//! before Ne octets, ISO/IEC 7816-4). READ RECORD with Le shorter than the record is
//! '6CXX' with the record length.

use super::access::{Operation, allowed};
use super::build::Image;
use super::fs::{Kind, NodeId, Structure};
use super::select::Selection;
use crate::apdu::{CommandApdu, StatusWord};

/// '6981': command incompatible with file structure.
pub const INCOMPATIBLE: StatusWord = StatusWord(0x6981);
/// '6982': security status not satisfied.
pub const SECURITY: StatusWord = StatusWord(0x6982);
/// '6986': command not allowed (no EF selected).
pub const NO_CURRENT_EF: StatusWord = StatusWord(0x6986);
/// '6A83': record not found.
pub const RECORD_NOT_FOUND: StatusWord = StatusWord(0x6A83);
/// '6B00': wrong parameters P1-P2 (offset outside the EF).
pub const OUTSIDE: StatusWord = StatusWord(0x6B00);
/// '6282': end of file reached before reading Ne octets.
pub const END_OF_FILE: StatusWord = StatusWord(0x6282);

/// What a read returns: data, and a warning status word instead of '9000'.
pub struct Read {
    pub data: Vec<u8>,
    pub warning: Option<StatusWord>,
}

/// The EF a command works on: by SFI in the current directory, else the current EF.
fn target(image: &Image, sel: &mut Selection, sfi: Option<u8>) -> Result<NodeId, StatusWord> {
    match sfi.filter(|s| *s != 0) {
        Some(sfi) => {
            let id = image
                .fs
                .child_by_sfi(sel.df, sfi)
                .ok_or(StatusWord::NOT_FOUND)?;
            sel.set(&image.fs, id);
            Ok(id)
        }
        None => sel.ef.ok_or(NO_CURRENT_EF),
    }
}

fn check(image: &Image, id: NodeId, op: Operation) -> Result<(), StatusWord> {
    if allowed(&image.fs, &image.pins, id, op) {
        Ok(())
    } else {
        Err(SECURITY)
    }
}

fn binary_params(cmd: &CommandApdu<'_>) -> Result<(Option<u8>, usize), StatusWord> {
    if cmd.p1 & 0x80 != 0 {
        if cmd.p1 & 0x60 != 0 {
            return Err(StatusWord::INCORRECT_P1_P2);
        }
        Ok((Some(cmd.p1 & 0x1F), usize::from(cmd.p2)))
    } else {
        Ok((None, usize::from(cmd.p1) << 8 | usize::from(cmd.p2)))
    }
}

/// READ BINARY.
pub fn read_binary(
    image: &Image,
    sel: &mut Selection,
    cmd: &CommandApdu<'_>,
) -> Result<Read, StatusWord> {
    let (sfi, offset) = binary_params(cmd)?;
    let id = target(image, sel, sfi)?;
    let data = transparent(image, id)?;
    check(image, id, Operation::Read)?;
    if offset > data.len() || (offset == data.len() && !data.is_empty()) {
        return Err(OUTSIDE);
    }
    // no Le (case 1) or Le '00': up to 256 octets, as many as there are
    let as_much_as_there_is = !cmd.has_le || cmd.ne == 256;
    let ne = if cmd.has_le { cmd.ne } else { 256 };
    let end = offset.saturating_add(ne).min(data.len());
    let short = offset.saturating_add(ne) > data.len() && !as_much_as_there_is;
    Ok(Read {
        data: data[offset..end].to_vec(),
        warning: short.then_some(END_OF_FILE),
    })
}

fn transparent(image: &Image, id: NodeId) -> Result<&Vec<u8>, StatusWord> {
    match image.fs.node(id).map(|n| &n.kind) {
        Some(Kind::Ef {
            structure: Structure::Transparent,
            data,
        }) => Ok(data),
        Some(_) => Err(INCOMPATIBLE),
        None => Err(NO_CURRENT_EF),
    }
}

/// UPDATE BINARY; returns the EF written.
pub fn update_binary(
    image: &mut Image,
    sel: &mut Selection,
    cmd: &CommandApdu<'_>,
) -> Result<NodeId, StatusWord> {
    let (sfi, offset) = binary_params(cmd)?;
    if cmd.data.is_empty() {
        return Err(StatusWord::WRONG_LENGTH);
    }
    let id = target(image, sel, sfi)?;
    let len = transparent(image, id)?.len();
    check(image, id, Operation::Update)?;
    if offset >= len {
        return Err(OUTSIDE);
    }
    if offset + cmd.data.len() > len {
        return Err(StatusWord::WRONG_LENGTH);
    }
    if let Some(Kind::Ef { data, .. }) = image.fs.node_mut(id).map(|n| &mut n.kind) {
        data[offset..offset + cmd.data.len()].copy_from_slice(cmd.data);
    }
    Ok(id)
}

/// The structure and records of a record EF.
fn records(image: &Image, id: NodeId) -> Result<(Structure, usize, usize), StatusWord> {
    match image.fs.node(id).map(|n| &n.kind) {
        Some(Kind::Ef { structure, data }) => match structure.record_len() {
            Some(len) if len > 0 => Ok((*structure, len, data.len() / len)),
            _ => Err(INCOMPATIBLE),
        },
        _ => Err(NO_CURRENT_EF),
    }
}

/// The record (0-based) a READ/UPDATE RECORD addresses.
fn record_index(
    sel: &Selection,
    p1: u8,
    mode: u8,
    count: usize,
    cyclic: bool,
) -> Result<usize, StatusWord> {
    if count == 0 {
        return Err(RECORD_NOT_FOUND);
    }
    match mode {
        0x04 if p1 == 0 => sel.record.ok_or(RECORD_NOT_FOUND),
        0x04 => Some(usize::from(p1) - 1)
            .filter(|r| *r < count)
            .ok_or(RECORD_NOT_FOUND),
        0x02 => match sel.record {
            None => Ok(0),
            Some(r) if r + 1 < count => Ok(r + 1),
            Some(_) if cyclic => Ok(0),
            Some(_) => Err(RECORD_NOT_FOUND),
        },
        0x03 => match sel.record {
            None => Ok(count - 1),
            Some(r) if r > 0 => Ok(r - 1),
            Some(_) if cyclic => Ok(count - 1),
            Some(_) => Err(RECORD_NOT_FOUND),
        },
        _ => Err(StatusWord::INCORRECT_P1_P2),
    }
}

/// READ RECORD.
pub fn read_record(
    image: &Image,
    sel: &mut Selection,
    cmd: &CommandApdu<'_>,
) -> Result<Read, StatusWord> {
    let id = target(image, sel, Some(cmd.p2 >> 3))?;
    let (structure, len, count) = records(image, id)?;
    check(image, id, Operation::Read)?;
    let cyclic = matches!(structure, Structure::Cyclic { .. });
    let r = record_index(sel, cmd.p1, cmd.p2 & 0x07, count, cyclic)?;
    if cmd.has_le && cmd.ne < len && cmd.ne != 256 {
        return Err(StatusWord(0x6C00 | (len.min(255) as u16)));
    }
    sel.record = Some(r);
    let data = match image.fs.node(id).map(|n| &n.kind) {
        Some(Kind::Ef { data, .. }) => data[r * len..(r + 1) * len].to_vec(),
        _ => return Err(NO_CURRENT_EF),
    };
    Ok(Read {
        data,
        warning: None,
    })
}

/// UPDATE RECORD; returns the EF written.
pub fn update_record(
    image: &mut Image,
    sel: &mut Selection,
    cmd: &CommandApdu<'_>,
) -> Result<NodeId, StatusWord> {
    let id = target(image, sel, Some(cmd.p2 >> 3))?;
    let (structure, len, count) = records(image, id)?;
    check(image, id, Operation::Update)?;
    if cmd.data.len() != len {
        return Err(StatusWord::WRONG_LENGTH);
    }
    let mode = cmd.p2 & 0x07;
    let cyclic = matches!(structure, Structure::Cyclic { .. });
    let Some(Kind::Ef { data, .. }) = image.fs.node_mut(id).map(|n| &mut n.kind) else {
        return Err(NO_CURRENT_EF);
    };
    if cyclic {
        // the oldest record is overwritten and becomes record 1 (TS 102 221 8.2.3)
        if mode != 0x03 || count == 0 {
            return Err(StatusWord::INCORRECT_P1_P2);
        }
        data.rotate_right(len);
        data[..len].copy_from_slice(cmd.data);
        sel.record = Some(0);
        return Ok(id);
    }
    let r = record_index(sel, cmd.p1, mode, count, false)?;
    data[r * len..(r + 1) * len].copy_from_slice(cmd.data);
    sel.record = Some(r);
    Ok(id)
}
