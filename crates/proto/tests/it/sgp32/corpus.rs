//! Every `SGP32Definitions` type round-trips through the registry, and the values are
//! written as a corpus for the cross-check against asn1play (`tools/crosscheck`).
//!
//! - `RSP_CORPUS_OUT=path`: write the corpus as JSON lines
//!   `{"module":"SGP32Definitions","type":"X","der":"hex","json":{...}}`.
//! - `RSP_PYCRATE_CORPUS=path`: decode values that pycrate encoded and require our
//!   re-encoding to be byte-identical.

use crate::corpus;
use crate::sgp32_samples;

use std::collections::BTreeSet;

use proto::asn1_type::Module;
use proto::registry;
use proto::sgp32::TYPES;

const MODULE: &str = "SGP32Definitions";

#[test]
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
fn sgp32_annex_every_type_of_the_module_is_registered() {
    // The reference module, when present, defines exactly the registered names.
    let Some(defined) = corpus::reference_types("SGP32Definitions.asn") else {
        return;
    };
    let registered: BTreeSet<String> = TYPES.iter().map(|e| e.name.to_string()).collect();
    assert_eq!(registered.len(), TYPES.len(), "duplicate names in TYPES");
    assert_eq!(defined, registered);
    assert_eq!(registered.len(), 126);
}

#[test]
fn sgp32_annex_every_type_has_a_sample_that_round_trips() {
    corpus::every_type_round_trips(MODULE, Module::Sgp32, TYPES, &sgp32_samples::samples());
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
    corpus::write(MODULE, sgp32_samples::samples());
}

#[test]
fn decode_pycrate_encodings() {
    corpus::decode_pycrate(MODULE);
}
