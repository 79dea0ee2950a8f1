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

/// For commands that block a thread rather than run on a runtime (the card served to vpcd):
/// installs the handlers now and runs `f` once, on a thread of its own, at the first SIGINT
/// or SIGTERM.
pub fn on_termination(f: impl FnOnce() + Send + 'static) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()?;
    let ended = {
        let _entered = runtime.enter();
        termination()?
    };
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            runtime.block_on(ended);
            f();
        })?;
    Ok(())
}
