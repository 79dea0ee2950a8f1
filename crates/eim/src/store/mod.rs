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

pub(crate) use storage::{Db, StoreError, Tx, random_bytes};

pub use devices::{Device, DeviceProfile};
pub use events::{Event, Location};
pub use notifications::NotificationRecord;
pub use operations::{Operation, OperationState};
pub use packages::{Package, PackageKind, PackageState};
pub(crate) use relay::RelaySession;

/// The migrations of the eIM schema, in version order.
pub(crate) const MIGRATIONS: &[storage::Migration] = &[
    storage::Migration {
        version: 1,
        description: "initial",
        sql: include_str!("../../migrations/0001_initial.sql"),
        postgres: None,
    },
    storage::Migration {
        version: 2,
        description: "binary columns",
        sql: include_str!("../../migrations/0002_binary_columns.sql"),
        postgres: Some(include_str!(
            "../../migrations/0002_binary_columns.postgres.sql"
        )),
    },
    storage::Migration {
        version: 3,
        description: "SGP.32 generation of the IPA",
        sql: include_str!("../../migrations/0003_sgp32_version.sql"),
        postgres: None,
    },
    storage::Migration {
        version: 4,
        description: "dashboard",
        sql: include_str!("../../migrations/0004_dashboard.sql"),
        postgres: None,
    },
    storage::Migration {
        version: 5,
        description: "operators the policy avoids",
        sql: include_str!("../../migrations/0005_policy_avoid.sql"),
        postgres: None,
    },
    storage::Migration {
        version: 6,
        description: "fleet counts from the country index",
        sql: include_str!("../../migrations/0006_standing_index.sql"),
        postgres: None,
    },
    storage::Migration {
        version: 7,
        description: "device octets apart from the row",
        sql: include_str!("../../migrations/0007_device_octets.sql"),
        postgres: None,
    },
];

/// The eIM database.
pub(crate) type Store = Db;

/// Opens `url` with the eIM migrations (the server opens it through
/// [`server::Settings::open_database`]).
#[cfg(test)]
pub(crate) async fn open(url: &str, options: &storage::DbOptions) -> Result<Store, StoreError> {
    Db::open(url, MIGRATIONS, options).await
}

/// A fresh identifier for rows without a natural key (hex of 16 random octets).
pub(crate) fn new_id() -> Result<String, StoreError> {
    Ok(hex::encode(random_bytes::<16>()?))
}

pub(crate) fn parse_json(what: &'static str, s: &str) -> Result<serde_json::Value, StoreError> {
    serde_json::from_str(s).map_err(|e| StoreError::corrupt(what, e))
}
