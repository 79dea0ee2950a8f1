//! INITIALIZE UPDATE's response data (GP Amendment D 7.1.1.6, Table 7-3).
//!
//! ```text
//! key diversification data (10) | KVN (1) | SCP id 03 (1) | i (1)
//! | card challenge (8|16) | card cryptogram (8|16) | [sequence counter (3)]
//! ```
//! The sequence counter is present when `i` announces a pseudo-random card challenge.

use crate::Scp03Error;
use crate::security::IParameter;

/// The SCP identifier.
pub const SCP03: u8 = 0x03;

/// The fields of INITIALIZE UPDATE's response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InitializeUpdateResponse {
    /// Key diversification data.
    pub diversification: [u8; 10],
    /// The key version used.
    pub kvn: u8,
    /// The `i` parameter.
    pub i: IParameter,
    /// The card challenge.
    pub card_challenge: Vec<u8>,
    /// The card cryptogram.
    pub card_cryptogram: Vec<u8>,
    /// The sequence counter, with a pseudo-random card challenge.
    pub sequence_counter: Option<[u8; 3]>,
}

impl InitializeUpdateResponse {
    /// Reads the response data; the lengths follow from `i`.
    pub fn parse(data: &[u8]) -> Result<Self, Scp03Error> {
        let malformed = Scp03Error::Malformed("INITIALIZE UPDATE response");
        let (head, rest) = data.split_first_chunk::<13>().ok_or(malformed.clone())?;
        if head[11] != SCP03 {
            return Err(malformed);
        }
        let i = IParameter(head[12]);
        let n = i.block_len();
        let counter_len = if i.pseudo_random() { 3 } else { 0 };
        if rest.len() != 2 * n + counter_len {
            return Err(malformed);
        }
        let mut diversification = [0u8; 10];
        diversification.copy_from_slice(&head[..10]);
        let sequence_counter = rest.get(2 * n..).and_then(|c| <[u8; 3]>::try_from(c).ok());
        Ok(InitializeUpdateResponse {
            diversification,
            kvn: head[10],
            i,
            card_challenge: rest[..n].to_vec(),
            card_cryptogram: rest[n..2 * n].to_vec(),
            sequence_counter,
        })
    }

    /// The response data.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = self.diversification.to_vec();
        out.extend([self.kvn, SCP03, self.i.0]);
        out.extend_from_slice(&self.card_challenge);
        out.extend_from_slice(&self.card_cryptogram);
        if let Some(c) = self.sequence_counter {
            out.extend(c);
        }
        out
    }
}
