//! The delivery of the Handle*Notification calls owed to operators (SGP.02 5.5:
//! ES4.HandleProfileEnabledNotification, HandleProfileDisabledNotification,
//! HandleProfileDeletedNotification, and HandleSMSRChangeNotification from the SM-SR that
//! took an eUICC over (3.8); one-way, the SM-SR the requester): each is POSTed to
//! its operator's `notify_url` ([`crate::config::OperatorEndpoint`]) over HTTPS with the
//! SM-SR's client certificate, with the same retries as the outbox of asynchronous
//! responses (`crate::outbox`): marked delivered on a 2xx only, else tried again with
//! exponential backoff and given up after `max_attempts`. A notification owed to an
//! operator with no endpoint configured waits until one is.

use proto::ids::{Eid, Iccid};
use soap::envelope::{Addressing, Envelope};
use soap::es4 as ops;
use soap::notify::ProfileNotification;
use tokio::sync::watch;

use crate::config::{Operators, OutboxPolicy};
use crate::context::Ctx;
use crate::store::notifications::NotifyInterface;
use crate::store::{notifications, now_ms};

/// How many notifications of one operator one round takes.
const ROUND: i64 = 32;

/// Delivers due notifications every `policy.poll` until `stop`: to the operators over
/// ES4, to the SM-DPs (`smdps`) over ES3.
pub(crate) async fn run(
    ctx: Ctx,
    client: reqwest::Client,
    (policy, operators, smdps): (OutboxPolicy, Operators, Operators),
    mut stop: watch::Receiver<bool>,
) {
    let endpoints = [
        (NotifyInterface::Es4, operators),
        (NotifyInterface::Es3, smdps),
    ];
    loop {
        for (interface, by_id) in &endpoints {
            for (id, endpoint) in by_id {
                let to = endpoint.notify_url.as_str();
                let recipient = (id.as_str(), *interface);
                if let Err(e) = round(&ctx, &client, &policy, recipient, to).await {
                    tracing::warn!(error = %e, "notification round failed");
                }
            }
        }
        if !crate::outbox::pause(&mut stop, policy.poll).await {
            return;
        }
    }
}

/// One round for one recipient: every due notification POSTed once to `to`, each
/// attempt recorded.
async fn round(
    ctx: &Ctx,
    client: &reqwest::Client,
    policy: &OutboxPolicy,
    (recipient, interface): (&str, NotifyInterface),
    to: &str,
) -> Result<(), storage::StoreError> {
    let recipient = recipient.to_string();
    let due = ctx
        .store
        .read(move |tx| notifications::due(tx, (&recipient, interface), now_ms(), ROUND))
        .await?;
    for (id, n) in due {
        let env = if n.function == SMSR_CHANGE {
            smsr_change_envelope(ctx, to, &id, &n).await?
        } else {
            envelope(&ctx.smsr_id, to, &id, &n)
        };
        let delivered = match env {
            Some(env) => crate::outbox::post(client, to, &env).await,
            None => false,
        };
        let limits = (policy.max_attempts, crate::outbox::millis(policy.backoff));
        let row = id.clone();
        let state = ctx
            .store
            .write(move |tx| notifications::attempted(tx, &row, delivered, now_ms(), limits))
            .await?;
        tracing::info!(notification = %id, function = %n.function, interface = ?n.interface, %to, ?state, "notification");
    }
    Ok(())
}

/// The one-way request of notification `n` (SGP.02 5.5 over ES4, 5.4 over ES3; `wsa:From`
/// the SM-SR identifier,
/// `wsa:MessageID` from the row); `None` for a function or identifier it cannot carry.
pub(crate) fn envelope(
    smsr_id: &str,
    to: &str,
    id: &str,
    n: &notifications::MnoNotification,
) -> Option<Envelope> {
    use soap::es3 as es3_ops;
    let op = match (n.interface, n.function.as_str()) {
        (NotifyInterface::Es4, "HandleProfileEnabledNotification") => {
            &ops::HANDLE_PROFILE_ENABLED_NOTIFICATION
        }
        (NotifyInterface::Es4, "HandleProfileDisabledNotification") => {
            &ops::HANDLE_PROFILE_DISABLED_NOTIFICATION
        }
        (NotifyInterface::Es4, "HandleProfileDeletedNotification") => {
            &ops::HANDLE_PROFILE_DELETED_NOTIFICATION
        }
        (NotifyInterface::Es3, "HandleProfileEnabledNotification") => {
            &es3_ops::HANDLE_PROFILE_ENABLED_NOTIFICATION
        }
        (NotifyInterface::Es3, "HandleProfileDisabledNotification") => {
            &es3_ops::HANDLE_PROFILE_DISABLED_NOTIFICATION
        }
        (NotifyInterface::Es3, "HandleProfileDeletedNotification") => {
            &es3_ops::HANDLE_PROFILE_DELETED_NOTIFICATION
        }
        _ => return None,
    };
    let msg = ProfileNotification {
        eid: Eid::parse_lenient(&n.eid).ok()?,
        iccid: Iccid::parse_lenient(&n.iccid).ok()?,
        completion_timestamp: date_time(n.created_at)?,
    };
    let addressing = Addressing::request(to, smsr_id, format!("urn:uuid:{id}"));
    Some(op.request(addressing, &msg))
}

