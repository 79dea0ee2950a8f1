//! ES11.AuthenticateClient (SGP.22 5.8.2): authenticate the eUICC as ES9+ does (its chain
//! CI → EUM → eUICC, euiccSignature1 over the received euiccSigned1, the echo of the
//! session; [`certs::auth`]), then answer the Event Records of its EID — none is an empty
//! list, not an error: the eUICC asked whether anything waits for it.
//!
//! The session is read, the cryptography runs with no transaction open, and one write
//! consumes the session (a second call with the same transactionId finds none: 8.10.1/3.9)
//! and reads the events.

use proto::sgp22::{
    AuthenticateClientOkEs11, AuthenticateResponseOk, AuthenticateServerResponse, EventEntries,
};

use super::Es11Error;
use crate::context::Ctx;
use crate::store::{events, now_ms, sessions};

/// At most this many events are answered (the oldest first); Policy::max_events_per_eid
/// keeps an EID below it by default.
const MAX_ENTRIES: u32 = 256;

/// Runs AuthenticateClient for `transaction_id`.
pub(crate) async fn authenticate_client(
    ctx: &Ctx,
    transaction_id: &[u8],
    response: &AuthenticateServerResponse,
) -> Result<AuthenticateClientOkEs11, Es11Error> {
    let unknown = || Es11Error::TransactionIdUnknown(hex::encode(transaction_id));
    let tid = transaction_id.to_vec();
    let session = ctx
        .store
        .read_inline(move |tx| sessions::get(tx, &tid, now_ms()))
        .await?
        .ok_or_else(unknown)?;
    let ok = match response {
        AuthenticateServerResponse::AuthenticateResponseOk(ok) => ok,
        AuthenticateServerResponse::AuthenticateResponseError(e) => {
            let tid = transaction_id.to_vec();
            ctx.store
                .write(move |tx| sessions::consume(tx, &tid, now_ms()))
                .await?;
            return Err(Es11Error::RefusedByEuicc(format!(
                "{:?}",
                e.authenticate_error_code
            )));
        }
    };
    let eid = verify(ctx, ok, &session, transaction_id)?;
    let tid = transaction_id.to_vec();
    let found = eid.clone();
    let entries = ctx
        .store
        .write(move |tx| {
            if !sessions::consume(tx, &tid, now_ms())? {
                return Ok(None);
            }
            events::for_eid(tx, &found, MAX_ENTRIES).map(Some)
        })
        .await?
        .ok_or_else(unknown)?;
    tracing::info!(%eid, events = entries.len(), "ES11 event retrieval");
    ctx.metrics.discovery(entries.len());
    Ok(AuthenticateClientOkEs11 {
        transaction_id: transaction_id.to_vec(),
        event_entries: entries
            .into_iter()
            .map(|e| EventEntries {
                event_id: e.event_id,
                rsp_server_address: e.rsp_server_address,
            })
            .collect(),
    })
}

/// The eUICC's EID once its chain, signature and echo check out.
fn verify(
    ctx: &Ctx,
    ok: &AuthenticateResponseOk,
    session: &sessions::Session,
    transaction_id: &[u8],
) -> Result<String, Es11Error> {
    let now = time::OffsetDateTime::now_utc();
    let euicc = certs::auth::authenticate_euicc(&ctx.creds.cis, ok, now)
        .map_err(certs::auth::ClientRefusal::from)?;
    let facts = certs::auth::SessionFacts {
        transaction_id,
        server_challenge: &session.server_challenge,
        server_address: &session.server_address,
        ci_ski: &session.ci_pkid,
    };
    certs::auth::check_echo(ok, &euicc, &facts).map_err(certs::auth::ClientRefusal::from)?;
    Ok(euicc.eid)
}
