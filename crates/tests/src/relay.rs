//! A relay in front of the lab's SM-DP+ that changes the `smdpAddress` of
//! ES9+.InitiateAuthentication requests on their way (SGP.22 5.6.1), so that the SM-DP+
//! signs a `serverAddress` other than the one the LPA called: what a device sees when an
//! SM-DP+ it reached under one name answers for another. It presents the SM-DP+'s own TLS
//! identity (CERT.DP.TLS) and forwards every other request unchanged.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::http::{StatusCode, Uri, header};
use axum::response::IntoResponse;
use lpa::Es9Client;
use proto::json::es9p::Es9Function;
use serde_json::Value;

use crate::lab::{FQDN, Lab};

/// Starts the relay on an ephemeral loopback port; point the LPA's resolution of
/// [`FQDN`] at the returned address. InitiateAuthentication requests reach the SM-DP+
/// with `smdpAddress` set to `address`.
pub async fn address_rewriting_relay(lab: &Lab, address: &str) -> SocketAddr {
    let upstream = Arc::new(Es9Client::new(&lab.lpa_options().es9).expect("ES9+ client"));
    let address = address.to_string();
    let creds = sm_dp::Credentials::from_pki(&lab.pki).expect("SM-DP+ credentials");
    let tls = infra::tls::server_config(&creds.tls, None).expect("TLS");
    let router = Router::new().fallback(move |uri: Uri, body: Bytes| {
        let upstream = upstream.clone();
        let address = address.clone();
        async move { forward(&upstream, uri.path(), &body, &address).await }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("relay listener");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(infra::serve::serve_tls(
        listener,
        tls,
        router,
        std::future::pending(),
    ));
    addr
}

async fn forward(
    upstream: &Es9Client,
    path: &str,
    body: &[u8],
    address: &str,
) -> axum::response::Response {
    let Some(f) = Es9Function::from_path(path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mut body = body.to_vec();
    if f == Es9Function::InitiateAuthentication {
        if let Ok(mut v) = serde_json::from_slice::<Value>(&body) {
            v["smdpAddress"] = Value::String(address.to_string());
            body = serde_json::to_vec(&v).unwrap_or(body);
        }
    }
    match upstream.post(FQDN, f, body).await {
        Ok(answer) => (
            StatusCode::from_u16(answer.status).unwrap_or(StatusCode::BAD_GATEWAY),
            [(header::CONTENT_TYPE, "application/json;charset=UTF-8")],
            answer.body,
        )
            .into_response(),
        Err(_) => StatusCode::BAD_GATEWAY.into_response(),
    }
}
