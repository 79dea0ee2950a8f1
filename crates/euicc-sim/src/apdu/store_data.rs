//! STORE DATA block chaining (GPCS v2.3 §11.11) as SGP.22 §5.7 uses it to carry one ES10x
//! request.
//!
//! ```text
//! CLA '80'-'83'  INS 'E2'
//! P1  b8 = 1 last block, 0 more blocks; b5-b4 = 10 BER-TLV data; b1 = 1 response expected
//!     -> SGP.22 sends exactly '11' (more blocks) and '91' (last block)
//! P2  block number: '00' for the first block, +1 for each following block
//! Lc  1..255 bytes of the request per block (lpac: 120 by default, 6..255 configurable)
//! ```
//!
//! The blocks of one chain are concatenated into one ES10x request and handed to the ISD-R
//! when the last block arrives. The request is not checked to be a complete TLV: the pieces
//! of a segmented ES10b.LoadBoundProfilePackage (SGP.22 §5.7.6; a `BF36` header with the
//! `BF23` TLV, an `A1` or `A3` header alone, ...) are not.
//!
//! Refusals, each abandoning the chain in progress:
//! - P1 other than '11'/'91': `6A86`.
//! - empty data field: `6700`.
//! - P2 neither '00' nor the next block number: `6A86` (GPCS §11.1, incorrect P1-P2). A block
//!   '00' always starts a new chain, dropping an unfinished one, so a terminal can start
//!   over after an error.
//! - a request longer than the card's limit ([`MAX_ES10_REQUEST`] by default), or a
//!   non-last block numbered 'FF' (P2 has no number for the next block): `6A84`, not enough
//!   memory space (GPCS §11.11).

use super::application::Application;
use super::command::CommandApdu;
use super::status::StatusWord;

/// Default bound on one reassembled ES10x request (64 KiB). With short APDUs a chain of 256
/// blocks carries at most 65 280 bytes, so the block count bounds it first.
pub const MAX_ES10_REQUEST: usize = 64 * 1024;

/// P1 of a STORE DATA block that more blocks follow (BER-TLV data, response expected).
pub const P1_MORE_BLOCKS: u8 = 0x11;
/// P1 of the last STORE DATA block of a chain.
pub const P1_LAST_BLOCK: u8 = 0x91;

/// What a STORE DATA block led to.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum BlockOutcome {
    /// More blocks are expected; the card answers `9000`.
    More,
    /// The chain is complete: the whole ES10x request.
    Complete(Vec<u8>),
}

/// One chain being reassembled on a logical channel.
#[derive(Clone, Default, Debug)]
pub struct StoreDataChain {
    buffer: Vec<u8>,
    next_block: Option<u8>,
}

impl StoreDataChain {
    /// A chain has started and its last block has not arrived.
    pub fn in_progress(&self) -> bool {
        self.next_block.is_some()
    }

    pub fn clear(&mut self) {
        self.buffer = Vec::new();
        self.next_block = None;
    }

    /// Takes one block; on any refusal the chain in progress is dropped.
    pub fn accept(
        &mut self,
        p1: u8,
        p2: u8,
        data: &[u8],
        max_len: usize,
    ) -> Result<BlockOutcome, StatusWord> {
        let result = self.accept_inner(p1, p2, data, max_len);
        if result.is_err() {
            self.clear();
        }
        result
    }

    fn accept_inner(
        &mut self,
        p1: u8,
        p2: u8,
        data: &[u8],
        max_len: usize,
    ) -> Result<BlockOutcome, StatusWord> {
        let last = match p1 {
            P1_MORE_BLOCKS => false,
            P1_LAST_BLOCK => true,
            _ => return Err(StatusWord::INCORRECT_P1_P2),
        };
        if data.is_empty() {
            return Err(StatusWord::WRONG_LENGTH);
        }
        if p2 == 0 {
            self.clear();
        } else if self.next_block != Some(p2) {
            return Err(StatusWord::INCORRECT_P1_P2);
        }
        if self.buffer.len().saturating_add(data.len()) > max_len {
            return Err(StatusWord::NOT_ENOUGH_MEMORY);
        }
        if last {
            let mut request = std::mem::take(&mut self.buffer);
            request.extend_from_slice(data);
            self.clear();
            return Ok(BlockOutcome::Complete(request));
        }
        let Some(next) = p2.checked_add(1) else {
            return Err(StatusWord::NOT_ENOUGH_MEMORY);
        };
        self.buffer.extend_from_slice(data);
        self.next_block = Some(next);
        Ok(BlockOutcome::More)
    }
}

