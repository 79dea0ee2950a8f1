//! `rsp-lab smdp serve` logs as a server operator expects: `info` by default without
//! `RUST_LOG`, and no ANSI colour codes when stderr is not a terminal.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

#[test]
fn smdp_serve_logs_info_by_default_without_colour_codes_into_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_rsp-lab"))
        .args(["smdp", "serve", "--data"])
        .arg(dir.path())
        .args(["--es9-listen", "127.0.0.1:0", "--es2-listen", "127.0.0.1:0"])
        .env_remove("RUST_LOG")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rsp-lab starts");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut lines = Vec::new();
    let started = loop {
        match rx.recv_timeout(Duration::from_secs(120)) {
            Ok(line) => {
                let done = line.contains("SM-DP+ started");
                lines.push(line);
                if done {
                    break true;
                }
            }
            Err(_) => break false,
        }
    };
    let interrupted = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success(), "kill -INT {}", child.id());
    let status = child.wait().unwrap();
    let _ = reader.join();
    lines.extend(rx.try_iter());
    let text = lines.join("\n");
    assert!(started, "no start line: {text}");
    assert!(
        status.success(),
        "Ctrl-C ends the server cleanly: {status:?} {text}"
    );
    assert!(text.contains("INFO"), "{text}");
    assert!(text.contains("stopping"), "{text}");
    assert!(
        !text.contains('\u{1b}'),
        "ANSI escape in redirected logs: {text:?}"
    );
}
