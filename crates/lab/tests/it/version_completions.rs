//! `rsp-lab --version` names the git revision it was built from (build.rs), and
//! `rsp-lab completions SHELL` prints a completion script that knows the subcommands.

use std::process::Command;

fn rsp_lab(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_rsp-lab"))
        .args(args)
        .output()
        .expect("rsp-lab runs");
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// The revision of this checkout, if it is one and git is installed.
fn head() -> Option<String> {
    let out = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

#[test]
fn version_names_the_git_revision() {
    let version = rsp_lab(&["--version"]);
    // A build told its revision through the environment (build.rs) shows that one.
    let pinned = std::env::var("RSP_LAB_GIT_REVISION").ok();
    assert!(
        version.starts_with(&format!("rsp-lab {} (", env!("CARGO_PKG_VERSION"))),
        "{version}"
    );
    match (pinned, head()) {
        (Some(p), _) => assert!(version.contains(&p), "{version}"),
        (None, Some(rev)) => assert!(version.contains(&rev), "{version} lacks {rev}"),
        (None, None) => assert!(version.contains("(unknown)"), "{version}"),
    }
}

#[test]
fn completions_know_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = rsp_lab(&["completions", shell]);
        for sub in ["demo", "smdp", "eim", "lpa", "completions"] {
            assert!(script.contains(sub), "{shell} script lacks {sub}");
        }
        assert!(
            script.contains("metrics-listen"),
            "{shell}: flags of smdp serve"
        );
    }
    let bash = rsp_lab(&["completions", "bash"]);
    assert!(bash.contains("complete -F _rsp__lab"), "{bash}");
}
