//! Tests that need ../shared/reference are ignored (visibly) without it; and:
//! Puts the git revision of the source into `RSP_LAB_GIT_REVISION` for `rsp-lab --version`:
//! `RSP_LAB_GIT_REVISION` from the environment when set (builds from a tarball can say
//! it), else `git rev-parse --short=12 HEAD`, else
//! `unknown` (no `.git`, or no git).

use std::path::PathBuf;
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(std::env::var_os("CARGO_MANIFEST_DIR")?)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (!text.is_empty()).then_some(text)
}

fn main() {
    reference_cfg::emit();
    reference_cfg::emit_postgres();
    println!("cargo:rerun-if-env-changed=RSP_LAB_GIT_REVISION");
    let revision = match std::env::var("RSP_LAB_GIT_REVISION") {
        Ok(r) if !r.is_empty() => r,
        _ => match git(&["rev-parse", "--short=12", "HEAD"]) {
            Some(rev) => {
                // Rebuild when HEAD moves: HEAD itself, the branch it names, packed refs.
                for path in ["HEAD", "packed-refs"] {
                    watch(git(&["rev-parse", "--git-path", path]));
                }
                if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
                    watch(git(&["rev-parse", "--git-path", &branch]));
                }
                rev
            }
            None => "unknown".into(),
        },
    };
    println!("cargo:rustc-env=RSP_LAB_GIT_REVISION={revision}");
}

fn watch(path: Option<String>) {
    let Some(p) = path else { return };
    let mut p = PathBuf::from(p);
    if p.is_relative() {
        if let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR") {
            p = PathBuf::from(dir).join(p);
        }
    }
    if p.exists() {
        println!("cargo:rerun-if-changed={}", p.display());
    }
}
