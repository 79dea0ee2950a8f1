//! JSON bindings against texts written from SGP.22 6.5 / SGP.32 6.4 (member names exact):
//! decode, re-encode to the same JSON, ignore unknown members, and refuse malformed base64 or
//! hex with an error naming the member, never a panic.

mod es2p;
mod es9p;
mod esipa;
mod header;
mod http;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Decodes `text`, checks that re-encoding gives the same JSON (unknown members aside), and
/// returns the value.
pub(crate) fn round_trip<T: DeserializeOwned + Serialize>(text: &str) -> T {
    let value: T = proto::json::decode(text.as_bytes()).expect("decodes");
    let again: Value = serde_json::to_value(&value).unwrap();
    let mut original: Value = serde_json::from_str(text).unwrap();
    strip_unknown(&mut original);
    assert_eq!(again, original, "re-encoding differs");
    value
}

/// Removes the members named `future*` that the texts add to test tolerance.
fn strip_unknown(v: &mut Value) {
    if let Value::Object(map) = v {
        map.retain(|k, _| !k.starts_with("future"));
        map.values_mut().for_each(strip_unknown);
    }
}
