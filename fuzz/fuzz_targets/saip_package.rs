//! Profile packages (TCA eUICC Profile Package: the DER run of ProfileElements an SM-DP+
//! takes from an operator and an eUICC installs), then what the SM-DP+ does with one:
//! its summary and its personalization.
//!
//! Invariants: a package that parses re-encodes to the octets received (no DEFAULT
//! rewritten, no PE dropped); its element spans tile the input; error offsets are inside
//! the input; a personalized package parses again, and its summary reports the ICCID and
//! IMSI written.
#![no_main]

use libfuzzer_sys::fuzz_target;
use proto::saip::{Personalization, ProfilePackage, personalize};
use rsp_fuzz::{assert_der_round_trip, bounded, start_decode};

fn subscription() -> Personalization {
    Personalization {
        iccid: "89000123456789012341".into(),
        imsi: "001010123456789".into(),
        ki: vec![0x11; 16],
        opc: vec![0x22; 16],
    }
}

fn check(data: &[u8]) {
    let (parsed, dropped) = start_decode(|| ProfilePackage::from_der(data));
    let package = match parsed {
        Ok(p) => p,
        Err(e) => {
            assert!(
                e.offset() <= data.len(),
                "error offset beyond the input: {e}"
            );
            return;
        }
    };
    assert_der_round_trip("ProfilePackage", data, &package.to_der(), dropped);
    if !dropped {
        let mut at = 0;
        for span in package.spans() {
            assert_eq!(span.offset, at, "spans do not tile the package");
            at += span.length;
        }
        assert_eq!(at, data.len());
    }
    let _ = package.summary();
    let p = subscription();
    if let Ok(out) = personalize(&package, &p) {
        let der = out.to_der();
        let again = ProfilePackage::from_der(&der)
            .unwrap_or_else(|e| panic!("a personalized package does not parse: {e}"));
        assert_eq!(again.to_der(), der);
        let summary = again
            .summary()
            .unwrap_or_else(|e| panic!("a personalized package has no summary: {e}"));
        assert_eq!(summary.iccid, p.iccid);
        if let Some(imsi) = summary.imsi {
            assert_eq!(imsi, p.imsi);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    bounded(data.len(), 1 << 20, 512, || check(data));
});
