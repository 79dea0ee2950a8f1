//! SGP.22 v2.5 (RSP technical specification), by section.

mod section_5_5;
mod section_5_7;
