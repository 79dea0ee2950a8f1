//! Calls towards the SM-DP+ taken in turns: at most as many in flight as the client keeps
//! connections (`max_idle` of its [`KeepAlive`]), the others waiting first come, first
//! served. Every call then finds a kept connection instead of opening one of its own.
//!
//! Unbounded, the lab's ES2+ orders (each country's DownloadOrders in device order, every
//! ConfirmOrder left to run beside the next ones) had up to 646 calls in flight at 100,000
//! devices, each on a connection of its own: the SM-DP+'s `max_connections` (512) was
//! reached, and the orders behind it timed out in its listen backlog. The ES9+ relay is
//! bounded the same way: each relayed call is an IPA's request the ESipa listener admitted.

use infra::keep_alive::{Answer, KeepAlive};
use proto::json::http::{ADMIN_PROTOCOL_SGP22, CONTENT_TYPE_JSON, X_ADMIN_PROTOCOL};

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
    pub async fn post_json(&self, url: &str, json: Vec<u8>) -> Result<Answer, String> {
        let limit = self.http.options().timeout;
        let call = async {
            // The semaphore is never closed.
            let _turn = self.turns.acquire().await.map_err(|e| e.to_string())?;
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
                .map_err(|e| e.to_string())
        };
        tokio::time::timeout(limit, call)
            .await
            .map_err(|_| format!("no answer within {limit:?} (the wait for a turn included)"))?
    }
}
