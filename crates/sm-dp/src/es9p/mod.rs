//! ES9+ (LPA ↔ SM-DP+, SGP.22 5.6): the five functions as binding-independent steps over
//! decoded ASN.1 values, served by the JSON binding at `/gsma/rsp2/es9plus/<function>`
//! (SGP.22 6.5) and the ASN.1 binding at `/gsma/rsp2/asn1` (SGP.22 6.6). ES9+ is
//! server-authenticated TLS: the eUICC proves itself by its signatures.

mod asn1;
mod authenticate;
mod bpp;
mod cancel;
pub mod error;
#[doc(hidden)]
pub mod fuzz;
mod initiate;
mod json;
mod notification;

use axum::Router;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::post;
use infra::serve::RequestBody;
use proto::json::es9p::Es9Function;
use proto::json::http::ASN1_PATH;

use crate::context::Ctx;
pub use error::Es9Error;

/// The ES9+ router: both bindings. Bodies are read under the listener's limits
/// ([`RequestBody`]); one refused is answered in the binding's own format.
pub(crate) fn router(ctx: Ctx) -> Router {
    let mut r = Router::new();
    for f in Es9Function::ALL {
        r = r.route(
            &f.path(),
            post(
                move |State(ctx): State<Ctx>,
                      headers: HeaderMap,
                      RequestBody(body): RequestBody| async move {
                    json::handle(ctx, f, headers, body).await
                },
            ),
        );
    }
    r.route(
        ASN1_PATH,
        post(
            |State(ctx): State<Ctx>, headers: HeaderMap, RequestBody(body): RequestBody| async move {
                asn1::handle(ctx, headers, body).await
            },
        ),
    )
    .with_state(ctx)
}

/// Verifies a raw r‖s eUICC signature over `message` with the public key of `cert_der`.
pub(crate) fn verify_euicc_signature(
    cert_der: &[u8],
    message: &[u8],
    signature: &[u8],
) -> Result<(), Es9Error> {
    let key = proto::crypto::PublicKey::from_certificate_der(cert_der)
        .map_err(|e| Es9Error::Internal(format!("stored eUICC certificate: {e}")))?;
    verify_with(&key, message, signature)
}

pub(crate) fn verify_with(
    key: &proto::crypto::PublicKey,
    message: &[u8],
    signature: &[u8],
) -> Result<(), Es9Error> {
    let sig = proto::crypto::Signature::from_raw(signature)
        .map_err(|e| Es9Error::EuiccVerification(format!("signature: {e}")))?;
    key.verify(message, &sig)
        .map_err(|_| Es9Error::EuiccVerification("eUICC signature does not verify".into()))
}

/// The session of `transaction_id` if it is at one of `steps` and not expired; otherwise
/// the transaction ID is unknown to the caller (SGP.22 5.6: 8.10.1/3.9).
pub(crate) fn usable_session(
    session: Option<crate::store::Session>,
    transaction_id: &[u8],
    steps: &[crate::store::SessionStep],
) -> Result<crate::store::Session, Es9Error> {
    let unknown = || Es9Error::TransactionIdUnknown(hex::encode(transaction_id));
    let s = session.ok_or_else(unknown)?;
    let expired = s.expires_at().is_none_or(|t| t <= crate::store::now_ms());
    if !steps.contains(&s.step()) || expired {
        return Err(unknown());
    }
    Ok(s)
}

/// Runs `f` on a blocking thread: the cryptography of a function (chain checks, signatures,
/// binding) stays off the async runtime and outside every database transaction.
pub(crate) async fn off_runtime<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, Es9Error> + Send + 'static,
) -> Result<T, Es9Error> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| Es9Error::Internal(format!("worker: {e}")))?
}
