//! libcoap's `coap-client` (Debian `libcoap3-bin`, an independent CoAP implementation)
//! against our server: a POST answered in one piece, and one whose request and response
//! both go in blocks (RFC 7959). Skipped with a notice where the tool is not installed
//! (CI installs it).

use std::path::Path;
use std::process::Output;

use coaps::{Handler, Peer, Request, Response, ResponseType, ServerConfig};

mod common;
use common::issued;

/// Answers a POST with its payload reversed after the peer's PSK identity and `:`,
/// Content-Format 42 (application/octet-stream).
#[derive(Clone)]
struct Reverse;

impl Handler for Reverse {
    async fn handle(&self, peer: Peer, request: Request) -> Response {
        if request.path != "/gsma/rsp2/asn1" {
            return Response::empty(ResponseType::NotFound);
        }
        let mut reversed = request.payload;
        reversed.reverse();
        let mut payload = peer
            .identity
            .map(|i| [i, b":".to_vec()].concat())
            .unwrap_or_default();
        payload.extend(reversed);
        Response {
            code: ResponseType::Changed,
            content_format: Some(42),
            payload,
        }
    }
}

/// The client binary, or `None` with a notice.
fn client() -> Option<&'static str> {
    let tool = "coap-client-openssl";
    let found = std::process::Command::new(tool).arg("-h").output().is_ok();
    if !found {
        eprintln!("notice: no {tool} (Debian libcoap3-bin); the libcoap test is skipped");
    }
    found.then_some(tool)
}

async fn run(tool: &str, args: &[&str]) -> Output {
    tokio::process::Command::new(tool)
        .args(args)
        .output()
        .await
        .expect("coap-client runs")
}

/// The answer `coap-client` wrote, after checking it exited well.
fn answer(out: &Output, dir: &Path) -> Vec<u8> {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read(dir.join("out.bin")).unwrap()
}

/// A body in one piece, and one in 64-octet blocks both ways.
fn bodies() -> [(Vec<u8>, Option<&'static str>); 2] {
    [
        ((0..100u8).collect(), None),
        ((0..3000u32).map(|i| (i % 251) as u8).collect(), Some("64")),
    ]
}

/// What [`Reverse`] answers to `body` with `prefix`.
fn reversed(prefix: &[u8], body: &[u8]) -> Vec<u8> {
    let mut r = body.to_vec();
    r.reverse();
    [prefix, &r].concat()
}

/// `coap-client`'s arguments for a POST of `body` to `url`, the answer into `out.bin`.
fn post(dir: &Path, url: &str, body: &[u8], block: Option<&str>) -> Vec<String> {
    let input = dir.join("in.bin");
    std::fs::write(&input, body).unwrap();
    let output = dir.join("out.bin");
    let mut args = vec![
        "-m".to_string(),
        "post".into(),
        "-B".into(),
        "10".into(),
        "-f".into(),
        input.display().to_string(),
        "-o".into(),
        output.display().to_string(),
    ];
    if let Some(b) = block {
        args.extend(["-b".to_string(), b.to_string()]);
    }
    args.push(url.to_string());
    args
}

#[tokio::test]
async fn libcoap_posts_in_one_piece_and_in_blocks() {
    let Some(tool) = client() else { return };
    let server = coaps::serve_plain("127.0.0.1:0", ServerConfig::default(), Reverse)
        .await
        .unwrap();
    let url = format!("coap://{}/gsma/rsp2/asn1", server.local_addr());
    let dir = tempfile::tempdir().unwrap();
    for (body, block) in bodies() {
        let args = post(dir.path(), &url, &body, block);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(tool, &args).await;
        assert_eq!(
            answer(&out, dir.path()),
            reversed(b"", &body),
            "block size {block:?}"
        );
    }
    server.shutdown().await;
}

const IDENTITY: &str = "device-0001";
const KEY: &str = "secret-psk-0001";

fn dtls() -> coaps::DtlsConfig {
    coaps::DtlsConfig {
        psks: [(IDENTITY.as_bytes().to_vec(), KEY.as_bytes().to_vec())].into(),
        certificate: None,
    }
}

/// RFC 7252 9.1.3.1: PSK-AES128-CCM8 with the device's identity; the application learns
/// the identity; a wrong key or an unknown identity gets no answer.
#[tokio::test]
async fn libcoap_over_dtls_with_a_psk_and_without_the_right_one() {
    let Some(tool) = client() else { return };
    let server = coaps::dtls::serve("127.0.0.1:0", ServerConfig::default(), dtls(), Reverse)
        .await
        .unwrap();
    let url = format!("coaps://{}/gsma/rsp2/asn1", server.local_addr());
    let dir = tempfile::tempdir().unwrap();
    for (body, block) in bodies() {
        let mut args = post(dir.path(), &url, &body, block);
        args.splice(0..0, ["-u", IDENTITY, "-k", KEY].map(String::from));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(tool, &args).await;
        let expected = reversed(format!("{IDENTITY}:").as_bytes(), &body);
        assert_eq!(answer(&out, dir.path()), expected, "block size {block:?}");
    }
    for (identity, key) in [(IDENTITY, "another-key"), ("device-9999", KEY)] {
        let _ = std::fs::remove_file(dir.path().join("out.bin"));
        let mut args = post(dir.path(), &url, b"x", None);
        args.splice(
            0..0,
            ["-u", identity, "-k", key, "-B", "3"].map(String::from),
        );
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run(tool, &args).await;
        let got = std::fs::read(dir.path().join("out.bin")).unwrap_or_default();
        assert!(got.is_empty(), "{identity}/{key} was answered: {got:?}");
    }
    server.shutdown().await;
}

/// RFC 7252 9.1.3.3: the certificate mode (ECDHE-ECDSA-AES128-CCM8), libcoap checking the
/// server's certificate chain against the trusted root it is given; under another root it
/// sends nothing.
#[tokio::test]
async fn libcoap_over_dtls_with_the_servers_certificate() {
    let Some(tool) = client() else { return };
    let server_pki = issued("eim.rsp-lab.test");
    let dtls = coaps::DtlsConfig {
        psks: Default::default(),
        certificate: Some((vec![server_pki.cert], server_pki.key)),
    };
    let server = coaps::dtls::serve("127.0.0.1:0", ServerConfig::default(), dtls, Reverse)
        .await
        .unwrap();
    let url = format!("coaps://{}/gsma/rsp2/asn1", server.local_addr());
    let dir = tempfile::tempdir().unwrap();
    let (root, other) = (dir.path().join("root.pem"), dir.path().join("other.pem"));
    std::fs::write(&root, server_pki.root).unwrap();
    std::fs::write(&other, issued("eim.rsp-lab.test").root).unwrap();
    for (body, block) in bodies() {
        let mut args = post(dir.path(), &url, &body, block);
        args.splice(0..0, ["-R".into(), root.display().to_string()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(tool, &args).await;
        assert_eq!(
            answer(&out, dir.path()),
            reversed(b"", &body),
            "block size {block:?}"
        );
    }
    let _ = std::fs::remove_file(dir.path().join("out.bin"));
    let mut args = post(dir.path(), &url, b"x", None);
    args.splice(
        0..0,
        [
            "-R".into(),
            other.display().to_string(),
            "-B".into(),
            "3".into(),
        ],
    );
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run(tool, &args).await;
    let got = std::fs::read(dir.path().join("out.bin")).unwrap_or_default();
    assert!(got.is_empty(), "answered under another root: {got:?}");
    server.shutdown().await;
}
