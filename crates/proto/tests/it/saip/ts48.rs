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
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
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

/// ICCIDs of the 18 profiles (header, verified by hand against the octets and with
/// asn1play), in file-name order; all carry IMSI 001010123456063 and the test algorithm.
const TS48_ICCIDS: [(&str, &str); 18] = [
    ("TS48V1-A-UNIQUE.der", "8949449999999990023"),
    ("TS48V1-B-UNIQUE.der", "8949449999999990031"),
    ("TS48V2-SAIP2-1-BERTLV-UNIQUE.der", "8949449999999990049"),
    ("TS48V2-SAIP2-1-NOBERTLV-UNIQUE.der", "8949449999999990007"),
    ("TS48V2-SAIP2-3-BERTLV-UNIQUE.der", "8949449999999990056"),
    ("TS48V2-SAIP2-3-NOBERTLV-UNIQUE.der", "8949449999999990015"),
    ("TS48V3-SAIP2-1-BERTLV-UNIQUE.der", "8949449999999990064"),
    ("TS48V3-SAIP2-1-NOBERTLV-UNIQUE.der", "8949449999999990072"),
    ("TS48V3-SAIP2-3-BERTLV-UNIQUE.der", "8949449999999990080"),
    ("TS48V3-SAIP2-3-NOBERTLV-UNIQUE.der", "8949449999999990098"),
    ("TS48V4-SAIP2-1A-NOBERTLV-UNIQUE.der", "8949449999999990106"),
    ("TS48V4-SAIP2-1B-NOBERTLV-UNIQUE.der", "8949449999999990114"),
    ("TS48V4-SAIP2-3-BERTLV-UNIQUE.der", "8949449999999990122"),
    ("TS48V4-SAIP2-3-NOBERTLV-UNIQUE.der", "8949449999999990130"),
    ("TS48V5-SAIP2-1A-NOBERTLV-UNIQUE.der", "8949449999999990148"),
    ("TS48V5-SAIP2-1B-NOBERTLV-UNIQUE.der", "8949449999999990155"),
    (
        "TS48V5-SAIP2-3-BERTLV-SUCI-UNIQUE.der",
        "8949449999999990163",
    ),
    ("TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der", "8949449999999990171"),
];

#[test]
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
fn tca_profile_header_and_ts31_102_ef_imsi_summaries_of_ts48_profiles() {
    let profiles = ts48_profiles();
    if profiles.is_empty() {
        return;
    }
    for ((name, der), (expected_name, iccid)) in profiles.iter().zip(TS48_ICCIDS) {
        assert_eq!(name, expected_name);
        let package = ProfilePackage::from_der(der).unwrap();
        let s = package.summary().unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(s.iccid, iccid, "{name}");
        assert_eq!(s.imsi.as_deref(), Some("001010123456063"), "{name}");
        assert_eq!(s.algorithm, Some(AlgorithmID::UsimTestAlgorithm), "{name}");
        assert_eq!(
            s.ki.as_deref(),
            Some(&hex("000102030405060708090A0B0C0D0E0F")[..])
        );
        assert_eq!(s.opc.as_deref(), Some(&[0u8; 16][..]));
        assert_eq!(
            s.profile_type.as_deref(),
            Some("GSMA Generic eUICC Test Profile")
        );
        assert_eq!(s.major_version, 2);
        assert!(matches!(s.minor_version, 1 | 3), "{name}");
        // What an installing eUICC reads is the same, without keys and layout.
        let id = package.identity().unwrap();
        assert_eq!(
            (id.iccid, id.imsi, id.profile_type),
            (s.iccid.clone(), s.imsi.clone(), s.profile_type.clone()),
            "{name}"
        );
        assert_eq!((id.major_version, id.minor_version), (2, s.minor_version));
        // Layout: header at 0, end last, spans contiguous and covering the package.
        assert_eq!(s.elements[0].name, "header");
        assert_eq!(s.elements[0].offset, 0);
        assert_eq!(s.elements.last().unwrap().name, "end");
        let mut at = 0;
        for span in &s.elements {
            assert_eq!(span.offset, at, "{name}: {span:?}");
            at += span.length;
        }
        assert_eq!(at, der.len());
    }
    // TS48V1-A by hand: header at 0 (A0 81 89, 140 octets), mf at 140 (763), the USIM's
    // akaParameter at 6159 (A4 35, identification 11).
    let (_, der) = &profiles[0];
    let s = ProfilePackage::from_der(der).unwrap().summary().unwrap();
    let spans: Vec<(&str, usize, usize, Option<u16>)> = s
        .elements
        .iter()
        .map(|e| (e.name, e.offset, e.length, e.identification))
        .collect();
    assert_eq!(spans[0], ("header", 0, 140, None));
    assert_eq!(spans[1], ("mf", 140, 763, Some(4)));
    assert_eq!(spans[10], ("akaParameter", 6159, 55, Some(11)));
}

