//! What the UICC face of the card changes in a profile and keeps across power cycles, stored
//! with the profile in the eUICC's state file: EF contents written by UPDATE BINARY/RECORD,
//! PIN values, states and retry counters, and the sequence numbers AUTHENTICATE accepted
//! (3GPP TS 33.102 Annex C: a replayed challenge must stay refused after a reset).
//!
//! Files are named by path of file identifiers (`3F00/2FE2`, `<ADF AID>/6F7E`), PINs by key
//! reference and the directory they belong to, so the record still applies when the file
//! system is built again from the profile package.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The changes of one profile.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedState {
    /// EF contents by path name, hex.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub files: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pins: Vec<SavedPin>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub puks: Vec<SavedPuk>,
    /// The SQN array of each NAA (by ADF path name): 32 values of 6 octets, hex.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sqn: BTreeMap<String, Vec<String>>,
}

/// One PIN's state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedPin {
    /// The directory of a local PIN (path name); absent for a global PIN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    pub key_reference: u8,
    /// The PIN value, 8 octets hex (secret, as the profile package's).
    pub value: String,
    pub enabled: bool,
    pub tries_left: u8,
}

/// One PUK's state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedPuk {
    pub key_reference: u8,
    pub tries_left: u8,
}
