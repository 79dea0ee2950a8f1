//! Interoperability with an independent SMPP implementation: the PyPI package smpplib
//! (pinned in tools/crosscheck/requirements.txt) binds to this SMSC, submits to the address
//! a Rust ESME is bound as, and receives a deliver_sm the Rust ESME submitted to it.
//!
//! The Python comes from `$RSP_PYTHON`, else `<workspace>/.venv/bin/python`. Without one that
//! imports smpplib the test skips with a notice, except in CI (`CI=true`), where it fails.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use smpp::pdu::ShortMessage;
use smpp::smsc::Account;
use tokio::process::{Child, Command};

use crate::support::{DEVICE, SAFETY_NET, device, lab_config, next, ota_sms, start};

const PEER_ADDRESS: &str = "882351";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A Python that imports smpplib, or the reason there is none.
async fn python() -> Result<PathBuf, String> {
    let mut tried: Vec<PathBuf> = std::env::var_os("RSP_PYTHON")
        .map(PathBuf::from)
        .into_iter()
        .collect();
    tried.push(workspace().join(".venv/bin/python"));
    for candidate in &tried {
        let probe = Command::new(candidate)
            .args(["-c", "import smpplib.client"])
            .output()
            .await;
        if probe.is_ok_and(|o| o.status.success()) {
            return Ok(candidate.clone());
        }
    }
    Err(format!(
        "no Python with smpplib (tried {}; set RSP_PYTHON, or pip install -r tools/crosscheck/requirements.txt)",
        tried
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

fn to_hex(octets: &[u8]) -> String {
    octets.iter().map(|b| format!("{b:02x}")).collect()
}

/// Starts the smpplib peer against the SMSC on `port`, submitting `user_data` to DEVICE.
fn spawn_peer(python: &Path, port: u16, user_data: &[u8]) -> Child {
    let script = workspace().join("tools/smpp/smpplib_peer.py");
    let port = port.to_string();
    let args = [
        "127.0.0.1",
        &port,
        "pyesme",
        "pypw",
        PEER_ADDRESS,
        DEVICE,
        &to_hex(user_data),
    ];
    Command::new(python)
        .arg(&script)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("the peer starts")
}

/// The peer's `key=value` report, once it has ended successfully.
async fn report(peer: Child) -> HashMap<String, String> {
    let output = tokio::time::timeout(SAFETY_NET, peer.wait_with_output())
        .await
        .expect("the peer ends in time")
        .expect("the peer's output");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

#[tokio::test]
async fn smpplib_binds_submits_and_receives() {
    let python = match python().await {
        Ok(python) => python,
        Err(why) if std::env::var("CI").as_deref() != Ok("true") => {
            eprintln!("skipping the smpplib interop test: {why}");
            return;
        }
        Err(why) => panic!("{why}"),
    };
    let mut config = lab_config();
    config.accounts.push(Account::new("pyesme", "pypw"));
    let smsc = start(config).await;
    let mut device = device(&smsc).await;

    // Stored until smpplib binds as PEER_ADDRESS.
    let mut to_peer = ota_sms(&[0xA0, 0x00, 0xFF, 0x01]);
    to_peer.source_addr = DEVICE.into();
    to_peer.destination_addr = PEER_ADDRESS.into();
    device
        .submit(to_peer.clone())
        .await
        .expect("stored for the peer");

    let from_peer = [0x02u8, 0x70, 0x00, 0x00, 0x10, 0x0D, 0x00, 0xFE, 0x80];
    let peer = spawn_peer(&python, smsc.local_addr().port(), &from_peer);
    let got = next(&mut device).await.accept();
    assert_eq!(got.short_message, from_peer);
    assert_eq!(
        (got.esm_class, got.protocol_id, got.data_coding),
        (0x40, 0x7F, 0xF6)
    );
    assert_eq!(got.source_addr, PEER_ADDRESS);

    let seen = report(peer).await;
    let seen = |key: &str| seen.get(key).cloned().unwrap_or_default();
    assert_eq!(seen("submit_status"), "0");
    assert_eq!(seen("message_id").len(), 16);
    assert_eq!(
        seen("deliver_short_message"),
        to_hex(&to_peer.short_message)
    );
    assert_eq!(seen("deliver_source"), DEVICE);
    assert_eq!(
        seen("deliver_esm_class"),
        ShortMessage::ESM_CLASS_UDHI.to_string()
    );
    assert_eq!(seen("deliver_protocol_id"), "127");
    assert_eq!(seen("deliver_data_coding"), "246");
    assert_eq!(seen("unbind_status"), "0");
    smsc.stop().await;
}
