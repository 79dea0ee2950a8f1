//! The admin server's answers on the wire, and the POSTs it refuses without a script (GP
//! Amendment B 3.4; RFC 9110 15.5 for the status codes).

use scp81::admin::server::{AdminServerConfig, Framing, Next, SessionEnd};

use crate::support::{
    Scripted, WireResponse, admin_server, card_stream, dechunk, exchange_raw, script,
};

const FROM: &str =
    "//se-id/eid/89049032123456789012345678901234;//aa-id/aid/A000000559/1010FFFFFFFF8900000100";

fn first_post(extra: &str) -> Vec<u8> {
    format!(
        "POST /gp/admin HTTP/1.1\r\nHost: smsr\r\nX-Admin-Protocol: globalplatform-remote-admin/1.0\r\n\
         X-Admin-From: {FROM}\r\n{extra}Content-Length: 0\r\n\r\n"
    )
    .into_bytes()
}

fn report_post(uri: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut req = format!(
        "POST {uri} HTTP/1.1\r\nHost: smsr\r\nX-Admin-Protocol: globalplatform-remote-admin/1.0\r\n\
         X-Admin-From: {FROM}\r\n{headers}Content-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    req.extend_from_slice(body);
    req
}

const RESPONSE_TYPE: &str =
    "Content-Type: application/vnd.globalplatform.card-content-mgt-response;version=1.0\r\n";

/// Sends `requests` in turn on one connection; the answers, and the server's report.
async fn session(
    config: AdminServerConfig,
    scripts: Vec<Next>,
    requests: &[Vec<u8>],
) -> (
    Vec<WireResponse>,
    scp81::admin::server::SessionReport<Scripted>,
) {
    let (addr, server) = admin_server(config, Scripted::new(scripts)).await;
    let mut card = card_stream(addr).await;
    let mut answers = Vec::new();
    for r in requests {
        answers.push(exchange_raw(&mut card, r).await);
    }
    drop(card);
    (answers, server.await.unwrap().unwrap())
}

fn one_script(framing: Framing) -> (AdminServerConfig, Vec<Next>) {
    let config = AdminServerConfig {
        framing,
        ..Default::default()
    };
    (
        config,
        vec![Next::Script {
            body: script(&[0x80, 0xCA, 0x00, 0x85]),
            targeted_application: None,
        }],
    )
}

#[tokio::test]
async fn a_chunked_script_on_the_wire() {
    let (config, scripts) = one_script(Framing::Chunked);
    let (answers, _) = session(config, scripts, &[first_post("")]).await;
    let a = &answers[0];
    assert_eq!(a.status(), 200);
    assert!(a.has("transfer-encoding: chunked"), "{}", a.head);
    assert!(a.has("x-admin-protocol: globalplatform-remote-admin/1.0"));
    assert!(a.has("content-type: application/vnd.globalplatform.card-content-mgt;version=1.0"));
    assert!(a.has("x-admin-next-uri: /gp/next/1"));
    assert!(!a.head.contains("x-admin-targeted-application"));
    assert_eq!(dechunk(&a.raw_body), script(&[0x80, 0xCA, 0x00, 0x85]));
}

#[tokio::test]
async fn a_content_length_script_then_204_on_the_wire() {
    let (config, scripts) = one_script(Framing::ContentLength);
    let report = report_post(
        "/gp/next/1",
        &format!("X-Admin-Script-Status: ok\r\n{RESPONSE_TYPE}"),
        &[0xAF, 0x80, 0x00, 0x00],
    );
    let (answers, server) = session(config, scripts, &[first_post(""), report]).await;
    assert!(answers[0].has("content-length: 10"), "{}", answers[0].head);
    assert_eq!(answers[0].raw_body, script(&[0x80, 0xCA, 0x00, 0x85]));
    assert_eq!(answers[1].status(), 204);
    assert!(answers[1].raw_body.is_empty());
    assert!(answers[1].has("connection: close"));
    assert_eq!(server.end, SessionEnd::Done);
    assert_eq!(
        server.handler.seen[1].body.as_ref(),
        &[0xAF, 0x80, 0x00, 0x00]
    );
}

/// Asserts `answers`' last is a script-less `status` and the session ended on it.
fn refused(
    answers: &[WireResponse],
    server: &scp81::admin::server::SessionReport<Scripted>,
    status: u16,
) {
    let last = answers.last().unwrap();
    assert_eq!(last.status(), status, "{}", last.head);
    assert!(!last.head.contains("content-type"), "{}", last.head);
    assert!(!last.head.contains("x-admin-next-uri"), "{}", last.head);
    assert!(last.has("connection: close"));
    assert_eq!(server.end, SessionEnd::Refused(status));
}

#[tokio::test]
async fn a_post_without_x_admin_protocol_is_400() {
    let req = format!(
        "POST /gp/admin HTTP/1.1\r\nHost: smsr\r\nX-Admin-From: {FROM}\r\nContent-Length: 0\r\n\r\n"
    );
    let (config, scripts) = one_script(Framing::Chunked);
    let (answers, server) = session(config, scripts, &[req.into_bytes()]).await;
    refused(&answers, &server, 400);
    assert!(server.handler.seen.is_empty());
}

#[tokio::test]
async fn bad_admin_headers_are_400() {
    for (extra, second) in [
        ("X-Admin-Resume: maybe\r\n", None),
        (
            "",
            Some(report_post(
                "/gp/next/1",
                RESPONSE_TYPE,
                b"\xAF\x80\x00\x00",
            )),
        ),
        (
            "",
            Some(report_post(
                "/gp/next/1",
                "X-Admin-Script-Status: fine\r\n",
                b"",
            )),
        ),
        (
            "",
            Some(report_post(
                "/gp/next/1",
                "X-Admin-Script-Status: ok\r\nContent-Type: text/plain\r\n",
                b"\xAF\x80\x00\x00",
            )),
        ),
    ] {
        let (config, scripts) = one_script(Framing::Chunked);
        let mut requests = vec![first_post(extra)];
        requests.extend(second);
        let (answers, server) = session(config, scripts, &requests).await;
        refused(&answers, &server, 400);
    }
}

#[tokio::test]
async fn a_post_to_another_uri_than_the_next_uri_is_404() {
    let (config, scripts) = one_script(Framing::Chunked);
    let wrong = report_post(
        "/gp/next/7",
        &format!("X-Admin-Script-Status: ok\r\n{RESPONSE_TYPE}"),
        b"",
    );
    let (answers, server) = session(config, scripts, &[first_post(""), wrong]).await;
    refused(&answers, &server, 404);
    assert_eq!(server.handler.seen.len(), 1);
}

#[tokio::test]
async fn another_method_is_405() {
    let get = format!(
        "GET /gp/admin HTTP/1.1\r\nHost: smsr\r\nX-Admin-Protocol: globalplatform-remote-admin/1.0\r\nX-Admin-From: {FROM}\r\n\r\n"
    );
    let (config, scripts) = one_script(Framing::Chunked);
    let (answers, server) = session(config, scripts, &[get.into_bytes()]).await;
    refused(&answers, &server, 405);
}

#[tokio::test]
async fn a_body_over_the_limit_is_413_announced_or_chunked() {
    let big = vec![0xAB; 2048];
    let status = format!("X-Admin-Script-Status: ok\r\n{RESPONSE_TYPE}");
    let announced = report_post("/gp/next/1", &status, &big);
    let mut chunked = format!(
        "POST /gp/next/1 HTTP/1.1\r\nHost: smsr\r\nX-Admin-Protocol: globalplatform-remote-admin/1.0\r\n\
         X-Admin-From: {FROM}\r\n{status}Transfer-Encoding: chunked\r\n\r\n"
    )
    .into_bytes();
    for part in big.chunks(512) {
        chunked.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
        chunked.extend_from_slice(part);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    for second in [announced, chunked] {
        let (mut config, scripts) = one_script(Framing::Chunked);
        config.max_body = 1024;
        let (answers, server) = session(config, scripts, &[first_post(""), second]).await;
        refused(&answers, &server, 413);
        assert_eq!(server.handler.seen.len(), 1);
    }
}

#[tokio::test]
async fn a_head_with_too_many_fields_is_431_and_an_error() {
    let (addr, server) = admin_server(AdminServerConfig::default(), Scripted::default()).await;
    let mut card = card_stream(addr).await;
    let fields: String = (0..40).map(|i| format!("X-Filler-{i}: x\r\n")).collect();
    let req = format!("POST /gp/admin HTTP/1.1\r\nHost: smsr\r\n{fields}\r\n");
    let answer = exchange_raw(&mut card, req.as_bytes()).await;
    assert_eq!(answer.status(), 431);
    let r = server.await.unwrap();
    assert!(matches!(r, Err(scp81::admin::AdminError::Http(_))), "{r:?}");
}
