//! The allocator's handling of freed memory in the lab's own runs.
//!
//! The `rsp-lab` binary allocates through mimalloc (`main.rs`). mimalloc hands the memory a
//! thread freed back to the system a second after it was freed (its `purge_delay`), and
//! takes fresh pages when it needs memory again, each zeroed by the kernel on first touch
//! (a whole 2 MiB page where mimalloc asked for transparent huge pages). A fleet frees and
//! needs again the same memory every simulated day (a round's sessions, the day's
//! answers): at 100,000 devices 370,000 page faults a run. A run of the lab (`demo`,
//! `compare`, `bench`) ends when its work does and keeps what it freed instead; the
//! servers keep the default and give memory back after a peak. BENCHMARKING.md,
//! lessons.

use std::os::raw::c_int;

/// mimalloc's `mi_option_purge_delay` (its place in `mi_option_t` in mimalloc 3.3's
/// `mimalloc.h`; the bindings name only the options before it). The unit test checks that
/// the option at this place has the purge delay's default, so an upgrade that moves it
/// fails there instead of setting another option.
const PURGE_DELAY: c_int = 15;

/// The purge delay that turns purging off.
const NEVER: std::os::raw::c_long = -1;

/// Freed memory stays with the process for reuse, never handed back to the system.
pub fn keep_freed_memory() {
    // An option of mimalloc's enumeration and a value it documents (-1: no purging).
    crate::sys::set_mimalloc_option(PURGE_DELAY, NEVER)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn purge_delay() -> std::os::raw::c_long {
        crate::sys::mimalloc_option(PURGE_DELAY)
    }

    #[test]
    fn the_option_set_is_the_purge_delay_and_turns_purging_off() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            // mimalloc 3's default purge delay, in milliseconds (none of the options
            // around it in the enumeration has that default).
            assert_eq!(
                purge_delay(),
                1000,
                "PURGE_DELAY is not mimalloc's purge delay"
            );
        }
        keep_freed_memory();
        assert_eq!(purge_delay(), NEVER);
    }
}
