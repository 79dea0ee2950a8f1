//! ES7, between two SM-SRs during an SM-SR change (SGP.02 3.8, 5.7: HandoverEUICC,
//! AuthenticateSMSR, CreateAdditionalKeySet), with the ES4 functions that start it
//! (PrepareSMSRChange at SM-SR2, SMSRChange at SM-SR1).
//!
//! ```text
//! operator ──PrepareSMSRChange(EID, SM-SR1)──► SM-SR2          (target: expects the eUICC)
//! operator ──SMSRChange(EID, SM-SR2)─────────► SM-SR1          (source: locks the eUICC)
//! SM-SR1 ──HandoverEUICC(EIS without keys)───► SM-SR2          checks CERT.ECASD.ECKA
//!   SM-SR2 ──AuthenticateSMSR(CERT.SR.ECDSA)─► SM-SR1 ──ES5 3A01──► ISD-R → RC
//!   SM-SR2 ──CreateAdditionalKeySet(ePK, sig)► SM-SR1 ──ES5 3A02──► ISD-R → DR, receipt
//!   SM-SR2 verifies the receipt (commit point), stores the EIS with the new key set,
//!   sends FinaliseISDRhandover + UpdateSMSRAddressingParameters with the new keys
//! SM-SR1 ◄──HandoverEUICC response─────────── SM-SR2
//! SM-SR1 deletes the EIS and its keys; the operator gets the SMSRChange response
//! ```
//!
//! - [`key_establishment`]: SM-SR2's side of the ISD-R key set establishment with the
//!   eUICC's ECASD (SGP.02 4.1.1.7 EstablishISDRKeySet, GP Amendment E scenario #3 with
//!   mutual authentication).
//! - module `source`: SM-SR1; module `target`: SM-SR2; module `eis`: the EIS as
//!   HandoverEUICC carries it; module `peers`: the peers and one ES7 exchange; module
//!   `soap`: the ES7 endpoint of the listener ([`listener::ES7_PATH`]).

mod eis;
mod error;
pub mod key_establishment;
pub mod listener;
mod peers;
mod soap;
mod source;
mod target;
mod wait;

pub use error::{ChangeError, ECASD_NOT_VERIFIED, RECEIPT_NOT_VERIFIED, peer_code};
pub use key_establishment::{KeyEstablishmentError, KeySetRequest, NewIsdrKeySet, Sr2KeyAgreement};
pub(crate) use peers::Es7Context;
pub(crate) use source::run as run_handovers;

impl crate::server::SmSrCore {
    /// ES7 of this SM-SR; refused when it runs without its listener's credentials.
    pub(crate) fn es7(&self) -> Result<&Es7Context, ChangeError> {
        self.ctx
            .es7
            .get()
            .ok_or(ChangeError::Refused("this SM-SR runs without ES7"))
    }
}
