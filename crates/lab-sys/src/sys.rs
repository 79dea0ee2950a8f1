//! The lab's calls into C, the only module of the crate allowed `unsafe` (`lib.rs` denies
//! it everywhere else; `fleet`, `bench` and the `rsp-lab` binary forbid it): each function
//! is one call with a `SAFETY:` comment behind a safe signature, so the lab's crates read
//! resource usage, set the allocator's options and restore SIGPIPE without `unsafe` of
//! their own.

use std::os::raw::{c_int, c_long};
use std::time::Duration;

/// `getrusage(RUSAGE_SELF)`, or `None` when it fails.
pub fn own_rusage() -> Option<libc::rusage> {
    // SAFETY: `rusage` is a plain C struct of integers, for which all zero bits are a valid
    // value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: RUSAGE_SELF with a pointer to a struct we own; getrusage writes only into it.
    (unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } == 0).then_some(usage)
}

/// CPU time of the calling thread (`CLOCK_THREAD_CPUTIME_ID`; zero when it cannot be read).
pub fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes only into the timespec we own.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return Duration::ZERO;
    }
    Duration::new(
        u64::try_from(ts.tv_sec).unwrap_or(0),
        u32::try_from(ts.tv_nsec).unwrap_or(0),
    )
}

/// The kernel's clock ticks per second (`sysconf(_SC_CLK_TCK)`), `None` when unknown.
pub fn clock_ticks_per_second() -> Option<u64> {
    // SAFETY: sysconf takes a constant and touches no memory of ours.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    u64::try_from(ticks).ok().filter(|&t| t > 0)
}

/// SIGPIPE back to its default disposition (the process ends on a write into a closed
/// pipe). Call it in `main` before any thread exists, and only in commands without sockets
/// (`main.rs`, `restore_sigpipe`).
pub fn default_sigpipe() {
    // SAFETY: signal(2) with a valid signal and SIG_DFL, a valid disposition: no handler of
    // ours runs, and no memory is touched.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Sets one of mimalloc's options (`mi_option_set`).
pub fn set_mimalloc_option(option: c_int, value: c_long) {
    // SAFETY: mi_option_set ignores an option outside its enumeration and otherwise stores
    // the value, which the allocator reads when it next needs it; no memory of ours is
    // touched.
    unsafe { libmimalloc_sys::mi_option_set(option, value) }
}

/// One of mimalloc's options (`mi_option_get`).
pub fn mimalloc_option(option: c_int) -> c_long {
    // SAFETY: mi_option_get reads an option (0 for one outside its enumeration); no memory
    // of ours is touched.
    unsafe { libmimalloc_sys::mi_option_get(option) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_calls_answer_what_the_system_says() {
        let usage = own_rusage().expect("getrusage of this process");
        assert!(usage.ru_maxrss > 0, "a running process has resident memory");
        let before = thread_cpu();
        let spin = std::time::Instant::now();
        let mut x = 0u64;
        while thread_cpu() == before && spin.elapsed() < Duration::from_secs(20) {
            x = std::hint::black_box(x.wrapping_add(1));
        }
        assert!(thread_cpu() > before, "no thread CPU time accounted");
        // Linux gives 100 ticks a second to user space on every architecture.
        assert_eq!(clock_ticks_per_second(), Some(100));
    }
}
