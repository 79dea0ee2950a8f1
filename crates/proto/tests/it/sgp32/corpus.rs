//! Every `SGP32Definitions` type round-trips through the registry, and the values are
//! written as a corpus for the cross-check against asn1play (`tools/crosscheck`).
//!
//! - `RSP_CORPUS_OUT=path`: write the corpus as JSON lines
//!   `{"module":"SGP32Definitions","type":"X","der":"hex","json":{...}}`.
//! - `RSP_PYCRATE_CORPUS=path`: decode values that pycrate encoded and require our
//!   re-encoding to be byte-identical.

use crate::sgp32_samples;

use std::collections::BTreeSet;
use std::io::Write;

use proto::registry::{self, Module};
use proto::sgp32::TYPES;

const MODULE: &str = "SGP32Definitions";

fn entry(name: &str) -> registry::TypeEntry {
    registry::by_name(&format!("{MODULE}.{name}"))
        .unwrap_or_else(|| panic!("{name} not in the registry"))
}

#[test]
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
fn sgp32_annex_every_type_of_the_module_is_registered() {
    // The reference module, when present, defines exactly the registered names.
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/reference/asn1/SGP32Definitions.asn"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("{path} not found: reference check skipped");
        return;
    };
    let defined: BTreeSet<&str> = text
        .lines()
        .filter_map(|l| l.split_once(" ::="))
        .map(|(name, _)| name.trim())
        .filter(|name| {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        .collect();
    let registered: BTreeSet<&str> = TYPES.iter().map(|e| e.name).collect();
    assert_eq!(registered.len(), TYPES.len(), "duplicate names in TYPES");
    assert_eq!(defined, registered);
    assert_eq!(registered.len(), 126);
}

#[test]
fn sgp32_annex_every_type_has_a_sample_that_round_trips() {
    let samples = sgp32_samples::samples();
    let sampled: BTreeSet<&str> = samples.iter().map(|(n, _)| *n).collect();
    let registered: BTreeSet<&str> = TYPES.iter().map(|e| e.name).collect();
    let missing: Vec<_> = registered.difference(&sampled).collect();
    assert!(missing.is_empty(), "types without a sample: {missing:?}");
    let unknown: Vec<_> = sampled.difference(&registered).collect();
    assert!(
        unknown.is_empty(),
        "samples of unregistered types: {unknown:?}"
    );

    for (name, der) in &samples {
        let e = entry(name);
        assert_eq!(e.module, Module::Sgp32);
        let decoded =
            (e.decode)(der).unwrap_or_else(|err| panic!("{name}: {err} in {}", hex::encode(der)));
        assert_eq!(hex::encode(&decoded.reencoded), hex::encode(der), "{name}");
    }
}

/// Detection takes the first registered message that re-encodes the input exactly. Many
/// SGP.32 messages have the octets of an SGP.22 message under the same tag (the full forms
/// of AuthenticateServerResponse, HandleNotification, ...), and the ES10b requests carrying
/// only `refreshFlag` are also valid responses under their tag; those are found as the
/// other type with the same octets, which is all detection promises.
#[test]
fn sgp32_messages_are_detected_by_tag() {
    let mut failures = Vec::new();
    for (name, der) in sgp32_samples::samples() {
        let Some(e) = TYPES.iter().find(|e| e.name == name) else {
            continue;
        };
        if !e.message {
            continue;
        }
        match registry::detect(&der) {
            Ok((found, decoded)) if decoded.reencoded != der => {
                failures.push(format!("{name} detected as {}", found.name));
            }
            Ok(_) => {}
            Err(err) => failures.push(format!("{name} not detected: {err}")),
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
    for (name, der) in sgp32_samples::samples() {
        let json = (entry(name).decode)(&der).expect("sample decodes").json;
        let line = serde_json::json!({
            "module": MODULE,
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
        if v["module"] != MODULE {
            continue;
        }
        let name = v["type"].as_str().expect("type");
        let der = hex::decode(v["der"].as_str().expect("der")).expect("hex");
        let Some(e) = registry::by_name(&format!("{MODULE}.{name}")) else {
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
    eprintln!("{count} pycrate encodings checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
