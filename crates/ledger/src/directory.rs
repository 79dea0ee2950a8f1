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
    pub fn save(&self, dir: &Path) -> Result<(), String> {
        let text = serde_json::to_vec_pretty(self).map_err(|e| e.to_string())?;
        let path = dir.join(DIRECTORY_FILE);
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn load(dir: &Path) -> Result<Directory, String> {
        let path = dir.join(DIRECTORY_FILE);
        let text = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        serde_json::from_slice(&text).map_err(|e| format!("{}: {e}", path.display()))
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
