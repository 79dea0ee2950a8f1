//! The partners of a ledger: who they are, their public keys and where each keeps its
//! database. Written next to the databases as `partners.json`; in the field the keys come
//! from the partners' certificates, exchanged when the roaming agreement is signed.

use std::collections::BTreeMap;
use std::path::Path;

use proto::crypto::PublicKey;
use serde::{Deserialize, Serialize};

/// One partner.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PartnerInfo {
    pub id: String,
    /// `home`, `visited`, `rsp` (the SM-DP+/eIM operator).
    pub role: String,
    /// Its database: a file name next to `partners.json`, or a `postgres://` URL.
    pub database: String,
    /// The uncompressed P-256 point, hex.
    pub public_key: String,
}

/// Every partner of a ledger.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Directory {
    pub partners: Vec<PartnerInfo>,
}

/// The name of the directory file in a ledger folder.
pub const DIRECTORY_FILE: &str = "partners.json";

impl Directory {
    /// Writes the directory to `dir`'s directory file.
    pub fn save(&self, dir: &Path) -> Result<(), FolderError> {
        let path = dir.join(DIRECTORY_FILE);
        let text = serde_json::to_vec_pretty(self).map_err(|source| FolderError::Json {
            path: path.clone(),
            source,
        })?;
        std::fs::write(&path, text).map_err(|source| FolderError::Io { path, source })
    }

    /// Reads the directory file of `dir`.
    pub fn load(dir: &Path) -> Result<Directory, FolderError> {
        let path = dir.join(DIRECTORY_FILE);
        let text = std::fs::read(&path).map_err(|source| FolderError::Io {
            path: path.clone(),
            source,
        })?;
        serde_json::from_slice(&text).map_err(|source| FolderError::Json { path, source })
    }

    /// The public keys by partner ID (a key that does not decode is left out and its
    /// partner's signatures then fail).
    pub fn keys(&self) -> BTreeMap<String, PublicKey> {
        self.partners
            .iter()
            .filter_map(|p| {
                let raw = hex::decode(&p.public_key).ok()?;
                Some((p.id.clone(), PublicKey::from_uncompressed_point(&raw).ok()?))
            })
            .collect()
    }

    /// The URL of a partner's database in `dir`.
    pub fn url(dir: &Path, p: &PartnerInfo) -> String {
        if p.database.contains("://") {
            p.database.clone()
        } else {
            storage::sqlite_url(&dir.join(&p.database))
        }
    }
}

/// Why a ledger folder (its directory file and the partners' databases) could not be
/// written or read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FolderError {
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The directory file is not the JSON of a directory.
    #[error("{}: {source}", path.display())]
    Json {
        /// The file.
        path: std::path::PathBuf,
        /// What was wrong.
        source: serde_json::Error,
    },
    /// A partner's database file is not there.
    #[error("{partner}: database {database} not found")]
    NoDatabase {
        /// The partner.
        partner: String,
        /// Its database as the directory names it.
        database: String,
    },
    /// The holder asked for is not a partner of the ledger.
    #[error("{holder}: not a partner of {}", dir.display())]
    NotAPartner {
        /// The partner asked for.
        holder: String,
        /// The ledger folder.
        dir: std::path::PathBuf,
    },
    /// A partner's database could not be opened or read.
    #[error("{partner}: {source}")]
    Store {
        /// The partner.
        partner: String,
        /// The database's error.
        source: storage::StoreError,
    },
    /// An entry a partner holds does not open.
    #[error("{partner}: {source}")]
    Entry {
        /// The partner.
        partner: String,
        /// What was wrong with the entry.
        source: crate::entry::EntryError,
    },
}
