//! A card channel that alters the Bound Profile Package on its way to the eUICC: the first
//! STORE DATA block of the n-th LoadProfileElements segment (`86` TLV) gets one octet of its
//! ciphertext flipped, as a corrupted or forged package would arrive.

use lpa::{CardChannel, TransportError};

/// Flips one octet of the `target`-th `86` segment (counted from 0).
pub struct TamperSegment<C> {
    inner: C,
    target: usize,
    seen: usize,
    /// Whether the alteration was made.
    pub tampered: bool,
}

impl<C> TamperSegment<C> {
    pub fn new(inner: C, target: usize) -> Self {
        TamperSegment {
            inner,
            target,
            seen: 0,
            tampered: false,
        }
    }

    pub fn into_inner(self) -> C {
        self.inner
    }
}

/// Offset of the first data octet of a short command APDU.
const DATA: usize = 5;

impl<C: CardChannel> CardChannel for TamperSegment<C> {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        let first_block_of_86 = command.len() > DATA + 16
            && command[0] & 0x80 != 0
            && command[1] == 0xE2
            && command[3] == 0x00
            && command[DATA] == 0x86;
        if first_block_of_86 {
            let n = self.seen;
            self.seen += 1;
            if n == self.target {
                let mut altered = command.to_vec();
                // past the tag and a length of up to 3 octets: ciphertext
                altered[DATA + 12] ^= 0xFF;
                self.tampered = true;
                return self.inner.transmit(&altered);
            }
        }
        self.inner.transmit(command)
    }
}

/// Rewrites the eUICC's answers: every occurrence of `from` in response data becomes `to`
/// (same length), as a lying or broken card would answer.
pub struct RewriteResponses<C> {
    inner: C,
    from: Vec<u8>,
    to: Vec<u8>,
    /// How many occurrences were rewritten.
    pub rewritten: usize,
}

impl<C> RewriteResponses<C> {
    pub fn new(inner: C, from: &[u8], to: &[u8]) -> Self {
        assert_eq!(from.len(), to.len(), "same length");
        RewriteResponses {
            inner,
            from: from.to_vec(),
            to: to.to_vec(),
            rewritten: 0,
        }
    }
}

impl<C: CardChannel> CardChannel for RewriteResponses<C> {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        let mut response = self.inner.transmit(command)?;
        let data_len = response.len().saturating_sub(2);
        let n = self.from.len();
        let mut i = 0;
        while n > 0 && i + n <= data_len {
            if response[i..i + n] == self.from[..] {
                response[i..i + n].copy_from_slice(&self.to);
                self.rewritten += 1;
                i += n;
            } else {
                i += 1;
            }
        }
        Ok(response)
    }
}
