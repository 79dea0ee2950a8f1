//! Calls towards the SM-DP+ taken in turns: at most as many in flight as the client keeps
//! connections (`max_idle` of its [`KeepAlive`]), the others waiting first come, first
//! served. Every call then finds a kept connection instead of opening one of its own.
//!
//! Unbounded, the lab's ES2+ orders (each country's DownloadOrders in device order, every
//! ConfirmOrder left to run beside the next ones) had up to 646 calls in flight at 100,000
//! devices, each on a connection of its own: the SM-DP+'s `max_connections` (512) was
//! reached, and the orders behind it timed out in its listen backlog. The ES9+ relay is
//! bounded the same way: each relayed call is an IPA's request the ESipa listener admitted.

use std::time::Duration;

use infra::keep_alive::{Answer, ExchangeError, KeepAlive};
use proto::json::http::{ADMIN_PROTOCOL_SGP22, CONTENT_TYPE_JSON, X_ADMIN_PROTOCOL};

/// Why a call to the SM-DP+ got no answer.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CallError {
    /// The turns' semaphore was closed (it never is).
    #[error(transparent)]
    Turn(#[from] tokio::sync::AcquireError),
    /// The exchange failed: connection, TLS, or an answer that could not be read.
    #[error(transparent)]
    Exchange(#[from] ExchangeError),
    /// No answer within the client's timeout, the wait for a turn included.
    #[error("no answer within {0:?} (the wait for a turn included)")]
    Timeout(Duration),
}

/// A [`KeepAlive`] client whose calls take turns.
pub struct Turns {
    http: KeepAlive,
    turns: tokio::sync::Semaphore,
}

impl Turns {
    pub fn new(http: KeepAlive) -> Turns {
        Turns {
            turns: tokio::sync::Semaphore::new(http.options().max_idle.max(1)),
            http,
        }
    }

    /// POSTs a JSON body with the headers of the JSON binding (SGP.22 6.5: its content type
    /// and `X-Admin-Protocol`). The wait for a turn counts in the call's time: a call still
    /// takes at most the client's timeout, which the leases of the steps that call are sized
    /// by.
    pub async fn post_json(&self, url: &str, json: Vec<u8>) -> Result<Answer, CallError> {
        let limit = self.http.options().timeout;
        let call = async {
            // The semaphore is never closed.
            let _turn = self.turns.acquire().await?;
            (self.http)
                .post(
                    url,
                    &[
                        ("content-type", CONTENT_TYPE_JSON),
                        (X_ADMIN_PROTOCOL, ADMIN_PROTOCOL_SGP22),
                    ],
                    json,
                )
                .await
                .map_err(CallError::from)
        };
        tokio::time::timeout(limit, call)
            .await
            .map_err(|_| CallError::Timeout(limit))?
    }
}
