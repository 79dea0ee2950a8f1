//! Ctrl-C and SIGTERM for the blocking servers of the command line.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

static TERMINATING: AtomicBool = AtomicBool::new(false);

extern "C" fn on_signal(_: libc::c_int) {
    TERMINATING.store(true, Ordering::SeqCst);
}

/// Runs `f` once, on a helper thread, after SIGINT or SIGTERM.
pub fn on_termination(f: impl FnOnce() + Send + 'static) {
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    unsafe {
        libc::signal(libc::SIGINT, on_signal as *const () as libc::sighandler_t);
        libc::signal(libc::SIGTERM, on_signal as *const () as libc::sighandler_t);
    }
    std::thread::spawn(move || {
        while !TERMINATING.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(100));
        }
        f();
    });
}
