//! Block options (RFC 7959 2.2): `NUM` (the block's number), `M` (more blocks follow) and
//! `SZX` (the block size, `2^(SZX+4)` octets, 16 to 1,024), packed into an unsigned integer
//! of 0 to 3 octets.

/// The largest block size (SZX 6, 1,024 octets); SZX 7 is reserved (RFC 7959 2.2).
pub const MAX_SZX: u8 = 6;

/// One Block1 or Block2 option value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    /// The block's number, from 0 (at most 2^20 - 1).
    pub num: u32,
    /// Whether more blocks follow.
    pub more: bool,
    /// The size exponent: the block holds `2^(szx+4)` octets.
    pub szx: u8,
}

/// A block option that is not one (RFC 7959 2.2: longer than 3 octets, or SZX 7).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a block option must be 0 to 3 octets with SZX below 7")]
pub struct BadBlock;

/// The largest block number three octets carry.
const MAX_NUM: u32 = (1 << 20) - 1;

impl Block {
    /// The octets of a block of this size.
    pub fn size(self) -> usize {
        1 << (usize::from(self.szx) + 4)
    }

    /// Where the block starts in the whole body.
    pub fn offset(self) -> usize {
        self.num as usize * self.size()
    }

    /// Reads an option value (big-endian, leading zero octets may be left out).
    pub fn decode(value: &[u8]) -> Result<Block, BadBlock> {
        if value.len() > 3 {
            return Err(BadBlock);
        }
        let v = value.iter().fold(0u32, |v, b| v << 8 | u32::from(*b));
        let szx = (v & 0x07) as u8;
        if szx > MAX_SZX {
            return Err(BadBlock);
        }
        Ok(Block {
            num: v >> 4,
            more: v & 0x08 != 0,
            szx,
        })
    }

    /// The option value, in as few octets as it needs (none for 0).
    pub fn encode(self) -> Vec<u8> {
        let v = self.num.min(MAX_NUM) << 4 | u32::from(self.more) << 3 | u32::from(self.szx);
        let octets = v.to_be_bytes();
        let first = octets.iter().position(|b| *b != 0).unwrap_or(octets.len());
        octets[first..].to_vec()
    }

    /// The SZX of the largest block not over `octets` (16 at the least).
    pub fn szx_for(octets: usize) -> u8 {
        (0..=MAX_SZX)
            .rev()
            .find(|szx| 1usize << (szx + 4) <= octets)
            .unwrap_or(0)
    }

    /// Block `num` of `body` at size `szx`, if the body reaches it: the block's option and
    /// its octets.
    pub fn slice(body: &[u8], num: u32, szx: u8) -> Option<(Block, &[u8])> {
        let block = Block {
            num,
            more: false,
            szx,
        };
        let start = block.offset();
        if start > body.len() || (start == body.len() && num > 0) {
            return None;
        }
        let end = (start + block.size()).min(body.len());
        let more = end < body.len();
        Some((Block { more, ..block }, &body[start..end]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7959 2.2's encoding, and its examples' values.
    #[test]
    fn rfc7959_2_2_block_values_round_trip() {
        let b = Block {
            num: 0,
            more: true,
            szx: 6,
        };
        assert_eq!(b.encode(), [0x0E]);
        assert_eq!(Block::decode(&[0x0E]), Ok(b));
        assert_eq!(Block::decode(&[]).unwrap().num, 0, "no octets: 0");
        let b = Block {
            num: 21,
            more: false,
            szx: 2,
        };
        assert_eq!(b.encode(), [0x01, 0x52]);
        assert_eq!(Block::decode(&[0x01, 0x52]), Ok(b));
        assert_eq!(b.size(), 64);
        assert_eq!(b.offset(), 21 * 64);
        assert_eq!(Block::decode(&[0x0F]), Err(BadBlock), "SZX 7 is reserved");
        assert_eq!(Block::decode(&[1, 2, 3, 4]), Err(BadBlock));
    }

    #[test]
    fn bodies_are_cut_into_blocks_of_the_size_asked_for() {
        let body: Vec<u8> = (0..40).collect();
        let (b0, d0) = Block::slice(&body, 0, 0).unwrap();
        assert_eq!((b0.more, d0.len()), (true, 16));
        let (b2, d2) = Block::slice(&body, 2, 0).unwrap();
        assert_eq!((b2.more, d2), (false, &body[32..]));
        assert_eq!(Block::slice(&body, 3, 0), None);
        assert_eq!(
            Block::slice(&[], 0, 6).map(|(b, d)| (b.more, d.len())),
            Some((false, 0))
        );
        assert_eq!(Block::szx_for(1152), 6);
        assert_eq!(Block::szx_for(100), 2);
        assert_eq!(Block::szx_for(3), 0);
    }
}
