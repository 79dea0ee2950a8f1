//! The rsp-lab SM-DP+ (SGP.22 v2.5).
//!
//! - ES9+ for LPAs (SGP.22 5.6): JSON binding at `/gsma/rsp2/es9plus/<function>` and ASN.1
//!   binding at `/gsma/rsp2/asn1`, server-authenticated TLS; every check of the download
//!   (address, CI, eUICC chain and EID prefix, signatures over received octets, challenge,
//!   Matching ID and EID binding, confirmation code with retry limit, order expiry,
//!   rebinding) refuses with the spec's own code.
//! - ES2+ for operators (SGP.22 5.3): DownloadOrder, ConfirmOrder, CancelOrder,
//!   ReleaseProfile over mutually authenticated TLS; HandleDownloadProgressInfo to the
//!   operator through a persistent outbox.
//! - Inventory ([`inventory`]): profile types from a template package, bulk
//!   personalization.
//! - Storage (private `store` module): SQLite or PostgreSQL, sessions included, so a
//!   restarted server, or another instance over the same PostgreSQL, continues open
//!   downloads; [`SmDpView`] is what may be read or seeded from outside.
//!
//! - The SGP.02 (M2M) SM-DP ([`sgp02`]): the download into an ISD-P through the SM-SR
//!   (ES8 over ES3.SendData), sharing the profile packages of the inventory.
//!
//! Start it with [`SmDp::start`]; operators call it with [`es2p::client::Es2Client`].

#![forbid(unsafe_code)]
// Public items of this crate still lack documentation; the workspace's `missing_docs`
// applies once they have it and this line is gone.
#![allow(missing_docs)]

pub mod config;
mod context;
pub mod credentials;
mod delivery;
pub mod es12;
pub mod es2p;
pub mod es9p;
mod faults;
pub mod sgp02;
pub use faults::SERVED_FAULTS;
pub use faults::from_table as faults_from_table;
mod http;
pub mod icon;
pub mod inventory;
mod metrics;
pub mod order_terms;
pub mod ppr;
pub mod progress;
mod server;
pub mod state;
mod store;
mod sweeper;
pub mod view;

pub use config::{
    CredentialSource, OperatorEndpoint, OutboxPolicy, Policy, RetentionPolicy, ServeOptions,
    SmDpConfig, SmdsClients,
};
pub use credentials::{CiCredentials, Credentials};
pub use delivery::ClientsError;
pub use es2p::client::{ConfirmOrder, Es2Client, Es2ClientError, Es2ClientOptions};
pub use icon::{IconError, set_profile_icon_at};
pub use inventory::{InventoryAdd, InventoryError, InventoryReport, Template, add_inventory_at};
pub use order_terms::{OrderSelector, OrderTerms, OrderTermsError, set_order_terms_at};
pub use ppr::{Ppr, PprError, set_profile_policy_rules_at};
pub use server::{SmDp, SmDpHandle, StartError, serve};
pub use state::{ProfileState, UnknownProfileState};
pub use storage::StoreError;
pub use store::retention::{Retention, Swept};
pub use store::{
    HistoryEntry, NotificationRecord, Order, OrderStatus, OutboxEntry, Profile, ProfileType,
    SessionStep, Sgp02Download, Sgp02State,
};
pub use view::{SeedError, SmDpView};
