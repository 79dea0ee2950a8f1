//! The IPA in the device (IPAd, SGP.32 v1.2 3.1, 5.14): the loop of an IoT device that
//! polls its eIM over ESipa and carries out what comes back on the eUICC.
//!
//! - Before the first poll (and after a rollback it could not report), what the eUICC holds
//!   for the eIM is delivered: [`Ipa::deliver_pending`].
//! - [`Ipa::poll`]: ESipa.GetEimPackage with the EID, `notifyStateChange` /
//!   `stateChangeCause` when the enabled profile changed without the eIM (fallback,
//!   reset, …) and the serving network (`rPLMN`); then
//!   - an eUICC Package → ES10b.LoadEuiccPackage → ESipa.ProvideEimPackageResult with the
//!     signed result and the pending notifications (`ePRAndNotifications`); after an
//!     enable with `rollbackFlag` the IPA rolls back (ES10b.ProfileRollback) when the
//!     device does not attach ([`AttachProbe`]) or the eIM cannot be reached with the new
//!     profile within [`IpaOptions::rollback_after`];
//!   - an IpaEuiccDataRequest → IpaEuiccData;
//!   - a ProfileDownloadTriggerRequest → a download (through the eIM when its
//!     configuration says `indirectProfileDownload`) → the ProfileDownloadTriggerResult;
//!   - then ES10b.RemoveNotificationFromList for every seqNumber the eIM acknowledged,
//!     and the notifications still pending delivered (ESipa.HandleNotification).
//! - When the enabled profile cannot register: [`Ipa::recover_network`]
//!   (ES10b.ExecuteFallbackMechanism), and later [`Ipa::try_return_from_fallback`]
//!   (ES10b.ReturnFromFallback).
//! - [`EsipaClient`]: the ASN.1 binding over HTTPS, shared by all IPAs of a process.
//! - [`ApduCard`]: a card behind APDUs (a PC/SC reader, a modem) as the IPA's card.
//! - [`commands`]: `rsp-lab ipa --state FILE run` (or `--reader`, `--modem`).
//!
//! A fleet keeps one [`Ipa`] per device (each owning its [`crate::Euicc`]) and one
//! [`EsipaClient`] for all; polls of different devices run concurrently on one runtime.
//!
//! ```no_run
//! # use euicc_sim::ipa::{EsipaClient, EsipaOptions, Ipa, IpaOptions};
//! # async fn f(euicc: euicc_sim::Euicc, ca: Vec<u8>) -> Result<(), euicc_sim::ipa::IpaError> {
//! let esipa = EsipaClient::new(&EsipaOptions::new(infra::tls::ServerTrust::roots(vec![ca])))?;
//! let mut ipa = Ipa::new(euicc, esipa.clone(), IpaOptions::default())?;
//! let rplmn = proto::ids::Plmn::parse("262-01").ok().map(|p| p.to_bytes());
//! for outcome in ipa.poll_until_idle(rplmn, 16).await? {
//!     println!("{}", outcome.to_json());
//! }
//! # Ok(()) }
//! ```

mod agent;
mod apdu_card;
mod card;
pub mod commands;
mod download;
mod error;
mod esipa;
mod euicc_data;
mod package;
mod poll;
mod recovery;
mod report;

pub use agent::{
    AttachProbe, DEFAULT_ROLLBACK_AFTER, EimEntry, EimTarget, EimUnusable, Ipa, IpaOptions,
};
pub use apdu_card::ApduCard;
pub use card::IpaCard;
pub use error::IpaError;
pub use esipa::{
    ESIPA_ADMIN_PROTOCOL, ESIPA_ASN1_PATH, ESIPA_CONTENT_TYPE, ESIPA_USER_AGENT, EsipaClient,
    EsipaOptions,
};
pub use recovery::FallbackReturn;
pub use report::{
    Delivery, DownloadOutcome, EuiccDataOutcome, PackageOutcome, PendingDelivery, PollOutcome,
    RollbackCause, RollbackOutcome,
};
