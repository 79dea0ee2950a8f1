//! SGP.22 v2.5 (RSP technical specification), by section.

mod restart;
mod section_2_6;
mod section_3_1;
mod section_5_6;
mod section_5_8;
mod section_5_9;
mod section_6_5;
