//! The SM-SR's integration tests: one binary, modules filed by what they check.

mod lifecycle;
mod scp80;
mod scp81;
mod scp81_device;
mod sgp02;
mod support;
