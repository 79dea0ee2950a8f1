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

/// `rsp-lab smsr serve` as a child on `port`; killed when dropped.
struct SmsrServer(std::process::Child);

impl SmsrServer {
    fn start(dir: &Path, port: u16) -> SmsrServer {
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_rsp-lab"))
            .current_dir(dir)
            .args(["smsr", "serve", "--data", "smsr", "--pki", "pki"])
            .args(["--es4-listen", &format!("127.0.0.1:{port}")])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("rsp-lab smsr serve starts");
        let mut server = SmsrServer(child);
        let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while std::net::TcpStream::connect(addr).is_err() {
            assert!(server.0.try_wait().unwrap().is_none(), "smsr serve exited");
            assert!(
                std::time::Instant::now() < deadline,
                "smsr serve does not listen"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        server
    }
}

impl Drop for SmsrServer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn smsr_es4_calls_get_eis_and_gets_refusals_with_their_codes() {
    let dir = with_m2m_eis();
    let eis: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("eis.json")).unwrap()).unwrap();
    let eid = eis["eid"].as_str().expect("eid").to_string();
    let register = ["smsr", "register", "--data", "smsr", "--eis", "eis.json"];
    ok(
        dir.path(),
        &[&register[..], &["--mno", "operator1"]].concat(),
    );
    let port = free_port();
    let _server = SmsrServer::start(dir.path(), port);
    let url = format!("https://smsr.rsp-lab.test:{port}/gsma/smsr/ES4");
    let resolve = format!("127.0.0.1:{port}");
    let es4 = |args: &[&str]| {
        let base = ["smsr", "es4", "--pki", "pki", "--operator", "operator1"];
        let to = ["--url", &url, "--resolve", &resolve, "--json"];
        rsp_lab(dir.path(), &[&base[..], &to[..], args].concat())
    };
    let got = es4(&["get-eis", "--eid", &eid]);
    assert_ok(&got);
    let v: serde_json::Value = serde_json::from_str(&stdout(&got)).unwrap();
    assert_eq!(v["status"], "Executed-Success", "{v}");
    // The card has no profile 8949...: refused as an unknown ICCID, exit status non-zero.
    let refused = es4(&["enable", "--eid", &eid, "--iccid", "894900000000000000"]);
    assert!(!refused.status.success());
    let v: serde_json::Value = serde_json::from_str(&stdout(&refused)).unwrap();
    assert_eq!(v["status"], "Failed", "{v}");
    assert_eq!(v["subjectCode"], "8.2.1", "{v}");
}
