//! SELECT in the file system (ETSI TS 102 221 11.1.1, file selection rules 8.4).
//!
//! ```text
//! P1 '00' by file ID: MF '3F00', current ADF '7FFF', the current DF, its children, its
//!         parent, the parent's children
//!    '01' child DF    '03' parent DF (no data)
//!    '04' by DF name: an ADF whose AID starts with the data (partial AID)
//!    '08' path from the MF (without '3F00'; may start with '7FFF')
//!    '09' path from the current DF
//! P2 '04' return the FCP template, '0C' no data, '00' the FCP as well; for P1 '04' also
//!    the next occurrence ('02', '06', '0E'), of which there is none ('6A82')
//! ```
//!
//! The ISD-R is selected by the card itself ([`crate::apdu::select`]); everything else comes
//! here. A file that is not found leaves the selection as it was ('6A82').

use super::build::Image;
use super::fcp::fcp;
use super::fs::{CURRENT_ADF_FID, Fid, FileSystem, MF_FID, NodeId};
use crate::apdu::{CommandApdu, StatusWord};

/// What a logical channel has selected in the file system.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// The image the node ids refer to; another generation means "the MF".
    pub generation: u64,
    pub df: NodeId,
    pub ef: Option<NodeId>,
    /// The current application (ADF).
    pub adf: Option<NodeId>,
    /// The current record of the current EF.
    pub record: Option<usize>,
}

impl Selection {
    /// The MF selected, nothing else.
    pub fn mf(generation: u64) -> Self {
        Self {
            generation,
            df: FileSystem::MF,
            ef: None,
            adf: None,
            record: None,
        }
    }

    /// Makes node `id` current.
    pub fn set(&mut self, fs: &FileSystem, id: NodeId) {
        self.record = None;
        match fs.node(id) {
            Some(n) if n.is_directory() => {
                self.df = id;
                self.ef = None;
                // the current application stays current until another ADF is selected
                if n.is_adf() {
                    self.adf = Some(id);
                }
            }
            Some(n) => {
                self.ef = Some(id);
                // an EF the current DF lists is in it, a linked EF included (its parent is
                // the directory of the file it links to)
                let listed = fs.node(self.df).is_some_and(|d| d.children.contains(&id));
                if !listed {
                    self.df = n.parent.unwrap_or(FileSystem::MF);
                }
            }
            None => {}
        }
    }
}

/// Handles SELECT; returns the response data.
pub fn select(
    image: &Image,
    sel: &mut Selection,
    cmd: &CommandApdu<'_>,
) -> Result<Vec<u8>, StatusWord> {
    let with_fcp = match (cmd.p1, cmd.p2) {
        (_, 0x00 | 0x04) => true,
        (_, 0x0C) => false,
        // the next occurrence of a partial AID: there is never another one
        (0x04, 0x02 | 0x06 | 0x0E) => return Err(StatusWord::NOT_FOUND),
        _ => return Err(StatusWord::INCORRECT_P1_P2),
    };
    let fs = &image.fs;
    let target = match cmd.p1 {
        0x00 => by_fid(fs, sel, fid(cmd.data)?),
        0x01 => fs
            .child_by_fid(sel.df, fid(cmd.data)?)
            .filter(|c| fs.node(*c).is_some_and(|n| n.is_directory())),
        0x03 => {
            if !cmd.data.is_empty() {
                return Err(StatusWord::WRONG_LENGTH);
            }
            parent_dir(fs, sel.df)
        }
        0x04 => {
            if cmd.data.is_empty() || cmd.data.len() > 16 {
                return Err(StatusWord::WRONG_LENGTH);
            }
            fs.adf_by_aid(cmd.data)
        }
        0x08 => path(fs, sel, FileSystem::MF, cmd.data)?,
        0x09 => path(fs, sel, sel.df, cmd.data)?,
        _ => return Err(StatusWord::INCORRECT_P1_P2),
    };
    let target = target.ok_or(StatusWord::NOT_FOUND)?;
    sel.set(fs, target);
    Ok(if with_fcp {
        fcp(fs, &image.pins, target)
    } else {
        Vec::new()
    })
}

fn fid(data: &[u8]) -> Result<Fid, StatusWord> {
    data.try_into().map_err(|_| StatusWord::WRONG_LENGTH)
}

/// The parent directory; an ADF's is the MF.
fn parent_dir(fs: &FileSystem, dir: NodeId) -> Option<NodeId> {
    let node = fs.node(dir)?;
    match node.parent {
        Some(p) => Some(p),
        None if node.is_adf() => Some(FileSystem::MF),
        None => None,
    }
}

/// Selection by file identifier from the current DF (TS 102 221 8.4.1).
fn by_fid(fs: &FileSystem, sel: &Selection, fid: Fid) -> Option<NodeId> {
    if fid == MF_FID {
        return Some(FileSystem::MF);
    }
    if fid == CURRENT_ADF_FID {
        return sel.adf;
    }
    let current = sel.df;
    if fs.node(current).and_then(|n| n.fid) == Some(fid) && !fs.node(current)?.is_adf() {
        return Some(current);
    }
    if let Some(c) = fs.child_by_fid(current, fid) {
        return Some(c);
    }
    let parent = parent_dir(fs, current)?;
    if fs.node(parent).and_then(|n| n.fid) == Some(fid) && !fs.node(parent)?.is_adf() {
        return Some(parent);
    }
    fs.child_by_fid(parent, fid)
}

/// Selection by path from `start` (TS 102 221 8.4.2): every step but the last is a DF.
fn path(
    fs: &FileSystem,
    sel: &Selection,
    start: NodeId,
    data: &[u8],
) -> Result<Option<NodeId>, StatusWord> {
    if data.is_empty() || data.len() % 2 != 0 {
        return Err(StatusWord::WRONG_LENGTH);
    }
    let mut cur = start;
    for (i, chunk) in data.chunks(2).enumerate() {
        let fid = [chunk[0], chunk[1]];
        if fs.node(cur).is_some_and(|n| !n.is_directory()) {
            return Ok(None);
        }
        cur = match fid {
            MF_FID if i == 0 => FileSystem::MF,
            CURRENT_ADF_FID if i == 0 => match sel.adf {
                Some(a) => a,
                None => return Ok(None),
            },
            _ => match fs.child_by_fid(cur, fid) {
                Some(c) => c,
                None => return Ok(None),
            },
        };
    }
    Ok(Some(cur))
}
