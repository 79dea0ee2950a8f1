//! The Bound Profile Package as it arrives in ES10b.LoadBoundProfilePackage calls.
//!
//! The LPA splits the BPP (SGP.22 2.5.5): the `BF36` tag and length with the
//! whole `BF23`; the whole `A0` (ConfigureISDP `87` segments); the `A1` tag and length alone,
//! then each `88`; the whole `A2` if present; the `A3` tag and length alone, then each `86`.
//! Others send the whole `BF36` at once. This reader does not depend on where the pieces are
//! cut: it takes bytes as they come and hands out, in order, the units the eUICC acts on:
//! container headers are consumed silently, segments and `BF23` are handed out whole, and the
//! end of each container is reported so the command it carries can be completed. A unit that
//! is not complete yet waits for the next piece; declared lengths are checked against their
//! container at once, so nothing waits for bytes that cannot belong to the package.

use proto::der::{Class, Tag};
use proto::sgp22::BppCommandId;

/// What the eUICC acts on next.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    /// The complete `BF23` TLV (InitialiseSecureChannel).
    InitialiseSecureChannel(Vec<u8>),
    /// One `87` of `firstSequenceOf87` (ConfigureISDP).
    ConfigureIsdp(Vec<u8>),
    ConfigureIsdpEnd,
    /// One `88` of `sequenceOf88` (StoreMetadata).
    StoreMetadata(Vec<u8>),
    StoreMetadataEnd,
    /// One `87` of `secondSequenceOf87` (ReplaceSessionKeys).
    ReplaceSessionKeys(Vec<u8>),
    ReplaceSessionKeysEnd,
    /// One `86` of `sequenceOf86` (LoadProfileElements).
    ProfileElements(Vec<u8>),
    /// The whole `BF36` has been received.
    Finished,
}

/// The BPP is not built as SGP.22 2.5.4 defines it, at the command `command`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StructureError {
    pub command: BppCommandId,
    pub detail: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Start,
    SecureChannel,
    ExpectConfigure,
    InConfigure,
    ExpectMetadata,
    InMetadata,
    ExpectKeysOrProfile,
    InKeys,
    ExpectProfile,
    InProfile,
    Trailer,
    Done,
}

impl Phase {
    fn command(self) -> BppCommandId {
        match self {
            Phase::Start | Phase::SecureChannel => BppCommandId::InitialiseSecureChannel,
            Phase::ExpectConfigure | Phase::InConfigure => BppCommandId::ConfigureIsdp,
            Phase::ExpectMetadata | Phase::InMetadata => BppCommandId::StoreMetadata,
            Phase::InKeys => BppCommandId::ReplaceSessionKeys,
            Phase::ExpectKeysOrProfile
            | Phase::ExpectProfile
            | Phase::InProfile
            | Phase::Trailer
            | Phase::Done => BppCommandId::LoadProfileElements,
        }
    }
}

fn context(number: u32, constructed: bool) -> Tag {
    Tag::new(Class::Context, constructed, number)
}

/// The incremental reader of one BPP.
pub(crate) struct BppStream {
    buf: Vec<u8>,
    pos: usize,
    phase: Phase,
    /// Octets of the `BF36` contents not yet accounted for.
    bpp_left: usize,
    /// Octets of the current container (`A0`…`A3`) not yet read.
    container_left: usize,
    /// Largest `BF36` accepted.
    max_len: usize,
}

impl BppStream {
    pub(crate) fn new(max_len: usize) -> Self {
        BppStream {
            buf: Vec::new(),
            pos: 0,
            phase: Phase::Start,
            bpp_left: 0,
            container_left: 0,
            max_len,
        }
    }

    /// Appends the octets of one LoadBoundProfilePackage call.
    pub(crate) fn push(&mut self, piece: &[u8]) {
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        self.buf.extend_from_slice(piece);
    }

    /// Whether octets of an incomplete unit are waiting for the next piece.
    pub(crate) fn mid_unit(&self) -> bool {
        self.pos < self.buf.len()
    }

    fn fail(&self, detail: impl Into<String>) -> StructureError {
        StructureError {
            command: self.phase.command(),
            detail: detail.into(),
        }
    }

    /// The next unit, `Ok(None)` when more octets are needed.
    pub(crate) fn next_unit(&mut self) -> Result<Option<Unit>, StructureError> {
        loop {
            match self.step()? {
                Progress::Unit(unit) => return Ok(Some(unit)),
                Progress::NeedMore => return Ok(None),
                Progress::Moved => {}
            }
        }
    }

