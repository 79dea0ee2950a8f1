//! Every `RSPDefinitions` type round-trips through the registry, and the values are written
//! as a corpus for the cross-check against asn1play (`tools/crosscheck/check_corpus.py`).
//!
//! - `RSP_CORPUS_OUT=path`: write the corpus as JSON lines
//!   `{"module":"RSPDefinitions","type":"X","der":"hex","json":{...}}`.
//! - `RSP_PYCRATE_CORPUS=path`: decode values that pycrate encoded (written by the script
//!   with `--emit`) and require our re-encoding to be byte-identical.

use crate::sgp22_samples;

use std::collections::BTreeSet;
use std::io::Write;

use proto::registry::{self, Module};
use proto::sgp22::TYPES;

#[test]
fn sgp22_annex_h_every_type_has_a_sample_that_round_trips() {
    let samples = sgp22_samples::samples();
    let sampled: BTreeSet<&str> = samples.iter().map(|(n, _)| *n).collect();
    let registered: BTreeSet<&str> = TYPES.iter().map(|e| e.name).collect();
    assert_eq!(registered.len(), TYPES.len(), "duplicate names in TYPES");
    let missing: Vec<_> = registered.difference(&sampled).collect();
    assert!(missing.is_empty(), "types without a sample: {missing:?}");
    let unknown: Vec<_> = sampled.difference(&registered).collect();
    assert!(
        unknown.is_empty(),
        "samples of unregistered types: {unknown:?}"
    );

    for (name, der) in &samples {
        let entry = registry::by_name(&format!("RSPDefinitions.{name}"))
            .unwrap_or_else(|| panic!("{name} not in the registry"));
        assert_eq!(entry.module, Module::Rsp);
        let decoded =
            (entry.decode)(der).unwrap_or_else(|e| panic!("{name}: {e} in {}", hex::encode(der)));
        assert_eq!(hex::encode(&decoded.reencoded), hex::encode(der), "{name}");
    }
}

/// Messages that `registry::detect` cannot tell apart by their outermost tag: an
/// extensible SEQUENCE whose components are all OPTIONAL or unknown accepts the other's
/// contents. `(sample type, type detected instead)`.
const AMBIGUOUS: &[(&str, &str)] = &[("LoadCRLRequest", "LoadCRLResponse")];

#[test]
fn sgp22_annex_h_messages_are_detected_by_tag() {
    let mut failures = Vec::new();
    for (name, der) in sgp22_samples::samples() {
        let Some(entry) = TYPES.iter().find(|e| e.name == name) else {
            continue;
        };
        if !entry.message {
            continue;
        }
        match registry::detect(&der) {
            Ok((found, decoded)) if decoded.reencoded != der => {
                if !AMBIGUOUS.contains(&(name, found.name)) {
                    failures.push(format!("{name} detected as {}", found.name));
                }
            }
            Ok(_) => {}
            Err(e) => failures.push(format!("{name} not detected: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn write_corpus_for_crosscheck() {
    let Ok(path) = std::env::var("RSP_CORPUS_OUT") else {
        eprintln!("RSP_CORPUS_OUT not set: corpus not written");
        return;
    };
    let mut out = std::fs::File::create(&path).expect("create corpus file");
    for (name, der) in sgp22_samples::samples() {
        let entry = registry::by_name(&format!("RSPDefinitions.{name}")).expect("registered");
        let json = (entry.decode)(&der).expect("sample decodes").json;
        let line = serde_json::json!({
            "module": "RSPDefinitions",
            "type": name,
            "der": hex::encode(&der),
            "json": json,
        });
        writeln!(out, "{line}").expect("write corpus");
    }
    eprintln!("corpus written to {path}");
}

#[test]
fn decode_pycrate_encodings() {
    let Ok(path) = std::env::var("RSP_PYCRATE_CORPUS") else {
        eprintln!("RSP_PYCRATE_CORPUS not set: nothing to decode");
        return;
    };
    let text = std::fs::read_to_string(&path).expect("read pycrate corpus");
    let mut failures = Vec::new();
    let mut count = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        let name = v["type"].as_str().expect("type");
        let der = hex::decode(v["der"].as_str().expect("der")).expect("hex");
        let Some(entry) = registry::by_name(&format!("RSPDefinitions.{name}")) else {
            failures.push(format!("{name}: not registered"));
            continue;
        };
        count += 1;
        match (entry.decode)(&der) {
            Ok(d) if d.reencoded == der => {}
            Ok(d) => failures.push(format!(
                "{name}: re-encoding differs\n  pycrate {}\n  ours    {}",
                hex::encode(&der),
                hex::encode(&d.reencoded)
            )),
            Err(e) => failures.push(format!("{name}: {e}\n  {}", hex::encode(&der))),
        }
    }
    eprintln!("{count} pycrate encodings checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
