//! SGP.22 v2.5 (RSP technical specification), by section.

mod corpus;
mod messages;
mod robustness;
mod section_5_5;
