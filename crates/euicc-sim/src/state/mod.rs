//! What an eUICC keeps across power cycles, as written to its state file (JSON).
//!
//! ```text
//! {
//!   "format": "rsp-lab/euicc-state/1",
//!   "eid": "89049032…",
//!   "credentials": {"kind": "inline", "euicc_certificate": "<hex DER>",
//!                   "eum_certificate": "<hex DER>", "euicc_private_key": "<SEC1 PEM>",
//!                   "ci_certificates": ["<hex DER>", …]}
//!                | {"kind": "directory", "path": "<SGP.26 layout dir>",
//!                   "additional_ci_certificates": [...]},
//!   "options": {root_ds_address, memory_capacity, firmware_version, rat, …},
//!   "default_dp_address": "smdp.example" | null,
//!   "profiles": [{iccid, isdp_aid, state, profile_class, nickname, service_provider_name,
//!                 profile_name, icon_type, icon, notification_configuration,
//!                 profile_owner, profile_policy_rules, dp_proprietary_data,
//!                 service_specific_data, smdp_address, smdp_oid, imsi, profile_type,
//!                 package_version, size}, …],
//!   "notifications": [{seq_number, operation, address, iccid, signed: "<hex DER>"}, …],
//!   "next_seq_number": 1,
//!   "pending_otk": {"public": "<hex>", "private": "<hex>"} | null,
//!   "test_profile_return": "<ICCID>" | null,
//!   "iot": {"eims": [{eim_id, eim_fqdn, counter_value, association_token, eim_key, …}],
//!           "package_results": [{seq_number, eim_id, signed: "<hex DER>"}],
//!           "fallback", "emergency", "rollback", "immediate_enable",
//!           "immediate_enable_candidate", "state_change", "last_association_token"},
//!   "m2m": {isd_r, ecasd, isdps, notifications, …}   (an M2M eUICC only, see [`m2m`])
//! }
//! ```
//!
//! The file is replaced atomically on every change (see `store`), so a process killed at
//! any point leaves either the previous state or the next one. It holds SK.EUICC.ECDSA (when
//! inline) and the one-time key of a prepared download, so it is written with mode 0600.

pub mod eim;
pub mod hex_bytes;
mod iot;
#[warn(missing_docs)]
pub mod m2m;
mod notification;
pub mod options;
mod profile;

use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use eim::{EimConfig, EimIdKind, EimKey, EimProtocol, MAX_COUNTER_VALUE};
pub use iot::{
    ImmediateEnableConfig, IotState, ReturnRecord, RollbackRecord, StateChange, StoredPackageResult,
};
pub use notification::{NotificationOperation, StoredNotification};
pub use profile::{
    NotificationTarget, ProfileClassValue, ProfileStatus, StoredOperatorId, StoredProfile,
};
pub(crate) use profile::{operator_of, pprs_of, targets_of};

use options::EuiccOptions;

/// The value of `format` this version writes and reads.
pub const STATE_FORMAT: &str = "rsp-lab/euicc-state/1";

/// The persistent state of one eUICC.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EuiccState {
    pub format: String,
    /// The EID (32 digits), from CERT.EUICC.ECDSA.
    pub eid: String,
    pub credentials: CredentialsRecord,
    pub options: EuiccOptions,
    /// ES10a default SM-DP+ address (SGP.22 5.7.3, 5.7.4).
    pub default_dp_address: Option<String>,
    /// Installed profiles, in installation order.
    pub profiles: Vec<StoredProfile>,
    /// Pending notifications, kept until ES10b.RemoveNotificationFromList (SGP.22 5.7.11).
    pub notifications: Vec<StoredNotification>,
    /// The next notification sequence number (SGP.22 5.7.9: one counter for all kinds).
    pub next_seq_number: i64,
    /// otPK/otSK.EUICC.ECKA of the last PrepareDownload, kept until an installation uses
    /// it, so that a retried download of an already bound package can reuse it
    /// (`bppEuiccOtpk`, SGP.22 5.7.5).
    pub pending_otk: Option<OneTimeKey>,
    /// The operational profile a test profile displaced when it was enabled: enabled again
    /// when the test profile is disabled (SGP.21 TPRO10).
    pub test_profile_return: Option<String>,
    /// SGP.32: eIMs, eUICC Package Results, fallback, rollback (absent in files of consumer
    /// eUICCs).
    #[serde(default, skip_serializing_if = "is_default")]
    pub iot: IotState,
    /// SGP.02: the ISD-R's keys, the ECASD, the ISD-Ps and the Default Notifications
    /// (absent in files of consumer and IoT eUICCs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub m2m: Option<m2m::M2mState>,
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// A further certificate chain of an inline credentials record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainRecord {
    #[serde(with = "hex_bytes")]
    pub euicc_certificate: Arc<[u8]>,
    #[serde(with = "hex_bytes")]
    pub eum_certificate: Arc<[u8]>,
    /// SK.EUICC.ECDSA as a SEC1 `EC PRIVATE KEY` PEM block (the curve named inside).
    pub euicc_private_key: String,
}

