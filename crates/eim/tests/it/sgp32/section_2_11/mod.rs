//! SGP.32 2.11: the eIM and its configuration.

mod eim_configuration;
