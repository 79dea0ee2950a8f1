//! SGP.32 5.14: ESipa (IPA – eIM).

mod eim_package;
mod time_seen;
