//! SGP.22 6: the bindings (6.5 JSON, 6.6 ASN.1).

mod asn1_faults;
mod binding_refusals;