/// The function an SM-SR that took an eUICC over owes the operators of its profiles.
pub(crate) const SMSR_CHANGE: &str = "HandleSMSRChangeNotification";

/// ES4.HandleSMSRChangeNotification (SGP.02 3.8, 5.5: `Eis`, `CompletionTimeStamp`): the
/// EIS as this SM-SR now holds it, as the recipient may see it ([`Eis::for_operator`]);
/// `None` when the EIS is gone or does not fit the binding.
///
/// [`Eis::for_operator`]: crate::eis::Eis::for_operator
async fn smsr_change_envelope(
    ctx: &Ctx,
    to: &str,
    id: &str,
    n: &notifications::MnoNotification,
) -> Result<Option<Envelope>, storage::StoreError> {
    let eid = n.eid.clone();
    let eis = ctx
        .store
        .read(move |tx| crate::store::eis::load(tx, &eid))
        .await?;
    let Some(eis) =
        eis.and_then(|e| crate::es4::binding_eis::to_binding(&e.for_operator(&n.recipient)))
    else {
        return Ok(None);
    };
    let Some(completion_timestamp) = date_time(n.created_at) else {
        return Ok(None);
    };
    let msg = soap::notify::SmsrChangeNotification {
        eis,
        completion_timestamp,
    };
    let addressing = Addressing::request(to, &ctx.smsr_id, format!("urn:uuid:{id}"));
    Ok(Some(
        ops::HANDLE_SMSR_CHANGE_NOTIFICATION.request(addressing, &msg),
    ))
}

/// Unix ms as an `xs:dateTime` in UTC (XML Schema Part 2 3.2.7), second precision.
fn date_time(ms: i64) -> Option<String> {
    let t = time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000)).ok()?;
    t.format(&time::format_description::well_known::Rfc3339)
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owed(function: &str) -> notifications::MnoNotification {
        notifications::MnoNotification {
            recipient: "mno-a".into(),
            interface: NotifyInterface::Es4,
            function: function.into(),
            eid: "89049032123451234512345678901235".into(),
            iccid: "8944476500001224158".into(),
            created_at: 1_700_000_000_123,
            attempts: 0,
        }
    }

    #[test]
    fn a_profile_notification_names_eid_iccid_and_completion_time() {
        let n = owed("HandleProfileDisabledNotification");
        let env = envelope("sr-1", "https://mno.test/es4", "ab12", &n).unwrap();
        let a = &env.addressing;
        assert_eq!(
            a.action.as_deref(),
            Some(ops::HANDLE_PROFILE_DISABLED_NOTIFICATION.request_action)
        );
        assert_eq!(a.to.as_deref(), Some("https://mno.test/es4"));
        assert_eq!(a.message_id.as_deref(), Some("urn:uuid:ab12"));
        let received = Envelope::decode(env.encode().as_bytes()).unwrap();
        let Ok(soap::es4::Es4Callback::ProfileDisabled(p)) =
            <soap::es4::Es4Callback as soap::operation::Dispatch>::decode(&received)
        else {
            panic!("not a HandleProfileDisabledNotification");
        };
        assert_eq!(p.iccid.as_ref(), "8944476500001224158");
        assert_eq!(p.completion_timestamp, "2023-11-14T22:13:20Z");
    }

    #[test]
    fn an_unknown_function_or_bad_eid_is_not_sent() {
        assert!(envelope("sr", "https://m/x", "1", &owed("HandleSomethingElse")).is_none());
        let mut n = owed("HandleProfileDeletedNotification");
        n.eid = "not an eid".into();
        assert!(envelope("sr", "https://m/x", "1", &n).is_none());
    }
}
