//! Gauges a server reads from its database at scrape time: counts per state (one
//! `GROUP BY` each) and the age of the oldest waiting item.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;

/// The `state` label.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct StateLabel {
    pub state: &'static str,
}

/// One gauge per state.
pub type ByState = Family<StateLabel, Gauge>;

/// Sets the gauge of every state in `states` from `(state, count)` rows; a state without a
/// row is 0 (so a state that emptied does not keep its last count).
pub fn set_by_state(family: &ByState, states: &[&'static str], rows: &[(String, i64)]) {
    for state in states {
        let n = rows.iter().find(|(k, _)| k == state).map_or(0, |(_, n)| *n);
        family.get_or_create(&StateLabel { state }).set(n);
    }
}

/// Whole seconds from `oldest_ms` to `now_ms`; 0 when nothing waits.
pub fn age_seconds(now_ms: i64, oldest_ms: Option<i64>) -> i64 {
    oldest_ms.map_or(0, |t| ((now_ms - t) / 1000).max(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_without_rows_is_zero_again() {
        let f = ByState::default();
        set_by_state(&f, &["open", "done"], &[("open".into(), 3)]);
        set_by_state(&f, &["open", "done"], &[("done".into(), 1)]);
        assert_eq!(f.get_or_create(&StateLabel { state: "open" }).get(), 0);
        assert_eq!(f.get_or_create(&StateLabel { state: "done" }).get(), 1);
        assert_eq!(age_seconds(10_500, Some(1_000)), 9);
        assert_eq!(age_seconds(10_500, None), 0);
    }
}
