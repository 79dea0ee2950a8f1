//! rsp-lab's lab: the simulated world (countries, networks, a clock) in which a fleet of
//! software eUICCs is localized over the air by the real SM-DP+ and eIM.

pub mod bench;
pub mod memory;
pub mod sim;
pub mod usage;
