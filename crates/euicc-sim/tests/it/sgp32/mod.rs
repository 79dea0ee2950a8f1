//! SGP.32 v1.2 (eSIM IoT technical specification), by section.

mod section_5_9;
