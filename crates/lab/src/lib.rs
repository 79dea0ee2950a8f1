//! rsp-lab's lab: the simulated world (countries, networks, a clock) in which a fleet of
//! software eUICCs is localized over the air by the real SM-DP+ and eIM.

#![deny(unsafe_code)]

pub mod bench;
pub mod memory;
pub mod sim;
#[allow(unsafe_code)]
pub mod sys;
pub mod usage;
