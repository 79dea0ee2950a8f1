//! SGP.32 v1.2 (eSIM IoT technical specification), by section.

mod section_2_11;
mod section_5_14;
mod section_6_3;
mod v1_0_esipa;
