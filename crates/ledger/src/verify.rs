//! `rsp-lab ledger verify`: reads every partner's database and checks, for each copy of
//! each log, every entry's framing, position and author signature, every tree head held
//! (signature, and the copy's root at that size), consistency proofs between successive
//! heads of a signer (RFC 9162 §2.1.4.2, built from the copy), and between the two
//! partners' copies of a log: that each copy still holds every head the other accepted
//! from it and that their latest heads are consistent.

use std::collections::BTreeMap;

use proto::crypto::PublicKey;
use serde::Serialize;

use crate::copy::LogCopy;
use crate::entry::open;
use crate::merkle::verify_consistency;
use crate::sth::TreeHead;
use crate::store::Holding;

/// One thing found wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "kebab-case")]
pub enum Problem {
    /// A position without its entry (an entry removed).
    MissingEntry { holder: String, seq: u64 },
    /// An entry at another position than the one it was signed for (entries reordered).
    OutOfPlace {
        holder: String,
        seq: u64,
        signed_for: u64,
    },
    /// An entry that does not decode or belongs to another log.
    Malformed {
        holder: String,
        seq: u64,
        reason: String,
    },
    /// An entry whose signature does not verify with its author's key (an entry edited).
    BadSignature {
        holder: String,
        seq: u64,
        author: String,
    },
    /// A tree head whose signature does not verify, or by a partner not of this log.
    BadHead {
        holder: String,
        signer: String,
        tree_size: u64,
    },
    /// A tree head larger than the copy (entries removed after it was signed).
    HeadBeyondCopy {
        holder: String,
        signer: String,
        tree_size: u64,
        copy_size: u64,
    },
    /// The copy's root at a head's size is not the head's root.
    HeadMismatch {
        holder: String,
        signer: String,
        tree_size: u64,
    },
    /// Two successive heads of a signer are not consistent over the copy.
    Inconsistent {
        holder: String,
        signer: String,
        from: u64,
        to: u64,
    },
    /// The two partners' copies disagree.
    CopiesDiverge {
        first_difference: u64,
        detail: String,
    },
}

/// The result for one log.
#[derive(Clone, Debug, Serialize)]
pub struct LogCheck {
    pub log: String,
    pub parties: [String; 2],
    /// Entries in each party's copy (`None`: that party holds no copy).
    pub sizes: [Option<u64>; 2],
    /// The root of each copy, hex.
    pub roots: [Option<String>; 2],
    /// Heads checked.
    pub heads: usize,
    pub problems: Vec<Problem>,
}

/// What `verify` found.
#[derive(Clone, Debug, Serialize, Default)]
pub struct Verification {
    pub logs: Vec<LogCheck>,
    pub entries: u64,
    pub signatures: u64,
    pub heads: u64,
}

impl Verification {
    pub fn problems(&self) -> usize {
        self.logs.iter().map(|l| l.problems.len()).sum()
    }
}

/// One holder's copy, rebuilt and checked.
struct Checked {
    copy: LogCopy,
    heads: Vec<TreeHead>,
}

fn check_entries(
    holder: &str,
    h: &Holding,
    keys: &BTreeMap<String, PublicKey>,
    v: &mut Verification,
    out: &mut Vec<Problem>,
) -> LogCopy {
    let mut copy = LogCopy::default();
    let mut expected = 0u64;
    for (seq, leaf) in &h.entries {
        let seq = u64::try_from(*seq).unwrap_or(u64::MAX);
        while expected < seq {
            out.push(Problem::MissingEntry {
                holder: holder.into(),
                seq: expected,
            });
            expected += 1;
        }
        expected = seq + 1;
        copy.push(leaf.clone());
        v.entries += 1;
        let malformed = |reason: String| Problem::Malformed {
            holder: holder.into(),
            seq,
            reason,
        };
        let opened = match open(leaf) {
            Ok(o) => o,
            Err(e) => {
                out.push(malformed(e.to_string()));
                continue;
            }
        };
        let e = &opened.entry;
        if e.log != h.log || !h.parties.contains(&e.author) {
            out.push(malformed("entry of another log or author".into()));
            continue;
        }
        if e.seq != seq {
            out.push(Problem::OutOfPlace {
                holder: holder.into(),
                seq,
                signed_for: e.seq,
            });
        }
        v.signatures += 1;
        let good = keys
            .get(&e.author)
            .is_some_and(|k| opened.verify(k).is_ok());
        if !good {
            out.push(Problem::BadSignature {
                holder: holder.into(),
                seq,
                author: e.author.clone(),
            });
        }
    }
    copy
}

