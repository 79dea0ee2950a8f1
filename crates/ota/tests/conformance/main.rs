//! Conformance of the `ota` crate, filed by the specification clause each file checks.

mod properties;
mod support;
mod ts_102_225_command;
mod ts_102_225_por;
mod ts_102_225_round_trip;
mod ts_23_040;
mod ts_31_111;
