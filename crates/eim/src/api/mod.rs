//! The operator API (mutually authenticated TLS, JSON; documented in `openapi.yaml`, served
//! at `GET /openapi.yaml`): register and inspect devices, queue operations and read their
//! results, SGP.02-style verbs for M2M users. The operator is the commonName of its client
//! certificate, which must be an operator certificate under the operator CA; an operator
//! sees only the devices it registered.

mod sgp02;

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, StatusCode as HttpStatus, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json};
use infra::serve::{BodyFault, PeerCertificates, RequestBody};
use serde_json::json;

use crate::context::Ctx;
use crate::engine::{EngineError, OperationRequest, Registration};
use crate::fleet::Fleet;

/// The OpenAPI description of this API.
pub const OPENAPI_YAML: &str = include_str!("../../openapi.yaml");

/// An API refusal: HTTP status, a code and a message.
#[derive(Debug)]
pub struct ApiError {
    pub status: HttpStatus,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    fn new(status: HttpStatus, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }
}

impl From<EngineError> for ApiError {
    fn from(e: EngineError) -> ApiError {
        match e {
            EngineError::UnknownDevice(_) => {
                ApiError::new(HttpStatus::NOT_FOUND, "unknownDevice", e.to_string())
            }
            EngineError::UnknownOperation(_) => {
                ApiError::new(HttpStatus::NOT_FOUND, "unknownOperation", e.to_string())
            }
            EngineError::Invalid(m) => ApiError::new(HttpStatus::BAD_REQUEST, "invalidRequest", m),
            EngineError::Conflict(m) => ApiError::new(HttpStatus::CONFLICT, "conflict", m),
            EngineError::Store(s) => {
                tracing::error!(error = %s, "operator API: storage failed");
                ApiError::new(
                    HttpStatus::INTERNAL_SERVER_ERROR,
                    "internalError",
                    "storage failed",
                )
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(json!({"error": {"code": self.code, "message": self.message}})),
        )
            .into_response()
    }
}

type ApiResult<T> = Result<T, ApiError>;

/// The operator id: commonName of a verified operator client certificate.
fn operator(ctx: &Ctx, peer: &PeerCertificates) -> ApiResult<String> {
    let forbidden = |m: String| ApiError::new(HttpStatus::FORBIDDEN, "notAnOperator", m);
    let leaf = peer
        .0
        .first()
        .ok_or_else(|| forbidden("no client certificate".into()))?;
    let v = certs::verify_cert(
        &ctx.creds.operator_anchors,
        leaf,
        certs::CertRole::OperatorClient,
        Some(time::OffsetDateTime::now_utc()),
    )
    .map_err(|e| forbidden(e.to_string()))?;
    v.subject_cn
        .filter(|cn| !cn.is_empty())
        .ok_or_else(|| forbidden("client certificate without commonName".into()))
}

/// A JSON body, refused with 400 and the failing member when it does not decode, with 413
/// (`bodyTooLarge`) or 408 (`bodyIncomplete`) in the API's own error format when the
/// listener's limits refused it.
fn body<T: serde::de::DeserializeOwned>(read: &RequestBody) -> ApiResult<T> {
    let bytes = read.0.as_ref().map_err(|e| match e.fault {
        BodyFault::TooLarge { .. } => {
            ApiError::new(HttpStatus::PAYLOAD_TOO_LARGE, "bodyTooLarge", e.to_string())
        }
        BodyFault::TimedOut { .. } | BodyFault::Broken(_) => {
            ApiError::new(HttpStatus::REQUEST_TIMEOUT, "bodyIncomplete", e.to_string())
        }
    })?;
    proto::json::decode(bytes)
        .map_err(|e| ApiError::new(HttpStatus::BAD_REQUEST, "invalidRequest", e.to_string()))
}

/// The operator API router.
pub(crate) fn router(ctx: Ctx) -> Router {
    Router::new()
        .route("/openapi.yaml", get(openapi))
        .route("/v1/eim", get(eim))
        .route("/v1/devices", post(register).get(list_devices))
        .route("/v1/devices/{eid}", get(device))
        .route("/v1/devices/{eid}/history", get(history))
        .route(
            "/v1/devices/{eid}/operations",
            post(queue).get(device_operations),
        )
        .route("/v1/operations/{id}", get(operation))
        .route("/v1/operations/{id}/cancel", post(cancel))
        .route("/v1/policy/evaluate", post(evaluate))
        .route("/v1/policy/avoid", post(avoid).get(avoided))
        .merge(sgp02::router())
        .with_state(ctx)
}

async fn openapi() -> Response {
    let mut r = OPENAPI_YAML.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/yaml"),
    );
    r
}

async fn eim(
    State(ctx): State<Ctx>,
    Extension(peer): Extension<PeerCertificates>,
) -> ApiResult<Response> {
    operator(&ctx, &peer)?;
    Ok(Json(Fleet { ctx }.eim_info()).into_response())
}

