//! The `[storage]` table of a server's TOML configuration: how its database is driven.
//!
//! ```toml
//! [storage]
//! synchronous = "normal"   # SQLite: "full" also survives power loss
//! max_connections = 8      # PostgreSQL connections
//! max_size_mib = 1024      # SQLite: refuse writes beyond this size
//! ```

use serde::Deserialize;

use crate::{DbOptions, Synchronous};

/// The `[storage]` table as written.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StorageConfig {
    /// SQLite's `synchronous` setting: `normal` (the default) or `full` (also survives a
    /// power loss).
    pub synchronous: Option<String>,
    /// PostgreSQL: how many connections the pool opens at most.
    pub max_connections: Option<usize>,
    /// SQLite: writes that would grow the file beyond this size are refused.
    pub max_size_mib: Option<u64>,
}

impl StorageConfig {
    /// Applies what is set to `o`; a bad value is named in the error.
    pub fn apply(self, o: &mut DbOptions) -> Result<(), StorageConfigError> {
        match self.synchronous.as_deref() {
            None => {}
            Some("normal") => o.synchronous = Synchronous::Normal,
            Some("full") => o.synchronous = Synchronous::Full,
            Some(other) => return Err(StorageConfigError::Synchronous(other.to_string())),
        }
        if let Some(n) = self.max_connections {
            o.max_connections = n.max(1);
        }
        if let Some(m) = self.max_size_mib {
            o.max_size_bytes = Some(m.saturating_mul(1024 * 1024));
        }
        Ok(())
    }
}

/// A value of the `[storage]` table that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StorageConfigError {
    /// `synchronous` is neither `normal` nor `full`.
    #[error("storage.synchronous is \"normal\" or \"full\", not {0:?}")]
    Synchronous(String),
}
