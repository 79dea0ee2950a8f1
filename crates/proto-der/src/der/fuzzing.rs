//! Hooks for the coverage-guided fuzz targets in `fuzz/`, compiled only under
//! `--cfg fuzzing` (set by cargo-fuzz). Not an API.
//!
//! A value that decodes re-encodes to the received octets, with one exception: unknown
//! trailing components of an extensible type are checked and dropped. The targets ask
//! whether that happened before they require a byte-identical round trip.

use std::cell::Cell;

thread_local! {
    static SKIPPED: Cell<usize> = const { Cell::new(0) };
}

/// Called when a decoder drops unknown extension components.
pub(crate) fn note_skipped() {
    SKIPPED.with(|s| s.set(s.get() + 1));
}

/// How many times unknown extension components were dropped since the last call; resets
/// the count.
pub fn take_skipped_extensions() -> usize {
    SKIPPED.with(|s| s.replace(0))
}
