//! The eUICC's reader of the Bound Profile Package as it arrives over
//! ES10b.LoadBoundProfilePackage calls (SGP.22 2.5.5): the first octet chooses where the
//! input is cut into pieces, the rest is the package.
//!
//! Invariants: the units handed out and the error do not depend on where the pieces are
//! cut (whole, one octet at a time, or the chosen cuts); each TLV handed out is the next run
//! of input octets; a package read to its end is one DER TLV `BF36`, and when the DER codec
//! decodes it, the units are its components in order.
#![no_main]

use euicc_sim::fuzz::{BppRun, bpp_stream};
use libfuzzer_sys::fuzz_target;
use proto::der::{Asn1, Tag, Tlv};
use proto::sgp22::BoundProfilePackage;
use rsp_fuzz::bounded;

const MAX_LEN: usize = 1 << 20;

fn cut(data: &[u8], seed: u8) -> Vec<&[u8]> {
    let step = usize::from(seed % 61) + 1;
    let mut pieces = Vec::new();
    let (mut at, mut k) = (0, 0usize);
    while at < data.len() {
        let len = (step + k * 7) % 97 + 1;
        let end = (at + len).min(data.len());
        pieces.push(&data[at..end]);
        at = end;
        k += 1;
    }
    pieces
}

fn units_match_the_codec(run: &BppRun, bpp: &BoundProfilePackage) {
    let count = |name: &str| run.units.iter().filter(|(n, _)| *n == name).count();
    assert_eq!(count("87"), bpp.first_sequence_of87.len());
    assert_eq!(count("88"), bpp.sequence_of88.len());
    assert_eq!(
        count("87 of A2"),
        bpp.second_sequence_of87.as_ref().map_or(0, Vec::len)
    );
    assert_eq!(count("86"), bpp.sequence_of86.len());
}

fn check(seed: u8, data: &[u8]) {
    let whole = bpp_stream(&[data], MAX_LEN);
    let octets: Vec<&[u8]> = data.chunks(1).collect();
    assert_eq!(bpp_stream(&octets, MAX_LEN), whole, "one octet at a time");
    assert_eq!(
        bpp_stream(&cut(data, seed), MAX_LEN),
        whole,
        "cut at {seed}"
    );

    // Handed-out TLVs are consecutive runs of the input.
    let mut from = 0;
    for (name, raw) in &whole.units {
        if raw.is_empty() {
            continue;
        }
        let at = data[from..]
            .windows(raw.len())
            .position(|w| w == raw.as_slice())
            .unwrap_or_else(|| panic!("{name} is not in the input"));
        from += at + raw.len();
        let tlv = Tlv::parse_single(raw).unwrap_or_else(|e| panic!("{name} is not a TLV: {e}"));
        assert!(!tlv.tag.constructed || *name == "BF23", "{name}");
    }

    let finished = whole.units.last().is_some_and(|(n, _)| *n == "end");
    if finished && whole.error.is_none() && !whole.waiting {
        let tlv = Tlv::parse_single(data).expect("a finished package is one TLV");
        assert_eq!(tlv.tag, Tag::context(54, true));
        if let Ok(bpp) = BoundProfilePackage::from_der(data) {
            units_match_the_codec(&whole, &bpp);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&seed, package)) = data.split_first() else {
        return;
    };
    bounded(data.len(), 1 << 16, 64, || check(seed, package));
});
