//! The SGP.02 SM-SR (Subscription Manager – Secure Routing): it keeps the eUICC Information
//! Set (EIS) of every M2M eUICC it manages with the ISD-R's keys, serves operators on ES4,
//! SM-DPs on ES3 and other SM-SRs on ES7, and reaches the ISD-R on ES5 over SMS (SCP80)
//! and HTTPS (SCP81).
//!
//! - [`registry`]: ES1.RegisterEIS, EIS import from JSON ([`eis`]), get, delete.
//! - [`es4`]: the operator functions as domain operations, independent of the SOAP
//!   binding: each checks the requester, POL2 and the EIS, produces the ES5 script for the
//!   ISD-R ([`es5`]) and stores the operation and its command before anything is sent;
//!   [`SmSrCore::es4_soap`] serves them over the SGP.02 SOAP binding, on the HTTPS
//!   listener with mutual TLS of [`es4::listener`] (the requester named by its client
//!   certificate and `wsa:From`).
//! - [`es3`]: the SM-DP functions (CreateISDP, SendData, ProfileDownloadCompleted,
//!   Enable/DisableProfile, DeleteISDP, AuditEIS, GetEIS, UpdatePolicyRules,
//!   UpdateConnectivityParameters) as domain operations, the SM-DP named by its CERT.DP.TLS
//!   client certificate; [`SmSrCore::es3_soap`] serves them at [`es3::listener::ES3_PATH`]
//!   on the same HTTPS listener as ES4.
//! - [`es5_in`]: what comes back from the card: response scripts completing operations,
//!   Default Notifications updating the EIS and answered with their confirmation.
//! - ES5 over HTTPS (module `scp81`, when `[scp81]` is configured): the PSK-TLS admin
//!   server (GP Amendment B) handing each eUICC its queued scripts as `AE80…0000`,
//!   completing operations from the response scripts and taking `?msg=` notifications.
//! - ES5 over SMS (module `scp80`, when `[smsc]` is configured): an SMPP ESME sending
//!   each queued command of an eUICC reached by SMS (module `bearer`; the others get
//!   the push SMS that has them open an SCP81 session) as an SCP80 secured packet (SPI `16 39`, the counter committed
//!   first, concatenated SMS for long scripts), matching PoRs to commands by counter, and
//!   taking Default Notifications from MO command packets.
//! - The outbox (module `outbox`): each finished operation's `…Response` POSTed at its
//!   `ReplyTo` with the SM-SR's client certificate until a 2xx ([`SmSrCore::reply_state`]).
//! - [`es7`]: the SM-SR change between two SM-SRs (SGP.02 3.8, 5.7): ES4.SMSRChange and
//!   PrepareSMSRChange start it, ES7 HandoverEUICC, AuthenticateSMSR and
//!   CreateAdditionalKeySet run it on the same listener (the peer named by its CERT.SR.TLS),
//!   SM-SR2 establishes its ISD-R key set with the card's ECASD and SM-SR1 deletes the EIS.
//! - The notifier (module `notifier`): each Handle*Notification owed to an operator
//!   POSTed at its `[operators.<MNO-ID>] notify_url` the same way
//!   ([`SmSrCore::owed_notifications`]).
//! - [`status`]: SGP.02 subject and reason codes.
//!
//! Start one with [`SmSr::start`] and a [`SmSrConfig`]; [`serve`] is what
//! `rsp-lab smsr serve` runs.
#![forbid(unsafe_code)]

mod bearer;
pub mod config;
mod context;
pub mod eis;
pub mod es3;
pub mod es4;
pub mod es5;
pub mod es5_in;
pub mod es7;
mod local;
mod metrics;
mod notifier;
pub mod operation;
mod outbox;
pub mod registry;
mod scp80;
mod scp81;
mod server;
pub mod status;
mod store;
mod sweeper;

pub use config::{ServeOptions, SmSrConfig};
pub use local::{RegisterError, register_card_eis};
pub use operation::{Es5Command, Function, Operation, OperationState, Requester};
pub use server::{SmSr, SmSrCore, SmSrHandle, StartError, run, serve};
pub use storage::StoreError;
pub use store::notifications::{MnoNotification, NotifyInterface};
pub use store::replies::ReplyState;
pub use store::retention::{Retention, Swept};
