//! What the bearers hand the SM-SR, independent of the bearer: the commands to send and
//! the counter each send takes, the card's response scripts, and Default Notifications
//! (already verified by the bearer with the ISD-R's keys of the EID it names).

mod error;
mod notify;
mod response;

pub use error::Es5Error;
pub use notify::NotificationOutcome;

use crate::es5::script::{apdu_count, is_scp03t};
use crate::es5::{CardResponse, DefaultNotification};
use crate::operation::{Es5Command, Operation, OperationState, Requester};
use crate::server::SmSrCore;
use crate::status::StatusCode;
use crate::store::notifications::{self, MnoNotification};
use crate::store::{StoreError, duration_ms, keys, operations};

impl SmSrCore {
    /// The ES5 commands not answered yet (queued, or sent and awaiting their PoR), oldest
    /// first, at most `limit`.
    pub async fn pending_commands(&self, limit: usize) -> Result<Vec<Es5Command>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.ctx
            .store
            .read(move |tx| operations::unanswered(tx, limit))
            .await
    }

    /// The commands a sender should look at, oldest first, at most `limit`: the queued
    /// ones, and the sent ones not answered either at or before `resend_before` or before
    /// `run_started` (milliseconds since the Unix epoch).
    pub(crate) async fn due_commands(
        &self,
        resend_before: i64,
        run_started: i64,
        limit: usize,
    ) -> Result<Vec<Es5Command>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.ctx
            .store
            .read(move |tx| operations::due(tx, resend_before, run_started, limit))
            .await
    }

    /// The commands of `eid` sent and awaiting their PoR, oldest first.
    pub(crate) async fn sent_commands_of(&self, eid: &str) -> Result<Vec<Es5Command>, StoreError> {
        let eid = eid.to_string();
        self.ctx
            .store
            .read(move |tx| operations::sent_of(tx, &eid))
            .await
    }

    /// Whether a command of `eid` sent after `since` awaits its answer.
    pub(crate) async fn sent_since(&self, eid: &str, since: i64) -> Result<bool, StoreError> {
        let eid = eid.to_string();
        self.ctx
            .store
            .read(move |tx| operations::sent_since(tx, &eid, since))
            .await
    }

    /// Puts sent command `seq` of operation `id` back in the queue (the card asked for a
    /// new counter) and wakes the bearers.
    pub(crate) async fn requeue(&self, id: &str, seq: i64) -> Result<(), StoreError> {
        let id = id.to_string();
        let queued = (self.ctx.store)
            .write(move |tx| operations::requeue(tx, &id, seq))
            .await?;
        if queued {
            self.ctx.wake_bearers();
        }
        Ok(())
    }

    /// Takes the next counter of SCP80 key set `kvn` for a send of the command and
    /// records it, committed before the packet leaves (ETSI TS 102 225 5.1.1: the card
    /// refuses a counter it has seen; a resend after a restart takes a new one).
    pub async fn reserve_send(&self, c: &Es5Command, kvn: u8) -> Result<u64, Es5Error> {
        let (id, seq, eid) = (c.operation_id.clone(), c.seq, c.eid.clone());
        self.ctx
            .store
            .write(move |tx| {
                let Some(counter) = keys::next_counter(tx, &eid, kvn)? else {
                    return Err(Es5Error::KeySet {
                        eid: eid.clone(),
                        kvn,
                    });
                };
                operations::sent(tx, &id, seq, kvn, counter)?;
                Ok(counter)
            })
            .await
    }

    /// The command a PoR from `eid` answers, by the key set and counter it echoes.
    pub async fn command_for_por(
        &self,
        eid: &str,
        kvn: u8,
        counter: u64,
    ) -> Result<Option<(String, i64)>, StoreError> {
        let eid = eid.to_string();
        self.ctx
            .store
            .read(move |tx| operations::sent_with_counter(tx, &eid, kvn, counter))
            .await
    }

    /// Applies the card's response script to command `seq` of operation `id`; returns the
    /// operation as it stands after.
    pub async fn command_answered(
        &self,
        id: &str,
        seq: i64,
        response: &[u8],
    ) -> Result<Operation, Es5Error> {
        let parsed = CardResponse::parse(response);
        let (id, raw) = (id.to_string(), response.to_vec());
        let own = self.own();
        let validity_ms = duration_ms(self.ctx.operations.default_validity);
        let op = self
            .ctx
            .store
            .write(move |tx| {
                let unknown = || Es5Error::UnknownCommand(id.clone());
                let sent = operations::awaiting_script(tx, &id, seq)?.ok_or_else(unknown)?;
                let op = operations::load(tx, &id)?.ok_or_else(unknown)?;
                if is_scp03t(&sent) {
                    // SGP.02 4.1.3.3: the ISD-P's SCP03t answer is the SM-DP's to read.
                    operations::answered(tx, &id, seq, &raw)?;
                    let done = OperationState::Succeeded;
                    operations::set_state(tx, &id, done, None, Some(&raw))?;
                    return Ok(operations::load(tx, &id)?.unwrap_or(op));
                }
                let r = parsed.clone()?;
                let expected = apdu_count(&sent);
                operations::answered(tx, &id, seq, &raw)?;
                let own = response::Own {
                    requester: &own,
                    validity_ms,
                };
                response::apply(tx, &op, &r, &raw, expected, &own)?;
                Ok::<_, Es5Error>(operations::load(tx, &id)?.unwrap_or(op))
            })
            .await?;
        self.ctx.wake_bearers();
        self.ctx.wake_outbox();
        Ok(op)
    }

    /// Ends operation `id` `Failed` with `code` (a bearer gave up on it: attempts used up,
    /// or the card refused the packet in its PoR).
    pub async fn fail_operation(&self, id: &str, code: StatusCode) -> Result<bool, StoreError> {
        let id = id.to_string();
        self.ctx
            .store
            .write(move |tx| {
                operations::set_state(tx, &id, OperationState::Failed, Some(code), None)
            })
            .await
    }

    /// The EID whose profile has this MSISDN (digits, with or without `+`).
    pub async fn eid_by_msisdn(&self, msisdn: &str) -> Result<Option<String>, StoreError> {
        let digits = msisdn.trim_start_matches('+').to_string();
        self.ctx
            .store
            .read(move |tx| crate::store::eis::eid_by_msisdn(tx, &digits))
            .await
    }

    /// Applies a Default Notification (the `E1` template) that arrived under the ISD-R
    /// keys of `verified_eid`; returns the confirmation to send.
    pub async fn default_notification(
        &self,
        verified_eid: &str,
        bytes: &[u8],
    ) -> Result<NotificationOutcome, Es5Error> {
        let n = DefaultNotification::parse(bytes)?;
        if n.eid != verified_eid {
            return Err(Es5Error::EidMismatch {
                named: n.eid,
                verified: verified_eid.to_string(),
            });
        }
        let own = self.own();
        let validity_ms = duration_ms(self.ctx.operations.default_validity);
        let outcome = self
            .ctx
            .store
            .write(move |tx| {
                let e = crate::store::eis::load(tx, &n.eid)?
                    .ok_or_else(|| Es5Error::UnknownEid(n.eid.clone()))?;
                notify::apply(tx, &e, &n, &own, validity_ms)
            })
            .await?;
        self.ctx.wake_bearers();
        self.ctx.wake_outbox();
        Ok(outcome)
    }

    /// The operation `id`.
    pub async fn operation(&self, id: &str) -> Result<Option<Operation>, StoreError> {
        let id = id.to_string();
        self.ctx
            .store
            .read(move |tx| operations::load(tx, &id))
            .await
    }

    /// The Handle*Notification calls owed to operators, not delivered yet.
    pub async fn owed_notifications(&self) -> Result<Vec<MnoNotification>, StoreError> {
        self.ctx.store.read(notifications::owed).await
    }

    fn own(&self) -> Requester {
        Requester {
            id: self.ctx.smsr_id.clone(),
            ..Requester::default()
        }
    }
}
