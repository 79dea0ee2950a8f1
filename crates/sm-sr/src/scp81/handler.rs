//! The admin server's side of one session (GP Amendment B 3.3–3.5, SGP.02 2.4.4): each
//! POST carries the response to the script handed out before it (or, first, nothing or
//! a Default Notification with `?msg=`), and is answered with the eUICC's next queued
//! command script or `204 No Content`.

use std::str::FromStr;

use ota::script::{CommandScript, ScriptForm};
use scp81::Aid;
use scp81::admin::server::{AdminHandler, AdminPost, Next};
use scp81::admin::{AdminFrom, ScriptStatus};
use scp81::identity::PskIdentity;
use scp81::tls::{TlsStream, peer_identity};

use crate::eis::ISD_R_AID;
use crate::operation::Es5Command;
use crate::server::SmSrCore;
use crate::status::EUICC_EXECUTION_ERROR;

/// One eUICC's session.
pub(super) struct Handler {
    core: SmSrCore,
    /// The EID of the PSK identity (upper-case hex, as the EIS names it).
    eid: String,
    identity: PskIdentity,
    /// The command (operation, sequence) whose script was handed out last.
    awaiting: Option<(String, i64)>,
}

impl Handler {
    /// The handler for an accepted stream, by the PSK identity the card sent.
    pub(super) fn for_stream<S>(core: SmSrCore, stream: &TlsStream<S>) -> Option<Handler> {
        let identity = PskIdentity::parse(peer_identity(stream)?).ok()?;
        Some(Handler {
            core,
            eid: hex::encode_upper(identity.eid),
            identity,
            awaiting: None,
        })
    }

    /// `X-Admin-From` names the EID of the PSK identity (SGP.02 2.4.4: the agent speaks
    /// for the ISD-R the key belongs to).
    fn sender_matches(&self, from: &str) -> bool {
        AdminFrom::from_str(from).is_ok_and(|f| f.eid == self.identity.eid)
    }

    async fn take_response(&mut self, post: &AdminPost) {
        let Some((id, seq)) = self.awaiting.take() else {
            return;
        };
        if let Some(status) = post.script_status.filter(|s| *s != ScriptStatus::Ok) {
            // the script did not run (GP Amd B 3.4.1), as a PoR refusal on SMS
            tracing::warn!(operation = %id, %status, "SCP81 script not run");
            if let Err(e) = self.core.fail_operation(&id, EUICC_EXECUTION_ERROR).await {
                tracing::warn!(operation = %id, error = %e, "SCP81 refusal not stored");
            }
            return;
        }
        if post.body.is_empty() {
            return;
        }
        match self.core.command_answered(&id, seq, &post.body).await {
            Ok(op) => tracing::debug!(operation = %id, state = ?op.state, "SCP81 response"),
            Err(e) => tracing::warn!(operation = %id, error = %e, "SCP81 response refused"),
        }
    }

    async fn take_notification(&mut self, post: &AdminPost) {
        let Some(n) = &post.notification else { return };
        if let Err(e) = self.core.default_notification(&self.eid, n).await {
            tracing::warn!(eid = %self.eid, error = %e, "SCP81 notification refused");
        }
    }

    /// The oldest unanswered command of this eUICC.
    async fn next_command(&self) -> Option<Es5Command> {
        let eid = self.eid.clone();
        let next = self
            .core
            .ctx
            .store
            .read(move |tx| crate::store::operations::next_unanswered_of(tx, &eid))
            .await;
        next.unwrap_or_else(|e| {
            tracing::warn!(error = %e, "ES5 queue");
            None
        })
    }
}

/// `X-Admin-Targeted-Application` for a command to an ISD-P (its Annex H AID from the
/// command's TAR; ES3.SendData, SGP.02 2.4.4 with GP Amd B 3.4.2); none for the ISD-R,
/// the agent's own security domain.
fn targeted_application(c: &Es5Command) -> Option<Aid> {
    let [a, b, t] = *c.tar.as_slice() else {
        return None;
    };
    if c.tar.as_slice() == ISD_R_AID.get(12..15)? {
        return None;
    }
    Aid::new(&crate::es3::aid::isd_p_aid(u32::from_be_bytes([
        0, a, b, t,
    ])))
    .ok()
}

/// A stored script as the expanded, indefinite-length form HTTPS carries
/// (`AE 80 … 00 00`, ETSI TS 102 226 5.2.1; SGP.02 2.4.4).
pub(super) fn indefinite(script: &[u8]) -> Option<Vec<u8>> {
    let mut s = CommandScript::parse(script).ok()?;
    s.form = ScriptForm::Indefinite;
    s.encode().ok()
}

impl AdminHandler for Handler {
    async fn on_post(&mut self, post: AdminPost) -> Next {
        if !self.sender_matches(&post.from) {
            tracing::warn!(eid = %self.eid, from = %post.from, "X-Admin-From names another eUICC");
            return Next::Done;
        }
        self.take_response(&post).await;
        self.take_notification(&post).await;
        let Some(c) = self.next_command().await else {
            return Next::Done;
        };
        let Some(body) = indefinite(&c.script) else {
            tracing::warn!(operation = %c.operation_id, "stored script does not parse");
            return Next::Done;
        };
        let targeted_application = targeted_application(&c);
        self.awaiting = Some((c.operation_id, c.seq));
        Next::Script {
            body,
            targeted_application,
        }
    }
}
