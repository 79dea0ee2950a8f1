//! Segment layout: tags, size limits, splitting and the TLV split of a received segment.

use super::BspError;
use crate::der::{Tlv, encode_length};

/// ConfigureISDP and ReplaceSessionKeys segments, `[7]` (`firstSequenceOf87`,
/// `secondSequenceOf87`).
pub const TAG_CONFIGURE_ISDP: u8 = 0x87;
/// Same tag as [`TAG_CONFIGURE_ISDP`]; named for readability at call sites.
pub const TAG_REPLACE_SESSION_KEYS: u8 = 0x87;
/// StoreMetadata segments, `[8]`, MAC only (`sequenceOf88`).
pub const TAG_STORE_METADATA: u8 = 0x88;
/// LoadProfileElements segments, `[6]` (`sequenceOf86`).
pub const TAG_LOAD_PROFILE_ELEMENTS: u8 = 0x86;

/// Largest segment: "segments of a maximum size of 1020 bytes (including the tag, length
/// field and MAC)" (SGP.22 §2.5.3 in v3.0 numbering).
pub const MAX_SEGMENT_LEN: usize = 1020;
/// The C-MAC is truncated to 8 octets.
pub const MAC_LEN: usize = 8;

/// Octets of a DER length for a value of `len` octets.
const fn length_len(len: usize) -> usize {
    if len < 0x80 {
        1
    } else if len < 0x100 {
        2
    } else {
        3
    }
}

/// Largest value (payload + MAC) that fits a segment with a one-octet tag.
const fn max_value_len() -> usize {
    let mut value = MAX_SEGMENT_LEN - 1 - 1;
    while 1 + length_len(value) + value > MAX_SEGMENT_LEN {
        value -= 1;
    }
    value
}

/// Largest payload of a MAC-only segment (1008).
pub const MAX_MAC_ONLY_PAYLOAD: usize = max_value_len() - MAC_LEN;
/// Largest plaintext of an encrypted segment (1007): its padded ciphertext, one octet of
/// padding at least, must fit [`MAX_MAC_ONLY_PAYLOAD`].
pub const MAX_ENCRYPTED_PAYLOAD: usize = (MAX_MAC_ONLY_PAYLOAD / 16) * 16 - 1;

/// Length of the ciphertext of `len` octets of plaintext (always padded).
pub(super) const fn padded_len(len: usize) -> usize {
    (len / 16 + 1) * 16
}

/// Starts a segment: tag and length of a value of `value_len` octets.
pub(super) fn header(tag: u8, value_len: usize, capacity: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(capacity);
    out.push(tag);
    encode_length(value_len, &mut out);
    out
}

/// Fails unless a value of `value_len` octets fits a segment.
pub(super) fn check_fits(value_len: usize, payload_len: usize, max: usize) -> Result<(), BspError> {
    if 1 + length_len(value_len) + value_len > MAX_SEGMENT_LEN {
        Err(BspError::SegmentTooLong {
            len: payload_len,
            max,
        })
    } else {
        Ok(())
    }
}

/// Splits `data` into chunks of at most `max` octets; empty data gives one empty chunk.
pub(super) fn chunks(data: &[u8], max: usize) -> impl Iterator<Item = &[u8]> {
    let empty: &[u8] = &[];
    let first_if_empty = data.is_empty().then_some(empty);
    first_if_empty.into_iter().chain(data.chunks(max))
}

/// A received segment split into what the MAC covers (`tag ‖ L ‖ payload`), the payload and
/// the received MAC.
pub(super) struct Received<'a> {
    pub(super) covered: &'a [u8],
    pub(super) payload: &'a [u8],
    pub(super) mac: &'a [u8],
}

/// Parses one segment TLV (one-octet tag, DER length, no trailing octets).
pub(super) fn parse(segment: &[u8]) -> Result<Received<'_>, BspError> {
    let tlv = Tlv::parse_single(segment).map_err(|e| BspError::MalformedTlv(e.to_string()))?;
    if segment[0] & 0x1F == 0x1F {
        return Err(BspError::MalformedTlv("multi-octet tag".into()));
    }
    let value = tlv.value();
    if value.len() < MAC_LEN {
        return Err(BspError::BadLength(value.len()));
    }
    let mac_at = segment.len() - MAC_LEN;
    Ok(Received {
        covered: &segment[..mac_at],
        payload: &value[..value.len() - MAC_LEN],
        mac: &segment[mac_at..],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sgp22_2_5_3_segment_limits() {
        assert_eq!(MAX_MAC_ONLY_PAYLOAD, 1008);
        assert_eq!(MAX_ENCRYPTED_PAYLOAD, 1007);
        assert_eq!(padded_len(MAX_ENCRYPTED_PAYLOAD), 1008);
        assert_eq!(padded_len(0), 16);
        assert_eq!(padded_len(16), 32);
        assert_eq!(1 + 3 + MAX_MAC_ONLY_PAYLOAD + MAC_LEN, MAX_SEGMENT_LEN);
    }

    #[test]
    fn chunks_of_empty_data_is_one_empty_chunk() {
        assert_eq!(chunks(&[], 4).count(), 1);
        assert_eq!(chunks(&[1, 2, 3, 4, 5], 4).count(), 2);
    }
}
