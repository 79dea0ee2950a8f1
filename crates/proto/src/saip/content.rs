//! Reading and writing a file body through the fill instructions of a [`File`] (TCA eUICC
//! Profile Package v3.3.1, 8.3: `fillFileContent` writes at the current position and
//! advances past what it wrote; `fillFileOffset` advances the position without writing).
//!
//! Octets no instruction writes keep the file's initial content. We derive it from the
//! `fillPattern`/`repeatPattern` of an FCP given in the same `File` (ETSI TS 102 222: a fill
//! pattern's last octet repeats to the end of the file or record, a repeat pattern repeats
//! whole), else `FF`. Default contents that a template itself defines are not modelled.

use super::file::{Fcp, File, FileElement};

/// One run of octets written by a `fillFileContent`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment<'a> {
    pub offset: usize,
    pub data: &'a [u8],
    /// Index of the instruction in the `File`.
    pub index: usize,
}

impl File {
    /// The runs written by `fillFileContent`, in file order (positions never go back, so
    /// runs do not overlap).
    pub fn segments(&self) -> Vec<Segment<'_>> {
        let mut pos = 0usize;
        let mut out = Vec::new();
        for (index, e) in self.0.iter().enumerate() {
            match e {
                FileElement::FillFileOffset(n) => pos = pos.saturating_add(usize::from(*n)),
                FileElement::FillFileContent(data) => {
                    out.push(Segment {
                        offset: pos,
                        data,
                        index,
                    });
                    pos = pos.saturating_add(data.len());
                }
                FileElement::DoNotCreate(_) | FileElement::FileDescriptor(_) => {}
            }
        }
        out
    }

    /// End of the last write: the extent of the body the PE defines.
    pub fn extent(&self) -> usize {
        self.segments()
            .last()
            .map_or(0, |s| s.offset.saturating_add(s.data.len()))
    }

    /// `len` octets of the body from `offset`, as the eUICC would hold them after the fill
    /// instructions (unwritten octets from the initial content, see the module doc).
    pub fn read(&self, offset: usize, len: usize) -> Vec<u8> {
        let fcp = self.fcp();
        let mut out: Vec<u8> = (offset..offset.saturating_add(len))
            .map(|pos| initial_octet(fcp, pos))
            .collect();
        let end = offset.saturating_add(len);
        for s in self.segments() {
            let s_end = s.offset.saturating_add(s.data.len());
            let (from, to) = (s.offset.max(offset), s_end.min(end));
            if from < to {
                out[from - offset..to - offset]
                    .copy_from_slice(&s.data[from - s.offset..to - s.offset]);
            }
        }
        out
    }

    /// Writes `data` at `offset`. When existing `fillFileContent` runs already cover the
    /// range, they are overwritten in place and the instruction list keeps its shape;
    /// otherwise the fill instructions are rebuilt from the merged runs (the FCP and
    /// `doNotCreate` stay first, gaps stay unwritten).
    pub fn write(&mut self, offset: usize, data: &[u8]) {
        let end = offset.saturating_add(data.len());
        let segments: Vec<(usize, usize, usize)> = self
            .segments()
            .iter()
            .map(|s| (s.offset, s.offset + s.data.len(), s.index))
            .collect();
        let covered: usize = segments
            .iter()
            .map(|&(s, e, _)| e.min(end).saturating_sub(s.max(offset)))
            .sum();
        if covered == data.len() {
            for (s, e, index) in segments {
                let (from, to) = (s.max(offset), e.min(end));
                if from < to {
                    if let Some(FileElement::FillFileContent(bytes)) = self.0.get_mut(index) {
                        bytes[from - s..to - s].copy_from_slice(&data[from - offset..to - offset]);
                    }
                }
            }
            return;
        }
        self.rebuild_with(offset, data);
    }

    fn rebuild_with(&mut self, offset: usize, data: &[u8]) {
        let end = offset.saturating_add(data.len());
        // Old runs minus the range being written, plus the new run: disjoint runs.
        let mut runs: Vec<(usize, Vec<u8>)> = Vec::new();
        for s in self.segments() {
            let s_end = s.offset + s.data.len();
            if s.offset < offset {
                let cut = s_end.min(offset);
                runs.push((s.offset, s.data[..cut - s.offset].to_vec()));
            }
            if s_end > end {
                let from = s.offset.max(end);
                runs.push((from, s.data[from - s.offset..].to_vec()));
            }
        }
        runs.push((offset, data.to_vec()));
        runs.sort_by_key(|r| r.0);
        // Join runs that touch.
        let mut joined: Vec<(usize, Vec<u8>)> = Vec::new();
        for (start, bytes) in runs {
            match joined.last_mut() {
                Some((j_start, j_bytes)) if *j_start + j_bytes.len() == start => {
                    j_bytes.extend_from_slice(&bytes)
                }
                _ => joined.push((start, bytes)),
            }
        }

        let mut items: Vec<FileElement> = self
            .0
            .drain(..)
            .filter(|e| {
                matches!(
                    e,
                    FileElement::DoNotCreate(_) | FileElement::FileDescriptor(_)
                )
            })
            .collect();
        let mut pos = 0usize;
        for (start, bytes) in joined {
            let mut gap = start - pos;
            while gap > 0 {
                let step = gap.min(usize::from(u16::MAX));
                items.push(FileElement::FillFileOffset(step as u16));
                gap -= step;
            }
            pos = start + bytes.len();
            items.push(FileElement::FillFileContent(bytes));
        }
        self.0 = items;
    }
}

