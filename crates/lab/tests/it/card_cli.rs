//! `rsp-lab lpa --modem` and `rsp-lab ipa --modem` as a user runs them, against a modem on a
//! pseudo-terminal: the test plays the modem (3GPP TS 27.007 8.17 `AT+CSIM`, echo on, an
//! unsolicited `+CREG` before each answer) and passes each APDU to the software eUICC of a
//! state file, as a modem passes it to its eUICC. The IPA polls `rsp-lab eim serve` through
//! it and executes the eIM's package; the LPA lists the profiles; wrong set-ups end in one
//! clear line. (`tools/pcsc/check-lpa-reader.sh` does the same through a PC/SC reader.)

use crate::common::*;

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use euicc_sim::Euicc;
use euicc_sim::apdu::Card;
use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
use serde_json::{Value, json};

/// A modem on the master side of a pseudo-terminal, serving the eUICC of a state file.
struct Modem {
    path: PathBuf,
    /// Keeps the line open between the commands' opens.
    slave: Option<OwnedFd>,
    thread: Option<JoinHandle<()>>,
}

impl Modem {
    fn start(state: &Path) -> Modem {
        let mut card = Card::new(Euicc::open(state).expect("the state file"));
        let master =
            openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC).expect("openpt");
        grantpt(&master).expect("grantpt");
        unlockpt(&master).expect("unlockpt");
        let path = PathBuf::from(
            ptsname(&master, Vec::new())
                .expect("ptsname")
                .to_string_lossy()
                .into_owned(),
        );
        let slave = rustix::fs::open(
            &path,
            rustix::fs::OFlags::RDWR | rustix::fs::OFlags::NOCTTY,
            rustix::fs::Mode::empty(),
        )
        .expect("slave side");
        let mut t = rustix::termios::tcgetattr(&slave).expect("tcgetattr");
        t.make_raw();
        rustix::termios::tcsetattr(&slave, rustix::termios::OptionalActions::Now, &t)
            .expect("tcsetattr");
        let thread = std::thread::spawn(move || {
            let mut master = File::from(master);
            let mut line = Vec::new();
            let mut buf = [0u8; 1024];
            while let Ok(n @ 1..) = master.read(&mut buf) {
                for &b in &buf[..n] {
                    if b != b'\r' {
                        line.push(b);
                        continue;
                    }
                    let text = String::from_utf8_lossy(&line).into_owned();
                    line.clear();
                    let answer = answer(&mut card, &text);
                    if master.write_all(answer.as_bytes()).is_err() {
                        return;
                    }
                }
            }
        });
        Modem {
            path,
            slave: Some(slave),
            thread: Some(thread),
        }
    }

    fn path(&self) -> &str {
        self.path.to_str().expect("a UTF-8 path")
    }
}

