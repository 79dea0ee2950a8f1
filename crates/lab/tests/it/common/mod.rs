//! What the tests of the `rsp-lab` binary share: running it in a directory as a user would,
//! and reading what it printed; the servers of [`eim`] and [`smdp`] run as child processes.

pub(crate) mod eim;
pub(crate) mod smdp;

pub(crate) use eim::*;
pub(crate) use smdp::*;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// Runs `rsp-lab args` in `dir` with `stdin` as its input (RUST_LOG and LPAC_APDU unset, so
/// the defaults a user sees apply).
pub(crate) fn rsp_lab_stdin(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rsp-lab"))
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_LOG")
        .env_remove("LPAC_APDU")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rsp-lab starts");
    if let Some(mut input) = child.stdin.take() {
        // A command that does not read its input may have ended already.
        let _ = input.write_all(stdin);
    }
    child.wait_with_output().expect("rsp-lab ends")
}

/// Runs `rsp-lab args` in `dir` with empty input.
pub(crate) fn rsp_lab(dir: &Path, args: &[&str]) -> Output {
    rsp_lab_stdin(dir, args, b"")
}

pub(crate) fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The command succeeded.
pub(crate) fn assert_ok(o: &Output) {
    assert!(
        o.status.success(),
        "{:?}\n{}{}",
        o.status,
        stdout(o),
        stderr(o)
    );
}

/// Runs `args`, expects success, returns stdout.
pub(crate) fn ok(dir: &Path, args: &[&str]) -> String {
    let o = rsp_lab(dir, args);
    assert!(
        o.status.success(),
        "rsp-lab {}: {:?}\n{}{}",
        args.join(" "),
        o.status,
        stdout(&o),
        stderr(&o)
    );
    stdout(&o)
}

/// Runs `args`, expects success and JSON on stdout.
pub(crate) fn ok_json(dir: &Path, args: &[&str]) -> Value {
    let out = ok(dir, args);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("rsp-lab {}: {e}: {out}", args.join(" ")))
}

/// Failed with exactly one line on stderr containing `contains`, and no panic.
pub(crate) fn assert_one_line_error(o: &Output, contains: &str) {
    let err = stderr(o);
    assert!(
        !o.status.success(),
        "expected failure, got success: {}",
        stdout(o)
    );
    assert!(!err.contains("panicked"), "panic: {err}");
    assert_eq!(err.lines().count(), 1, "one line expected: {err}");
    assert!(err.contains(contains), "{contains:?} not in {err:?}");
}
