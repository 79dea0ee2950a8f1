//! Why the lab's servers could not be set up: their PKI, databases, listeners and
//! inventory.

/// Why the lab could not be set up.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SetupError {
    #[error("{what}: {detail}")]
    Io { what: String, detail: String },
    #[error("PostgreSQL database {name}: {source}")]
    Postgres {
        name: &'static str,
        #[source]
        source: storage::testing::TestDatabaseError,
    },
    #[error("PKI: {0}")]
    Pki(String),
    #[error("SM-DP+: {0}")]
    Smdp(String),
    #[error("eIM: {0}")]
    Eim(String),
    #[error("SM-DS: {0}")]
    Smds(String),
    #[error("SMSC: {0}")]
    Smsc(String),
    #[error("SM-SR: {0}")]
    Smsr(String),
    #[error("inventory: {0}")]
    Inventory(String),
}
