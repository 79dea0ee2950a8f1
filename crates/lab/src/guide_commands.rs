//! Every `rsp-lab` command the user guide (`docs/guide/src`) shows, held against the
//! binary's own clap definitions, so that a renamed subcommand, a removed option or a value
//! an option no longer takes fails a test instead of a reader.
//!
//! - The walk-throughs (blocks after a line `<!-- ci: run -->`) are run as written by
//!   `tools/docs/walk-throughs.py` in CI, and left out here.
//! - Every other command line (`rsp-lab …`, `cargo run … -p lab -- …`; in a block that shows
//!   a terminal session only the lines after the `$` prompt) is parsed as the binary parses
//!   its arguments.
//! - A synopsis that does not parse as it stands (placeholders such as `DIR`,
//!   `[--opt …]`, `a|b`, `$VAR`) must name an existing subcommand, and each `--option` it
//!   shows must be an option of that subcommand or of one above it.
//!
//! `cli.md` is generated from the same definitions (`cli_reference`) and is not read.

use std::path::{Path, PathBuf};

use clap::{CommandFactory, Parser};

/// A command the guide shows: where, and its arguments after `rsp-lab`.
struct Shown {
    at: String,
    args: String,
}

fn guide() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/guide/src")
}

fn pages(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the guide's source folder")
        .map(|e| e.expect("a folder entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            pages(&path, out);
        } else if path.extension().is_some_and(|e| e == "md")
            && path.file_name().is_some_and(|n| n != "cli.md")
        {
            out.push(path);
        }
    }
}

/// The arguments of a command line, or `None` for any other line.
fn command_of(line: &str) -> Option<&str> {
    let line = line.trim_start();
    let line = line.strip_prefix("$ ").unwrap_or(line).trim_start();
    if let Some(rest) = line.strip_prefix("rsp-lab ") {
        return Some(rest);
    }
    ["cargo run --release -p lab -- ", "cargo run -p lab -- "]
        .iter()
        .find_map(|p| line.strip_prefix(p))
}

/// The line without a trailing `# comment` (outside quotes) and a final `&`.
fn code_of(line: &str) -> &str {
    let (mut single, mut double) = (false, false);
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '#' if !single && !double && prev.is_whitespace() => {
                return line[..i].trim_end().trim_end_matches('&').trim_end();
            }
            _ => {}
        }
        prev = c;
    }
    line.trim_end().trim_end_matches('&').trim_end()
}

/// The commands of every fenced block that is not a walk-through.
fn shown() -> Vec<Shown> {
    let mut files = Vec::new();
    pages(&guide(), &mut files);
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("a guide page");
        let name = file
            .strip_prefix(guide())
            .unwrap_or(&file)
            .display()
            .to_string();
        let lines: Vec<&str> = text.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            if !lines[i].starts_with("```") {
                i += 1;
                continue;
            }
            let walk_through = i > 0 && lines[i - 1].trim() == "<!-- ci: run -->";
            let start = i + 1;
            let end = (start..lines.len())
                .find(|&j| lines[j].trim() == "```")
                .unwrap_or(lines.len());
            i = end + 1;
            if walk_through {
                continue;
            }
            let block = &lines[start..end];
            let session = block.iter().any(|l| l.trim_start().starts_with("$ "));
            let mut joined = String::new();
            for (k, line) in block.iter().enumerate() {
                if let Some(head) = line.trim_end().strip_suffix('\\') {
                    joined.push_str(head);
                    joined.push(' ');
                    continue;
                }
                joined.push_str(line);
                let whole = std::mem::take(&mut joined);
                if session && !whole.trim_start().starts_with("$ ") {
                    continue;
                }
                if let Some(args) = command_of(&whole) {
                    out.push(Shown {
                        at: format!("{name}:{}", start + k + 1),
                        args: code_of(args).to_string(),
                    });
                }
            }
        }
    }
    out
}