    /// One step of the phase the reader is in, through the BPP's structure (SGP.22 2.5.4).
    fn step(&mut self) -> Result<Progress, StructureError> {
        match self.phase {
            Phase::Done => {
                if self.mid_unit() {
                    Err(self.fail("octets after the Bound Profile Package"))
                } else {
                    Ok(Progress::NeedMore)
                }
            }
            Phase::Start => self.open_package(),
            Phase::SecureChannel => {
                let Some(raw) = self.leaf(Tag::context(35, true), Limit::Bpp)? else {
                    return Ok(Progress::NeedMore);
                };
                self.phase = Phase::ExpectConfigure;
                Ok(Progress::Unit(Unit::InitialiseSecureChannel(raw)))
            }
            Phase::ExpectConfigure => self.open_container(context(0, true), Phase::InConfigure),
            Phase::InConfigure => self.segment(
                context(7, false),
                Unit::ConfigureIsdp,
                Phase::ExpectMetadata,
                Some(Unit::ConfigureIsdpEnd),
            ),
            Phase::ExpectMetadata => self.open_container(context(1, true), Phase::InMetadata),
            Phase::InMetadata => self.segment(
                context(8, false),
                Unit::StoreMetadata,
                Phase::ExpectKeysOrProfile,
                Some(Unit::StoreMetadataEnd),
            ),
            Phase::ExpectKeysOrProfile => self.open_keys_or_profile(),
            Phase::InKeys => self.segment(
                context(7, false),
                Unit::ReplaceSessionKeys,
                Phase::ExpectProfile,
                Some(Unit::ReplaceSessionKeysEnd),
            ),
            Phase::ExpectProfile => self.open_container(context(3, true), Phase::InProfile),
            Phase::InProfile => self.segment(
                context(6, false),
                Unit::ProfileElements,
                Phase::Trailer,
                None,
            ),
            Phase::Trailer => {
                // Components a later version may add after sequenceOf86 are skipped.
                if self.bpp_left == 0 {
                    self.phase = Phase::Done;
                    return Ok(Progress::Unit(Unit::Finished));
                }
                Ok(match self.leaf_any()? {
                    Some(()) => Progress::Moved,
                    None => Progress::NeedMore,
                })
            }
        }
    }

    /// The `BF36` header: its tag, and a length within `max_len`.
    fn open_package(&mut self) -> Result<Progress, StructureError> {
        let Some((tag, len, hl)) = self.header()? else {
            return Ok(Progress::NeedMore);
        };
        if tag != super::BPP_TAG {
            return Err(self.fail(format!("{tag} where BF36 was expected")));
        }
        if len > self.max_len {
            return Err(self.fail(format!("a package of {len} octets is too large")));
        }
        self.pos += hl;
        self.bpp_left = len;
        self.phase = Phase::SecureChannel;
        Ok(Progress::Moved)
    }

    /// After `sequenceOf88`: the optional `A2` (ReplaceSessionKeys), else `A3`.
    fn open_keys_or_profile(&mut self) -> Result<Progress, StructureError> {
        if self.bpp_left == 0 {
            return Err(self.fail("the package ends where A3 was expected"));
        }
        let Some((tag, _, _)) = self.header()? else {
            return Ok(Progress::NeedMore);
        };
        let next = if tag == context(2, true) {
            Phase::InKeys
        } else {
            Phase::InProfile
        };
        self.open_container(tag_of(next), next)
    }

    /// The header of container `tag`, then phase `next`.
    fn open_container(&mut self, tag: Tag, next: Phase) -> Result<Progress, StructureError> {
        Ok(if self.open(tag, next)? {
            Progress::Moved
        } else {
            Progress::NeedMore
        })
    }

    /// Inside a container: its next `tag` segment as `unit`, or once it is read whole, phase
    /// `next` and the `end` unit (if the command needs one).
    fn segment(
        &mut self,
        tag: Tag,
        unit: fn(Vec<u8>) -> Unit,
        next: Phase,
        end: Option<Unit>,
    ) -> Result<Progress, StructureError> {
        if self.container_left == 0 {
            self.phase = next;
            return Ok(end.map_or(Progress::Moved, Progress::Unit));
        }
        Ok(match self.leaf(tag, Limit::Container)? {
            Some(raw) => Progress::Unit(unit(raw)),
            None => Progress::NeedMore,
        })
    }

    /// Identifier and length octets at the read position: `Ok(None)` while incomplete.
    fn header(&self) -> Result<Option<(Tag, usize, usize)>, StructureError> {
        proto::der::header(&self.buf[self.pos..]).map_err(|e| self.fail(e.kind.to_string()))
    }

    /// Consumes the header of container `tag`; `false` while incomplete.
    fn open(&mut self, tag: Tag, next: Phase) -> Result<bool, StructureError> {
        if self.bpp_left == 0 {
            return Err(self.fail(format!("the package ends where {tag} was expected")));
        }
        let Some((found, len, hl)) = self.header()? else {
            return Ok(false);
        };
        if found != tag {
            return Err(self.fail(format!("{found} where {tag} was expected")));
        }
        if hl + len > self.bpp_left {
            return Err(self.fail(format!("{tag} of {len} octets overruns the package")));
        }
        self.pos += hl;
        self.bpp_left -= hl + len;
        self.container_left = len;
        self.phase = next;
        Ok(true)
    }

    /// The next complete TLV with tag `tag`, within `limit`.
    fn leaf(&mut self, tag: Tag, limit: Limit) -> Result<Option<Vec<u8>>, StructureError> {
        let Some((found, len, hl)) = self.header()? else {
            return Ok(None);
        };
        if found != tag {
            return Err(self.fail(format!("{found} where {tag} was expected")));
        }
        self.take(hl + len, limit).map(|r| r.map(<[u8]>::to_vec))
    }

