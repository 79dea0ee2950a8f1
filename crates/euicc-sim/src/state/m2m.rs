//! What an M2M eUICC (GSMA SGP.02 v4.2) keeps beyond the profile store: the ISD-R with its
//! SCP80 and SCP81 key sets and the SM-SR's addressing parameters, the ECASD with its key
//! agreement key and certificate, the ISD-Ps with their life cycle, fall-back attribute and
//! POL1, and the Default Notifications waiting for the SM-SR's confirmation.
//!
//! ```text
//! "m2m": {
//!   "isd_r": {"tar": "000001", "scp80": [{kvn, kic_algorithm, kic, kid_algorithm, kid,
//!             dek, counter}], "scp81": [{kvn, key_id, psk}], "smsr_address": "<06 value>"},
//!   "ecasd": {"private_key": "<SEC1 PEM>", "certificate": "<7F21 hex>"},
//!   "isdps": [{aid, life_cycle, fallback, pol1: {…}, iccid, memory_quota,
//!              scp03: [{kvn, key, sequence_counter}] (absent when empty)}],
//!   "notifications": [{seq, kind, isdp_aid, disabled_aid, failed_attempts}],
//!   "next_notification_seq": 1,
//!   "pending_switch": {previous, enabled, seq} | null,
//!   "connectivity_attempts": 3
//! }
//! ```
//!
//! The profile contents of an ISD-P (its package, the USIM the UICC face shows) are the
//! [`super::StoredProfile`] whose `isdp_aid` is the ISD-P's AID; its `state` follows the
//! ISD-P's life cycle.

use serde::{Deserialize, Serialize};

use super::hex_bytes;

/// The M2M part of the eUICC state; absent for consumer and IoT eUICCs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct M2mState {
    /// The ISD-R (SGP.02 2.2.1.1).
    pub isd_r: IsdrRecord,
    /// The ECASD (SGP.02 2.2.1.3).
    pub ecasd: EcasdRecord,
    /// The ISD-Ps, in creation order (SGP.02 2.2.1.2).
    pub isdps: Vec<IsdpRecord>,
    /// Default Notifications not yet confirmed by the SM-SR (SGP.02 3.15), oldest first.
    pub notifications: Vec<M2mNotification>,
    /// The sequence number of the next Default Notification (`4E`, two octets).
    pub next_notification_seq: u16,
    /// The last profile switch whose notification the SM-SR has not confirmed: what a
    /// roll-back (SGP.02 3.2.2) enables again.
    #[serde(default)]
    pub pending_switch: Option<ProfileSwitch>,
    /// Failed delivery attempts of a switch's notification after which the card rolls back
    /// (SGP.02 3.2.2; the number is the eUICC's own).
    pub connectivity_attempts: u32,
    /// The eUICC declaration (notification `01`) has been queued: once per life (3.15).
    #[serde(default)]
    pub declared: bool,
}

/// The ISD-R's keys and addressing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IsdrRecord {
    /// The TAR the SM-SR addresses the ISD-R with (TS 102 225 5.1.3; SGP.02 Annex H:
    /// `000001`).
    #[serde(with = "hex_bytes")]
    pub tar: Vec<u8>,
    /// SCP80 key sets, KVN `01`–`0F` (SGP.02 2.2.5.1).
    pub scp80: Vec<Scp80KeySet>,
    /// SCP81 key sets, KVN `40`–`4F` (SGP.02 2.2.5.1).
    pub scp81: Vec<Scp81KeySet>,
    /// Where Default Notifications go: the value of a TS 102 223 8.1 Address object (TON/NPI
    /// octet, BCD digits), set by UpdateSMSRAddressingParameters.
    #[serde(default, with = "hex_bytes::option")]
    pub smsr_address: Option<Vec<u8>>,
}

