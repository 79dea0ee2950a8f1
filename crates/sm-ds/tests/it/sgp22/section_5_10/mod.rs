//! SGP.22 5.10: ES15 (alternative SM-DS → root SM-DS).

mod forwarding;
