//! SGP.32 v1.2 2.11: the eIM's packages and their results.

mod download_trigger;
