//! SGP.32 5.14: ESipa (IPA – eIM).

mod field_quirks;
mod relay;
mod served_faults;
