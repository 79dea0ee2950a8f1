//! ARCHITECTURE.md and HACKING.md name crates, files and dependencies: each named path
//! exists, and ARCHITECTURE.md's table of crates lists every crate with the workspace
//! crates it depends on, as the crates' manifests say.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(root().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The crates of the workspace: the folders of `crates/` with a manifest.
fn crates() -> BTreeSet<String> {
    std::fs::read_dir(root().join("crates"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("Cargo.toml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

/// The workspace crates in one table of a crate's manifest (`dependencies`, …).
fn workspace_deps(krate: &str, table: &str) -> BTreeSet<String> {
    let text = read(&format!("crates/{krate}/Cargo.toml"));
    let manifest: toml::Table = text.parse().unwrap();
    let all = crates();
    manifest
        .get(table)
        .and_then(|t| t.as_table())
        .map(|t| t.keys().filter(|k| all.contains(*k)).cloned().collect())
        .unwrap_or_default()
}

/// Words that end a path as prose writes it: `crates/eim/src/web/`, `(tools/bench)`.
fn trim(path: &str) -> &str {
    path.trim_end_matches(['.', ',', ')', ':', ';', '`'])
        .trim_end_matches('/')
}

/// Paths from the repository's root: `crates/…`, `tools/…`, `docs/…`, `fuzz/…`.
fn rooted_paths(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (i, _) in text.match_indices(['c', 't', 'd', 'f']) {
        let rest = &text[i..];
        let starts = ["crates/", "tools/", "docs/", "fuzz/"];
        if !starts.iter().any(|s| rest.starts_with(s)) {
            continue;
        }
        let before = text[..i].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '/' || c == '-' || c == '_') {
            continue;
        }
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || "/._-".contains(c)))
            .unwrap_or(rest.len());
        let path = trim(&rest[..end]);
        if path.contains('*') || path.ends_with('/') || !path.contains('/') {
            continue;
        }
        found.push(path.to_string());
    }
    found
}

#[test]
fn every_path_architecture_and_hacking_name_exists() {
    let mut missing = Vec::new();
    for doc in ["ARCHITECTURE.md", "HACKING.md"] {
        let text = read(doc);
        for path in rooted_paths(&text) {
            if !root().join(&path).exists() {
                missing.push(format!("{doc}: {path}"));
            }
        }
        // HACKING.md's layout: `crates/NAME` heads a block whose indented lines name
        // files of that crate (`  src/web/ …`).
        let mut current: Option<String> = None;
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("crates/") {
                current = rest.split_whitespace().next().map(str::to_string);
                continue;
            }
            if !line.starts_with("  ") {
                if !line.starts_with(' ') {
                    current = None;
                }
                continue;
            }
            let (Some(krate), Some(word)) = (&current, line.split_whitespace().next()) else {
                continue;
            };
            if word.starts_with("src/") || word.starts_with("tests/") {
                let path = format!("crates/{krate}/{}", trim(word));
                if !root().join(&path).exists() {
                    missing.push(format!("{doc}: {path}"));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "named but absent:\n{}",
        missing.join("\n")
    );
}

#[test]
fn architecture_lists_each_crate_with_its_workspace_dependencies() {
    let text = read("ARCHITECTURE.md");
    let all = crates();
    let roles = ["sm-dp", "eim", "sm-ds", "euicc-sim"];
    // The crates a cell names in backquotes (other words in backquotes are cfgs and such).
    let quoted = |cell: &str| -> BTreeSet<String> {
        cell.split('`')
            .skip(1)
            .step_by(2)
            .filter(|w| all.contains(*w))
            .map(str::to_string)
            .collect()
    };
    let mut listed = BTreeSet::new();
    let mut wrong = Vec::new();
    for line in text.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let [_, name, deps, _] = cells[..] else {
            continue;
        };
        let Some(krate) = name.strip_prefix('`').and_then(|n| n.split('`').next()) else {
            continue;
        };
        if !all.contains(krate) {
            continue;
        }
        listed.insert(krate.to_string());
        let (normal, dev) = deps.split_once("; its tests also ").unwrap_or((deps, ""));
        let mut want = quoted(normal);
        if normal.contains("the roles") || normal.contains("every role") {
            want.extend(roles.iter().map(|r| r.to_string()));
        }
        let got = workspace_deps(krate, "dependencies");
        if want != got {
            wrong.push(format!("{krate}: listed {want:?}, Cargo.toml {got:?}"));
        }
        if !dev.is_empty() {
            let got = workspace_deps(krate, "dev-dependencies");
            let want = quoted(dev);
            if !want.is_subset(&got) {
                wrong.push(format!(
                    "{krate} (tests): listed {want:?}, Cargo.toml {got:?}"
                ));
            }
        }
    }
    let unlisted: Vec<_> = all.difference(&listed).collect();
    assert!(
        unlisted.is_empty(),
        "crates missing from ARCHITECTURE.md: {unlisted:?}"
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
