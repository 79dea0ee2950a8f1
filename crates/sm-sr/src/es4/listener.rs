//! The ES4/ES3/ES7 HTTPS listener (SGP.02 2.3, 5.1): mutually authenticated TLS, one
//! endpoint per interface, routed by path: ES4 at [`ES4_PATH`], ES3 at
//! [`crate::es3::listener::ES3_PATH`], ES7 at [`crate::es7::listener::ES7_PATH`] (SGP.02
//! names no path; the WSDL's service address is the deployment's). Each interface names its requester from the client certificate
//! under its own root; a certificate of the other kind leaves the request without one.
//!
//! ```text
//! POST https://<host>/gsma/smsr/ES4   client certificate under the operator CA, CN = MNO-ID
//!   wsa:To   = https://<host>/gsma/smsr/ES4   (the Host the request was sent to)
//!   wsa:From = the MNO-ID of the certificate, else Failed 1.1/1.1
//! ```
//!
//! A client without a certificate does not complete the handshake (the listener requires
//! one under the operator CA); a certificate without the operator role or commonName, or
//! expired, leaves the request without a requester and it is refused as an unknown function
//! requester. Bodies and timeouts are bounded by the listener's `[limits.es4]`.

use axum::Router;
use axum::extract::{Extension, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use infra::serve::{PeerCertificates, RequestBody};
use soap::http::Answer;

use super::soap::SoapRequest;
use crate::config::Es4Credentials;
use crate::server::SmSrCore;

/// The path ES4 requests are POSTed to.
pub const ES4_PATH: &str = "/gsma/smsr/ES4";

/// What the handler shares.
#[derive(Clone)]
pub(crate) struct Es4Service {
    pub core: SmSrCore,
    pub anchors: std::sync::Arc<Vec<certs::CiAnchor>>,
    /// The CI, under which SM-DPs' CERT.DP.TLS chain (ES3).
    pub smdp_anchors: std::sync::Arc<Vec<certs::CiAnchor>>,
}

/// The listener's router.
pub(crate) fn router(core: SmSrCore, creds: &Es4Credentials) -> Router {
    let service = Es4Service {
        core,
        anchors: std::sync::Arc::new(creds.operator_anchors.clone()),
        smdp_anchors: std::sync::Arc::new(creds.smdp_anchors.clone()),
    };
    let mut router = Router::new();
    for (path, interface) in ROUTES {
        let handler =
            move |State(s): State<Es4Service>,
                  Extension(peer): Extension<PeerCertificates>,
                  headers: HeaderMap,
                  body: RequestBody| { handle(interface, s, peer, headers, body) };
        router = router.route(path, post(handler));
    }
    router.with_state(service)
}

/// An interface the listener serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Interface {
    /// Operators (SGP.02 5.5).
    Es4,
    /// SM-DPs (SGP.02 5.4).
    Es3,
    /// Other SM-SRs (SGP.02 5.7).
    Es7,
}

/// Which interface each path serves.
const ROUTES: [(&str, Interface); 3] = [
    (ES4_PATH, Interface::Es4),
    (crate::es3::listener::ES3_PATH, Interface::Es3),
    (crate::es7::listener::ES7_PATH, Interface::Es7),
];

async fn handle(
    interface: Interface,
    s: Es4Service,
    peer: PeerCertificates,
    headers: HeaderMap,
    RequestBody(body): RequestBody,
) -> Response {
    let body = match body {
        Ok(b) => b,
        Err(e) => return (StatusCode::PAYLOAD_TOO_LARGE, e.to_string()).into_response(),
    };
    let (requester, path) = match interface {
        Interface::Es4 => (requester_of(&s.anchors, &peer), ES4_PATH),
        Interface::Es3 => (
            crate::es3::listener::smdp_of(&s.smdp_anchors, &peer),
            crate::es3::listener::ES3_PATH,
        ),
        Interface::Es7 => (
            crate::es7::listener::smsr_of(&s.smdp_anchors, &peer),
            crate::es7::listener::ES7_PATH,
        ),
    };
    let requester = requester.unwrap_or_default();
    let text = |name| headers.get(name).and_then(|v| v.to_str().ok());
    let Some(host) = text(header::HOST.as_str()) else {
        return (StatusCode::BAD_REQUEST, "no Host header").into_response();
    };
    let endpoint = format!("https://{host}{path}");
    let request = SoapRequest {
        requester: &requester,
        body: &body,
        content_type: text(header::CONTENT_TYPE.as_str()),
        soap_action: text("soapaction"),
        endpoint: &endpoint,
    };
    let answer = match interface {
        Interface::Es4 => s.core.es4_soap(request).await,
        Interface::Es3 => s.core.es3_soap(request).await,
        Interface::Es7 => s.core.es7_soap(request).await,
    };
    into_response(answer)
}

/// The MNO-ID of the client certificate: an operator client certificate under the operator
/// CA, valid now, with a commonName (webpki checked the chain in the handshake; this checks
/// the role and takes the name).
pub(crate) fn requester_of(anchors: &[certs::CiAnchor], peer: &PeerCertificates) -> Option<String> {
    let role = certs::CertRole::OperatorClient;
    crate::es3::listener::common_name_of(anchors, peer, role)
}

fn into_response(a: Answer) -> Response {
    let status = StatusCode::from_u16(a.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match a.content_type {
        Some(ct) => (status, [(header::CONTENT_TYPE, ct)], a.body).into_response(),
        None => status.into_response(),
    }
}
