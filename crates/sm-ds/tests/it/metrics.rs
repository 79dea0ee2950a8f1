//! `GET /metrics`: requests, discoveries and the database gauges, in the Prometheus format.

use infra::metrics::exposition::{parse, value};

use crate::support::device::{Device, discover};
use crate::support::{EID, Lab, SMDP, executed};

#[tokio::test]
async fn metrics_count_discoveries_requests_and_events() {
    let lab =
        Lab::start_with(|c| c.server.metrics_listen = Some("127.0.0.1:0".parse().unwrap())).await;
    let mut device = Device::new();
    discover(&lab.lpa(), &mut device).await;
    assert!(executed(&lab.smdp().register(EID, SMDP, "EV").await));
    discover(&lab.lpa(), &mut device).await;

    let addr = lab.smds.metrics_addr().expect("metrics served");
    // Plain HTTP: the client's TLS settings play no part.
    let http = infra::client::build(&infra::client::ClientOptions::new(
        infra::tls::ServerTrust::Insecure,
    ))
    .unwrap();
    let text = http
        .get(format!("http://{addr}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let samples = parse(&text).expect("Prometheus text format");
    assert_eq!(
        value(&samples, "smds_discoveries_total", &[("found", "none")]),
        1.0
    );
    assert_eq!(
        value(&samples, "smds_discoveries_total", &[("found", "some")]),
        1.0
    );
    assert_eq!(value(&samples, "smds_events", &[]), 1.0);
    assert_eq!(value(&samples, "smds_forward_outbox_depth", &[]), 0.0);
    assert!(text.contains("interface=\"es12\""), "{text}");
    lab.smds.shutdown().await;
}
