//! The software eUICC of rsp-lab: what is on the card.
//!
//! - [`Euicc`]: one eUICC: the ISD-R answering ES10a/b/c requests given as DER (SGP.22 v2.5
//!   5.7), its credentials, and its state persisted to one file ([`state`]).
//! - `apdu`: the card face: ISO/IEC 7816-4 / GlobalPlatform APDUs (SELECT, MANAGE CHANNEL,
//!   STORE DATA chaining, GET RESPONSE) in front of the ISD-R.
//! - `transport`: the card's side of a reader (stdio JSON bridge, vpcd), so programs outside
//!   the process reach it as a card.
//! - [`uicc`]: the card as a UICC: the file system, PINs and USIM of the enabled profile
//!   (ETSI TS 102 221, 3GPP TS 31.102) in front of the ISD-R.
//!
//! The device software that drives the card is in its own crates beside this one: the LPA
//! (`lpa`, SGP.22 3) and the IPA (`ipa`, SGP.32 3, 5.14). They reach the card through its
//! interfaces, [`Es10Processor`] and [`apdu::Card`]; this crate knows nothing of them.
//!
//! An M2M eUICC ([`Euicc::create_m2m`], SGP.02 v4.2) takes the GlobalPlatform commands of
//! ES5 at its ISD-R instead of ES10: see [`m2m`].
//!
//! An IoT eUICC ([`EuiccOptions::iot`]) adds the ES10b functions of SGP.32 v1.2 5.9: eUICC
//! Packages from eIMs (PSMOs, eCOs) with signed results, eIM configuration, fallback,
//! rollback, emergency profile and immediate enabling; [`Preload`] puts profiles on it as
//! a manufacturer would.
//!
//! The seam between the ISD-R and the APDU layer is [`Es10Processor`]: one complete ES10x
//! request (the data of a whole STORE DATA chain) in, one response out.
//!
//! ```no_run
//! use std::path::Path;
//! use euicc_sim::{Es10Processor, Euicc, EuiccOptions, credentials_from_pki_dir};
//!
//! // Once: credentials from a lab PKI (a new EID is issued if the PKI holds the EUM key).
//! let creds = credentials_from_pki_dir(Path::new("pki"), None)?;
//! Euicc::create(Path::new("euicc.json"), creds, EuiccOptions::default())?;
//!
//! // Any time later, in any process: the same eUICC.
//! let mut euicc = Euicc::open(Path::new("euicc.json"))?;
//! let challenge = euicc.try_process_es10(&[0xBF, 0x2E, 0x00])?; // GetEUICCChallenge
//! # let _ = challenge;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Every change of the persistent state (a profile installed, enabled, deleted, a
//! notification added or removed, a one-time key handed out) is written to the state file
//! before the response leaves the eUICC. The download session is volatile.

#![forbid(unsafe_code)]
// Public items of this crate still lack documentation; the workspace's `missing_docs`
// applies once they have it and this line is gone.
#![allow(missing_docs)]

pub mod credentials;
mod es10_error;
mod euicc;
mod factory;
#[doc(hidden)]
pub mod fuzz;
pub mod init;
mod isdr;
#[warn(missing_docs)]
pub mod m2m;
mod policy;
pub mod ppr;
mod session;
pub mod state;
mod store;

pub use credentials::{Credentials, CredentialsError};
pub use es10_error::Es10Error;
pub use euicc::{Euicc, EuiccError, RefreshRequest};
pub use factory::{FactoryError, Preload};
pub use init::{
    EuiccInfo, InitError, credentials_from_dir, credentials_from_pki_dir, m2m_setup_from_pki_dir,
};
pub use session::STORE_METADATA_LENIENCY;
pub use state::options::{self, EuiccOptions, Sgp32Version};

/// The SGP.22 version this eUICC implements, v2.5.0: `svn` of EUICCInfo1/2 (SGP.22 5.7.8)
/// and of the ISD-R's proprietary application template returned on SELECT (5.7, tag `E0`).
pub const SGP22_VERSION: [u8; 3] = [2, 5, 0];

/// The SGP.32 version an IoT eUICC implements, v1.2.0: `iotVersion` of its EUICCInfo2
/// (SGP.32 v1.2 5.9.2).
pub const SGP32_VERSION: [u8; 3] = [1, 2, 0];

pub mod apdu;
pub mod transport;
pub mod uicc;

/// The ISD-R as seen by the APDU layer: one complete ES10x request (a DER TLV such as
/// `BF2E00`) in, one complete response out. An empty response means "nothing to return"
/// (status word 9000 without data), as for intermediate LoadBoundProfilePackage calls.
///
/// Requests the ISD-R cannot take at all (not DER, unknown function tag, a component that
/// does not decode) have no response data in SGP.22; they end with a status word. The APDU
/// layer calls [`Es10Processor::try_process_es10`] and maps the error with
/// [`Es10Error::status_word`]; [`Es10Processor::process_es10`] gives an empty response for
/// them. Refusals that SGP.22 defines as response values (`undefinedError(127)`,
/// `noSessionContext(4)`, `iccidOrAidNotFound(1)` …) are `Ok` responses.
pub trait Es10Processor {
    /// The response to one request; empty when there is no data to return or the request
    /// was refused with a status word (see [`Es10Processor::try_process_es10`]).
    fn process_es10(&mut self, request: &[u8]) -> Vec<u8>;

    /// The response to one request, or the reason it was refused with a status word instead
    /// of a response. The default wraps [`Es10Processor::process_es10`] (for simple test
    /// doubles); [`Euicc`] implements both.
    fn try_process_es10(&mut self, request: &[u8]) -> Result<Vec<u8>, Es10Error> {
        Ok(self.process_es10(request))
    }

