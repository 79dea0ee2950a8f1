//! ESipa over CoAP on DTLS (the binding SGP.32 gives constrained devices): a whole request
//! POSTed to `/gsma/rsp2/asn1` (its blocks put together by [`coaps`]) is served by the ASN.1
//! binding as an HTTPS request would be, one DTLS association standing for one TLS
//! connection (what an SGP.32 v1.0 IPA's result without an EID is matched by). The HTTP
//! answer becomes the CoAP one: a response body in 2.04 Changed (RFC 7252 5.8.2: the answer
//! to a POST that changed nothing to create), 204 in an empty 2.04, 400 in 4.00 with its
//! reason, 502/503 in 5.02/5.03, any other failure in 5.00. The metrics count these
//! requests under `binding="coap"`.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};

use axum::Router;
use axum::body::Body;
use axum::http::{Request as HttpRequest, header};
use coaps::{Handler, Peer, Request, RequestType, Response, ResponseType};
use infra::serve::{BodyLimits, ConnectionState};
use proto::json::http::{ADMIN_PROTOCOL_ESIPA, ASN1_PATH, CONTENT_TYPE_ASN1, X_ADMIN_PROTOCOL};
use tower::ServiceExt;

/// The largest answer the ESipa router gives (a relayed Bound Profile Package included);
/// the CoAP server sends it in Block2 blocks.
const MAX_RESPONSE: usize = 4 * 1024 * 1024;
/// Associations whose connection state is kept (the oldest forgotten first).
const KEPT: usize = 4096;

/// The ESipa router behind a CoAP server.
#[derive(Clone)]
pub(crate) struct CoapEsipa {
    router: Router,
    limits: BodyLimits,
    states: Arc<Mutex<States>>,
}

#[derive(Default)]
struct States {
    by_session: HashMap<u64, ConnectionState>,
    order: VecDeque<u64>,
}

impl CoapEsipa {
    /// Serves `router` (the eIM's ESipa router) with the body limits of its listener.
    pub(crate) fn new(router: Router, limits: BodyLimits) -> CoapEsipa {
        CoapEsipa {
            router,
            limits,
            states: Arc::default(),
        }
    }

    /// The state of DTLS association `session`, as a TLS connection's.
    fn state(&self, session: u64) -> ConnectionState {
        let mut s = self.states.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(c) = s.by_session.get(&session) {
            return c.clone();
        }
        if s.order.len() >= KEPT
            && let Some(old) = s.order.pop_front()
        {
            s.by_session.remove(&old);
        }
        let c = ConnectionState::default();
        s.order.push_back(session);
        s.by_session.insert(session, c.clone());
        c
    }
}

impl Handler for CoapEsipa {
    async fn handle(&self, peer: Peer, request: Request) -> Response {
        if request.path != ASN1_PATH {
            return Response::empty(ResponseType::NotFound);
        }
        if request.method != RequestType::Post {
            return Response::empty(ResponseType::MethodNotAllowed);
        }
        let built = HttpRequest::post(ASN1_PATH)
            .header(header::CONTENT_TYPE, CONTENT_TYPE_ASN1)
            .header(X_ADMIN_PROTOCOL, ADMIN_PROTOCOL_ESIPA)
            .extension(self.state(peer.session))
            .extension(infra::metrics::requests::Binding("coap"))
            .extension(self.limits)
            .body(Body::from(request.payload));
        let Ok(http) = built else {
            return Response::empty(ResponseType::InternalServerError);
        };
        let Ok(answer) = self.router.clone().oneshot(http).await;
        let status = answer.status();
        let body = axum::body::to_bytes(answer.into_body(), MAX_RESPONSE)
            .await
            .map(|b| b.to_vec())
            .unwrap_or_default();
        Response {
            code: coaps::http::coap_code(status.as_u16()),
            content_format: None,
            payload: body,
        }
    }
}