/// Where the credentials are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CredentialsRecord {
    /// A copy in the state file.
    Inline {
        #[serde(with = "hex_bytes")]
        euicc_certificate: Arc<[u8]>,
        /// Shared with the credentials (and, in a fleet, with every eUICC of the EUM).
        #[serde(with = "hex_bytes")]
        eum_certificate: Arc<[u8]>,
        /// SK.EUICC.ECDSA as a SEC1 `EC PRIVATE KEY` PEM block.
        euicc_private_key: String,
        #[serde(with = "hex_bytes::list")]
        ci_certificates: Vec<Arc<[u8]>>,
        /// Further chains on another curve set, same EID (absent in files of one-chain
        /// eUICCs).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        additional_chains: Vec<ChainRecord>,
    },
    /// An SGP.26-layout directory, read when the state is opened.
    Directory {
        path: PathBuf,
        #[serde(default, with = "hex_bytes::list")]
        additional_ci_certificates: Vec<Arc<[u8]>>,
    },
}

/// A stored one-time key pair (SGP.22 5.7.5).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OneTimeKey {
    /// otPK.EUICC.ECKA, uncompressed point.
    #[serde(with = "hex_bytes")]
    pub public: Vec<u8>,
    /// otSK.EUICC.ECKA, the 32-octet scalar.
    #[serde(with = "hex_bytes")]
    pub private: Vec<u8>,
}

impl EuiccState {
    /// The profile with this ICCID (digits).
    pub fn profile_by_iccid(&self, iccid: &str) -> Option<&StoredProfile> {
        self.profiles.iter().find(|p| p.iccid == iccid)
    }

    /// The profile with the Fallback Attribute, if any (SGP.32 v1.2 3.4.5).
    pub fn fallback_profile(&self) -> Option<&StoredProfile> {
        self.profiles.iter().find(|p| p.fallback_attribute)
    }

    /// The enabled profile, if any.
    pub fn enabled_profile(&self) -> Option<&StoredProfile> {
        self.profiles
            .iter()
            .find(|p| p.state == ProfileStatus::Enabled)
    }

    /// Octets taken by installed profiles.
    pub fn used_memory(&self) -> u64 {
        self.profiles.iter().map(|p| p.size).sum()
    }

    /// Octets left for profiles.
    pub fn free_memory(&self) -> u64 {
        self.options
            .memory_capacity
            .saturating_sub(self.used_memory())
    }

    /// Takes the next notification sequence number.
    pub fn take_seq_number(&mut self) -> i64 {
        let n = self.next_seq_number;
        self.next_seq_number = n.saturating_add(1);
        n
    }

    /// The lowest free ISD-P AID: `A0000005591010FFFFFFFF89000010 00`, `…1100`, … (the
    /// ISD-R AID family of SGP.02 Annex H / SGP.22 2.4.3; the octet before the last counts
    /// the ISD-Ps).
    pub fn allocate_isdp_aid(&self) -> Option<Vec<u8>> {
        // an M2M eUICC's ISD-Ps created by CreateISDP have no profile yet
        let m2m_isdps = self.m2m.iter().flat_map(|m| m.isdps.iter());
        let taken: Vec<&[u8]> = self
            .profiles
            .iter()
            .map(|p| p.isdp_aid.as_slice())
            .chain(m2m_isdps.map(|i| i.aid.as_slice()))
            .collect();
        (0x10u8..=0xFF)
            .map(isdp_aid)
            .find(|aid| !taken.contains(&aid.as_slice()))
    }
}

/// The ISD-P AID with counter octet `n`.
pub fn isdp_aid(n: u8) -> Vec<u8> {
    let mut aid = vec![
        0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x89, 0x00, 0x00,
    ];
    aid.extend([n, 0x00]);
    aid
}
