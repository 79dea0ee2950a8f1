//! ES5 over HTTPS: the SM-SR's SCP81 admin server on loopback, with the EIS's real PSK
//! (`33…33`, KVN `40`, key id 1). The card's side is the `scp81` crate's admin agent over
//! `PskConnector`, answering each script as the ISD-R would.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use ota::script::{CommandScript, ResponseScript, ResponseTlv, ScriptForm};
use scp81::admin::agent::{AgentConfig, AgentEnd, AgentReport, run_agent};
use scp81::admin::{AdminFrom, ScriptStatus};
use scp81::{Aid, Psk, PskConnector, PskIdentity, TlsConfig};
use sm_sr::OperationState;
use sm_sr::es5::{DefaultNotification, NotificationType};
use tokio::net::TcpStream;

use crate::support::{AID1, AID2, EID, Lab, h};

/// A safety net for each wait, never an assertion.
const NET: Duration = Duration::from_secs(20);

async fn within<T>(f: impl Future<Output = T>) -> T {
    tokio::time::timeout(NET, f)
        .await
        .expect("within the safety net")
}

fn eid() -> [u8; 16] {
    hex::decode(EID).unwrap().try_into().unwrap()
}

/// The identity of the EIS's SCP81 key.
fn identity() -> Vec<u8> {
    PskIdentity::isd_r(eid(), 0x40, 1).to_text().into_bytes()
}

fn agent_config(notification: Option<Vec<u8>>) -> AgentConfig {
    let from = AdminFrom {
        eid: eid(),
        security_domain: Aid::isd_r(),
    };
    let mut c = AgentConfig::new("smsr", "/gp/admin", &from.to_string());
    c.notification = notification;
    c
}

/// One admin session with `psk`; the scripts the card received, and the report.
async fn session(
    addr: SocketAddr,
    psk: &[u8],
    config: &AgentConfig,
) -> Result<(Vec<Vec<u8>>, AgentReport), String> {
    let connector =
        PskConnector::new(&TlsConfig::default(), &identity(), Psk::new(psk).unwrap()).unwrap();
    let tcp = TcpStream::connect(addr).await.unwrap();
    let tls = connector.connect(tcp).await.map_err(|e| e.to_string())?;
    let mut received = Vec::new();
    let report = run_agent(tls, config, |s| {
        received.push(s.body.to_vec());
        (ScriptStatus::Ok, answer_9000(s.body))
    })
    .await
    .map_err(|e| e.to_string())?;
    Ok((received, report))
}

/// The response script of a card executing every command with `9000`.
fn answer_9000(script: &[u8]) -> Vec<u8> {
    let n = CommandScript::parse(script).unwrap().apdus().count();
    let mut items = vec![ResponseTlv::NumberOfCommands(n as u8)];
    items.extend((0..n).map(|_| ResponseTlv::RApdu(vec![0x90, 0x00])));
    ResponseScript {
        form: ScriptForm::Indefinite,
        items,
    }
    .encode()
    .unwrap()
}

#[tokio::test]
async fn an_enable_profile_goes_over_https_and_the_notification_completes_it() {
    let lab = Lab::with_scp81().await;
    let addr = lab.smsr.scp81_addr().expect("SCP81 listener");
    let op = lab.enable_p2().await;
    let psk = [0x33; 16];
    let (scripts, report) = within(session(addr, &psk, &agent_config(None)))
        .await
        .unwrap();
    assert_eq!(report.end, AgentEnd::NoContent);
    assert_eq!(
        scripts.iter().map(|s| h(s)).collect::<Vec<_>>(),
        vec![format!("AE80221A80E28800153A03124F10{AID2}0000")],
        "the queued script, expanded with indefinite length"
    );
    let after = lab.smsr.operation(&op.operation_id).await.unwrap().unwrap();
    assert_eq!(after.state, OperationState::AwaitingNotification);

    // The card rolled back: the notification comes with ?msg=, the confirmation goes back
    // in the same session, then the DELETE of P2 its POL2 (DISABLE: Auto-Delete) queues;
    // the operation fails.
    let n = DefaultNotification {
        eid: EID.into(),
        kind: NotificationType::ProfileChangeRolledBack,
        seq: 3,
        isd_p_aid: Some(hex::decode(AID1).unwrap()),
    };
    let config = agent_config(Some(n.encode()));
    let (scripts, _) = within(session(addr, &psk, &config)).await.unwrap();
    assert_eq!(
        scripts.iter().map(|s| h(s)).collect::<Vec<_>>(),
        vec![
            "AE80220C80E28900073A08044E0200030000".to_string(),
            format!("AE80221780E40080124F10{AID2}0000"),
        ]
    );
    let after = lab.smsr.operation(&op.operation_id).await.unwrap().unwrap();
    assert_eq!(after.state, OperationState::Failed);
    lab.smsr.shutdown().await;
}

