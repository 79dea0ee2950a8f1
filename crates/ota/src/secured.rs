//! The securing steps the command packet (ETSI TS 102 225 5.1.1) and the response packet
//! (5.2.1) share: length field, clear header, counter, padding counter, optional status,
//! check value, data and padding, with the part from CNTR to the end ciphered.
//!
//! ```text
//! out      = L(2) | header | CNTR(5) | PCNTR(1) | [status] | check | data | padding
//! check of   prefix | L | header | CNTR | PCNTR | [status] | data | padding
//! ciphered   CNTR .. padding (CBC, IV zero), padding zeros up to the block size
//! ```

use crate::command::MAX_PACKET_LEN;
use crate::counter::Counter;
use crate::crypto::{self, CC_LEN};
use crate::keys::{Crc, SecretKey};
use crate::wire::Reader;

/// The check value a packet carries (SPI1 b2b1 or SPI2 b4b3).
#[derive(Clone, Copy)]
pub(crate) enum Check<'a> {
    None,
    Rc(Crc),
    Cc(&'a SecretKey),
}

impl Check<'_> {
    pub(crate) fn len(self) -> usize {
        match self {
            Check::None => 0,
            Check::Rc(crc) => crc.check_len(),
            Check::Cc(_) => CC_LEN,
        }
    }

    fn compute(self, covered: &[u8]) -> Vec<u8> {
        match self {
            Check::None => Vec::new(),
            Check::Rc(crc) => crypto::redundancy_check(crc, covered),
            Check::Cc(key) => crypto::checksum(key, covered).to_vec(),
        }
    }
}

/// What to secure.
pub(crate) struct Seal<'a> {
    /// Octets covered by the check but sent before the length field (the PoR's UDH).
    pub(crate) prefix: &'a [u8],
    /// CHL..TAR or RHL..TAR.
    pub(crate) header: &'a [u8],
    pub(crate) counter: Counter,
    pub(crate) status: Option<u8>,
    pub(crate) check: Check<'a>,
    pub(crate) cipher: Option<&'a SecretKey>,
    pub(crate) data: &'a [u8],
}

/// The packet is longer than its two-octet length field can count, or than
/// [`MAX_PACKET_LEN`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TooLong;

impl Seal<'_> {
    /// The secured octets from the length field to the end.
    pub(crate) fn seal(&self) -> Result<Vec<u8>, TooLong> {
        let status_len = usize::from(self.status.is_some());
        let check_len = self.check.len();
        let plain_len = 6 + status_len + check_len + self.data.len();
        let pad = self.cipher.map_or(0, |key| {
            let block = key.algorithm().block_size();
            (block - plain_len % block) % block
        });
        let length = u16::try_from(self.header.len() + plain_len + pad).map_err(|_| TooLong)?;
        let pcntr = u8::try_from(pad).map_err(|_| TooLong)?;

        let mut covered = self.prefix.to_vec();
        covered.extend_from_slice(&length.to_be_bytes());
        covered.extend_from_slice(self.header);
        let counter_part = counted(self.counter, pcntr, self.status);
        covered.extend_from_slice(&counter_part);
        covered.extend_from_slice(self.data);
        covered.resize(covered.len() + pad, 0);
        let check = self.check.compute(&covered);

        let mut body = counter_part;
        body.extend_from_slice(&check);
        body.extend_from_slice(self.data);
        body.resize(body.len() + pad, 0);
        if let Some(key) = self.cipher {
            // Whole blocks by construction of `pad`.
            crypto::encrypt(key, &mut body).map_err(|_| TooLong)?;
        }
        let mut out = Vec::with_capacity(2 + self.header.len() + body.len());
        out.extend_from_slice(&length.to_be_bytes());
        out.extend_from_slice(self.header);
        out.extend_from_slice(&body);
        if out.len() > MAX_PACKET_LEN {
            return Err(TooLong);
        }
        Ok(out)
    }
}

fn counted(counter: Counter, pcntr: u8, status: Option<u8>) -> Vec<u8> {
    let mut part = counter.to_bytes().to_vec();
    part.push(pcntr);
    part.extend(status);
    part
}

/// What to check on a received packet.
pub(crate) struct Unseal<'a> {
    pub(crate) prefix: &'a [u8],
    /// The length of CHL..TAR or RHL..TAR.
    pub(crate) header_len: usize,
    pub(crate) has_status: bool,
    pub(crate) check: Check<'a>,
    pub(crate) cipher: Option<&'a SecretKey>,
}

/// The opened content.
#[derive(Debug)]
pub(crate) struct Unsealed {
    pub(crate) counter: Counter,
    pub(crate) status: Option<u8>,
    pub(crate) data: Vec<u8>,
}

/// Why a packet did not open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnsealError {
    /// The length field disagrees with the octets present, or fields are missing.
    Length,
    /// The ciphered part is not whole blocks.
    Cipher,
    /// PCNTR counts more padding than there is data.
    Padding,
    /// The RC or CC does not match.
    Check,
}

impl Unseal<'_> {
    /// Opens `packet` (length field to the end) as described.
    pub(crate) fn unseal(&self, packet: &[u8]) -> Result<Unsealed, UnsealError> {
        let mut reader = Reader::new(packet);
        let length = reader.array::<2>().ok_or(UnsealError::Length)?;
        if usize::from(u16::from_be_bytes(length)) != reader.rest().len() {
            return Err(UnsealError::Length);
        }
        let header = reader.take(self.header_len).ok_or(UnsealError::Length)?;
        let mut body = reader.rest().to_vec();
        if let Some(key) = self.cipher {
            crypto::decrypt(key, &mut body).map_err(|_| UnsealError::Cipher)?;
        }
        let mut fields = Reader::new(&body);
        let counter = Counter::from_bytes(fields.array::<5>().ok_or(UnsealError::Length)?);
        let pcntr = fields.u8().ok_or(UnsealError::Length)?;
        let status = if self.has_status {
            Some(fields.u8().ok_or(UnsealError::Length)?)
        } else {
            None
        };
        let received = fields.take(self.check.len()).ok_or(UnsealError::Length)?;
        let padded = fields.rest();

        let mut covered = self.prefix.to_vec();
        covered.extend_from_slice(&length);
        covered.extend_from_slice(header);
        covered.extend_from_slice(&counter.to_bytes());
        covered.push(pcntr);
        covered.extend(status);
        covered.extend_from_slice(padded);
        if !crypto::same(&self.check.compute(&covered), received) {
            return Err(UnsealError::Check);
        }
        let data_len = padded
            .len()
            .checked_sub(usize::from(pcntr))
            .ok_or(UnsealError::Padding)?;
        let data = padded.get(..data_len).ok_or(UnsealError::Padding)?;
        Ok(Unsealed {
            counter,
            status,
            data: data.to_vec(),
        })
    }
}
