//! A representative value of every `RSPDefinitions` type, with every OPTIONAL component
//! present and every CHOICE alternative used at least once: the corpus for the cross-check
//! against asn1play and the seeds of the robustness test.

mod list_a;
mod list_b;
mod pki;
mod values;

#[allow(unused_imports)]
pub(crate) use pki::{certificate_der, crl_der};
#[allow(unused_imports)]
pub(crate) use values::*;

/// `(type name, DER)` for every type, several values for CHOICEs.
pub(crate) fn samples() -> Vec<(&'static str, Vec<u8>)> {
    let mut s = Vec::new();
    list_a::add(&mut s);
    list_b::add(&mut s);
    s
}