/// Why a command the guide shows is not one the binary takes.
#[derive(Debug, thiserror::Error)]
enum GuideError {
    /// A quote that is not closed.
    #[error("an unclosed {0}")]
    Unclosed(char),
    /// A synopsis whose words name no subcommand.
    #[error("names no subcommand")]
    NoSubcommand,
    /// A synopsis showing an option its subcommands do not have.
    #[error("`rsp-lab {command}` has no option {option}")]
    NoOption { command: String, option: String },
    /// clap refused the arguments: the first line of its message.
    #[error("{}", .0.to_string().lines().next().unwrap_or_default())]
    Refused(#[source] clap::Error),
}

/// Splits like a POSIX shell: quotes and backslashes, no expansion.
fn split(line: &str) -> Result<Vec<String>, GuideError> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => words.extend(word.take()),
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => w.push(c),
                        None => return Err(GuideError::Unclosed('\'')),
                    }
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => w.extend(chars.next()),
                        Some(c) => w.push(c),
                        None => return Err(GuideError::Unclosed('"')),
                    }
                }
            }
            '\\' => word.get_or_insert_with(String::new).extend(chars.next()),
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    Ok(words)
}

/// Placeholders a reader replaces: `[…]`, `a|b`, `…`/`..`, `$VAR`, `<x>`, `DIR`.
fn has_placeholders(args: &str) -> bool {
    args.contains(['[', ']', '|', '$', '<', '>'])
        || args.contains("..")
        || args
            .split_whitespace()
            .any(|w| w.len() >= 3 && w.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
}

/// A synopsis: the subcommand path it names must exist, and each `--option` in it must be
/// an option of a command on that path.
fn check_synopsis(args: &str) -> Result<(), GuideError> {
    let root = super::Cli::command();
    let mut path = vec![root];
    for word in args.split_whitespace() {
        let here = path.last().expect("the root");
        let sub = here
            .get_subcommands()
            .find(|s| s.get_name() == word || s.get_all_aliases().any(|a| a == word))
            .cloned();
        path.extend(sub);
    }
    if path.len() == 1 {
        return Err(GuideError::NoSubcommand);
    }
    let options = args
        .split(|c: char| c.is_whitespace() || c == '[' || c == ']' || c == '|' || c == '=')
        .filter(|w| w.starts_with("--") && w.len() > 2);
    for option in options {
        let long = option.trim_start_matches('-');
        let known = long == "help"
            || long == "version"
            || path.iter().any(|c| {
                c.get_arguments().any(|a| {
                    a.get_long() == Some(long)
                        || a.get_all_aliases().is_some_and(|v| v.contains(&long))
                })
            });
        if !known {
            let names: Vec<&str> = path.iter().skip(1).map(|c| c.get_name()).collect();
            return Err(GuideError::NoOption {
                command: names.join(" "),
                option: option.to_string(),
            });
        }
    }
    Ok(())
}

fn check(shown: &Shown) -> Result<(), GuideError> {
    let words = split(&shown.args)?;
    let parsed = super::Cli::try_parse_from(std::iter::once("rsp-lab".to_string()).chain(words));
    match parsed {
        Ok(_) => Ok(()),
        Err(_) if has_placeholders(&shown.args) => check_synopsis(&shown.args),
        Err(e) => Err(GuideError::Refused(e)),
    }
}

#[test]
fn every_command_the_guide_shows_is_one_the_binary_takes() {
    let shown = shown();
    // The guide shows some forty commands outside its walk-throughs; far fewer means the
    // reading of the pages broke, not that the guide lost them.
    assert!(shown.len() >= 25, "only {} commands found", shown.len());
    let failures: Vec<String> = shown
        .iter()
        .filter_map(|s| {
            check(s)
                .err()
                .map(|e| format!("{}: `rsp-lab {}`: {e}", s.at, s.args))
        })
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn a_removed_option_or_a_wrong_value_is_caught() {
    let shown = |args: &str| Shown {
        at: "test".into(),
        args: args.into(),
    };
    assert!(check(&shown("certs generate --out pki")).is_ok());
    assert!(check(&shown("certs generate --out pki --no-such-option")).is_err());
    assert!(check(&shown("demo --devices many")).is_err());
    assert!(check(&shown("certs verify DIR")).is_ok());
    assert!(check(&shown("certs generate --out DIR [--no-such-option N]")).is_err());
    assert!(check(&shown("no-such-command FILE")).is_err());
    assert_eq!(
        split(r#"lpa download --ac "LPA:1\$a\$b" 'x y' z\ w"#).unwrap(),
        ["lpa", "download", "--ac", "LPA:1$a$b", "x y", "z w"]
    );
    assert_eq!(
        code_of("smdp serve --data d &   # ES9+ :8443"),
        "smdp serve --data d"
    );
}
