//! How the servers' `serve` commands end: at SIGINT (Ctrl-C) or SIGTERM, with the handlers
//! installed before the server starts, so a signal arriving during the start-up still ends
//! the server cleanly instead of killing the process.

use std::future::Future;

/// Installs the handlers now; the returned future completes at the first SIGINT or SIGTERM.
#[cfg(unix)]
pub fn termination() -> std::io::Result<impl Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

/// Completes at Ctrl-C.
#[cfg(not(unix))]
pub fn termination() -> std::io::Result<impl Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}
