//! Called from the build scripts of the crates whose tests read the reference data
//! (`../shared/reference` beside the workspace: the GSMA TS.48 profiles, SGP.26 certificates,
//! BSP/KDF vectors, the ASN.1 modules). When it is absent the crate is built with
//! `cfg(no_reference)`, and each such test carries
//! `#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]`: `cargo test` then
//! counts it as ignored and names the reason, instead of a green test that checked nothing.
//!
//! The build script runs again when `../shared` appears, changes or goes away, so putting it
//! in place later needs no `cargo clean`; other entries beside the checkout do not matter.

#![forbid(unsafe_code)]

use std::path::Path;

/// The variable naming the test PostgreSQL server (`tools/postgres/test-postgres.sh`).
pub const POSTGRES_ENV: &str = "RSP_TEST_POSTGRES_URL";

/// Prints the directives for the PostgreSQL-only tests: without `RSP_TEST_POSTGRES_URL` at
/// build time the crate is built with `cfg(no_postgres)`, and each test that needs the
/// server carries `#[cfg_attr(no_postgres, ignore = "needs RSP_TEST_POSTGRES_URL")]`, so
/// `cargo test` counts it as ignored. Setting the variable later rebuilds the tests.
pub fn emit_postgres() {
    println!("cargo::rustc-check-cfg=cfg(no_postgres)");
    println!("cargo::rerun-if-env-changed={POSTGRES_ENV}");
    if std::env::var_os(POSTGRES_ENV).is_none_or(|v| v.is_empty()) {
        println!("cargo::rustc-cfg=no_postgres");
    }
}

/// Prints the build-script directives (call it from `build.rs`).
pub fn emit() {
    println!("cargo::rustc-check-cfg=cfg(no_reference)");
    let Ok(manifest) = std::env::var("CARGO_MANIFEST_DIR") else {
        return;
    };
    // crates/<name> → the workspace → its parent, where `shared` sits beside it. While
    // `shared` is there, only it is watched (an entry appearing in or leaving it changes its
    // time; cargo reruns the script if it goes away). Without it, the parent is watched so
    // that its arrival is noticed: watching the parent always would rebuild these crates
    // whenever anything is created beside the checkout.
    let outside = Path::new(&manifest).join("../../..");
    let shared = outside.join("shared");
    let watched = if shared.exists() { &shared } else { &outside };
    println!("cargo::rerun-if-changed={}", watched.display());
    if !shared.join("reference").is_dir() {
        println!("cargo::rustc-cfg=no_reference");
        println!(
            "cargo::warning=../shared/reference not found: the tests that need it are ignored"
        );
    }
}
