//! The skeleton every rsp-lab server role is built on: the SM-DP+ (`sm-dp`), the SM-DS
//! (`sm-ds`) and the eIM (`eim`) declare their listeners, handlers, tables and settings;
//! everything around them is here, once.
//!
//! - [`Settings`]: what every role is configured with (data directory, credentials source,
//!   database, trace directory, metrics listener, storage options, the faults it serves
//!   to a device under test), read from the role's
//!   TOML file ([`file::RoleFile`]) and its `serve` command's [`Flags`].
//! - [`CredentialSource`] and [`credentials::data_dir_pki`]: where a role's PKI comes from.
//! - The start sequence every role runs first ([`Settings::preflight`],
//!   [`Settings::open_database`] with the role's migrations, [`Settings::trace`]).
//! - [`ServerMetrics`]: the metrics every role has (requests, TLS handshakes, database).
//! - [`Launch`] and [`Running`]: binding and serving the listeners, the background tasks
//!   (the retention [`sweep`] among them), and stopping them all.
#![forbid(unsafe_code)]

pub mod credentials;
pub mod faults;
pub mod file;
pub mod launch;
pub mod metrics;
pub mod settings;
pub mod sweep;

pub use credentials::CredentialSource;
pub use faults::Served;
pub use launch::{Bound, Launch, Running};
pub use metrics::ServerMetrics;
pub use settings::{Ages, Flags, RetentionPolicy, Settings};
