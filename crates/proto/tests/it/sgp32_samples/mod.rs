//! A representative value of every `SGP32Definitions` type, with every OPTIONAL component
//! present and every CHOICE alternative used at least once: the corpus for the cross-check
//! against asn1play and the seeds of the robustness test. Builds on the SGP.22 sample
//! values (`sgp22_samples`, declared next to this module by each test).

mod esep;
mod esipa;
mod iot;
mod values;

#[allow(unused_imports)]
pub(crate) use values::*;

/// `(type name, DER)` for every type, several values for CHOICEs.
pub(crate) fn samples() -> Vec<(&'static str, Vec<u8>)> {
    let mut s = Vec::new();
    esep::add(&mut s);
    iot::add(&mut s);
    esipa::add(&mut s);
    s
}
