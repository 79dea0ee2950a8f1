//! libcoap's `coap-client` (Debian `libcoap3-bin`, an independent CoAP implementation)
//! against our server: a POST answered in one piece, and one whose request and response
//! both go in blocks (RFC 7959). Skipped with a notice where the tool is not installed
//! (CI installs it).

use std::path::Path;
use std::process::Output;

use coaps::{Handler, Peer, Request, Response, ResponseType, ServerConfig};

/// Answers a POST with its payload reversed, Content-Format 42 (application/octet-stream).
#[derive(Clone)]
struct Reverse;

impl Handler for Reverse {
    async fn handle(&self, _peer: Peer, request: Request) -> Response {
        if request.path != "/gsma/rsp2/asn1" {
            return Response::empty(ResponseType::NotFound);
        }
        let mut payload = request.payload;
        payload.reverse();
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
    let out = tokio::process::Command::new(tool)
        .args(args)
        .output()
        .await
        .expect("coap-client runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
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
    for (body, block) in [
        ((0..100u8).collect::<Vec<u8>>(), None),
        ((0..3000u32).map(|i| (i % 251) as u8).collect(), Some("64")),
    ] {
        let args = post(dir.path(), &url, &body, block);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run(tool, &args).await;
        let got = std::fs::read(dir.path().join("out.bin")).unwrap();
        let mut expected = body.clone();
        expected.reverse();
        assert_eq!(got, expected, "block size {block:?}");
    }
    server.shutdown().await;
}