/// The initial octet at `pos` (see the module doc).
fn initial_octet(fcp: Option<&Fcp>, pos: usize) -> u8 {
    let info = fcp.and_then(|f| f.proprietary_ef_info.as_ref());
    let p = match fcp.and_then(Fcp::record_length) {
        Some(rec) if rec > 0 => pos % rec,
        _ => pos,
    };
    match info {
        Some(i) => match (&i.fill_pattern, &i.repeat_pattern) {
            (Some(fill), _) if !fill.is_empty() => *fill.get(p).unwrap_or(&fill[fill.len() - 1]),
            (_, Some(rep)) if !rep.is_empty() => rep[p % rep.len()],
            _ => 0xFF,
        },
        None => 0xFF,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::saip::ProprietaryInfo;

    fn content(b: &[u8]) -> FileElement {
        FileElement::FillFileContent(b.to_vec())
    }

    #[test]
    fn tca_8_3_fill_file_offset_is_relative_to_the_current_position() {
        // EF.DIR style: a 22-octet record start, skip 11, next record.
        let file = File(vec![
            content(&[0x61; 22]),
            FileElement::FillFileOffset(11),
            content(&[0x62, 0x63]),
        ]);
        let segments = file.segments();
        assert_eq!(segments[1].offset, 33);
        assert_eq!(file.extent(), 35);
        let body = file.read(20, 16);
        assert_eq!(&body[..2], &[0x61, 0x61]);
        assert_eq!(&body[2..13], &[0xFF; 11]);
        assert_eq!(&body[13..15], &[0x62, 0x63]);
        assert_eq!(body[15], 0xFF, "beyond the last write");
    }

    #[test]
    fn ts102_222_fill_and_repeat_patterns_give_unwritten_octets() {
        let with = |info: ProprietaryInfo, descriptor: Option<Vec<u8>>| {
            File(vec![
                FileElement::FileDescriptor(Box::new(Fcp {
                    file_descriptor: descriptor,
                    proprietary_ef_info: Some(info),
                    ..Fcp::default()
                })),
                FileElement::FillFileOffset(1),
                content(&[0x11]),
            ])
        };
        let fill = with(
            ProprietaryInfo {
                fill_pattern: Some(vec![0x65, 0x6E, 0xFF]),
                ..ProprietaryInfo::default()
            },
            None,
        );
        assert_eq!(fill.read(0, 6), [0x65, 0x11, 0xFF, 0xFF, 0xFF, 0xFF]);
        let repeat = with(
            ProprietaryInfo {
                repeat_pattern: Some(vec![0x00, 0x01]),
                ..ProprietaryInfo::default()
            },
            // Linear fixed, records of 3: the pattern restarts with each record.
            Some(vec![0x42, 0x21, 0x00, 0x03]),
        );
        assert_eq!(repeat.read(0, 6), [0x00, 0x11, 0x00, 0x00, 0x01, 0x00]);
    }

    #[test]
    fn write_inside_existing_runs_keeps_the_instruction_list() {
        let mut file = File(vec![
            FileElement::FileDescriptor(Box::default()),
            content(&[0xAA; 4]),
            FileElement::FillFileOffset(2),
            content(&[0xBB; 4]),
        ]);
        file.write(1, &[1, 2]);
        assert_eq!(file.0[1], content(&[0xAA, 1, 2, 0xAA]));
        file.write(6, &[3, 4, 5]);
        assert_eq!(file.0[3], content(&[3, 4, 5, 0xBB]));
        assert_eq!(file.0.len(), 4);
    }

    #[test]
    fn write_over_gaps_rebuilds_the_runs() {
        let mut file = File(vec![
            FileElement::FileDescriptor(Box::default()),
            FileElement::FillFileOffset(4),
            content(&[1, 2]),
        ]);
        file.write(0, &[9, 9]);
        assert_eq!(
            file.0,
            vec![
                FileElement::FileDescriptor(Box::default()),
                content(&[9, 9]),
                FileElement::FillFileOffset(2),
                content(&[1, 2]),
            ]
        );
        let mut file = File(vec![
            content(&[0xAA, 0xAA]),
            FileElement::FillFileOffset(2),
            content(&[0xBB, 0xBB]),
        ]);
        file.write(1, &[1, 2, 3, 4]);
        assert_eq!(file.0, vec![content(&[0xAA, 1, 2, 3, 4, 0xBB])]);
        // A file with no content at all gets one run.
        let mut empty = File::default();
        empty.write(0, &[7; 3]);
        assert_eq!(empty.0, vec![content(&[7; 3])]);
        // Gaps longer than a UInt16 are split.
        let mut far = File::default();
        far.write(70_000, &[1]);
        assert_eq!(
            far.0,
            vec![
                FileElement::FillFileOffset(u16::MAX),
                FileElement::FillFileOffset(4_465),
                content(&[1]),
            ]
        );
        assert_eq!(far.read(70_000, 1), [1]);
    }
}