async fn register(
    State(ctx): State<Ctx>,
    Extension(peer): Extension<PeerCertificates>,
    bytes: RequestBody,
) -> ApiResult<Response> {
    let op = operator(&ctx, &peer)?;
    let r: Registration = body(&bytes)?;
    let fleet = Fleet { ctx };
    let d = fleet.register_as(Some(&op), &r).await?;
    let view = fleet.device_as(Some(&op), &d.eid).await?;
    Ok((HttpStatus::CREATED, Json(view)).into_response())
}

async fn list_devices(
    State(ctx): State<Ctx>,
    Extension(peer): Extension<PeerCertificates>,
) -> ApiResult<Response> {
    let op = operator(&ctx, &peer)?;
    Ok(Json(Fleet { ctx }.devices_as(Some(&op)).await?).into_response())
}

async fn device(
    State(ctx): State<Ctx>,
    Extension(peer): Extension<PeerCertificates>,
    Path(eid): Path<String>,
) -> ApiResult<Response> {
    let op = operator(&ctx, &peer)?;
    Ok(Json(Fleet { ctx }.device_as(Some(&op), &eid).await?).into_response())
}

/// `limit=N` of a query string (default 200, within 1..=10000); other keys are refused.
fn limit(query: Option<&str>) -> ApiResult<i64> {
    let invalid = |why: String| ApiError::new(HttpStatus::BAD_REQUEST, "invalidRequest", why);
    let mut limit = 200;
    for (key, value) in crate::form::pairs(query.unwrap_or_default()) {
        if key != "limit" {
            return Err(invalid(format!("unknown query parameter {key:?}")));
        }
        limit = value
            .parse::<i64>()
            .map_err(|_| invalid("limit: an integer".into()))?;
    }
    Ok(limit.clamp(1, 10_000))
}

async fn history(
    State(ctx): State<Ctx>,
    Extension(peer): Extension<PeerCertificates>,
    Path(eid): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult<Response> {
    let op = operator(&ctx, &peer)?;
    let limit = limit(q.as_deref())?;
    Ok(Json(Fleet { ctx }.history_as(Some(&op), &eid, limit).await?).into_response())
}

async fn queue(
    State(ctx): State<Ctx>,
    Extension(peer): Extension<PeerCertificates>,
    Path(eid): Path<String>,
    bytes: RequestBody,
) -> ApiResult<Response> {
    let op = operator(&ctx, &peer)?;
    let req: OperationRequest = body(&bytes)?;
    let o = Fleet { ctx }.queue_as(&op, &eid, &req).await?;
    Ok((HttpStatus::ACCEPTED, Json(o)).into_response())
}

async fn device_operations(
    State(ctx): State<Ctx>,
    Extension(peer): Extension<PeerCertificates>,
    Path(eid): Path<String>,
) -> ApiResult<Response> {
    let op = operator(&ctx, &peer)?;
    Ok(Json(Fleet { ctx }.operations_as(Some(&op), &eid).await?).into_response())
}

async fn operation(
    State(ctx): State<Ctx>,
    Extension(peer): Extension<PeerCertificates>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let op = operator(&ctx, &peer)?;
    Ok(Json(Fleet { ctx }.operation_as(Some(&op), &id).await?).into_response())
}

async fn cancel(
    State(ctx): State<Ctx>,
    Extension(peer): Extension<PeerCertificates>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let op = operator(&ctx, &peer)?;
    Ok(Json(Fleet { ctx }.cancel_as(&op, &id).await?).into_response())
}

async fn evaluate(
    State(ctx): State<Ctx>,
    Extension(peer): Extension<PeerCertificates>,
) -> ApiResult<Response> {
    let op = operator(&ctx, &peer)?;
    let queued = crate::engine::policy::evaluate_all(&ctx, Some(&op), ctx.now()).await?;
    Ok(Json(queued).into_response())
}

/// Sets or lifts an operator the policy avoids for the caller's devices
/// ([`crate::engine::policy::AvoidRule`]); answers the caller's rules in force.
async fn avoid(
    State(ctx): State<Ctx>,
    Extension(peer): Extension<PeerCertificates>,
    bytes: RequestBody,
) -> ApiResult<Response> {
    let op = operator(&ctx, &peer)?;
    let rule: crate::engine::policy::AvoidRule = body(&bytes)?;
    let rules = crate::engine::policy::set_avoid(&ctx, Some(&op), &rule).await?;
    Ok(Json(rules).into_response())
}

async fn avoided(
    State(ctx): State<Ctx>,
    Extension(peer): Extension<PeerCertificates>,
) -> ApiResult<Response> {
    let op = operator(&ctx, &peer)?;
    let rules = crate::engine::policy::avoided(&ctx, Some(&op)).await?;
    Ok(Json(rules).into_response())
}
