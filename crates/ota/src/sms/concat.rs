//! Secured packets over several short messages: splitting (3GPP TS 23.040 9.2.3.24.1 and
//! 9.2.3.24.8; 3GPP TS 31.115, the command packet in concatenated
//! short messages) and bounded reassembly.
//!
//! The packet is secured once, then cut. The packet identifier element (CPI `70` or RPI
//! `71`) is in the first segment's header only, beside the concatenation element; the
//! other segments carry the concatenation element alone:
//!
//! ```text
//! first   07 | 70 00 | 00 03 ref total 1 | 132 octets of the packet
//! others  05 | 00 03 ref total n         | 134 octets
//! ```
//!
//! (with a 16-bit reference: `08 04 ref(2) total n`, one octet less per segment.)

use std::collections::{BTreeMap, HashMap, VecDeque};

use super::tpdu::MAX_USER_DATA;
use super::udh::{
    Concatenation, IEI_CONCAT_8BIT, IEI_CONCAT_16BIT, IEI_CPI, IEI_RPI, InformationElement,
    UdhError, UserDataHeader,
};

/// Which secured packet is being carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PacketKind {
    /// A command packet: CPI `70`.
    Command,
    /// A response packet (PoR): RPI `71`.
    Response,
}

impl PacketKind {
    fn iei(self) -> u8 {
        match self {
            PacketKind::Command => IEI_CPI,
            PacketKind::Response => IEI_RPI,
        }
    }
}

/// The concatenation reference (TS 23.040 9.2.3.24.1 / .8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reference {
    /// IEI `00`, one octet.
    Bits8(u8),
    /// IEI `08`, two octets.
    Bits16(u16),
}

/// Why a packet could not be split, or a segment was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConcatError {
    /// More segments than the cap (at most 255).
    #[error("{needed} segments needed, {cap} allowed")]
    TooManySegments {
        /// Segments the packet needs.
        needed: usize,
        /// The cap.
        cap: usize,
    },
    /// A segment over 140 octets of user data.
    #[error("a segment of {0} octets")]
    OversizedSegment(usize),
    /// The user data header is malformed.
    #[error(transparent)]
    Header(#[from] UdhError),
    /// Total zero, or a sequence number of zero or above the total.
    #[error("segment {sequence} of {total}")]
    SegmentNumber {
        /// The sequence number.
        sequence: u8,
        /// The total.
        total: u8,
    },
    /// The total differs from the one the earlier segments announced.
    #[error("total {received} where earlier segments said {expected}")]
    TotalMismatch {
        /// The earlier total.
        expected: u8,
        /// This segment's total.
        received: u8,
    },
    /// This segment was already received.
    #[error("segment {0} received twice")]
    Duplicate(u8),
    /// The message would exceed the byte budget on its own.
    #[error("the message exceeds the reassembly budget")]
    OverBudget,
}

/// Cuts a secured packet (CPL or RPL to the end) into the user data of successive short
/// messages; one segment without a concatenation element when it fits. At most `cap`
/// segments (never more than 255).
pub fn split(
    kind: PacketKind,
    packet: &[u8],
    reference: Reference,
    cap: usize,
) -> Result<Vec<Vec<u8>>, ConcatError> {
    let identifier = InformationElement {
        iei: kind.iei(),
        data: Vec::new(),
    };
    if packet.len() + 3 <= MAX_USER_DATA {
        let mut ud = vec![0x02, kind.iei(), 0x00];
        ud.extend_from_slice(packet);
        return Ok(vec![ud]);
    }
    let concat_len = match reference {
        Reference::Bits8(_) => 5,
        Reference::Bits16(_) => 6,
    };
    let first_room = MAX_USER_DATA - 1 - 2 - concat_len;
    let other_room = MAX_USER_DATA - 1 - concat_len;
    let needed = 1 + (packet.len() - first_room).div_ceil(other_room);
    let cap = cap.min(255);
    if needed > cap {
        return Err(ConcatError::TooManySegments { needed, cap });
    }
    let (first, rest) = packet.split_at(first_room);
    let chunks = std::iter::once(first).chain(rest.chunks(other_room));
    chunks
        .enumerate()
        .map(|(i, chunk)| {
            let concat = Concatenation {
                reference: match reference {
                    Reference::Bits8(r) => u16::from(r),
                    Reference::Bits16(r) => r,
                },
                wide_reference: matches!(reference, Reference::Bits16(_)),
                total: needed as u8,
                sequence: i as u8 + 1,
            };
            let mut elements = Vec::with_capacity(2);
            if i == 0 {
                elements.push(identifier.clone());
            }
            elements.push(concat.element());
            let mut ud = UserDataHeader { elements }.encode()?;
            ud.extend_from_slice(chunk);
            Ok(ud)
        })
        .collect()
}

/// The bounds of a [`Reassembler`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReassemblyLimits {
    /// Partial messages kept at once; the oldest is dropped to make room.
    pub max_partial: usize,
    /// Octets of payload kept at once over all partial messages; the oldest messages are
    /// dropped to make room.
    pub max_bytes: usize,
}

