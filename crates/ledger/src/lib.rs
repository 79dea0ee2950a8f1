//! The roaming ledger of seed 002, on the Certificate Transparency design (RFC 9162).
//!
//! Each pair of roaming partners (the home operator with each visited operator, each
//! operator with the SM-DP+/eIM operator) shares one append-only log, and only they hold
//! it: an entry is visible to the partners it concerns and to no one else. Each partner
//! keeps its own copy in its own database; entries are signed by the partner that wrote
//! them; tree heads are signed by each holder over its copy and exchanged with consistency
//! proofs, so that neither can later edit, remove or reorder an entry unseen.
//!
//! - [`merkle`]: the tree hash, inclusion and consistency proofs (RFC 9162 §2.1).
//! - [`entry`]: contracts, usage records, subscription operations, flags; signing.
//! - [`sth`]: signed tree heads. [`copy`]: one partner's copy of a log.
//! - [`exchange`]: partners appending, publishing and accepting heads.
//! - [`store`]: a partner's database. [`directory`]: the partners and their keys.
//! - [`verify`]: the checks of `rsp-lab ledger verify`.
//! - [`policy`]: a contract's device policy and its enforcement. [`settle`]: settlement.

#![forbid(unsafe_code)]
// Public items of this crate still lack documentation; the workspace's `missing_docs`
// applies once they have it and this line is gone.
#![allow(missing_docs)]

pub mod copy;
pub mod directory;
pub mod entry;
pub mod exchange;
pub mod merkle;
pub mod money;
pub mod policy;
pub mod settle;
pub mod sth;
pub mod store;
pub mod verify;

use std::collections::BTreeMap;
use std::path::Path;

/// The ID of the log two partners share: their IDs in order, joined by `|`.
pub fn log_id(a: &str, b: &str) -> String {
    if a <= b {
        format!("{a}|{b}")
    } else {
        format!("{b}|{a}")
    }
}

/// Reads every partner's database of the ledger in `dir` and verifies it.
pub async fn verify_dir(dir: &Path) -> Result<verify::Verification, directory::FolderError> {
    let directory = directory::Directory::load(dir)?;
    let mut holdings = BTreeMap::new();
    for p in &directory.partners {
        let url = directory::Directory::url(dir, p);
        if !url.contains("://") || (url.starts_with("sqlite://") && !dir.join(&p.database).exists())
        {
            return Err(directory::FolderError::NoDatabase {
                partner: p.id.clone(),
                database: p.database.clone(),
            });
        }
        let of = |source| directory::FolderError::Store {
            partner: p.id.clone(),
            source,
        };
        let store = store::Store::open(&url).await.map_err(of)?;
        let held = store.load().await.map_err(of);
        store.close().await;
        holdings.insert(p.id.clone(), held?);
    }
    Ok(verify::verify(&holdings, &directory.keys()))
}

/// Every entry one partner of the ledger in `dir` holds, read from its own database, in the
/// order of its logs and positions (signatures not checked: see [`verify_dir`]).
pub async fn entries_of(
    dir: &Path,
    holder: &str,
) -> Result<Vec<entry::Entry>, directory::FolderError> {
    let directory = directory::Directory::load(dir)?;
    let p = directory
        .partners
        .iter()
        .find(|p| p.id == holder)
        .ok_or_else(|| directory::FolderError::NotAPartner {
            holder: holder.to_string(),
            dir: dir.to_path_buf(),
        })?;
    let of = |source| directory::FolderError::Store {
        partner: holder.to_string(),
        source,
    };
    let store = store::Store::open(&directory::Directory::url(dir, p))
        .await
        .map_err(of)?;
    let held = store.load().await.map_err(of);
    store.close().await;
    held?
        .iter()
        .flat_map(|h| h.entries.iter())
        .map(|(_, leaf)| {
            entry::open(leaf)
                .map(|o| o.entry)
                .map_err(|source| directory::FolderError::Entry {
                    partner: holder.to_string(),
                    source,
                })
        })
        .collect()
}
