//! SGP.32 5.14: ESipa (IPA – eIM).

mod relay;
mod served_faults;