#[test]
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
fn ts102_221_ef_iccid_matches_header_in_every_ts48_profile() {
    for (name, der) in ts48_profiles() {
        let package = ProfilePackage::from_der(&der).unwrap();
        let Some(ProfileElement::Mf(mf)) = package.elements.get(1) else {
            panic!("{name}: MF is the second PE");
        };
        let ef = mf.ef_iccid.read(0, 10);
        let header = package.header().unwrap();
        assert_eq!(
            iccid_from_ef(&ef).unwrap(),
            package.summary().unwrap().iccid
        );
        assert_ne!(
            &ef[..],
            &header.iccid[..],
            "EF.ICCID is nibble-swapped, the header is not"
        );
        assert!(mf.file("ef-iccid").is_some());
    }
}

fn hex(s: &str) -> Vec<u8> {
    ::hex::decode(s).unwrap()
}

fn lab_values() -> Personalization {
    Personalization {
        iccid: "89882390000012345678".to_string(),
        imsi: "90170123456789".to_string(),
        ki: hex("465B5CE8B199B49FAA5F0A2EE238A6BC"),
        opc: hex("CD63CB71954A9F4E48A5994E37A02BAF"),
    }
}

#[test]
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
fn tca_personalization_changes_only_iccid_imsi_ki_opc() {
    let values = lab_values();
    for (name, der) in ts48_profiles() {
        let original = ProfilePackage::from_der(&der).unwrap();
        let personalized = personalize(&original, &values).unwrap();
        let bytes = personalized.to_der();
        assert_eq!(
            bytes.len(),
            der.len(),
            "{name}: contents overwritten in place"
        );
        let parsed = ProfilePackage::from_der(&bytes).unwrap();
        assert_eq!(parsed, personalized);

        let s = parsed.summary().unwrap();
        assert_eq!(s.iccid, values.iccid);
        assert_eq!(s.imsi.as_deref(), Some(values.imsi.as_str()));
        assert_eq!(s.ki.as_deref(), Some(&values.ki[..]));
        assert_eq!(s.opc.as_deref(), Some(&values.opc[..]));

        // Element by element: apply the expected change to the original and compare.
        assert_eq!(parsed.elements.len(), original.elements.len());
        for (i, (before, after)) in original.elements.iter().zip(&parsed.elements).enumerate() {
            let mut expected = before.clone();
            match &mut expected {
                ProfileElement::Header(h) => {
                    h.iccid = proto::saip::iccid_to_header(&values.iccid).unwrap()
                }
                ProfileElement::Mf(mf) => mf
                    .ef_iccid
                    .write(0, &proto::saip::iccid_to_ef(&values.iccid).unwrap()),
                ProfileElement::Usim(usim) => usim
                    .ef_imsi
                    .write(0, &proto::saip::imsi_to_ef(&values.imsi).unwrap()),
                ProfileElement::AkaParameter(a) => {
                    if let proto::saip::AlgoConfiguration::AlgoParameter(p) =
                        &mut a.algo_configuration
                    {
                        p.key = values.ki.clone();
                        p.opc = values.opc.clone();
                    }
                }
                _ => {}
            }
            assert_eq!(after, &expected, "{name}: PE {i} ({})", before.name());
            let changed = matches!(
                before,
                ProfileElement::Header(_)
                    | ProfileElement::Mf(_)
                    | ProfileElement::Usim(_)
                    | ProfileElement::AkaParameter(_)
            );
            assert_eq!(
                before != after,
                changed,
                "{name}: PE {i} ({})",
                before.name()
            );
        }
        // Only EF.IMSI changed inside the USIM PE.
        let usim_files = |p: &ProfilePackage| {
            p.elements.iter().find_map(|pe| match pe {
                ProfileElement::Usim(u) => Some(
                    u.files()
                        .into_iter()
                        .map(|(n, f)| (n, f.clone()))
                        .collect::<Vec<_>>(),
                ),
                _ => None,
            })
        };
        let (a, b) = (usim_files(&original).unwrap(), usim_files(&parsed).unwrap());
        for ((n, fa), (_, fb)) in a.iter().zip(&b) {
            assert_eq!(fa != fb, *n == "ef-imsi", "{name}: {n}");
        }
        assert_eq!(
            imsi_from_ef(&usim_files(&parsed).unwrap()[1].1.read(0, 9)).unwrap(),
            values.imsi
        );
    }
}