fn check_heads(
    holder: &str,
    h: &Holding,
    copy: &LogCopy,
    keys: &BTreeMap<String, PublicKey>,
    v: &mut Verification,
    out: &mut Vec<Problem>,
) -> Vec<TreeHead> {
    let mut good: Vec<TreeHead> = Vec::new();
    for head in &h.heads {
        v.heads += 1;
        let Ok(head) = head else {
            out.push(Problem::Malformed {
                holder: holder.into(),
                seq: 0,
                reason: "undecodable tree head".into(),
            });
            continue;
        };
        let signed = h.parties.contains(&head.signer)
            && head.log == h.log
            && keys.get(&head.signer).is_some_and(|k| head.verify(k));
        if !signed {
            out.push(Problem::BadHead {
                holder: holder.into(),
                signer: head.signer.clone(),
                tree_size: head.tree_size,
            });
            continue;
        }
        match copy.root_at(head.tree_size) {
            None => out.push(Problem::HeadBeyondCopy {
                holder: holder.into(),
                signer: head.signer.clone(),
                tree_size: head.tree_size,
                copy_size: copy.size(),
            }),
            Some(r) if r != head.root => out.push(Problem::HeadMismatch {
                holder: holder.into(),
                signer: head.signer.clone(),
                tree_size: head.tree_size,
            }),
            Some(_) => {}
        }
        good.push(head.clone());
    }
    // Successive heads of each signer, linked by proofs built from this copy.
    good.sort_by(|a, b| (&a.signer, a.tree_size).cmp(&(&b.signer, b.tree_size)));
    for w in good.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        if a.signer != b.signer || b.tree_size > copy.size() {
            continue;
        }
        let proof = copy
            .consistency(a.tree_size, b.tree_size)
            .unwrap_or_default();
        if !verify_consistency(a.tree_size, b.tree_size, &a.root, &b.root, &proof) {
            out.push(Problem::Inconsistent {
                holder: holder.into(),
                signer: a.signer.clone(),
                from: a.tree_size,
                to: b.tree_size,
            });
        }
    }
    good
}

/// Compares the two copies of a log.
fn cross_check(a: &Checked, b: &Checked, out: &mut Vec<Problem>) {
    let n = a.copy.leaves.len().min(b.copy.leaves.len());
    if let Some(i) = (0..n).find(|&i| a.copy.hashes[i] != b.copy.hashes[i]) {
        out.push(Problem::CopiesDiverge {
            first_difference: i as u64,
            detail: "the copies hold different entries at this position".into(),
        });
        return;
    }
    if a.copy.size() != b.copy.size() {
        out.push(Problem::CopiesDiverge {
            first_difference: n as u64,
            detail: format!(
                "one copy has {} entries, the other {}",
                a.copy.size(),
                b.copy.size()
            ),
        });
        return;
    }
    // The latest heads each side holds must be consistent with each other.
    let latest = |c: &Checked| c.heads.iter().max_by_key(|h| h.tree_size).cloned();
    if let (Some(x), Some(y)) = (latest(a), latest(b)) {
        let (small, large) = if x.tree_size <= y.tree_size {
            (x, y)
        } else {
            (y, x)
        };
        let proof = a
            .copy
            .consistency(small.tree_size, large.tree_size)
            .unwrap_or_default();
        if !verify_consistency(
            small.tree_size,
            large.tree_size,
            &small.root,
            &large.root,
            &proof,
        ) {
            out.push(Problem::CopiesDiverge {
                first_difference: small.tree_size,
                detail: "the partners' latest tree heads are not consistent".into(),
            });
        }
    }
}

/// Verifies every partner's holdings (`partner → its logs`) with the partners' keys.
pub fn verify(
    holdings: &BTreeMap<String, Vec<Holding>>,
    keys: &BTreeMap<String, PublicKey>,
) -> Verification {
    let mut v = Verification::default();
    let mut by_log: BTreeMap<String, Vec<(String, &Holding)>> = BTreeMap::new();
    for (holder, hs) in holdings {
        for h in hs {
            by_log
                .entry(h.log.clone())
                .or_default()
                .push((holder.clone(), h));
        }
    }
    for (log, copies) in by_log {
        let parties = copies[0].1.parties.clone();
        let mut problems = Vec::new();
        let mut checked: [Option<Checked>; 2] = [None, None];
        let mut heads = 0usize;
        for (holder, h) in &copies {
            let Some(k) = parties.iter().position(|p| p == holder) else {
                problems.push(Problem::Malformed {
                    holder: holder.clone(),
                    seq: 0,
                    reason: "holds a log it is not a party to".into(),
                });
                continue;
            };
            let copy = check_entries(holder, h, keys, &mut v, &mut problems);
            let good = check_heads(holder, h, &copy, keys, &mut v, &mut problems);
            heads += good.len();
            checked[k] = Some(Checked { copy, heads: good });
        }
        if let [Some(a), Some(b)] = &checked {
            cross_check(a, b, &mut problems);
            // Each copy must still hold what its own holder signed and the other accepted.
            for (mine, theirs, who) in [(a, b, &parties[0]), (b, a, &parties[1])] {
                for head in theirs.heads.iter().filter(|h| &h.signer == who) {
                    if head.tree_size > mine.copy.size() {
                        problems.push(Problem::HeadBeyondCopy {
                            holder: who.clone(),
                            signer: who.clone(),
                            tree_size: head.tree_size,
                            copy_size: mine.copy.size(),
                        });
                    }
                }
            }
        }
        let size = |c: &Option<Checked>| c.as_ref().map(|c| c.copy.size());
        let root = |c: &Option<Checked>| {
            c.as_ref()
                .and_then(|c| c.copy.root_at(c.copy.size()))
                .map(hex::encode)
        };
        problems.dedup();
        v.logs.push(LogCheck {
            log,
            sizes: [size(&checked[0]), size(&checked[1])],
            roots: [root(&checked[0]), root(&checked[1])],
            parties,
            heads,
            problems,
        });
    }
    v
}
