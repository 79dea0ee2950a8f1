//! Waiting for the card's answer to an operation a peer SM-SR is waiting on (an ES7
//! function answered in its HTTP exchange, [`super::peers`]): the operation is read again
//! whenever a card answer or notification commits.

use std::time::Duration;

use super::ChangeError;
use crate::operation::{Operation, OperationState};
use crate::server::SmSrCore;

/// How often the operation's state is read when no card answer moved it (its validity
/// running out, which the sweep records, is not announced).
const POLL: Duration = Duration::from_secs(1);

/// The operation `id` once it is finished (succeeded, failed or expired: the sweep ends
/// it when its validity period runs out, so this ends too).
pub(crate) async fn finished(core: &SmSrCore, id: &str) -> Result<Operation, ChangeError> {
    let mut answers = core.ctx.card_answers.subscribe();
    loop {
        let key = id.to_string();
        let op = core
            .ctx
            .store
            .read(move |tx| crate::store::operations::load(tx, &key))
            .await?
            .ok_or(ChangeError::Card)?;
        if !matches!(
            op.state,
            OperationState::Sending | OperationState::AwaitingNotification
        ) {
            return Ok(op);
        }
        tokio::select! {
            _ = answers.changed() => {}
            _ = tokio::time::sleep(POLL) => {}
        }
    }
}
