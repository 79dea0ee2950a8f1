//! SGP.32 v1.2 (eSIM IoT technical specification), by section.

mod corpus;
mod messages;
mod robustness;
mod v1_0_corpus;
mod v1_3_corpus;