/// One SCP80 key set (ETSI TS 102 225 5.1.2, 5.1.3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scp80KeySet {
    /// Key version number, `01`–`0F`: the high nibble of the KIc and KID octets.
    pub kvn: u8,
    /// The low nibble of KIc: algorithm and mode (`02` AES-CBC, `05` 3DES-2key-CBC …).
    pub kic_algorithm: u8,
    /// The ciphering key.
    #[serde(with = "hex_bytes")]
    pub kic: Vec<u8>,
    /// The low nibble of KID (`02` AES-CMAC, `05` 3DES-2key CBC-MAC …).
    pub kid_algorithm: u8,
    /// The cryptographic checksum key.
    #[serde(with = "hex_bytes")]
    pub kid: Vec<u8>,
    /// The data encryption key (key identifier 3), when the set has one.
    #[serde(default, with = "hex_bytes::option")]
    pub dek: Option<Vec<u8>>,
    /// The last counter (CNTR, 5 octets) the card accepted (TS 102 225 5.1.1).
    pub counter: u64,
}

/// One SCP81 key set: a TLS pre-shared key (GP Amendment B; SGP.02 2.4.4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scp81KeySet {
    /// Key version number, `40`–`4F`.
    pub kvn: u8,
    /// Key identifier within the set (`01`).
    pub key_id: u8,
    /// The PSK.
    #[serde(with = "hex_bytes")]
    pub psk: Vec<u8>,
}

/// The ECASD: SK.ECASD.ECKA and CERT.ECASD.ECKA.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EcasdRecord {
    /// SK.ECASD.ECKA as a SEC1 `EC PRIVATE KEY` PEM block.
    pub private_key: String,
    /// CERT.ECASD.ECKA, a GP Amendment E `7F21` certificate signed by the EUM.
    #[serde(with = "hex_bytes")]
    pub certificate: Vec<u8>,
}

/// The GlobalPlatform life cycle of an ISD-P (GPCS 5.3.2, SGP.02 2.2.1.2 Table 1), as
/// GET STATUS reports it in `9F70`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IsdpLifeCycle {
    /// `07`: created by CreateISDP, no keys yet.
    Selectable,
    /// `0F`: keys established (ES8), profile not yet complete.
    Personalized,
    /// `1F`: holds a profile that is not in use.
    Disabled,
    /// `3F`: holds the enabled profile.
    Enabled,
}

impl IsdpLifeCycle {
    /// The life cycle byte.
    pub fn byte(self) -> u8 {
        match self {
            IsdpLifeCycle::Selectable => 0x07,
            IsdpLifeCycle::Personalized => 0x0F,
            IsdpLifeCycle::Disabled => 0x1F,
            IsdpLifeCycle::Enabled => 0x3F,
        }
    }
}

/// The POL1 rules of a profile (SGP.02 2.4.6.1: set by the MNO, enforced by the ISD-R).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Pol1 {
    /// "Disabling of this Profile not allowed".
    pub disable_not_allowed: bool,
    /// "Deletion of this Profile not allowed".
    pub delete_not_allowed: bool,
    /// "Profile deletion is mandatory when its state is changed to disabled".
    pub delete_when_disabled: bool,
}

/// One ISD-P.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IsdpRecord {
    /// `A0000005591010FFFFFFFF89` ‖ TAR ‖ `00` (SGP.02 Annex H).
    #[serde(with = "hex_bytes")]
    pub aid: Vec<u8>,
    /// GP life cycle.
    pub life_cycle: IsdpLifeCycle,
    /// The Fall-Back Attribute (SGP.02 3.16): at most one ISD-P has it.
    #[serde(default)]
    pub fallback: bool,
    /// POL1 of its profile.
    #[serde(default)]
    pub pol1: Pol1,
    /// The ICCID of its profile, once it holds one.
    #[serde(default)]
    pub iccid: Option<String>,
    /// The non-volatile memory granted at CreateISDP, in octets (0: no quota asked).
    #[serde(default)]
    pub memory_quota: u64,
    /// Its SCP03 key sets, from ES8.EstablishISDPKeySet (SGP.02 4.1.3.1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scp03: Vec<Scp03KeySet>,
}

