//! Our half of the cross-check against an independent ASN.1 codec (tools/crosscheck).
//!
//! `crosscheck --list` prints every registered type as `MODULE TYPE`.
//! `crosscheck CORPUS.jsonl... [--write-ours OUT.jsonl] [--known FILE]` decodes each
//! `{"module","type","der"}` line with our codec, checks that our re-encoding equals the input
//! byte for byte, and writes our encodings (with our JSON form) for the other codec to check.
//! Failures that match an entry of the known-divergences file (`type` and a `fragment` of the
//! error) are counted as known. Exit status 1 on any other mismatch.

#![forbid(unsafe_code)]

use std::io::{BufRead, Write};
use std::process::ExitCode;

use proto::registry;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--list") {
        for e in registry::all() {
            println!("{} {}", e.module.asn1_name(), e.name);
        }
        return ExitCode::SUCCESS;
    }
    let mut inputs = Vec::new();
    let mut out_path = None;
    let mut known_path = None;
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        if a == "--write-ours" {
            out_path = it.next();
        } else if a == "--known" {
            known_path = it.next();
        } else {
            inputs.push(a);
        }
    }
    let known = match known_path.map(|p| load_known(&p)).transpose() {
        Ok(k) => k.unwrap_or_default(),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    match run(&inputs, out_path.as_deref(), &known) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Why a run could not be carried out: a file could not be read or written, or a line of a
/// corpus is not what the other codec writes.
#[derive(Debug, thiserror::Error)]
enum CrosscheckError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Json {
        path: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("{path}: {source}")]
    Hex {
        path: String,
        #[source]
        source: hex::FromHexError,
    },
    #[error("{0}")]
    Write(#[source] std::io::Error),
}

impl CrosscheckError {
    fn io(path: &str) -> impl FnOnce(std::io::Error) -> CrosscheckError + '_ {
        move |source| CrosscheckError::Io {
            path: path.to_string(),
            source,
        }
    }

    fn json(path: &str) -> impl FnOnce(serde_json::Error) -> CrosscheckError + '_ {
        move |source| CrosscheckError::Json {
            path: path.to_string(),
            source,
        }
    }
}

/// `(type, fragment)` pairs of known divergences.
fn load_known(path: &str) -> Result<Vec<(String, String)>, CrosscheckError> {
    let text = std::fs::read_to_string(path).map_err(CrosscheckError::io(path))?;
    let list: Vec<serde_json::Value> =
        serde_json::from_str(&text).map_err(CrosscheckError::json(path))?;
    Ok(list
        .iter()
        .map(|k| {
            (
                k["type"].as_str().unwrap_or_default().to_string(),
                k["fragment"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect())
}

fn run(
    inputs: &[String],
    out_path: Option<&str>,
    known: &[(String, String)],
) -> Result<bool, CrosscheckError> {
    let is_known = |ty: &str, text: &str| {
        known
            .iter()
            .any(|(t, f)| t == ty && text.contains(f.as_str()))
    };
    let mut known_hits = 0usize;
    let entries = registry::all();
    let mut out: Box<dyn Write> = match out_path {
        Some(p) => Box::new(std::fs::File::create(p).map_err(CrosscheckError::io(p))?),
        None => Box::new(std::io::sink()),
    };
    let (mut checked, mut failed, mut skipped) = (0usize, 0usize, 0usize);
    for path in inputs {
        let file = std::fs::File::open(path).map_err(CrosscheckError::io(path))?;
        for line in std::io::BufReader::new(file).lines() {
            let line = line.map_err(CrosscheckError::io(path))?;
            let rec: serde_json::Value =
                serde_json::from_str(&line).map_err(CrosscheckError::json(path))?;
            let module = rec["module"].as_str().unwrap_or_default();
            let ty = rec["type"].as_str().unwrap_or_default();
            let Some(der_hex) = rec["der"].as_str() else {
                skipped += 1;
                println!("SKIP {module}.{ty}: {}", rec["skip"]);
                continue;
            };
            let der = hex::decode(der_hex).map_err(|source| CrosscheckError::Hex {
                path: path.clone(),
                source,
            })?;
            let Some(entry) = entries
                .iter()
                .find(|e| e.name == ty && e.module.asn1_name() == module)
            else {
                failed += 1;
                println!("FAIL {module}.{ty}: not registered");
                continue;
            };
            checked += 1;
            match (entry.decode)(&der) {
                Ok(d) if d.reencoded == der => {
                    let rec = serde_json::json!({"module": module, "type": ty, "der": hex::encode(&d.reencoded), "json": d.json});
                    writeln!(out, "{rec}").map_err(CrosscheckError::Write)?;
                }
                Ok(d) => {
                    failed += 1;
                    println!(
                        "FAIL {module}.{ty}: our re-encoding differs\n  theirs {der_hex}\n  ours   {}",
                        hex::encode(&d.reencoded)
                    );
                }
                Err(e) if is_known(ty, &e.to_string()) => known_hits += 1,
                Err(e) => {
                    failed += 1;
                    println!("FAIL {module}.{ty}: we cannot decode {der_hex}: {e}");
                }
            }
        }
    }
    println!(
        "{checked} encodings of the other codec decoded and re-encoded by ours, {failed} failed, {known_hits} known divergences, {skipped} skipped"
    );
    Ok(failed == 0)
}
