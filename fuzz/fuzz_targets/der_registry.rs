//! Every ASN.1 type of `proto`'s registry (SGP.22, SGP.32, TCA PEDefinitions). The first two
//! octets pick the type (an index into `registry::all()`); `FFFF` detects the message type
//! from the outermost tag as `rsp-lab decode` does (the seeds use it).
//!
//! Invariants: a value that decodes re-encodes to the octets received (strict DER: one
//! encoding per value; shorter only when unknown extensions were dropped); the re-encoding
//! decodes to the same value (same JSON) and encodes to itself; no decode allocates more
//! than a linear bound.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use proto::asn1_type::TypeEntry;
use proto::registry;
use rsp_fuzz::{assert_der_round_trip, bounded, start_decode};

fn types() -> &'static [TypeEntry] {
    static TYPES: OnceLock<Vec<TypeEntry>> = OnceLock::new();
    TYPES.get_or_init(registry::all)
}

fn check(entry: &TypeEntry, der: &[u8]) {
    let (decoded, dropped) = start_decode(|| (entry.decode)(der));
    let Ok(decoded) = decoded else { return };
    assert_der_round_trip(entry.name, der, &decoded.reencoded, dropped);
    let (again, dropped_again) = start_decode(|| (entry.decode)(&decoded.reencoded));
    let again =
        again.unwrap_or_else(|e| panic!("{}: re-encoding does not decode: {e}", entry.name));
    // Unknown components inside a part kept as received (Preserved) stay; no others.
    assert!(
        dropped || !dropped_again,
        "{}: the encoder wrote unknown components",
        entry.name
    );
    assert_eq!(again.json, decoded.json, "{}: value changed", entry.name);
    assert_eq!(
        again.reencoded, decoded.reencoded,
        "{}: encoding changed",
        entry.name
    );
}

fuzz_target!(|data: &[u8]| {
    let [hi, lo, der @ ..] = data else { return };
    bounded(data.len(), 1 << 20, 256, || {
        let selector = usize::from(u16::from_be_bytes([*hi, *lo]));
        if selector == 0xFFFF {
            if let Ok((entry, _)) = registry::detect(der) {
                check(&entry, der);
            }
        } else {
            let all = types();
            check(&all[selector % all.len()], der);
        }
    });
});
