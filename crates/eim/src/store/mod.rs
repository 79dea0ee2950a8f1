//! Persistent state of the eIM (ARCHITECTURE.md "Storage rules"): devices with their counter,
//! association token, certificates, profiles, location history and events; the package
//! queue; operations; notifications being forwarded; relayed download sessions. One SQL code
//! path over SQLite or PostgreSQL ([`storage::Db`]); the schema is `migrations/` here.
//!
//! Every function is synchronous and takes the [`Tx`] of a transaction run on a database
//! thread. State that must not be lost is committed before the answer that depends on it: a
//! package gets its counterValue and signature in the transaction that marks it sent, and
//! the answer carrying it is built after the commit.

pub(crate) mod dashboard;
pub(crate) mod devices;
pub(crate) mod events;
pub(crate) mod notifications;
pub(crate) mod operations;
pub(crate) mod packages;
pub(crate) mod relay;
pub(crate) mod retention;
pub(crate) mod sgp32_version;

pub(crate) use storage::{Db, StoreError, Tx, new_id, random_bytes};

pub use devices::{Device, DeviceProfile};
pub use events::{Event, Location};
pub use notifications::NotificationRecord;
pub use operations::{Operation, OperationState};
pub use packages::{Package, PackageKind, PackageState};
pub(crate) use relay::RelaySession;

/// The migrations of the eIM schema, in version order.
pub(crate) const MIGRATIONS: &[storage::Migration] = &[
    storage::Migration::new(
        1,
        "initial",
        include_str!("../../migrations/0001_initial.sql"),
    ),
    storage::Migration::new(
        2,
        "binary columns",
        include_str!("../../migrations/0002_binary_columns.sql"),
    )
    .or_on_postgres(include_str!(
        "../../migrations/0002_binary_columns.postgres.sql"
    )),
    storage::Migration::new(
        3,
        "SGP.32 generation of the IPA",
        include_str!("../../migrations/0003_sgp32_version.sql"),
    ),
    storage::Migration::new(
        4,
        "dashboard",
        include_str!("../../migrations/0004_dashboard.sql"),
    ),
    storage::Migration::new(
        5,
        "operators the policy avoids",
        include_str!("../../migrations/0005_policy_avoid.sql"),
    ),
    storage::Migration::new(
        6,
        "fleet counts from the country index",
        include_str!("../../migrations/0006_standing_index.sql"),
    ),
    storage::Migration::new(
        7,
        "device octets apart from the row",
        include_str!("../../migrations/0007_device_octets.sql"),
    ),
];

/// The eIM database.
pub(crate) type Store = Db;

/// Opens `url` with the eIM migrations (the server opens it through
/// [`server::Settings::open_database`]).
#[cfg(test)]
pub(crate) async fn open(url: &str, options: &storage::DbOptions) -> Result<Store, StoreError> {
    Db::open(url, MIGRATIONS, options).await
}

pub(crate) fn parse_json(what: &'static str, s: &str) -> Result<serde_json::Value, StoreError> {
    serde_json::from_str(s).map_err(|e| StoreError::corrupt(what, e))
}
