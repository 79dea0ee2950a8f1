//! `#[derive(Asn1)]` refuses misuse at compile time with a message that names the fix: tags a
//! decoder could not tell apart (X.680 29.2 for CHOICE alternatives, 25.5 for OPTIONAL and
//! DEFAULT components of a SEQUENCE), malformed attributes, shapes it cannot encode. The
//! expected compiler output is in `tests/derive_misuse/*.stderr` (regenerate with
//! `TRYBUILD=overwrite cargo test -p proto-der --test derive_misuse` and review the diff).

#[test]
fn derive_asn1_refuses_misuse_and_accepts_distinct_tags() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/derive_misuse/choice_*.rs");
    t.compile_fail("tests/derive_misuse/sequence_*.rs");
    t.compile_fail("tests/derive_misuse/enum_without_kind.rs");
    t.compile_fail("tests/derive_misuse/unknown_attribute.rs");
    t.compile_fail("tests/derive_misuse/bad_tag_class.rs");
    t.compile_fail("tests/derive_misuse/tuple_struct.rs");
    t.pass("tests/derive_misuse/distinct_tags_accepted.rs");
}
