//! `rsp-lab smsr register` as a user runs it: an M2M card's EIS (`rsp-lab euicc eis`)
//! registered in the SM-SR's database, once.

use crate::common::*;

use std::path::Path;

/// A temporary directory with a lab PKI in `pki/` and an M2M card's EIS in `eis.json`.
fn with_m2m_eis() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    ok(dir.path(), &["certs", "generate", "--out", "pki"]);
    let init = [
        "euicc",
        "--state",
        "card.json",
        "init",
        "--pki",
        "pki",
        "--m2m",
    ];
    ok(dir.path(), &init);
    let eis = ok(dir.path(), &["euicc", "--state", "card.json", "eis"]);
    std::fs::write(dir.path().join("eis.json"), eis).expect("eis.json");
    dir
}

fn register(dir: &Path) -> std::process::Output {
    let args = ["smsr", "register", "--data", "smsr", "--eis", "eis.json"];
    rsp_lab(dir, &[&args[..], &["--mno", "mno-a"]].concat())
}

#[test]
fn smsr_register_writes_the_eis_once() {
    let dir = with_m2m_eis();
    let first = register(dir.path());
    assert_ok(&first);
    let eid = stdout(&first);
    assert!(eid.starts_with("registered EIS 8904"), "{eid}");
    assert!(dir.path().join("smsr/smsr.db").exists());
    // SGP.02 5.2.1: an EIS registered twice is refused (8.1.1 / 3.3, already in use).
    assert_one_line_error(&register(dir.path()), "already");
}

#[test]
fn smsr_register_refuses_an_unreadable_eis_in_one_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("eis.json"), "{").unwrap();
    assert_one_line_error(&register(dir.path()), "the EIS does not read");
}
