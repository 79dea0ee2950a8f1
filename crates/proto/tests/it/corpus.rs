//! What the corpus tests of each ASN.1 module share (`sgp22::corpus`, `sgp32::corpus`,
//! `sgp32::v1_0_corpus`): the registry's entry of a type, the type names of a reference
//! module, every sample round-tripped, and the two halves of the cross-check against
//! asn1play (`tools/crosscheck`).
//!
//! - `RSP_CORPUS_OUT=path`: [`write`] writes a module's samples as JSON lines
//!   `{"module":"…","type":"X","der":"hex","json":{...}}`.
//! - `RSP_PYCRATE_CORPUS=path`: [`decode_pycrate`] decodes the values of a module that
//!   pycrate encoded (written by `check_corpus.py --emit`) and requires our re-encoding to
//!   be byte-identical.

use std::collections::BTreeSet;
use std::io::Write;

use proto::asn1_type::{Module, TypeEntry};
use proto::registry;

/// The registry's entry of `module.name`.
pub(crate) fn entry(module: &str, name: &str) -> TypeEntry {
    registry::by_name(&format!("{module}.{name}"))
        .unwrap_or_else(|| panic!("{module}.{name} not in the registry"))
}

/// The type names the reference module `file` (in `../shared/reference/asn1`) defines, or
/// `None` (with a notice) when it is not there.
pub(crate) fn reference_types(file: &str) -> Option<BTreeSet<String>> {
    let path = format!(
        "{}/../../../shared/reference/asn1/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("{path} not found: reference check skipped");
        return None;
    };
    let names = text
        .lines()
        .filter_map(|l| l.split_once(" ::="))
        .map(|(name, _)| name.trim())
        .filter(|name| {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        .map(str::to_string)
        .collect();
    Some(names)
}

/// Every registered type of `types` has a sample, and no sample names another type; every
/// sample decodes as a type of `registry_module` and re-encodes to its own octets.
pub(crate) fn every_type_round_trips(
    module: &str,
    registry_module: Module,
    types: &[TypeEntry],
    samples: &[(&'static str, Vec<u8>)],
) {
    let sampled: BTreeSet<&str> = samples.iter().map(|(n, _)| *n).collect();
    let registered: BTreeSet<&str> = types.iter().map(|e| e.name).collect();
    assert_eq!(registered.len(), types.len(), "duplicate names in TYPES");
    let missing: Vec<_> = registered.difference(&sampled).collect();
    assert!(missing.is_empty(), "types without a sample: {missing:?}");
    let unknown: Vec<_> = sampled.difference(&registered).collect();
    assert!(
        unknown.is_empty(),
        "samples of unregistered types: {unknown:?}"
    );
    for (name, der) in samples {
        let e = entry(module, name);
        assert_eq!(e.module, registry_module, "{name}");
        let decoded =
            (e.decode)(der).unwrap_or_else(|err| panic!("{name}: {err} in {}", hex::encode(der)));
        assert_eq!(hex::encode(&decoded.reencoded), hex::encode(der), "{name}");
    }
}

/// Writes `samples` of `module` with their JSON form to `RSP_CORPUS_OUT`, when set.
pub(crate) fn write(module: &str, samples: Vec<(&'static str, Vec<u8>)>) {
    let Ok(path) = std::env::var("RSP_CORPUS_OUT") else {
        eprintln!("RSP_CORPUS_OUT not set: corpus not written");
        return;
    };
    let mut out = std::fs::File::create(&path).expect("create corpus file");
    for (name, der) in samples {
        let json = (entry(module, name).decode)(&der)
            .expect("sample decodes")
            .json;
        let line = serde_json::json!({
            "module": module,
            "type": name,
            "der": hex::encode(&der),
            "json": json,
        });
        writeln!(out, "{line}").expect("write corpus");
    }
    eprintln!("corpus written to {path}");
}

/// Decodes the lines of `module` in `RSP_PYCRATE_CORPUS`, when set, and requires each to
/// re-encode to pycrate's octets.
pub(crate) fn decode_pycrate(module: &str) {
    let Ok(path) = std::env::var("RSP_PYCRATE_CORPUS") else {
        eprintln!("RSP_PYCRATE_CORPUS not set: nothing to decode");
        return;
    };
    let text = std::fs::read_to_string(&path).expect("read pycrate corpus");
    let mut failures = Vec::new();
    let mut count = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        if v["module"] != module {
            continue;
        }
        let name = v["type"].as_str().expect("type");
        let der = hex::decode(v["der"].as_str().expect("der")).expect("hex");
        let Some(e) = registry::by_name(&format!("{module}.{name}")) else {
            failures.push(format!("{name}: not registered"));
            continue;
        };
        count += 1;
        match (e.decode)(&der) {
            Ok(d) if d.reencoded == der => {}
            Ok(d) => failures.push(format!(
                "{name}: re-encoding differs\n  pycrate {}\n  ours    {}",
                hex::encode(&der),
                hex::encode(&d.reencoded)
            )),
            Err(err) => failures.push(format!("{name}: {err}\n  {}", hex::encode(&der))),
        }
    }
    eprintln!("{count} pycrate encodings of {module} checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
