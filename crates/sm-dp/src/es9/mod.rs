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
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::HeaderMap;
use axum::routing::post;
use proto::json::es9p::Es9Function;
use proto::json::http::ASN1_PATH;

use crate::context::Ctx;
pub use error::Es9Error;

/// The ES9+ router: both bindings.
pub(crate) fn router(ctx: Ctx, max_body: usize) -> Router {
    let mut r = Router::new();
    for f in Es9Function::ALL {
        r = r.route(
            &f.path(),
            post(
                move |State(ctx): State<Ctx>, headers: HeaderMap, body: Bytes| async move {
                    json::handle(ctx, f, headers, body).await
                },
            ),
        );
    }
    r.route(
        ASN1_PATH,
        post(
            |State(ctx): State<Ctx>, headers: HeaderMap, body: Bytes| async move {
                asn1::handle(ctx, headers, body).await
            },
        ),
    )
    .layer(DefaultBodyLimit::max(max_body))
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

/// The open session of `transaction_id` at one of `steps`, not expired.
pub(crate) async fn open_session(
    tx: &mut crate::store::Tx,
    transaction_id: &[u8],
    steps: &[crate::store::SessionStep],
) -> Result<crate::store::Session, Es9Error> {
    let unknown = || Es9Error::TransactionIdUnknown(hex::encode(transaction_id));
    let s = crate::store::sessions::get(tx, transaction_id)
        .await?
        .ok_or_else(unknown)?;
    if !steps.contains(&s.step) || s.expires_at <= crate::store::now_ms() {
        return Err(unknown());
    }
    Ok(s)
}