impl Default for ReassemblyLimits {
    fn default() -> Self {
        ReassemblyLimits {
            max_partial: 64,
            max_bytes: 256 * 1024,
        }
    }
}

/// A whole message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reassembled {
    /// The first segment's header elements other than concatenation (e.g. the CPI).
    pub elements: Vec<InformationElement>,
    /// The payloads in order.
    pub data: Vec<u8>,
}

impl Reassembled {
    /// Whether the message carries this packet kind's identifier.
    pub fn is(&self, kind: PacketKind) -> bool {
        self.elements.iter().any(|e| e.iei == kind.iei())
    }
}

#[derive(Debug)]
struct Partial {
    total: u8,
    first_elements: Vec<InformationElement>,
    segments: BTreeMap<u8, Vec<u8>>,
    bytes: usize,
}

type Key = (String, u16, bool);

/// Collects concatenated segments per (originator, reference) with bounded memory.
#[derive(Debug)]
pub struct Reassembler {
    limits: ReassemblyLimits,
    partials: HashMap<Key, Partial>,
    order: VecDeque<Key>,
    bytes: usize,
}

impl Reassembler {
    /// An empty reassembler.
    pub fn new(limits: ReassemblyLimits) -> Self {
        Reassembler {
            limits,
            partials: HashMap::new(),
            order: VecDeque::new(),
            bytes: 0,
        }
    }

    /// Partial messages held.
    pub fn pending(&self) -> usize {
        self.partials.len()
    }

    /// Takes the user data of one short message from `originator`. Returns the whole
    /// message when this segment completes it (at once for an unsegmented message).
    pub fn push(
        &mut self,
        originator: &str,
        ud: &[u8],
    ) -> Result<Option<Reassembled>, ConcatError> {
        if ud.len() > MAX_USER_DATA {
            return Err(ConcatError::OversizedSegment(ud.len()));
        }
        let (udh, _, payload) = UserDataHeader::parse(ud)?;
        let Some(concat) = udh.concatenation()? else {
            return Ok(Some(Reassembled {
                elements: udh.elements,
                data: payload.to_vec(),
            }));
        };
        let (total, sequence) = (concat.total, concat.sequence);
        if total == 0 || sequence == 0 || sequence > total {
            return Err(ConcatError::SegmentNumber { sequence, total });
        }
        let key = (
            originator.to_owned(),
            concat.reference,
            concat.wide_reference,
        );
        self.check_fits(&key, total, sequence, payload.len())?;
        self.make_room(&key, payload.len());
        let others = udh
            .elements
            .into_iter()
            .filter(|e| e.iei != IEI_CONCAT_8BIT && e.iei != IEI_CONCAT_16BIT)
            .collect();
        let partial = self.partials.entry(key.clone()).or_insert_with(|| Partial {
            total,
            first_elements: Vec::new(),
            segments: BTreeMap::new(),
            bytes: 0,
        });
        if !self.order.contains(&key) {
            self.order.push_back(key.clone());
        }
        if sequence == 1 {
            partial.first_elements = others;
        }
        partial.segments.insert(sequence, payload.to_vec());
        partial.bytes += payload.len();
        self.bytes += payload.len();
        if partial.segments.len() < usize::from(total) {
            return Ok(None);
        }
        Ok(self.take(&key))
    }

    /// Refuses a segment that contradicts the partial message, or could never fit.
    fn check_fits(
        &self,
        key: &Key,
        total: u8,
        sequence: u8,
        len: usize,
    ) -> Result<(), ConcatError> {
        if let Some(partial) = self.partials.get(key) {
            if partial.total != total {
                return Err(ConcatError::TotalMismatch {
                    expected: partial.total,
                    received: total,
                });
            }
            if partial.segments.contains_key(&sequence) {
                return Err(ConcatError::Duplicate(sequence));
            }
        }
        let own = self.partials.get(key).map_or(0, |p| p.bytes);
        if own + len > self.limits.max_bytes {
            return Err(ConcatError::OverBudget);
        }
        Ok(())
    }

    /// Drops the oldest other partial messages until `len` more octets and, for a new
    /// message, one more entry fit.
    fn make_room(&mut self, key: &Key, len: usize) {
        let is_new = !self.partials.contains_key(key);
        while self.bytes + len > self.limits.max_bytes
            || (is_new && self.partials.len() >= self.limits.max_partial.max(1))
        {
            let Some(position) = self.order.iter().position(|k| k != key) else {
                break;
            };
            if let Some(old) = self.order.remove(position) {
                self.drop_partial(&old);
            }
        }
    }

    fn drop_partial(&mut self, key: &Key) -> Option<Partial> {
        let partial = self.partials.remove(key)?;
        self.bytes = self.bytes.saturating_sub(partial.bytes);
        self.order.retain(|k| k != key);
        Some(partial)
    }

    fn take(&mut self, key: &Key) -> Option<Reassembled> {
        let partial = self.drop_partial(key)?;
        Some(Reassembled {
            elements: partial.first_elements,
            data: partial.segments.into_values().flatten().collect(),
        })
    }
}
