//! The `openssl` command as the peer: `s_client` against our server, our client against
//! `s_server` (PSK-TLS of SGP.02 2.4.4 between independent implementations). Skipped with a
//! notice when the command is absent, except under `CI=true`.

use std::process::Stdio;
use std::time::Duration;

use scp81::admin::server::{AdminServerConfig, Next, SessionEnd};
use scp81::tls::negotiated_suite;
use scp81::{CipherSuite, TlsError};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::process::Command;

use crate::support::{FIRST_POST, KEY, Scripted, admin_server, connector, identity, script};

/// Whether `openssl` runs here; absent, the test is skipped, unless on CI.
fn have_openssl() -> bool {
    let found = std::process::Command::new("openssl")
        .arg("version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "the openssl command is required on CI"
        );
        eprintln!("notice: no openssl command; interop test skipped");
    }
    found
}

/// Runs `s_client` with `cipher` against a server answering with `next`: its output.
async fn s_client_session(
    cipher: &str,
    next: Next,
) -> (Vec<u8>, scp81::admin::server::SessionReport<Scripted>) {
    let (addr, server) = admin_server(AdminServerConfig::default(), Scripted::new([next])).await;
    let mut child = Command::new("openssl")
        .args(["s_client", "-tls1_2", "-quiet", "-no_ign_eof"])
        .args([
            "-psk",
            &hex::encode(KEY),
            "-psk_identity",
            &identity().to_text(),
        ])
        .args(["-cipher", cipher, "-connect", &addr.to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(FIRST_POST.as_bytes()).await.unwrap();
    stdin.flush().await.unwrap();
    let mut out = Vec::new();
    let mut stdout = child.stdout.take().unwrap();
    tokio::time::timeout(Duration::from_secs(30), stdout.read_to_end(&mut out))
        .await
        .expect("safety net: s_client went silent")
        .unwrap();
    drop(stdin);
    let report = server.await.unwrap().unwrap();
    (out, report)
}

#[tokio::test]
async fn s_client_gcm_reads_our_204() {
    if !have_openssl() {
        return;
    }
    let (out, report) = s_client_session("PSK-AES128-GCM-SHA256", Next::Done).await;
    let text = String::from_utf8_lossy(&out);
    assert!(text.starts_with("HTTP/1.1 204 No Content\r\n"), "{text}");
    assert_eq!(report.end, SessionEnd::Done);
    assert_eq!(
        report.handler.seen[0].peer_identity,
        identity().to_text().into_bytes()
    );
}

#[tokio::test]
async fn s_client_cbc_sha256_reads_our_last_script() {
    if !have_openssl() {
        return;
    }
    let body = script(&[0x80, 0xCA, 0x00, 0x85]);
    let next = Next::LastScript {
        body: body.clone(),
        targeted_application: None,
    };
    let (out, report) = s_client_session("PSK-AES128-CBC-SHA256", next).await;
    let text = String::from_utf8_lossy(&out).to_lowercase();
    assert!(text.starts_with("http/1.1 200 ok\r\n"), "{text}");
    assert!(
        text.contains("content-type: application/vnd.globalplatform.card-content-mgt;version=1.0")
    );
    assert!(!text.contains("x-admin-next-uri"));
    // the script, chunked: "A\r\n" + 10 octets + "\r\n0\r\n\r\n"
    let mut chunked = b"A\r\n".to_vec();
    chunked.extend_from_slice(&body);
    chunked.extend_from_slice(b"\r\n0\r\n\r\n");
    assert!(
        out.ends_with(&chunked),
        "{}",
        hex::encode(&out[out.len().saturating_sub(40)..])
    );
    assert_eq!(report.end, SessionEnd::LastScript);
}

/// Starts `s_server` with `key`; the child and the address it listens on.
async fn s_server(key: &[u8]) -> (tokio::process::Child, String) {
    let mut child = Command::new("openssl")
        .args(["s_server", "-tls1_2", "-nocert", "-www", "-naccept", "1"])
        .args([
            "-psk",
            &hex::encode(key),
            "-psk_identity",
            &identity().to_text(),
        ])
        .args(["-cipher", "PSK-AES128-GCM-SHA256:PSK-AES128-CBC-SHA256"])
        .args(["-accept", "127.0.0.1:0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = tokio::time::timeout(Duration::from_secs(30), async {
        while let Some(line) = lines.next_line().await.unwrap() {
            if let Some(a) = line.strip_prefix("ACCEPT ") {
                return a.to_owned();
            }
        }
        panic!("s_server ended without listening");
    })
    .await
    .expect("safety net: s_server did not listen");
    (child, addr)
}

#[tokio::test]
async fn our_client_completes_a_handshake_with_s_server() {
    if !have_openssl() {
        return;
    }
    let (_child, addr) = s_server(&KEY).await;
    let tcp = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let card = connector(&CipherSuite::SGP02, identity().to_text().as_bytes(), &KEY);
    let mut tls = card.connect(tcp).await.unwrap();
    assert_eq!(negotiated_suite(&tls), Some(CipherSuite::Aes128GcmSha256));
    tls.write_all(b"GET / HTTP/1.0\r\n\r\n").await.unwrap();
    let mut page = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(30), tls.read_to_end(&mut page)).await;
    read.expect("safety net: s_server went silent").ok();
    let page = String::from_utf8_lossy(&page);
    assert!(page.starts_with("HTTP/1.0 200 ok"), "{page}");
    assert!(page.contains("Cipher is PSK-AES128-GCM-SHA256"), "{page}");
}

#[tokio::test]
async fn s_server_refuses_our_client_with_another_key() {
    if !have_openssl() {
        return;
    }
    let (_child, addr) = s_server(&[0x5A; 16]).await;
    let tcp = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let card = connector(&CipherSuite::SGP02, identity().to_text().as_bytes(), &KEY);
    let r = card.connect(tcp).await;
    assert!(matches!(r, Err(TlsError::AlertReceived(20))), "{r:?}");
}

/// Runs `s_client` with `args` against a bare acceptor: the acceptor's verdict.
async fn s_client_handshake(args: &[&str]) -> Result<(), TlsError> {
    let (listener, addr) = crate::support::listen().await;
    let mut child = Command::new("openssl")
        .args(["s_client", "-quiet", "-connect", &addr.to_string()])
        .args(["-psk_identity", &identity().to_text()])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let (tcp, _) = listener.accept().await.unwrap();
    let verdict = crate::support::acceptor(&CipherSuite::SGP02)
        .accept(tcp)
        .await
        .map(drop);
    child.kill().await.ok();
    verdict
}

#[tokio::test]
async fn our_server_refuses_s_client_with_another_key_or_tls_1_1() {
    if !have_openssl() {
        return;
    }
    let other = hex::encode([0x5A; 16]);
    let wrong_key = [
        "-tls1_2",
        "-psk",
        &other,
        "-cipher",
        "PSK-AES128-GCM-SHA256",
    ];
    assert!(matches!(
        s_client_handshake(&wrong_key).await,
        Err(TlsError::BadRecordMac)
    ));
    let key = hex::encode(KEY);
    let old = [
        "-tls1_1",
        "-psk",
        &key,
        "-cipher",
        "PSK-AES128-CBC-SHA:@SECLEVEL=0",
    ];
    let r = s_client_handshake(&old).await;
    assert!(
        matches!(&r, Err(TlsError::Protocol(m)) if m.contains("unsupported protocol")),
        "{r:?}"
    );
}

/// Runs one `s_client` handshake asking to save its session to `saved`: its stdout.
async fn s_client_saving_session(addr: std::net::SocketAddr, saved: &std::path::Path) -> String {
    let out = Command::new("openssl")
        .args(["s_client", "-tls1_2", "-connect", &addr.to_string()])
        .args([
            "-psk",
            &hex::encode(KEY),
            "-psk_identity",
            &identity().to_text(),
        ])
        .arg("-sess_out")
        .arg(saved)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .output();
    let out = tokio::time::timeout(Duration::from_secs(30), out)
        .await
        .expect("safety net: s_client went silent")
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test]
async fn our_server_hands_out_nothing_to_resume() {
    if !have_openssl() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("session.pem");
    let (listener, addr) = crate::support::listen().await;
    let server = tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.unwrap();
        let acceptor = crate::support::acceptor(&CipherSuite::SGP02);
        acceptor
            .accept(tcp)
            .await
            .map(|tls| tls.ssl().session_reused())
    });
    let out = s_client_saving_session(addr, &saved).await;
    assert!(
        out.contains("New, TLSv1.2, Cipher is PSK-AES128-GCM-SHA256"),
        "{out}"
    );
    // no session ID (no cache) and no ticket: s_client has nothing it could resume
    assert!(out.lines().any(|l| l.trim() == "Session-ID:"), "{out}");
    assert!(!out.contains("TLS session ticket"), "{out}");
    assert!(!saved.exists());
    assert_eq!(server.await.unwrap().ok(), Some(false));
}
