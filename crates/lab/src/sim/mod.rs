//! The simulated world of the localization lab.

pub mod countries;
pub mod network;
pub mod report;
pub mod rng;
