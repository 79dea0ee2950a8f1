//! The served faults' documentation follows their one declaration ([`infra::faults::KINDS`])
//! and the roles' lists ([`sm_dp::SERVED_FAULTS`], [`eim::SERVED_FAULTS`]): the guide's table
//! in "Testing your own device or server" has one row per kind naming the servers that serve
//! it; the configuration reference points at that table instead of listing kinds again.

use std::collections::BTreeMap;
use std::path::PathBuf;

use infra::faults::{FaultKind, KINDS};

fn page(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../docs/guide/src")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// "SM-DP+", "eIM" or "both": the servers whose lists hold `kind`.
fn served_by(kind: FaultKind) -> &'static str {
    let smdp = sm_dp::SERVED_FAULTS.kinds.contains(&kind);
    let eim = eim::SERVED_FAULTS.kinds.contains(&kind);
    match (smdp, eim) {
        (true, true) => "both",
        (true, false) => "SM-DP+",
        (false, true) => "eIM",
        (false, false) => "none",
    }
}

#[test]
fn the_guides_table_has_a_row_per_kind_with_the_servers_that_serve_it() {
    let text = page("testing-your-own.md");
    let rows: BTreeMap<&str, &str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| {
            let (name, rest) = l.split_once("` | ")?;
            Some((name, rest.split(" | ").next()?))
        })
        .collect();
    let kinds: BTreeMap<&str, &str> = KINDS.iter().map(|k| (k.as_str(), served_by(*k))).collect();
    assert_eq!(rows, kinds);
}

#[test]
fn the_configuration_reference_leaves_the_kinds_to_the_guides_table() {
    let text = page("configuration.md");
    let row = text
        .lines()
        .find(|l| l.starts_with("| `kind` |"))
        .expect("the [[faults.rule]] table's kind row");
    assert!(row.contains("(testing-your-own.md)"), "{row}");
    for k in KINDS {
        let quoted = format!("`{}`", k.as_str());
        assert!(
            !row.contains(&quoted),
            "{quoted}: the kinds are listed once, in the table"
        );
    }
}
