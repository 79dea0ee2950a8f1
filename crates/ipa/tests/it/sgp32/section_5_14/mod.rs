//! SGP.32 5.14: ESipa (IPA – eIM).

mod ipa;
mod recovery;
