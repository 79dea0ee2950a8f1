//! The partners at work: each writes entries into the log it shares with one other
//! partner, the other verifies and keeps its own copy; on publication each holder signs a
//! tree head over its copy and the other accepts it only when the signature verifies, the
//! head matches its own copy at that size and a consistency proof links it to the last
//! head it accepted (RFC 9162 §2.1.4, §8.1.2 — the gossip between partners replaces a
//! monitor). Rows reach each partner's database on [`Ledger::flush`].

use std::collections::BTreeMap;

use proto::crypto::{PublicKey, SigningKey};

use crate::copy::LogCopy;
use crate::entry::{Entry, EntryError, Record, open, seal};
use crate::log_id;
use crate::merkle::{self, verify_consistency};
use crate::sth::TreeHead;
use crate::store::{Batch, Store};

/// Why an exchange step was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LedgerError {
    #[error("unknown partner {0}")]
    UnknownPartner(String),
    #[error("{holder} refused entry {seq} of {log}: {reason}")]
    EntryRefused {
        holder: String,
        log: String,
        seq: u64,
        reason: String,
    },
    #[error("{holder} refused the tree head of {log} signed by {signer}: {reason}")]
    HeadRefused {
        holder: String,
        log: String,
        signer: String,
        reason: String,
    },
    #[error(transparent)]
    Entry(#[from] EntryError),
    #[error("storage of {0}: {1}")]
    Store(String, storage::StoreError),
}

/// A partner with its signing key and its database.
pub struct Partner {
    pub id: String,
    key: SigningKey,
    store: Store,
}

impl Partner {
    pub fn new(id: &str, key: SigningKey, store: Store) -> Partner {
        Partner {
            id: id.into(),
            key,
            store,
        }
    }

    pub fn public_key(&self) -> &PublicKey {
        self.key.public_key()
    }
}

/// One holder's state of one log.
#[derive(Default)]
struct Held {
    copy: LogCopy,
    /// The last head accepted from the other party.
    accepted: Option<TreeHead>,
    /// Rows not yet in the database.
    saved: u64,
    new_heads: Vec<TreeHead>,
}

/// Every partner and every copy of every log.
pub struct Ledger {
    partners: BTreeMap<String, Partner>,
    /// `(log, holder)` → state.
    held: BTreeMap<(String, String), Held>,
    parties: BTreeMap<String, [String; 2]>,
}

impl Ledger {
    pub fn new(partners: Vec<Partner>) -> Ledger {
        Ledger {
            partners: partners.into_iter().map(|p| (p.id.clone(), p)).collect(),
            held: BTreeMap::new(),
            parties: BTreeMap::new(),
        }
    }

    fn key_of(&self, id: &str) -> Result<&PublicKey, LedgerError> {
        self.partners
            .get(id)
            .map(|p| p.public_key())
            .ok_or_else(|| LedgerError::UnknownPartner(id.into()))
    }

    /// `author` writes `record` into the log it shares with `peer`; the peer checks the
    /// signature and the position and keeps its copy. Returns the entry's sequence number.
    pub fn append(
        &mut self,
        author: &str,
        peer: &str,
        day: u32,
        record: Record,
    ) -> Result<u64, LedgerError> {
        let log = log_id(author, peer);
        self.key_of(peer)?;
        let key = &self
            .partners
            .get(author)
            .ok_or_else(|| LedgerError::UnknownPartner(author.into()))?
            .key;
        let own = self.held.entry((log.clone(), author.into())).or_default();
        let seq = own.copy.size();
        let entry = Entry {
            log: log.clone(),
            seq,
            author: author.into(),
            day,
            record,
        };
        let leaf = seal(&entry, key)?;
        own.copy.push(leaf.clone());
        // The peer receives it.
        let author_key = *self.key_of(author)?;
        let theirs = self.held.entry((log.clone(), peer.into())).or_default();
        let refuse = |reason: String| LedgerError::EntryRefused {
            holder: peer.into(),
            log: log.clone(),
            seq,
            reason,
        };
        let opened = open(&leaf).map_err(|e| refuse(e.to_string()))?;
        opened
            .verify(&author_key)
            .map_err(|e| refuse(e.to_string()))?;
        if opened.entry.seq != theirs.copy.size() || opened.entry.log != log {
            return Err(refuse("out of sequence".into()));
        }
        theirs.copy.push(leaf);
        let mut pair = [author.to_string(), peer.to_string()];
        pair.sort();
        self.parties.insert(log, pair);
        Ok(seq)
    }

    /// Both holders of `log` sign a head over their copies and exchange them.
    pub fn publish(&mut self, log: &str, timestamp: u64) -> Result<(), LedgerError> {
        let Some(pair) = self.parties.get(log).cloned() else {
            return Ok(());
        };
        let mut heads = Vec::with_capacity(2);
        for holder in &pair {
            let partner = self
                .partners
                .get(holder)
                .ok_or_else(|| LedgerError::UnknownPartner(holder.clone()))?;
            let held = self.held.entry((log.into(), holder.clone())).or_default();
            let size = held.copy.size();
            let root = held.copy.root_at(size).unwrap_or_default();
            let head = TreeHead::sign(log, holder, &partner.key, size, timestamp, root)
                .ok_or_else(|| LedgerError::HeadRefused {
                    holder: holder.clone(),
                    log: log.into(),
                    signer: holder.clone(),
                    reason: "signing failed".into(),
                })?;
            held.new_heads.push(head.clone());
            heads.push(head);
        }
        for (k, head) in heads.into_iter().enumerate() {
            let receiver = &pair[1 - k];
            self.accept(log, receiver, &pair[k], head)?;
        }
        Ok(())
    }

