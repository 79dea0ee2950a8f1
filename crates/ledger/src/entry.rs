//! What a log holds: entries written and signed by one partner of the pair that keeps the
//! log — device contracts, usage records, subscription operations, policy flags.
//!
//! A leaf of the Merkle tree (the `d(m)` of RFC 9162 §2.1) is the signed entry as stored:
//!
//! ```text
//! leaf = entry-length (4 octets, big-endian) || entry (JSON) || signature (r || s, 64 octets)
//! ```
//!
//! The signature is ECDSA P-256 with SHA-256 by the entry's author over exactly the entry
//! octets; the verifier checks it over the octets it holds, never over a re-encoding.

use proto::crypto::{PublicKey, Signature, SigningKey};
use serde::{Deserialize, Serialize};

use crate::money::{Micros, Rates};
use crate::policy::{Policy, Service, Violation};

/// One entry of a log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The log it belongs to ([`crate::log_id`]).
    pub log: String,
    /// Its position in the log, from 0.
    pub seq: u64,
    /// The partner that wrote and signed it.
    pub author: String,
    /// Simulated day it was written.
    pub day: u32,
    pub record: Record,
}

/// The content of an entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Record {
    Contract(Contract),
    Usage(Usage),
    Subscription(Subscription),
    Flag(Flag),
}

/// The home operator's contract for one device, issued to one visited operator (seed 002:
/// device ID, device policy, roaming rates).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Contract {
    /// EID of the device's eUICC.
    pub device: String,
    /// ICCID of the home operator's (bootstrap) profile the contract covers.
    pub iccid: String,
    pub policy: Policy,
    pub rates: Rates,
}

/// Usage the visited network served within the contract, over `from_day..=to_day`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Usage {
    pub device: String,
    pub service: Service,
    pub from_day: u32,
    pub to_day: u32,
    /// Data in kilobytes (1 MB = 1,024 kB).
    pub data_kb: u64,
    /// Voice in minutes.
    pub minutes: u64,
    /// What the visited operator charges the home operator for it at the contract's rates.
    pub charge: Micros,
}

/// A subscription operation that changes where a device lives, with the specification's
/// signed octets where there are any.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Subscription {
    pub device: String,
    /// `es2-order` (SGP.22 §5.3.1 DownloadOrder/ConfirmOrder), `installation-result`
    /// (ProfileInstallationResult, signed by the eUICC: euiccSignPIR, SGP.22 §5.7.6),
    /// `euicc-package-result` (EuiccPackageResult signed by the eUICC, SGP.32 §5.9.1),
    /// `eim-operation` (the eIM's localize operation).
    pub kind: String,
    /// Order ID, ICCID or operation ID.
    pub reference: String,
    pub iccid: Option<String>,
    /// Where it ended (`done`, `error: ...`, the order status, ...).
    pub outcome: String,
    /// The message as received, DER in hex, for those signed by the eUICC.
    pub signed_der: Option<String>,
}

/// Out-of-policy use refused by the network that saw it, reported to the home operator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Flag {
    pub device: String,
    pub violation: Violation,
    /// The charge the refused use would have run up at the contract's rates.
    pub charge_avoided: Micros,
    /// The partner told at once (the home operator).
    pub reported_to: String,
}

/// Why a leaf or an entry is not acceptable.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum EntryError {
    #[error("leaf shorter than its framing")]
    Truncated,
    #[error("entry is not valid JSON: {0}")]
    Json(String),
    #[error("signature does not verify with the author's key")]
    Signature,
    #[error("signing failed")]
    Signing,
}

const SIG_LEN: usize = 64;

/// Signs `entry` with its author's key and frames it as a leaf.
pub fn seal(entry: &Entry, key: &SigningKey) -> Result<Vec<u8>, EntryError> {
    let body = serde_json::to_vec(entry).map_err(|e| EntryError::Json(e.to_string()))?;
    let sig = key.sign(&body).map_err(|_| EntryError::Signing)?;
    let len = u32::try_from(body.len()).map_err(|_| EntryError::Truncated)?;
    let mut leaf = Vec::with_capacity(4 + body.len() + SIG_LEN);
    leaf.extend_from_slice(&len.to_be_bytes());
    leaf.extend_from_slice(&body);
    leaf.extend_from_slice(sig.as_raw());
    Ok(leaf)
}

/// A leaf split into the signed entry octets and the signature.
pub struct Opened<'a> {
    pub body: &'a [u8],
    pub signature: Signature,
    pub entry: Entry,
}

/// Splits and decodes a leaf (no signature check: see [`Opened::verify`]).
pub fn open(leaf: &[u8]) -> Result<Opened<'_>, EntryError> {
    let (len, rest) = leaf.split_first_chunk::<4>().ok_or(EntryError::Truncated)?;
    let len = u32::from_be_bytes(*len) as usize;
    if rest.len() != len.checked_add(SIG_LEN).ok_or(EntryError::Truncated)? {
        return Err(EntryError::Truncated);
    }
    let (body, sig) = rest.split_at(len);
    let signature = Signature::from_raw(sig).map_err(|_| EntryError::Signature)?;
    let entry = serde_json::from_slice(body).map_err(|e| EntryError::Json(e.to_string()))?;
    Ok(Opened {
        body,
        signature,
        entry,
    })
}

impl Opened<'_> {
    /// Checks the author's signature over the entry octets held.
    pub fn verify(&self, author: &PublicKey) -> Result<(), EntryError> {
        author
            .verify(self.body, &self.signature)
            .map_err(|_| EntryError::Signature)
    }
}
