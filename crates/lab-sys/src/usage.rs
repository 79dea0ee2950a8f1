//! The process's own resource usage (`getrusage`), read by the simulation's day parts and
//! by the benchmarks alike.

use std::time::Duration;

use crate::sys::own_rusage as own;

/// User plus system CPU time of the whole process (zero when it cannot be read).
pub fn process_cpu() -> Duration {
    let tv = |t: libc::timeval| {
        Duration::from_secs(u64::try_from(t.tv_sec).unwrap_or(0))
            + Duration::from_micros(u64::try_from(t.tv_usec).unwrap_or(0))
    };
    own().map_or(Duration::ZERO, |u| tv(u.ru_utime) + tv(u.ru_stime))
}

/// Peak resident set size of the process, in bytes (zero when it cannot be read).
pub fn peak_rss() -> u64 {
    own().map_or(0, |u| u64::try_from(u.ru_maxrss).unwrap_or(0) * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_spent_and_memory_touched_show() {
        let before = process_cpu();
        let spin = std::time::Instant::now();
        let mut x = 0u64;
        while process_cpu().saturating_sub(before) < Duration::from_millis(20) {
            x = std::hint::black_box(x.wrapping_add(1));
            assert!(
                spin.elapsed() < Duration::from_secs(20),
                "no CPU time accounted"
            );
        }
        let block = vec![1u8; 64 << 20];
        assert!(
            peak_rss() >= 64 << 20,
            "64 MiB touched, peak {}",
            peak_rss()
        );
        drop(std::hint::black_box(block));
    }
}
