//! TCA eUICC Profile Package against the GSMA TS.48 generic test profiles
//! (`../shared/reference/ts48`, read in place, never copied).

use std::path::PathBuf;

use proto::der::Asn1;
use proto::saip::{
    AlgorithmID, FileSystemPe, Personalization, ProfileElement, ProfilePackage, iccid_from_ef,
    imsi_from_ef, minimal_profile, personalize,
};

fn ts48_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference/ts48");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("notice: {} not found, TS.48 tests skipped", dir.display());
        None
    }
}

/// All TS.48 profiles as (file name, bytes).
fn ts48_profiles() -> Vec<(String, Vec<u8>)> {
    let Some(dir) = ts48_dir() else {
        return Vec::new();
    };
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("readable reference dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "der"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).expect("readable profile"))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn tca_profile_package_ts48_profiles_round_trip_byte_for_byte() {
    let profiles = ts48_profiles();
    if profiles.is_empty() {
        return;
    }
    assert_eq!(profiles.len(), 18);
    for (name, der) in &profiles {
        let package = ProfilePackage::from_der(der).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            !package
                .elements
                .iter()
                .any(|pe| matches!(pe, ProfileElement::Unknown(_))),
            "{name}: every PE is typed"
        );
        assert_eq!(&package.to_der(), der, "{name}: re-encoding differs");
    }
}
