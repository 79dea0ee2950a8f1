//! The command-line reference of the user guide, `docs/guide/src/cli.md`, rendered from the
//! clap `Command` that the derive builds for `rsp-lab`, so that the page cannot drift from
//! the binary: the test fails when the committed page differs from what the binary's help
//! says now. Regenerate it with
//!
//! ```sh
//! RSP_LAB_BLESS=1 cargo test -p lab --bin rsp-lab cli_reference
//! ```

use std::path::PathBuf;

use clap::CommandFactory;

/// The page: a heading and the long help (`--help`) of every command and subcommand, in
/// the order clap lists them, clap's own `help` subcommands left out.
fn render() -> String {
    let mut root = super::Cli::command();
    root.build();
    let mut out = String::from(
        "# Command-line reference\n\n\
         <!-- Generated from the binary's clap definitions by the test `cli_reference` in\n\
         crates/lab/src/cli_reference.rs; do not edit by hand. Regenerate with\n\
         `RSP_LAB_BLESS=1 cargo test -p lab --bin rsp-lab cli_reference`. -->\n\n\
         Every command of `rsp-lab` with its options, as clap renders the binary's long help\n\
         (`rsp-lab COMMAND --help` says the same, laid out more compactly). The chapters of\n\
         this guide show them in use.\n",
    );
    section(&mut root, "rsp-lab", 2, &mut out);
    out
}

fn section(command: &mut clap::Command, path: &str, depth: usize, out: &mut String) {
    let help = command.render_long_help().to_string();
    let help: Vec<&str> = help.lines().map(str::trim_end).collect();
    out.push_str(&format!(
        "\n{} `{path}`\n\n```text\n{}\n```\n",
        "#".repeat(depth.min(4)),
        help.join("\n").trim_end()
    ));
    for sub in command.get_subcommands_mut() {
        if sub.get_name() == "help" {
            continue;
        }
        let sub_path = format!("{path} {}", sub.get_name());
        section(sub, &sub_path, depth + 1, out);
    }
}

#[test]
fn cli_reference() {
    let page = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/guide/src/cli.md");
    let now = render();
    if std::env::var_os("RSP_LAB_BLESS").is_some() {
        std::fs::write(&page, &now).expect("write docs/guide/src/cli.md");
        return;
    }
    let committed = std::fs::read_to_string(&page).unwrap_or_default();
    if committed != now {
        let line = committed
            .lines()
            .zip(now.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(now.lines().count()))
            + 1;
        panic!(
            "docs/guide/src/cli.md differs from the binary's help from line {line} on; \
             regenerate it with `RSP_LAB_BLESS=1 cargo test -p lab --bin rsp-lab cli_reference` \
             and commit it"
        );
    }
}
