//! SGP.22 5.9: ES12 (SM-DP+ – SM-DS).

mod event_registration;
