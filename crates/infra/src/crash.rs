//! Crash points for the fault matrix (`tools/faults`): with `RSP_LAB_CRASH` set to
//! `after:<function>` (or `before:<function>`), a server aborts the process right after that
//! function's transaction committed and before its answer is sent (or as soon as the
//! request arrives) — the window a `kill -9` can hit that matters most: the state is stored,
//! the caller never hears. Several points are separated by commas. Unset (always, outside
//! the fault matrix), a crash point costs one relaxed load.

use std::sync::OnceLock;

/// When, relative to a function's work, a crash point sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// The request arrived; nothing was done.
    Before,
    /// The function's transaction committed; the answer was not sent.
    After,
}

fn points() -> &'static [(Stage, String)] {
    static POINTS: OnceLock<Vec<(Stage, String)>> = OnceLock::new();
    POINTS.get_or_init(|| {
        std::env::var("RSP_LAB_CRASH")
            .unwrap_or_default()
            .split(',')
            .filter_map(|p| {
                let (stage, function) = p.trim().split_once(':')?;
                let stage = match stage {
                    "before" => Stage::Before,
                    "after" => Stage::After,
                    _ => return None,
                };
                Some((stage, function.to_string()))
            })
            .collect()
    })
}

/// Aborts the process when `RSP_LAB_CRASH` names this point.
pub fn crash_point(stage: Stage, function: &str) {
    let points = points();
    if !points.is_empty() && points.iter().any(|(s, f)| *s == stage && f == function) {
        eprintln!("RSP_LAB_CRASH: aborting {stage:?} {function}");
        std::process::abort();
    }
}
