//! The DER reader itself (`proto::der::Reader`, `Tlv`, `Tag`): any octets.
//!
//! Invariants: every TLV read has the offsets and extent it claims; the identifier and
//! length octets the reader accepts are the ones DER writes for that tag and length (so an
//! input whose TLVs all read, nested ones included, is rebuilt octet for octet from tags,
//! lengths and primitive contents); errors point inside the input; peeking agrees with
//! reading.
#![no_main]

use libfuzzer_sys::fuzz_target;
use proto::der::{Reader, Tag, encode_length};
use rsp_fuzz::bounded;

/// Rebuilds the TLVs of `r` into `out`; false when something does not read as TLVs.
fn rebuild(mut r: Reader<'_>, input_len: usize, out: &mut Vec<u8>) -> bool {
    while !r.is_empty() {
        let at = r.offset();
        let peeked = r.peek_tag();
        let tlv = match r.read() {
            Ok(tlv) => tlv,
            Err(e) => {
                assert!(
                    e.offset <= input_len,
                    "error offset {} beyond the input",
                    e.offset
                );
                return false;
            }
        };
        assert_eq!(
            peeked.ok().flatten(),
            Some(tlv.tag),
            "peek and read disagree"
        );
        assert_eq!(tlv.offset, at);
        assert_eq!(tlv.value_offset() + tlv.value().len(), at + tlv.raw.len());
        assert_eq!(r.offset(), at + tlv.raw.len());
        assert_eq!(Tag::parse(tlv.raw).map(|(t, _)| t), Some(tlv.tag));
        tlv.tag.encode(out);
        encode_length(tlv.value().len(), out);
        if tlv.tag.constructed {
            match tlv.contents() {
                Ok(inner) => {
                    if !rebuild(inner, input_len, out) {
                        return false;
                    }
                }
                Err(_) => return false,
            }
        } else {
            out.extend_from_slice(tlv.value());
        }
    }
    true
}

fuzz_target!(|data: &[u8]| {
    bounded(data.len(), 1 << 16, 8, || {
        let mut out = Vec::with_capacity(data.len());
        if rebuild(Reader::new(data), data.len(), &mut out) {
            assert_eq!(out, data, "accepted TLVs are not in their DER form");
        }
    });
});
