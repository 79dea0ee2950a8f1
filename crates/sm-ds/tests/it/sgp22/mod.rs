//! Tests filed by SGP.22 v2.5 section.

mod section_5_10;
mod section_5_8;
mod section_5_9;
