//! Fault injection for labs: the device loses the server's answer to a request after the
//! server has processed it, as when a connection breaks mid-operation (the localization lab's
//! `--drop-rate`). The request reached the server and changed its state; the device sees a
//! connection error and must recover the way a real device would (poll again and receive the
//! same package with the same counterValue, download again with the session state the
//! SM-DP+ kept).
//!
//! The hook is asked once per answer, with the interface (`esipa`, `es9p`) and the
//! function name; `true` loses that answer.
//!
//! ```
//! use std::sync::Arc;
//! use lpa::fault::AnswerLoss;
//! // Lose every GetBoundProfilePackage answer.
//! let hook: AnswerLoss = Arc::new(|_interface: &str, function: &str| function == "getBoundProfilePackage");
//! assert!(hook("es9p", "getBoundProfilePackage"));
//! ```

use std::sync::Arc;

/// Decides, per answer, whether the device loses it (`interface`, `function`).
pub type AnswerLoss = Arc<dyn Fn(&str, &str) -> bool + Send + Sync>;

/// What a lost answer reads like in errors and logs.
pub const LOST_ANSWER: &str = "connection lost before the answer arrived (injected fault)";

/// Whether `hook` loses this answer.
pub fn lost(hook: Option<&AnswerLoss>, interface: &str, function: &str) -> bool {
    hook.is_some_and(|h| {
        let lose = h(interface, function);
        if lose {
            tracing::info!(interface, function, "answer lost (injected fault)");
        }
        lose
    })
}
