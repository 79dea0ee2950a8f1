//! SGP.22 v2.5 (RSP technical specification), by section.

mod download;
mod section_2_6;
mod section_5_3;
mod section_5_6;
mod section_6;
