//! Every `RSPDefinitions` type round-trips through the registry, and the values are written
//! as a corpus for the cross-check against asn1play (`tools/crosscheck/check_corpus.py`).
//!
//! - `RSP_CORPUS_OUT=path`: write the corpus as JSON lines
//!   `{"module":"RSPDefinitions","type":"X","der":"hex","json":{...}}`.
//! - `RSP_PYCRATE_CORPUS=path`: decode values that pycrate encoded (written by the script
//!   with `--emit`) and require our re-encoding to be byte-identical.

use crate::corpus;
use crate::sgp22_samples;

use proto::asn1_type::Module;
use proto::registry;
use proto::sgp22::TYPES;

#[test]
fn sgp22_annex_h_every_type_has_a_sample_that_round_trips() {
    corpus::every_type_round_trips(
        "RSPDefinitions",
        Module::Rsp,
        TYPES,
        &sgp22_samples::samples(),
    );
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
    corpus::write("RSPDefinitions", sgp22_samples::samples());
}

#[test]
fn decode_pycrate_encodings() {
    corpus::decode_pycrate("RSPDefinitions");
}