/// An SCP03 key set of an ISD-P, agreed with the SM-DP (SGP.02 4.1.3.1, GP Amendment E
/// Scenario #3): one base key used as K-ENC, K-MAC and K-DEK \[unconfirmed\].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scp03KeySet {
    /// Key version number, `30`–`3F`.
    pub kvn: u8,
    /// The AES-128 base key.
    #[serde(with = "hex_bytes")]
    pub key: Vec<u8>,
    /// The sequence counter of the pseudo-random card challenge (GP Amendment D 6.2.2.1):
    /// the next INITIALIZE UPDATE uses it, then it is incremented.
    pub sequence_counter: u32,
}

/// The Default Notification types (SGP.02 4.1.1.11, `4D`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum M2mNotificationKind {
    /// `01`: eUICC declaration, first network attachment.
    EuiccDeclaration,
    /// `02`: profile change succeeded.
    ProfileChangeSucceeded,
    /// `03`: profile change failed and roll-back.
    ProfileChangeFailedRollback,
    /// `05`: profile change after fall-back.
    ProfileChangeAfterFallback,
}

impl M2mNotificationKind {
    /// The `4D` octet.
    pub fn code(self) -> u8 {
        match self {
            M2mNotificationKind::EuiccDeclaration => 0x01,
            M2mNotificationKind::ProfileChangeSucceeded => 0x02,
            M2mNotificationKind::ProfileChangeFailedRollback => 0x03,
            M2mNotificationKind::ProfileChangeAfterFallback => 0x05,
        }
    }
}

/// One Default Notification waiting for HandleNotificationConfirmation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct M2mNotification {
    /// `4E` sequence number.
    pub seq: u16,
    /// `4D` type.
    pub kind: M2mNotificationKind,
    /// The ISD-P enabled by the change (`2F`).
    #[serde(default, with = "hex_bytes::option")]
    pub isdp_aid: Option<Vec<u8>>,
    /// The ISD-P the change disabled: deleted at confirmation when its POL1 says so
    /// (SGP.02 3.4).
    #[serde(default, with = "hex_bytes::option")]
    pub disabled_aid: Option<Vec<u8>>,
    /// Delivery attempts the terminal reported as failed.
    #[serde(default)]
    pub failed_attempts: u32,
}

/// A profile switch not yet confirmed (SGP.02 3.2.2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileSwitch {
    /// The ISD-P enabled before.
    #[serde(with = "hex_bytes")]
    pub previous: Vec<u8>,
    /// The ISD-P enabled by the switch.
    #[serde(with = "hex_bytes")]
    pub enabled: Vec<u8>,
    /// The sequence number of its notification.
    pub seq: u16,
}

impl M2mState {
    /// The ISD-P with this AID.
    pub fn isdp(&self, aid: &[u8]) -> Option<&IsdpRecord> {
        self.isdps.iter().find(|i| i.aid == aid)
    }

    /// The enabled ISD-P.
    pub fn enabled_isdp(&self) -> Option<&IsdpRecord> {
        self.isdps
            .iter()
            .find(|i| i.life_cycle == IsdpLifeCycle::Enabled)
    }

    /// The ISD-P with the Fall-Back Attribute.
    pub fn fallback_isdp(&self) -> Option<&IsdpRecord> {
        self.isdps.iter().find(|i| i.fallback)
    }

    /// The SCP80 key set with this KVN.
    pub fn scp80(&self, kvn: u8) -> Option<&Scp80KeySet> {
        self.isd_r.scp80.iter().find(|k| k.kvn == kvn)
    }

    /// Queues a Default Notification; returns its sequence number.
    pub fn queue_notification(
        &mut self,
        kind: M2mNotificationKind,
        isdp_aid: Option<Vec<u8>>,
        disabled_aid: Option<Vec<u8>>,
    ) -> u16 {
        let seq = self.next_notification_seq;
        self.next_notification_seq = seq.wrapping_add(1).max(1);
        self.notifications.push(M2mNotification {
            seq,
            kind,
            isdp_aid,
            disabled_aid,
            failed_attempts: 0,
        });
        seq
    }
}