    /// The card was reset or powered off: volatile session state is dropped.
    fn reset(&mut self) {}

    /// The enabled profile, for the UICC face of the card (its file system and NAA keys,
    /// [`uicc`]); `None` when no profile is enabled or the processor keeps no profiles.
    fn enabled_profile(&self) -> Option<uicc::ProfileSource<'_>> {
        None
    }

    /// Stores what the UICC face changed in profile `iccid` (EF contents, PIN state,
    /// sequence numbers), so it survives a power cycle.
    fn save_profile_state(
        &mut self,
        _iccid: &str,
        _state: &uicc::SavedState,
    ) -> std::io::Result<()> {
        Ok(())
    }

    /// A GlobalPlatform command to the ISD-R of an M2M eUICC (SGP.02 4.1.1, see
    /// [`m2m::command`]); `None` when the processor is not an M2M ISD-R, and the card face
    /// then treats the command as it would without one.
    fn process_m2m_isdr(&mut self, _cmd: &apdu::CommandApdu<'_>) -> Option<apdu::ResponseApdu> {
        None
    }

    /// The TAR of an ISD-P of an M2M eUICC whose AID is `aid`: a terminal may select it
    /// and open SCP03 to it. `None` when there is none.
    fn m2m_isdp_tar(&self, _aid: &[u8]) -> Option<[u8; 3]> {
        None
    }

    /// An APDU to the ISD-P of `tar` selected on logical channel `channel` (SCP03 over
    /// APDUs, GP Amendment D 7.1); `None` when the processor has no such ISD-P.
    fn process_m2m_isdp(
        &mut self,
        _channel: u8,
        _tar: [u8; 3],
        _apdu: &[u8],
    ) -> Option<apdu::ResponseApdu> {
        None
    }

    /// ENVELOPE (ETSI TS 102 221 11.2.2) from the terminal: SMS-PP data download, event
    /// download. `None` when the processor takes no envelope (the card answers `6D00`).
    fn process_envelope(&mut self, _data: &[u8]) -> Option<m2m::EnvelopeAnswer> {
        None
    }

    /// A proactive command the processor wants to issue now (an M2M eUICC's Default
    /// Notification), asked when none is waiting; `terminal_profile` is what the terminal
    /// said it supports.
    fn next_proactive(&mut self, _terminal_profile: &[u8]) -> Option<Vec<u8>> {
        None
    }

    /// The terminal answered the proactive command `details` (number, type, qualifier)
    /// with the general result `result` (ETSI TS 102 223 8.12).
    fn proactive_result(&mut self, _details: [u8; 3], _result: u8) {}

    /// Whether the card holds back the REFRESH of a profile change: an M2M ISD-R's admin
    /// session on the BIP channel first reports the result of the script that enabled
    /// or disabled the profile (SGP.02 2.4.4, 3.2), then the terminal resets the card.
    fn holds_refresh(&self) -> bool {
        false
    }

    /// The whole TERMINAL RESPONSE to `details`: its general result and the data objects
    /// (ETSI TS 102 223 6.8; channel status, channel data and its length for BIP).
    /// Unless a processor reads the objects, only the result counts.
    fn proactive_response(&mut self, details: [u8; 3], result: u8, _data: &[u8]) {
        self.proactive_result(details, result)
    }

    /// The terminal (re)started its session with TERMINAL PROFILE.
    fn terminal_session(&mut self) {}
}

/// A borrowed processor (an IPA or a card in front of an eUICC it does not own).
impl<P: Es10Processor + ?Sized> Es10Processor for &mut P {
    fn process_es10(&mut self, request: &[u8]) -> Vec<u8> {
        (**self).process_es10(request)
    }

    fn try_process_es10(&mut self, request: &[u8]) -> Result<Vec<u8>, Es10Error> {
        (**self).try_process_es10(request)
    }

    fn reset(&mut self) {
        (**self).reset()
    }

    fn enabled_profile(&self) -> Option<uicc::ProfileSource<'_>> {
        (**self).enabled_profile()
    }

    fn save_profile_state(&mut self, iccid: &str, state: &uicc::SavedState) -> std::io::Result<()> {
        (**self).save_profile_state(iccid, state)
    }

    fn process_m2m_isdr(&mut self, cmd: &apdu::CommandApdu<'_>) -> Option<apdu::ResponseApdu> {
        (**self).process_m2m_isdr(cmd)
    }

    fn m2m_isdp_tar(&self, aid: &[u8]) -> Option<[u8; 3]> {
        (**self).m2m_isdp_tar(aid)
    }

    fn process_m2m_isdp(
        &mut self,
        channel: u8,
        tar: [u8; 3],
        apdu: &[u8],
    ) -> Option<apdu::ResponseApdu> {
        (**self).process_m2m_isdp(channel, tar, apdu)
    }

    fn process_envelope(&mut self, data: &[u8]) -> Option<m2m::EnvelopeAnswer> {
        (**self).process_envelope(data)
    }

    fn next_proactive(&mut self, terminal_profile: &[u8]) -> Option<Vec<u8>> {
        (**self).next_proactive(terminal_profile)
    }

    fn proactive_result(&mut self, details: [u8; 3], result: u8) {
        (**self).proactive_result(details, result)
    }

    fn proactive_response(&mut self, details: [u8; 3], result: u8, data: &[u8]) {
        (**self).proactive_response(details, result, data)
    }

    fn holds_refresh(&self) -> bool {
        (**self).holds_refresh()
    }

    fn terminal_session(&mut self) {
        (**self).terminal_session()
    }
}
