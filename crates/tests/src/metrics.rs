//! Scraping a server's `GET /metrics` in tests (the guide's "Metrics").

use std::net::SocketAddr;

use infra::metrics::exposition::{self, Sample};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// `GET /metrics` over plain HTTP/1.1: the content type and the body.
pub async fn get_metrics(addr: SocketAddr, accept: &str) -> (String, String) {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "GET /metrics HTTP/1.1\r\nhost: {addr}\r\naccept: {accept}\r\nconnection: close\r\n\r\n"
    );
    s.write_all(request.as_bytes()).await.unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).await.unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").expect("an HTTP answer");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let content_type = head
        .lines()
        .find_map(|l| l.strip_prefix("content-type: "))
        .expect("a content type");
    (content_type.to_string(), body.to_string())
}

/// One scrape: the samples of the Prometheus text (checked against its grammar).
pub async fn scrape(addr: SocketAddr) -> Vec<Sample> {
    let (content_type, text) = get_metrics(addr, "*/*").await;
    assert_eq!(content_type, exposition::PROMETHEUS_TEXT);
    exposition::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// The SM-DP+'s count of TLS handshakes on one of its listeners (`es9plus`, `es2plus`):
/// the connections its clients opened.
pub async fn smdp_tls_handshakes(addr: SocketAddr, listener: &str) -> f64 {
    let samples = scrape(addr).await;
    exposition::value(
        &samples,
        "smdp_tls_handshakes_total",
        &[("listener", listener)],
    )
}
