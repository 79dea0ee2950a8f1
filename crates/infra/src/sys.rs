//! The crate's calls into C, its only `unsafe`: each block is one call with a `SAFETY:`
//! comment, behind a safe function.

#![allow(unsafe_code)]

/// The process's soft limit on open files (`RLIMIT_NOFILE`), or `None` when it is unlimited
/// or cannot be read: the listeners size their connection limit below it
/// ([`crate::serve::limits`]).
#[cfg(unix)]
#[allow(clippy::unnecessary_cast)] // rlim_t is u64 on Linux, not on every Unix
pub(crate) fn open_file_limit() -> Option<u64> {
    let mut rl = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes the limits into the struct it is given and reads nothing else.
    let rc = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut rl) };
    (rc == 0 && rl.rlim_cur != libc::RLIM_INFINITY).then_some(rl.rlim_cur as u64)
}

/// Without `getrlimit`, no limit is known.
#[cfg(not(unix))]
pub(crate) fn open_file_limit() -> Option<u64> {
    None
}