#[tokio::test]
async fn a_wrong_psk_is_refused_at_the_handshake_and_nothing_changes() {
    let lab = Lab::with_scp81().await;
    let addr = lab.smsr.scp81_addr().expect("SCP81 listener");
    let op = lab.enable_p2().await;
    let refused = within(session(addr, &[0x34; 16], &agent_config(None))).await;
    assert!(refused.is_err(), "handshake refused: {refused:?}");
    let after = lab.smsr.operation(&op.operation_id).await.unwrap().unwrap();
    assert_eq!(after.state, OperationState::Sending);
    let pending = lab.smsr.pending_commands(16).await.unwrap();
    assert_eq!(pending.len(), 1, "the command is still queued");
    lab.smsr.shutdown().await;
}

#[tokio::test]
async fn another_eid_in_x_admin_from_gets_no_script() {
    let lab = Lab::with_scp81().await;
    let addr = lab.smsr.scp81_addr().expect("SCP81 listener");
    let op = lab.enable_p2().await;
    let mut config = agent_config(None);
    let other = AdminFrom {
        eid: [0x89; 16],
        security_domain: Aid::isd_r(),
    };
    config.from = other.to_string();
    let (scripts, _) = within(session(addr, &[0x33; 16], &config)).await.unwrap();
    assert!(scripts.is_empty());
    let after = lab.smsr.operation(&op.operation_id).await.unwrap().unwrap();
    assert_eq!(after.state, OperationState::Sending);
    lab.smsr.shutdown().await;
}

/// Whether the `openssl` command is there to play the card; CI must have it.
fn have_openssl() -> bool {
    let run = std::process::Command::new("openssl")
        .arg("version")
        .output();
    let ok = run.is_ok_and(|o| o.status.success());
    let on_ci = std::env::var("CI").is_ok_and(|v| v == "true");
    assert!(ok || !on_ci, "the openssl command is required on CI");
    if !ok {
        eprintln!("notice: no openssl command; the s_client test is skipped");
    }
    ok
}

#[tokio::test]
async fn openssl_s_client_with_the_eis_psk_gets_the_queued_script() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    if !have_openssl() {
        return;
    }
    let lab = Lab::with_scp81().await;
    let addr = lab.smsr.scp81_addr().expect("SCP81 listener");
    lab.enable_p2().await;
    let mut child = tokio::process::Command::new("openssl")
        .args(["s_client", "-tls1_2", "-quiet", "-no_ign_eof"])
        .args(["-psk", &"33".repeat(16), "-psk_identity"])
        .arg(PskIdentity::isd_r(eid(), 0x40, 1).to_text())
        .args([
            "-cipher",
            "PSK-AES128-GCM-SHA256",
            "-connect",
            &addr.to_string(),
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let post = format!(
        "POST /gp/admin HTTP/1.1\r\nHost: smsr\r\n\
         X-Admin-Protocol: globalplatform-remote-admin/1.0\r\nX-Admin-From: {}\r\n\
         Content-Length: 0\r\n\r\n",
        agent_config(None).from
    );
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(post.as_bytes()).await.unwrap();
    stdin.flush().await.unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut out = Vec::new();
    let want = hex::decode(format!("AE80221A80E28800153A03124F10{AID2}0000")).unwrap();
    within(async {
        let mut buf = [0u8; 1024];
        while !out.windows(want.len()).any(|w| w == want) {
            let n = stdout.read(&mut buf).await.unwrap();
            assert!(n > 0, "s_client ended before the script: {out:?}");
            out.extend_from_slice(&buf[..n]);
        }
    })
    .await;
    assert!(out.starts_with(b"HTTP/1.1 200"), "{out:?}");
    drop(stdin);
    lab.smsr.shutdown().await;
}
