//! ES7, between two SM-SRs during an SM-SR change (SGP.02 3.8, 5.7: HandoverEUICC,
//! AuthenticateSMSR, CreateAdditionalKeySet).
//!
//! - [`key_establishment`]: SM-SR2's side of the ISD-R key set establishment with the
//!   eUICC's ECASD (SGP.02 4.1.1.7 EstablishISDRKeySet, GP Amendment E scenario #3 with
//!   mutual authentication): the control reference template, the ephemeral key and its
//!   signature by SK.SR.ECDSA, the derivation of the new SCP80 key set and the check of the
//!   card's receipt, the commit point of the change (3.8).

pub mod key_establishment;

pub use key_establishment::{KeyEstablishmentError, KeySetRequest, NewIsdrKeySet, Sr2KeyAgreement};