#[test]
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
fn tca_personalization_refuses_bad_values() {
    let profiles = ts48_profiles();
    let Some((_, der)) = profiles.first() else {
        return;
    };
    let package = ProfilePackage::from_der(der).unwrap();
    let bad = |f: fn(&mut Personalization)| {
        let mut v = lab_values();
        f(&mut v);
        personalize(&package, &v).unwrap_err().to_string()
    };
    assert!(bad(|v| v.iccid = "8988".into()).contains("ICCID"));
    assert!(bad(|v| v.iccid = "8988239000001234567X".into()).contains("not a decimal digit"));
    assert!(bad(|v| v.imsi = "9017012345678901".into()).contains("IMSI"));
    assert!(bad(|v| v.ki = vec![0; 15]).contains("Ki of 15 octets"));
    assert!(bad(|v| v.opc = vec![0; 32]).contains("OPc of 32 octets"));

    // A package without USIM cannot take an IMSI.
    let mut no_usim = package.clone();
    no_usim
        .elements
        .retain(|pe| !matches!(pe, ProfileElement::Usim(_)));
    let err = personalize(&no_usim, &lab_values()).unwrap_err();
    assert_eq!(err.to_string(), "the package has no usim PE with ef-imsi");
}

#[test]
fn tca_minimal_profile_parses_back_with_the_given_identities() {
    let values = Personalization {
        ki: hex("000102030405060708090A0B0C0D0E0F"),
        opc: hex("0F0E0D0C0B0A09080706050403020100"),
        ..lab_values()
    };
    let package = minimal_profile(&values).unwrap();
    let der = package.to_der();
    let parsed = ProfilePackage::from_der(&der).unwrap();
    assert_eq!(parsed, package);
    assert_eq!(parsed.to_der(), der);
    let s = parsed.summary().unwrap();
    assert_eq!(s.iccid, values.iccid);
    assert_eq!(s.imsi.as_deref(), Some(values.imsi.as_str()));
    assert_eq!(s.algorithm, Some(AlgorithmID::Milenage));
    assert_eq!(s.ki, Some(values.ki.clone()));
    assert_eq!(s.opc, Some(values.opc.clone()));
    let names: Vec<&str> = s.elements.iter().map(|e| e.name).collect();
    assert_eq!(
        names,
        [
            "header",
            "mf",
            "pukCodes",
            "pinCodes",
            "usim",
            "pinCodes",
            "akaParameter",
            "end"
        ]
    );
    // Each PE decodes on its own as a ProfileElement message too.
    for span in &s.elements {
        let one = &der[span.offset..span.offset + span.length];
        assert_eq!(ProfileElement::from_der(one).unwrap().to_der(), one);
    }
    // Milenage keys of the wrong size are refused.
    let err = minimal_profile(&Personalization {
        ki: vec![0; 32],
        ..values
    })
    .unwrap_err();
    assert!(err.to_string().contains("Milenage"), "{err}");
}

#[test]
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
fn registry_detects_every_ts48_pe_as_a_profile_element() {
    use proto::asn1_type::Module;
    use proto::registry;
    let pe_types: Vec<_> = registry::all()
        .into_iter()
        .filter(|e| e.module == Module::Pe)
        .collect();
    let mut names: Vec<&str> = pe_types.iter().map(|e| e.name).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), pe_types.len(), "names are unique");
    assert!(registry::by_name("PEDefinitions.PE-OPT-USIM").is_some());
    assert!(registry::by_name("PEDefinitions.UICCCapability").is_some());

    for (name, der) in ts48_profiles() {
        let package = ProfilePackage::from_der(&der).unwrap();
        for span in package.spans() {
            let one = &der[span.offset..span.offset + span.length];
            let (entry, decoded) = registry::detect(one).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(entry.name, "ProfileElement");
            assert_eq!(decoded.reencoded, one);
            assert!(
                decoded.json.get(span.name).is_some(),
                "{name}: {}",
                span.name
            );
        }
    }
}