    /// Skips one complete TLV of any tag within the package.
    fn leaf_any(&mut self) -> Result<Option<()>, StructureError> {
        let Some((_, len, hl)) = self.header()? else {
            return Ok(None);
        };
        self.take(hl + len, Limit::Bpp).map(|r| r.map(|_| ()))
    }

    fn take(&mut self, total: usize, limit: Limit) -> Result<Option<&[u8]>, StructureError> {
        let left = match limit {
            Limit::Bpp => self.bpp_left,
            Limit::Container => self.container_left,
        };
        if total > left {
            return Err(self.fail(format!("a TLV of {total} octets overruns its container")));
        }
        if self.buf.len() - self.pos < total {
            return Ok(None);
        }
        match limit {
            Limit::Bpp => self.bpp_left -= total,
            Limit::Container => self.container_left -= total,
        }
        let start = self.pos;
        self.pos += total;
        Ok(Some(&self.buf[start..self.pos]))
    }
}

/// What one step of the reader came to.
enum Progress {
    Unit(Unit),
    /// The unit is not complete: wait for the next piece.
    NeedMore,
    /// Headers consumed or a phase ended without a unit: step again.
    Moved,
}

#[derive(Clone, Copy)]
enum Limit {
    Bpp,
    Container,
}

fn tag_of(phase: Phase) -> Tag {
    match phase {
        Phase::InKeys => context(2, true),
        _ => context(3, true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tlv(tag: &[u8], value: &[u8]) -> Vec<u8> {
        let mut out = tag.to_vec();
        proto::der::encode_length(value.len(), &mut out);
        out.extend_from_slice(value);
        out
    }

    fn sample() -> Vec<u8> {
        let mut body = tlv(&[0xBF, 0x23], &[0x82, 0x01, 0x01]);
        body.extend(tlv(&[0xA0], &tlv(&[0x87], &[1; 24])));
        let mut a1 = tlv(&[0x88], &[2; 10]);
        a1.extend(tlv(&[0x88], &[3; 200]));
        body.extend(tlv(&[0xA1], &a1));
        let mut a3 = tlv(&[0x86], &[4; 300]);
        a3.extend(tlv(&[0x86], &[5; 40]));
        body.extend(tlv(&[0xA3], &a3));
        tlv(&[0xBF, 0x36], &body)
    }

    fn units(pieces: &[&[u8]]) -> Vec<Unit> {
        let mut s = BppStream::new(1 << 20);
        let mut out = Vec::new();
        for p in pieces {
            s.push(p);
            while let Some(u) = s.next_unit().unwrap() {
                out.push(u);
            }
        }
        out
    }

    fn kinds(units: &[Unit]) -> Vec<&'static str> {
        units
            .iter()
            .map(|u| match u {
                Unit::InitialiseSecureChannel(_) => "BF23",
                Unit::ConfigureIsdp(_) => "87",
                Unit::ConfigureIsdpEnd => "A0 end",
                Unit::StoreMetadata(_) => "88",
                Unit::StoreMetadataEnd => "A1 end",
                Unit::ReplaceSessionKeys(_) => "87b",
                Unit::ReplaceSessionKeysEnd => "A2 end",
                Unit::ProfileElements(_) => "86",
                Unit::Finished => "end",
            })
            .collect()
    }

    #[test]
    fn sgp22_2_5_5_same_units_whole_or_byte_by_byte() {
        let bpp = sample();
        let whole = units(&[&bpp]);
        assert_eq!(
            kinds(&whole),
            [
                "BF23", "87", "A0 end", "88", "88", "A1 end", "86", "86", "end"
            ]
        );
        let bytes: Vec<&[u8]> = bpp.chunks(1).collect();
        assert_eq!(units(&bytes), whole);
    }

    #[test]
    fn sgp22_2_5_4_wrong_order_is_a_structure_error_at_that_command() {
        let mut body = tlv(&[0xBF, 0x23], &[0x82, 0x01, 0x01]);
        body.extend(tlv(&[0xA1], &tlv(&[0x88], &[1; 4])));
        let bpp = tlv(&[0xBF, 0x36], &body);
        let mut s = BppStream::new(1 << 20);
        s.push(&bpp);
        assert!(matches!(
            s.next_unit(),
            Ok(Some(Unit::InitialiseSecureChannel(_)))
        ));
        let err = s.next_unit().unwrap_err();
        assert_eq!(err.command, BppCommandId::ConfigureIsdp);
    }

    #[test]
    fn declared_lengths_beyond_the_container_fail_at_once() {
        // A0 claims more than BF36 holds.
        let bpp = [0xBF, 0x36, 0x05, 0xA0, 0x82, 0x10, 0x00, 0x00];
        let mut s = BppStream::new(1 << 20);
        s.push(&bpp);
        // BF23 is expected first: A0 is refused.
        assert!(s.next_unit().is_err());
        let mut s = BppStream::new(100);
        s.push(&[0xBF, 0x36, 0x82, 0x10, 0x00]);
        assert!(s.next_unit().is_err(), "larger than the limit");
    }
}
