//! SGP.02-style verbs for users coming from M2M (SGP.02 ES4: EnableProfile, DisableProfile,
//! DeleteProfile, SetFallBackAttribute): thin aliases that queue the SGP.32 PSMO on the same
//! engine and return the operation. Bodies `{ "eid": ..., "iccid": ... }`.

use axum::extract::State;
use axum::http::StatusCode as HttpStatus;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Extension, Json, Router};
use infra::serve::{PeerCertificates, RequestBody};
use serde::Deserialize;

use super::{ApiResult, body, operator};
use crate::context::Ctx;
use crate::engine::OperationRequest;
use crate::fleet::Fleet;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Target {
    eid: String,
    iccid: String,
    /// EnableProfile only: allow the IPA to roll back (default true).
    #[serde(default)]
    rollback: Option<bool>,
}

#[derive(Clone, Copy)]
enum Verb {
    Enable,
    Disable,
    Delete,
    SetFallback,
}

pub(super) fn router() -> Router<Ctx> {
    let mut r = Router::new();
    for (path, verb) in [
        ("/sgp02/EnableProfile", Verb::Enable),
        ("/sgp02/DisableProfile", Verb::Disable),
        ("/sgp02/DeleteProfile", Verb::Delete),
        ("/sgp02/SetFallBackAttribute", Verb::SetFallback),
        ("/sgp02/SetFallbackAttribute", Verb::SetFallback),
    ] {
        r = r.route(
            path,
            post(
                move |State(ctx): State<Ctx>,
                      Extension(peer): Extension<PeerCertificates>,
                      bytes: RequestBody| async move {
                    run(ctx, peer, verb, bytes).await
                },
            ),
        );
    }
    r
}

async fn run(
    ctx: Ctx,
    peer: PeerCertificates,
    verb: Verb,
    bytes: RequestBody,
) -> ApiResult<Response> {
    let op = operator(&ctx, &peer)?;
    let t: Target = body(&bytes)?;
    let req = match verb {
        Verb::Enable => OperationRequest::Enable {
            iccid: t.iccid,
            rollback: t.rollback.unwrap_or(true),
        },
        Verb::Disable => OperationRequest::Disable { iccid: t.iccid },
        Verb::Delete => OperationRequest::Delete { iccid: t.iccid },
        Verb::SetFallback => OperationRequest::SetFallback { iccid: t.iccid },
    };
    let o = Fleet { ctx }.queue_as(&op, &t.eid, &req).await?;
    Ok((HttpStatus::ACCEPTED, Json(o)).into_response())
}
