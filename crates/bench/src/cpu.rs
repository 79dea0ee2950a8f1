//! CPU time of a role inside the benchmark process: the role runs on a runtime of its own
//! whose threads carry a name prefix, and the time the kernel accounted to those threads
//! (`/proc/self/task/<tid>/schedstat`, nanoseconds on the CPU) is its CPU time. The rest of
//! the process (`getrusage`) is the client side. Threads that ended between two readings
//! lose their time, so the roles' runtimes keep their threads alive for the whole run.

use std::time::Duration;

use lab_sys::usage::process_cpu;

/// CPU time of the threads whose name starts with one of `prefixes` (Linux; zero elsewhere).
pub fn threads_cpu(prefixes: &[&str]) -> Duration {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return Duration::ZERO;
    };
    let mut total = 0u64;
    for task in tasks.flatten() {
        let dir = task.path();
        let Ok(comm) = std::fs::read_to_string(dir.join("comm")) else {
            continue;
        };
        if !prefixes.iter().any(|p| comm.trim_end().starts_with(p)) {
            continue;
        }
        if let Some(ns) = std::fs::read_to_string(dir.join("schedstat"))
            .ok()
            .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        {
            total += ns;
        }
    }
    Duration::from_nanos(total)
}

/// User plus system CPU time of process `pid`, ended threads included (`/proc/<pid>/stat`,
/// in clock ticks: 10 ms steps where the kernel counts 100 a second); `None` when it cannot
/// be read (no such process, not Linux).
pub fn pid_cpu(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces:
    // state is field 3, utime field 14, stime field 15.
    let rest: Vec<&str> = stat
        .get(stat.rfind(')')? + 1..)?
        .split_whitespace()
        .collect();
    let utime: u64 = rest.get(11)?.parse().ok()?;
    let stime: u64 = rest.get(12)?.parse().ok()?;
    let ticks = lab_sys::sys::clock_ticks_per_second()?;
    Some(Duration::from_nanos(
        (utime + stime) * 1_000_000_000 / ticks,
    ))
}

/// A reading of the server's and the whole process's CPU time.
#[derive(Clone, Copy, Debug)]
pub struct CpuMark {
    server: Duration,
    process: Duration,
    /// Whether the server's time is part of this process's (then not the clients').
    server_inside: bool,
}

impl CpuMark {
    /// Reads both now; `server` names the server threads' prefixes.
    pub fn now(server: &[&str]) -> CpuMark {
        CpuMark {
            server: threads_cpu(server),
            process: process_cpu(),
            server_inside: true,
        }
    }

    /// Reads both now; the server is process `pid` (another one, or this one).
    pub fn of_process(pid: u32) -> CpuMark {
        CpuMark {
            server: pid_cpu(pid).unwrap_or_default(),
            process: process_cpu(),
            server_inside: pid == std::process::id(),
        }
    }

    /// Reads this process only: the server's time is not measured.
    pub fn without_server() -> CpuMark {
        CpuMark {
            server: Duration::ZERO,
            process: process_cpu(),
            server_inside: false,
        }
    }

    /// Server and client CPU spent since `earlier`.
    pub fn since(&self, earlier: &CpuMark) -> (Duration, Duration) {
        let server = self.server.saturating_sub(earlier.server);
        let process = self.process.saturating_sub(earlier.process);
        let clients = if self.server_inside {
            process.saturating_sub(server)
        } else {
            process
        };
        (server, clients)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_named_thread_is_accounted_to_its_prefix_only() {
        let before = threads_cpu(&["cpu-test-a"]);
        let other = threads_cpu(&["cpu-test-b"]);
        let want = Duration::from_millis(40);
        // Spins until the kernel has accounted `want` of CPU to this thread (however busy
        // the machine is), reading it while the thread still exists.
        let during = std::thread::Builder::new()
            .name("cpu-test-a".into())
            .spawn(move || {
                let started = std::time::Instant::now();
                let mut x = 0u64;
                loop {
                    for _ in 0..100_000 {
                        x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                    }
                    std::hint::black_box(x);
                    let now = threads_cpu(&["cpu-test-a"]);
                    if now >= before + want || started.elapsed() > Duration::from_secs(20) {
                        return now;
                    }
                }
            })
            .unwrap()
            .join()
            .unwrap();
        assert!(during >= before + want, "{during:?}");
        assert_eq!(threads_cpu(&["cpu-test-b"]), other);
        assert!(process_cpu() >= want);
    }

    #[test]
    fn a_process_cpu_time_is_read_from_its_stat() {
        let own = pid_cpu(std::process::id()).expect("this process's /proc stat");
        // Its ticks lag getrusage by less than a tick or two, never lead it by more.
        assert!(own <= process_cpu() + Duration::from_millis(20), "{own:?}");
        assert_eq!(pid_cpu(u32::MAX), None);
    }
}