/// Handles STORE DATA on a channel whose selected application is `selected` and whose
/// chain is `chain`: the ISD-R must be selected there (else `6985`, conditions of use not
/// satisfied); a completed chain goes to `process`, whose answer is the response data.
pub fn store_data(
    selected: Option<Application>,
    chain: &mut StoreDataChain,
    cmd: &CommandApdu<'_>,
    max_request_len: usize,
    process: impl FnOnce(&[u8]) -> Result<Vec<u8>, StatusWord>,
) -> Result<Vec<u8>, StatusWord> {
    if selected != Some(Application::IsdR) {
        return Err(StatusWord::CONDITIONS_NOT_SATISFIED);
    }
    match chain.accept(cmd.p1, cmd.p2, cmd.data, max_request_len)? {
        BlockOutcome::More => Ok(Vec::new()),
        BlockOutcome::Complete(request) => process(&request),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gpcs_11_11_single_last_block_is_a_whole_request() {
        let mut c = StoreDataChain::default();
        assert_eq!(
            c.accept(0x91, 0, &[0xBF, 0x3E, 0x00], MAX_ES10_REQUEST),
            Ok(BlockOutcome::Complete(vec![0xBF, 0x3E, 0x00]))
        );
        assert!(!c.in_progress());
    }

    #[test]
    fn gpcs_11_11_blocks_are_concatenated_in_order() {
        let mut c = StoreDataChain::default();
        assert_eq!(c.accept(0x11, 0, &[1, 2], 100), Ok(BlockOutcome::More));
        assert!(c.in_progress());
        assert_eq!(c.accept(0x11, 1, &[3], 100), Ok(BlockOutcome::More));
        assert_eq!(
            c.accept(0x91, 2, &[4, 5], 100),
            Ok(BlockOutcome::Complete(vec![1, 2, 3, 4, 5]))
        );
        assert!(!c.in_progress());
    }

    #[test]
    fn gpcs_11_11_out_of_sequence_block_is_6a86_and_drops_chain() {
        let mut c = StoreDataChain::default();
        assert_eq!(c.accept(0x11, 0, &[1], 100), Ok(BlockOutcome::More));
        assert_eq!(
            c.accept(0x11, 2, &[1], 100),
            Err(StatusWord::INCORRECT_P1_P2)
        );
        assert!(!c.in_progress());
        // the chain is gone: block 1 is now out of sequence too
        assert_eq!(
            c.accept(0x91, 1, &[1], 100),
            Err(StatusWord::INCORRECT_P1_P2)
        );
    }

    #[test]
    fn gpcs_11_11_block_zero_restarts_the_chain() {
        let mut c = StoreDataChain::default();
        assert_eq!(c.accept(0x11, 0, &[9, 9], 100), Ok(BlockOutcome::More));
        assert_eq!(
            c.accept(0x91, 0, &[1], 100),
            Ok(BlockOutcome::Complete(vec![1]))
        );
    }

    #[test]
    fn sgp22_5_7_p1_other_than_11_or_91_is_6a86() {
        let mut c = StoreDataChain::default();
        for p1 in [0x00, 0x01, 0x10, 0x80, 0x90, 0x89, 0x31, 0xB1] {
            assert_eq!(
                c.accept(p1, 0, &[1], 100),
                Err(StatusWord::INCORRECT_P1_P2),
                "{p1:02X}"
            );
        }
    }

    #[test]
    fn gpcs_11_11_empty_block_is_wrong_length() {
        let mut c = StoreDataChain::default();
        assert_eq!(c.accept(0x91, 0, &[], 100), Err(StatusWord::WRONG_LENGTH));
    }

    #[test]
    fn gpcs_11_11_oversize_request_is_6a84() {
        let mut c = StoreDataChain::default();
        assert_eq!(c.accept(0x11, 0, &[0; 60], 100), Ok(BlockOutcome::More));
        assert_eq!(
            c.accept(0x91, 1, &[0; 41], 100),
            Err(StatusWord::NOT_ENOUGH_MEMORY)
        );
        assert!(!c.in_progress());
        assert_eq!(
            c.accept(0x91, 0, &[0; 100], 100),
            Ok(BlockOutcome::Complete(vec![0; 100]))
        );
    }

    #[test]
    fn gpcs_11_11_block_ff_can_only_be_last() {
        let mut c = StoreDataChain::default();
        for n in 0..=0xFEu8 {
            assert_eq!(c.accept(0x11, n, &[n], 1 << 20), Ok(BlockOutcome::More));
        }
        assert_eq!(
            c.accept(0x11, 0xFF, &[0], 1 << 20),
            Err(StatusWord::NOT_ENOUGH_MEMORY)
        );
        for n in 0..=0xFEu8 {
            assert_eq!(c.accept(0x11, n, &[n], 1 << 20), Ok(BlockOutcome::More));
        }
        match c.accept(0x91, 0xFF, &[0xFF], 1 << 20) {
            Ok(BlockOutcome::Complete(r)) => assert_eq!(r, (0..=0xFFu8).collect::<Vec<_>>()),
            other => panic!("unexpected {other:?}"),
        }
    }
}
