//! Sequence-number freshness on the USIM (3GPP TS 33.102 Annex C.2, array scheme; the
//! TCA `PE-AKAParameter` gives the array's initial values, Δ and L).
//!
//! SQN = SEQ ‖ IND, IND the 5 low bits (32 array entries, as `sqnInit` has). A SQN is
//! accepted when SEQ exceeds the SEQ last accepted for its IND (C.2.2), when it is not more
//! than Δ (`sqnDelta`) above the highest SQN accepted (wrap-around protection, C.2.2) and
//! not more than L (`sqnAgeLimit`) below it (C.2.1). Δ and L are compared with whole SQN
//! values, as the PE codes them. The highest accepted SQN is SQN_MS of a re-synchronisation.

/// Entries of the array.
pub const ARRAY_LEN: usize = 32;
const IND_BITS: u32 = 5;
/// Default Δ and L of the TCA PE ('000010000000'H).
pub const DEFAULT_LIMIT: u64 = 0x0000_1000_0000;

/// The SQN state of one NAA.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SqnState {
    pub array: [u64; ARRAY_LEN],
    pub delta: u64,
    pub age_limit: u64,
}

impl Default for SqnState {
    fn default() -> Self {
        Self {
            array: [0; ARRAY_LEN],
            delta: DEFAULT_LIMIT,
            age_limit: DEFAULT_LIMIT,
        }
    }
}

/// A 6-octet SQN as a number.
pub fn from_bytes(b: &[u8; 6]) -> u64 {
    b.iter().fold(0u64, |acc, x| (acc << 8) | u64::from(*x))
}

/// A SQN as 6 octets.
pub fn to_bytes(sqn: u64) -> [u8; 6] {
    let b = sqn.to_be_bytes();
    [b[2], b[3], b[4], b[5], b[6], b[7]]
}

impl SqnState {
    /// SQN_MS: the highest SQN accepted.
    pub fn highest(&self) -> u64 {
        self.array.iter().copied().max().unwrap_or(0)
    }

    /// Checks `sqn` and, when fresh, records it.
    pub fn accept(&mut self, sqn: u64) -> bool {
        let ind = (sqn & ((1 << IND_BITS) - 1)) as usize;
        let seq = sqn >> IND_BITS;
        let highest = self.highest();
        let fresh = seq > (self.array[ind] >> IND_BITS)
            && sqn.saturating_sub(highest) <= self.delta
            && highest.saturating_sub(sqn) <= self.age_limit;
        if fresh {
            self.array[ind] = sqn;
        }
        fresh
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ts33_102_c_2_fresh_once_per_ind_within_delta() {
        let mut s = SqnState::default();
        assert!(s.accept(0x20)); // SEQ 1, IND 0
        assert!(!s.accept(0x20), "a replay is refused");
        assert!(s.accept(0x21), "another IND with the same SEQ is fresh");
        assert!(s.accept(0x40));
        assert!(!s.accept(0x40 + DEFAULT_LIMIT + 0x20), "too far ahead (Δ)");
        assert_eq!(s.highest(), 0x40);
        assert_eq!(to_bytes(s.highest()), [0, 0, 0, 0, 0, 0x40]);
        assert_eq!(from_bytes(&[0, 0, 0, 0, 1, 0x02]), 0x102);
        // too old: more than L below the highest
        let mut s = SqnState {
            age_limit: 0x100,
            ..SqnState::default()
        };
        assert!(s.accept(0x1000));
        assert!(!s.accept(0x0E01), "older than L");
        assert!(s.accept(0x0F01));
    }
}