impl Drop for Modem {
    fn drop(&mut self) {
        drop(self.slave.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// What the modem answers to one command line: echo, `+CREG`, then the card's answer.
fn answer(card: &mut Card<Euicc>, line: &str) -> String {
    let Some(csim) = line.strip_prefix("AT+CSIM=") else {
        return format!("{line}\r\n\r\nOK\r\n");
    };
    let apdu = csim
        .split_once(',')
        .and_then(|(_, hex)| hex.strip_prefix('"')?.strip_suffix('"').map(str::to_string))
        .and_then(|hex| hex::decode(hex).ok());
    match apdu {
        Some(apdu) => {
            let response = hex::encode_upper(card.transmit(&apdu));
            format!(
                "{line}\r\n\r\n+CREG: 1\r\n\r\n+CSIM: {},\"{response}\"\r\n\r\nOK\r\n",
                response.len()
            )
        }
        None => format!("{line}\r\n\r\nERROR\r\n"),
    }
}

#[test]
fn ipa_and_lpa_over_a_modem_reach_the_eim_and_the_card() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    ok(dir, &["certs", "generate", "--out", "pki"]);
    let pki = dir.join("pki");
    let (esipa_port, api_port) = (free_port(), free_port());
    let _server = EimServer::start(dir, esipa_port, api_port, &[]);
    let api = api_client(&pki, api_port, Some(operator_identity(&pki)));
    let eim = api.get("/v1/eim");
    let config = eim["eimConfigurationData"].as_str().expect("configuration");
    std::fs::write(dir.join("eim.hex"), config).unwrap();
    ok(
        dir,
        &[
            "euicc",
            "--state",
            "iot.json",
            "init",
            "--pki",
            "pki",
            "--eim-config",
            "eim.hex",
        ],
    );
    let info: Value = serde_json::from_str(&ok(
        dir,
        &["euicc", "--state", "iot.json", "info", "--json"],
    ))
    .expect("info --json");
    let eid = info["eid"].as_str().expect("eid").to_string();
    api.post("/v1/devices", &json!({ "eid": eid }), 201);
    let operation = api.post(
        &format!("/v1/devices/{eid}/operations"),
        &json!({"type": "listProfiles"}),
        202,
    );
    let op_id = operation["id"].as_str().expect("operation id").to_string();

    let modem = Modem::start(&dir.join("iot.json"));
    let resolve = format!("{EIM_HOST}:{esipa_port}:127.0.0.1");
    let ca = "pki/CertificateIssuer/CERT_CI_ECDSA_NIST.pem";
    let ipa = [
        "ipa",
        "--modem",
        modem.path(),
        "run",
        "--once",
        "--ca",
        ca,
        "--resolve",
        &resolve,
    ];
    let out = ok(dir, &ipa);
    assert!(
        out.lines().any(|l| l.contains("\"kind\":\"euiccPackage\"")),
        "the eUICC package was executed through the modem: {out}"
    );
    let done = api.get(&format!("/v1/operations/{op_id}"));
    assert_eq!(done["state"], "done", "{done}");

    let listed = ok(dir, &["lpa", "--modem", modem.path(), "--json", "list"]);
    let listed: Value = serde_json::from_str(&listed).expect("list --json");
    assert_eq!(listed, json!([]), "a new IoT eUICC holds no profile");

    // Without TLS roots, a card outside rsp-lab cannot name them itself.
    let o = rsp_lab(dir, &["ipa", "--modem", modem.path(), "run", "--once"]);
    assert_one_line_error(&o, "a card in a reader or a modem: give --ca FILE");
}

#[test]
fn a_modem_that_is_not_there_or_not_a_modem_is_one_clear_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let o = rsp_lab(
        dir,
        &["lpa", "--modem", "/dev/rsp-lab-no-such-modem", "list"],
    );
    assert_one_line_error(
        &o,
        "modem /dev/rsp-lab-no-such-modem: No such file or directory",
    );
    std::fs::write(dir.join("plain"), b"").unwrap();
    let o = rsp_lab(dir, &["lpa", "--modem", "plain", "list"]);
    assert_one_line_error(&o, "modem plain: not a serial line");
    // one card at a time
    let o = rsp_lab(
        dir,
        &["lpa", "--modem", "plain", "--state", "e.json", "list"],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("cannot be used with"), "{}", stderr(&o));
}

/// SGP.22 3.1.3 through a modem: the LPA downloads an ES2+ order with an Activation Code and
/// enables the profile, every ES10 function as STORE DATA chains in `AT+CSIM`.
#[test]
fn lpa_downloads_and_enables_over_a_modem() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    pki_and_inventory(dir, "global", 1);
    let server = SmdpServer::start(dir, &[]);
    ok(dir, &["euicc", "--state", "e.json", "init", "--pki", "pki"]);
    let info = ok_json(dir, &["euicc", "--state", "e.json", "info", "--json"]);
    let eid = info["eid"].as_str().expect("eid").to_string();
    let es2_url = format!("https://smdp.rsp-lab.test:{}", server.es2.port());
    let es2_resolve = server.es2.to_string();
    let es2 = |args: &[&str]| -> Value {
        let mut all = vec![
            "es2",
            "--pki",
            "pki",
            "--smdp",
            &es2_url,
            "--resolve",
            &es2_resolve,
        ];
        all.extend_from_slice(args);
        ok_json(dir, &all)
    };
    let order = es2(&["download-order", "--eid", &eid, "--profile-type", "global"]);
    let iccid = order["iccid"].as_str().expect("iccid").to_string();
    let confirm = es2(&["confirm-order", "--iccid", &iccid, "--eid", &eid]);
    let mid = confirm["matchingId"]
        .as_str()
        .expect("matchingId")
        .to_string();

    let modem = Modem::start(&dir.join("e.json"));
    let resolve = format!("smdp.rsp-lab.test:443:{}", server.es9);
    let ca = "pki/CertificateIssuer/CERT_CI_ECDSA_NIST.pem";
    let lpa = |args: &[&str]| -> String {
        let mut all = vec![
            "lpa",
            "--modem",
            modem.path(),
            "--ca",
            ca,
            "--resolve",
            &resolve,
        ];
        all.extend_from_slice(args);
        ok(dir, &all)
    };
    let ac = format!("LPA:1$smdp.rsp-lab.test${mid}");
    let out = lpa(&["download", "--ac", &ac]);
    assert!(out.contains(&format!("installed profile {iccid}")), "{out}");
    assert!(
        out.contains("delivered, removed"),
        "install notification: {out}"
    );
    let out = lpa(&["enable", &iccid]);
    assert!(out.contains(&format!("profile {iccid} enabled")), "{out}");
    let listed: Value = serde_json::from_str(&lpa(&["--json", "list"])).expect("list --json");
    assert_eq!(listed[0]["iccid"], iccid.as_str(), "{listed}");
    assert_eq!(listed[0]["state"], "enabled", "{listed}");
    drop(modem);
    // the software eUICC behind the modem kept it
    let info = ok_json(dir, &["euicc", "--state", "e.json", "info", "--json"]);
    assert_eq!(iccids(&info["profiles"]), vec![iccid], "{info}");
}