    /// `receiver` checks the head `signer` sent for `log` and keeps it.
    fn accept(
        &mut self,
        log: &str,
        receiver: &str,
        signer: &str,
        head: TreeHead,
    ) -> Result<(), LedgerError> {
        let refuse = |reason: &str| LedgerError::HeadRefused {
            holder: receiver.into(),
            log: log.into(),
            signer: signer.into(),
            reason: reason.into(),
        };
        if !head.verify(self.key_of(signer)?) {
            return Err(refuse("signature"));
        }
        // The proof comes from the signer's copy; the receiver checks it against the last
        // head it accepted and the head against its own copy.
        let proof = {
            let theirs = self
                .held
                .get(&(log.to_string(), signer.to_string()))
                .ok_or_else(|| refuse("no copy at the signer"))?;
            let from = self
                .held
                .get(&(log.to_string(), receiver.to_string()))
                .and_then(|h| h.accepted.as_ref())
                .map_or(0, |a| a.tree_size);
            theirs
                .copy
                .consistency(from, head.tree_size)
                .ok_or_else(|| refuse("no consistency proof"))?
        };
        let mine = self
            .held
            .get_mut(&(log.to_string(), receiver.to_string()))
            .ok_or_else(|| refuse("no copy at the receiver"))?;
        if let Some(prev) = &mine.accepted {
            if !verify_consistency(
                prev.tree_size,
                head.tree_size,
                &prev.root,
                &head.root,
                &proof,
            ) {
                return Err(refuse("not consistent with the last head accepted"));
            }
        }
        if mine.copy.root_at(head.tree_size) != Some(head.root) {
            return Err(refuse("does not match the receiver's copy"));
        }
        mine.accepted = Some(head.clone());
        mine.new_heads.push(head);
        Ok(())
    }

    /// `receiver`'s check that entry `seq` of its log with `author` is in the last head it
    /// accepted from `author`: an inclusion proof (RFC 9162 §2.1.3) from the author's copy,
    /// verified against that head's root with the leaf the receiver holds.
    pub fn included(&self, author: &str, receiver: &str, seq: u64) -> bool {
        let log = log_id(author, receiver);
        let (Some(theirs), Some(mine)) = (
            self.held.get(&(log.clone(), author.to_string())),
            self.held.get(&(log, receiver.to_string())),
        ) else {
            return false;
        };
        let Some(head) = mine.accepted.as_ref().filter(|h| h.signer == author) else {
            return false;
        };
        let (Some(leaf), Some(proof)) = (
            usize::try_from(seq)
                .ok()
                .and_then(|i| mine.copy.hashes.get(i)),
            theirs.copy.inclusion(seq, head.tree_size),
        ) else {
            return false;
        };
        merkle::verify_inclusion(seq, head.tree_size, leaf, &proof, &head.root)
    }

    /// Publishes every log.
    pub fn publish_all(&mut self, timestamp: u64) -> Result<(), LedgerError> {
        let logs: Vec<String> = self.parties.keys().cloned().collect();
        for log in logs {
            self.publish(&log, timestamp)?;
        }
        Ok(())
    }

    /// Writes what each partner has not saved yet into its database, one transaction per
    /// partner.
    pub async fn flush(&mut self) -> Result<(), LedgerError> {
        let mut per: BTreeMap<String, Vec<Batch>> = BTreeMap::new();
        for ((log, holder), held) in self.held.iter_mut() {
            let Some(parties) = self.parties.get(log) else {
                continue;
            };
            let first = usize::try_from(held.saved).unwrap_or(usize::MAX);
            let leaves = held.copy.leaves.get(first..).unwrap_or_default().to_vec();
            if leaves.is_empty() && held.new_heads.is_empty() {
                continue;
            }
            per.entry(holder.clone()).or_default().push(Batch {
                log: log.clone(),
                parties: parties.clone(),
                first_seq: held.saved,
                leaves,
                heads: std::mem::take(&mut held.new_heads),
            });
            held.saved = held.copy.size();
        }
        for (holder, batches) in per {
            let p = self
                .partners
                .get(&holder)
                .ok_or_else(|| LedgerError::UnknownPartner(holder.clone()))?;
            p.store
                .write(batches)
                .await
                .map_err(|e| LedgerError::Store(holder.clone(), e))?;
        }
        Ok(())
    }

    /// The entries of `log` as `holder` holds them (decoded; for settlement and reports).
    pub fn entries(&self, log: &str, holder: &str) -> Vec<Entry> {
        self.held
            .get(&(log.to_string(), holder.to_string()))
            .map(|h| {
                h.copy
                    .leaves
                    .iter()
                    .filter_map(|l| open(l).ok().map(|o| o.entry))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Every log with its two parties.
    pub fn logs(&self) -> &BTreeMap<String, [String; 2]> {
        &self.parties
    }

    /// Closes every partner's database.
    pub async fn close(&self) {
        for p in self.partners.values() {
            p.store.close().await;
        }
    }
}
