//! SGP.22 5.9: ES12 (SM-DP+ → SM-DS), RegisterEvent and DeleteEvent.

mod delete_event;
mod register_event;
