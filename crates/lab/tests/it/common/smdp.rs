//! The SM-DP+ as a child process (`rsp-lab smdp serve`).

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

pub(crate) struct SmdpServer {
    pub child: Child,
    log: Arc<Mutex<Vec<String>>>,
    pub es9: SocketAddr,
    pub es2: SocketAddr,
}

impl SmdpServer {
    /// Starts `rsp-lab smdp serve --data smdp --pki pki` in `dir` on ports the system
    /// picks (`127.0.0.1:0`) with `env` set, reads the bound addresses from the start line,
    /// and waits until both listeners accept connections.
    pub(crate) fn start(dir: &Path, env: &[(&str, &str)]) -> SmdpServer {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rsp-lab"))
            .args(["smdp", "serve", "--data", "smdp", "--pki", "pki"])
            .args(["--es9-listen", "127.0.0.1:0", "--es2-listen", "127.0.0.1:0"])
            .current_dir(dir)
            .env_remove("RUST_LOG")
            .env_remove("RSP_LAB_CRASH")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("rsp-lab smdp serve starts");
        let stderr = child.stderr.take().expect("stderr");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = mpsc::channel();
        // Keeps draining the server's stderr for the whole test so it never blocks on a
        // full pipe; the lines are kept for failure messages.
        let keep = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                keep.lock().expect("log").push(line.clone());
                let _ = tx.send(line);
            }
        });
        let mut server = SmdpServer {
            child,
            log,
            es9: SocketAddr::from(([127, 0, 0, 1], 0)),
            es2: SocketAddr::from(([127, 0, 0, 1], 0)),
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        let start_line = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) if line.contains("SM-DP+ started") => break line,
                Ok(_) => {}
                Err(_) => panic!("no start line: {}", server.log_text()),
            }
        };
        server.es9 = field_addr(&start_line, "es9_addr=");
        server.es2 = field_addr(&start_line, "es2_addr=");
        for addr in [server.es9, server.es2] {
            while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
                assert!(
                    Instant::now() < deadline,
                    "{addr} does not accept connections: {}",
                    server.log_text()
                );
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        server
    }

    pub(crate) fn log_text(&self) -> String {
        self.log.lock().expect("log").join("\n")
    }
}

impl Drop for SmdpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The socket address after `key` in a log line (`es9_addr=127.0.0.1:40123`).
pub(crate) fn field_addr(line: &str, key: &str) -> SocketAddr {
    let start = line.find(key).unwrap_or_else(|| panic!("{key} in {line}")) + key.len();
    line[start..]
        .split_whitespace()
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{key} address in {line}"))
}

/// `certs generate --out pki`, then `smdp inventory add --data smdp` of `count` profiles of
/// `profile_type` from ICCID 8949010000000000016 (what a user does before `smdp serve`).
pub(crate) fn pki_and_inventory(dir: &Path, profile_type: &str, count: u32) -> String {
    super::ok(dir, &["certs", "generate", "--out", "pki"]);
    let count = count.to_string();
    super::ok(
        dir,
        &[
            "smdp",
            "inventory",
            "add",
            "--type",
            profile_type,
            "--count",
            &count,
            "--iccid-start",
            "8949010000000000016",
            "--imsi-start",
            "901400000000001",
            "--data",
            "smdp",
        ],
    )
}
