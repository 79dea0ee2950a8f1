//! The eIM of rsp-lab (SGP.32 v1.2), plus the fleet registry and the localization policy.
//!
//! - ESipa for IPAs (SGP.32 v1.2 5.14, 6): the ASN.1 binding at `/gsma/rsp2/asn1` and the
//!   JSON binding at `/gsma/rsp2/esipa/<function>`, server-authenticated TLS with the eIM's
//!   TLS certificate. GetEimPackage hands out signed eUICC Packages (PSMOs, eCOs) with a
//!   per-EID counterValue, eUICC data requests and profile download triggers;
//!   ProvideEimPackageResult and HandleNotification take results and notifications,
//!   checked with the eUICC's certificate and acknowledged; indirect downloads are relayed
//!   to the SM-DP+ over ES9+, compact forms rebuilt ([`compact`]).
//! - The operator API ([`api`], mutual TLS, `openapi.yaml`): devices, operations, history,
//!   SGP.02-style verbs.
//! - The engine ([`engine`]): operations → packages → results, localization (ES2+ order,
//!   trigger, enable with rollback, next profile type on failure), the policy hook
//!   ([`policy`], [`mcc`]) on the eIM's [`clock`].
//! - Storage (private `store` module): SQLite or PostgreSQL; a queued package survives a
//!   restart and is delivered with one counterValue only; any instance over one PostgreSQL
//!   serves any device. [`Fleet`] is what may be read or asked from outside.
//!
//! - The fleet dashboard ([`web`], `--web-listen`): the fleet at a glance, the device list,
//!   one device with the operator's verbs, over [`Fleet`] ([`overview`]).
//!
//! Start it with [`Eim::start`]; the lab drives it through [`Fleet`].

#![forbid(unsafe_code)]
// Public items of this crate still lack documentation; the workspace's `missing_docs`
// applies once they have it and this line is gone.
#![allow(missing_docs)]

pub mod api;
pub mod clock;
pub mod compact;
pub mod config;
mod context;
pub mod credentials;
pub mod engine;
pub mod esep;
mod esipa;
mod faults;
#[doc(hidden)]
pub use esipa::fuzz as esipa_fuzz;
pub use faults::from_table as faults_from_table;
pub use faults::served::SERVED_FAULTS;
pub mod fleet;
mod form;
pub mod mcc;
mod metrics;
pub mod overview;
pub mod policy;
mod server;
pub mod smdp;
mod store;
pub mod web;

pub use clock::{Clock, ManualClock, SharedClock, SystemClock};
pub use config::RetentionPolicy;
pub use config::{
    CredentialSource, Delivery, EimServerConfig, EsipaCoap, Localization, ServeOptions,
    SmdpEndpoint, Target,
};
pub use engine::policy::AvoidRule;
pub use engine::{EimConfig, EngineError, OperationRequest, Registration};
pub use fleet::{
    DeviceSnapshot, DeviceView, EimInfo, Fleet, History, LeasedOrder, OperationView, Work,
};
pub use server::{Eim, EimHandle, StartError, serve};
pub use storage::StoreError;
pub use store::retention::{Retention, Swept};
pub use store::{
    Device, DeviceProfile, Event, Location, NotificationRecord, Operation, OperationState, Package,
    PackageKind, PackageState,
};
