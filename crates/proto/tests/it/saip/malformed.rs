//! Malformed profile packages give errors with byte offsets, never panics.

use std::path::PathBuf;

use proptest::prelude::*;
use proto::der::DecodeErrorKind;
use proto::saip::{PackageError, Personalization, ProfilePackage, minimal_profile, personalize};

fn values() -> Personalization {
    Personalization {
        iccid: "89882390000012345678".to_string(),
        imsi: "90170123456789".to_string(),
        ki: vec![0x11; 16],
        opc: vec![0x22; 16],
    }
}

fn minimal() -> Vec<u8> {
    minimal_profile(&values()).unwrap().to_der()
}

fn ts48_sample() -> Option<Vec<u8>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/reference/ts48/TS48V5-SAIP2-3-BERTLV-SUCI-UNIQUE.der");
    match std::fs::read(&path) {
        Ok(d) => Some(d),
        Err(_) => {
            eprintln!("notice: {} not found, TS.48 cases skipped", path.display());
            None
        }
    }
}

/// Whatever the input, parsing and everything done with a parsed package stay panic-free.
fn exercise(data: &[u8]) -> Result<(), PackageError> {
    let package = ProfilePackage::from_der(data)?;
    let again = ProfilePackage::from_der(&package.to_der()).expect("re-encoding parses");
    assert_eq!(again, package);
    let _ = package.summary();
    let _ = personalize(&package, &values());
    Ok(())
}

#[test]
fn tca_package_truncated_at_every_length_is_refused_with_an_offset() {
    let der = minimal();
    for len in 0..der.len() {
        let err = exercise(&der[..len]).expect_err("a truncated package is refused");
        assert!(err.offset() <= len, "{len}: {err}");
    }
    // Cut inside the usim PE (offset 239): the error names that PE and its offset.
    let s = ProfilePackage::from_der(&der).unwrap().summary().unwrap();
    let usim = &s.elements[4];
    assert_eq!(usim.name, "usim");
    let err = ProfilePackage::from_der(&der[..usim.offset + 10]).unwrap_err();
    match &err {
        PackageError::Decode { index, source } => {
            assert_eq!(*index, 4);
            assert_eq!(source.offset, usim.offset);
            assert!(matches!(source.kind, DecodeErrorKind::Truncated { .. }));
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(
        err.to_string()
            .contains(&format!("at byte offset {}", usim.offset)),
        "{err}"
    );
    // Cut exactly between PEs: a well-formed prefix without its end PE.
    let end = s.elements.last().unwrap();
    assert_eq!(
        ProfilePackage::from_der(&der[..end.offset]).unwrap_err(),
        PackageError::MissingEnd { offset: end.offset }
    );
}

#[test]
fn tca_package_structure_header_first_end_last() {
    let der = minimal();
    let s = ProfilePackage::from_der(&der).unwrap().summary().unwrap();
    let (header, mf, end) = (&s.elements[0], &s.elements[1], s.elements.last().unwrap());
    // Without the header: the MF comes first.
    let err = ProfilePackage::from_der(&der[mf.offset..]).unwrap_err();
    assert_eq!(
        err,
        PackageError::HeaderNotFirst {
            offset: 0,
            found: "mf"
        }
    );
    // A second header.
    let mut twice = der[..end.offset].to_vec();
    twice.extend_from_slice(&der[..header.length]);
    assert!(matches!(
        ProfilePackage::from_der(&twice).unwrap_err(),
        PackageError::DuplicateHeader { index: 7, .. }
    ));
    // Anything after the end PE.
    let mut after = der.clone();
    after.extend_from_slice(&der[mf.offset..mf.offset + mf.length]);
    assert_eq!(
        ProfilePackage::from_der(&after).unwrap_err(),
        PackageError::ElementAfterEnd {
            offset: der.len(),
            found: "mf"
        }
    );
    // Not a PE at all: a universal SEQUENCE where a PE should be.
    let err = ProfilePackage::from_der(&[0x30, 0x00]).unwrap_err();
    assert_eq!(err.offset(), 0);
    assert!(err.to_string().contains("unexpected tag 30"), "{err}");
    assert_eq!(
        ProfilePackage::from_der(&[]).unwrap_err(),
        PackageError::Empty
    );
}

#[test]
fn tca_package_unknown_pe_of_a_later_version_is_kept() {
    let der = minimal();
    let s = ProfilePackage::from_der(&der).unwrap().summary().unwrap();
    let end = s.elements.last().unwrap();
    // [40] { PEHeader } before the end PE: an alternative this version does not define.
    let unknown = [0xBF, 0x28, 0x05, 0xA0, 0x03, 0x81, 0x01, 0x09];
    let mut with = der[..end.offset].to_vec();
    with.extend_from_slice(&unknown);
    with.extend_from_slice(&der[end.offset..]);
    let package = ProfilePackage::from_der(&with).unwrap();
    assert_eq!(package.to_der(), with);
    assert_eq!(package.summary().unwrap().elements[7].name, "unknown");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_bytes_never_panic(data in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = exercise(&data);
    }

    #[test]
    fn bit_flips_in_the_minimal_profile_never_panic(flips in proptest::collection::vec((any::<prop::sample::Index>(), 0u8..8), 1..4)) {
        let mut der = minimal();
        for (i, bit) in &flips {
            let at = i.index(der.len());
            der[at] ^= 1 << bit;
        }
        let _ = exercise(&der);
    }

    #[test]
    #[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
    fn truncation_and_bit_flips_in_a_ts48_profile_never_panic(
        cut in any::<prop::sample::Index>(),
        flip in any::<prop::sample::Index>(),
        bit in 0u8..8,
    ) {
        if let Some(mut der) = ts48_sample() {
            let at = flip.index(der.len());
            der[at] ^= 1 << bit;
            let _ = exercise(&der);
            let len = cut.index(der.len());
            prop_assert!(ProfilePackage::from_der(&der[..len]).is_err());
        }
    }
}
