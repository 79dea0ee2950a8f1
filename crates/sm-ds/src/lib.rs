//! The rsp-lab SM-DS (SGP.22 v2.5): the discovery server through which an eUICC finds the
//! profile waiting for it without an activation code.
//!
//! - ES12 for SM-DP+s ([`es12`], SGP.22 5.9): RegisterEvent and DeleteEvent over mutually
//!   authenticated TLS at `/gsma/rsp2/es12/<function>`, the registering SM-DP+ named by its
//!   CERT.DP.TLS; an Event Record is (EID, RSP server address, event ID, forwarding
//!   indicator). Duplicates (8.9.5/3.3), unknown events and another SM-DP+'s events
//!   (8.9.5/3.9), malformed EIDs (8.1.1/2.1) and a flood for one EID (8.1.1/3.8) are refused
//!   with their codes. An alternative SM-DS's ES15 calls (5.10) arrive on the same listener
//!   with its CERT.DS.TLS.
//! - ES11 for LPAs ([`es11`], SGP.22 5.8): InitiateAuthentication and AuthenticateClient
//!   with the mutual authentication of ES9+ (serverSigned1 signed with CERT.DSauth.ECDSA;
//!   the eUICC's chain CI → EUM → eUICC and euiccSignature1 checked over the received
//!   octets, [`certs::auth`]; a transactionId answered once), answering the EID's event
//!   entries, none being an empty list. JSON binding on the ES9+ paths, ASN.1 binding at
//!   `/gsma/rsp2/asn1`.
//! - ES15 (SGP.22 5.10): an alternative SM-DS configured with a [`RootSmds`] queues the
//!   registrations and deletions whose forwarding indicator is set, in the transaction that
//!   records them, and sends them to the root's ES12 over mutual TLS with its own
//!   CERT.DS.TLS, retried with back-off until the root answers, so a device polling only the
//!   root finds them.
//! - Metrics (`metrics_listen`): `GET /metrics` with requests per interface, function and
//!   result, discoveries with and without events, Event Records held, open sessions and the
//!   ES15 outbox, prefixed `smds_`.
//! - Storage (module `store`): SQLite by default, PostgreSQL by URL; sessions expire and
//!   Event Records age out in the retention sweep, so the database stays bounded.
//!
//! Start one with [`SmDs::start`] and a [`SmDsConfig`]. [`serve`] is what a
//! `rsp-lab smds serve` command runs: its [`ServeOptions`] over an optional TOML file (the
//! format is in [`config`]), credentials from `--pki DIR` or `<data>/pki` (generated on first
//! use), until SIGINT or SIGTERM:
//!
//! ```no_run
//! # async fn main_of_the_command() -> Result<(), sm_ds::StartError> {
//! let options = sm_ds::ServeOptions {
//!     server: server::Flags {
//!         data_dir: "/var/lib/smds".into(),
//!         config_file: Some("/etc/rsp-lab/smds.toml".into()),
//!         ..server::Flags::default()
//!     },
//!     ..sm_ds::ServeOptions::default()
//! };
//! sm_ds::serve(&options).await
//! # }
//! ```

#![forbid(unsafe_code)]
// Public items of this crate still lack documentation; the workspace's `missing_docs`
// applies once they have it and this line is gone.
#![allow(missing_docs)]

pub mod config;
mod context;
pub mod credentials;
pub mod es11;
pub mod es12;
mod es15;
mod http;
mod metrics;
mod server;
mod store;
mod sweeper;

pub use certs::SmdsSite;
pub use config::{
    CredentialSource, ForwardPolicy, Policy, RetentionPolicy, RootSmds, ServeOptions, SmDsConfig,
};
pub use credentials::{CredentialError, Credentials};
pub use server::{SmDs, SmDsHandle, StartError, run, serve};
pub use storage::StoreError;
pub use store::events::seeded_event_id;

/// Event Records per transaction of [`SmDsHandle::seed_events`].
pub const SEED_BATCH: usize = 20_000;
pub use store::retention::{Retention, Swept};
