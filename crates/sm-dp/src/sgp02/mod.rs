//! The SGP.02 SM-DP (SGP.02 2.2.1, 3.1, 5.4): the M2M SM-DP that downloads a profile into an
//! ISD-P the SM-SR created, by ES3 requests the SM-SR relays to the eUICC.
//!
//! - [`es8`]: the download itself (ES8, SGP.02 4.1.3), as a sans-I/O engine: the ISD-P's
//!   SCP03 key set established with the eUICC's ECASD, then the profile package in SCP03t
//!   segments; each step the bytes of one ES3.SendData, each card answer fed back.

pub mod es8;
