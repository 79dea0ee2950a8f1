//! What an IoT eUICC keeps beyond SGP.22 (SGP.32 v1.2): the associated eIMs, the eUICC
//! Package Results waiting for the eIM's acknowledgement, the fallback, rollback, emergency
//! and immediate-enable records, and the "state changed" flag the IPA reports in its next
//! ESipa.GetEimPackage (`notifyStateChange`, `stateChangeCause`, 6.3.2.6).
//!
//! The Fallback Attribute itself is a flag of the profile ([`super::StoredProfile`]).

use proto::sgp32::StateChangeCause;
use serde::{Deserialize, Serialize};

use super::eim::EimConfig;
use super::hex_bytes;

/// The IoT part of the eUICC state; empty for a consumer eUICC.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IotState {
    /// eIM Configuration Data, in association order.
    pub eims: Vec<EimConfig>,
    /// Signed eUICC Package Results (`BF51`) kept until the eIM acknowledges them and the
    /// IPA removes them (SGP.32 v1.2 5.9.11, 5.9.12).
    pub package_results: Vec<StoredPackageResult>,
    /// Set while the Fallback Mechanism is in effect (ExecuteFallbackMechanism, 5.9.20):
    /// what ReturnFromFallback (5.9.21) enables again.
    pub fallback: Option<ReturnRecord>,
    /// Set while the Emergency Profile is enabled (EnableEmergencyProfile, 5.9.22): what
    /// DisableEmergencyProfile (5.9.23) enables again.
    pub emergency: Option<ReturnRecord>,
    /// Set by an `enable` PSMO with `rollbackFlag` (2.11.1.1.3), until the next eUICC
    /// Package or another profile change: what ES10b.ProfileRollback (5.9.16) undoes.
    pub rollback: Option<RollbackRecord>,
    /// The immediate profile enabling configuration (5.9.17, PSMO
    /// `configureImmediateEnable`).
    pub immediate_enable: Option<ImmediateEnableConfig>,
    /// The profile ES10b.ImmediateEnable (5.9.15) would enable: the last one installed from
    /// the configured default SM-DP+ while immediate enabling is on.
    pub immediate_enable_candidate: Option<String>,
    /// The profile state changed without the eIM; cleared when the IPA has told the eIM.
    pub state_change: Option<StateChange>,
    /// The last association token handed out (tokens are 1, 2, 3 … per eUICC).
    pub last_association_token: i64,
}

impl IotState {
    /// The configuration of `eim_id`.
    pub fn eim(&self, eim_id: &str) -> Option<&EimConfig> {
        self.eims.iter().find(|e| e.eim_id == eim_id)
    }

    /// A fresh association token.
    pub fn take_association_token(&mut self) -> i64 {
        self.last_association_token = self.last_association_token.saturating_add(1);
        self.last_association_token
    }
}

/// One eUICC Package Result waiting for acknowledgement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredPackageResult {
    /// `seqNumber` of the result (one counter with the notifications).
    pub seq_number: i64,
    pub eim_id: String,
    /// DER of the `EuiccPackageResult` (`BF51`) as signed.
    #[serde(with = "hex_bytes")]
    pub signed: Vec<u8>,
}

/// The profile to enable again when a temporary switch ends (fallback, emergency).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnRecord {
    /// ICCID of the profile that was enabled before; none if no profile was.
    pub return_to: Option<String>,
}

/// What ProfileRollback needs (SGP.32 v1.2 5.9.16).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollbackRecord {
    /// The profile the `enable` PSMO disabled: enabled again by the rollback.
    pub previous_iccid: String,
    /// The profile the PSMO enabled.
    pub enabled_iccid: String,
    /// DER of the `euiccPackageResultDataSigned` of the package, which the rollback result
    /// replaces.
    #[serde(with = "hex_bytes")]
    pub result_data: Vec<u8>,
}

/// Immediate profile enabling configuration (SGP.32 v1.2 5.9.17).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImmediateEnableConfig {
    /// `immediateEnableFlag`: ImmediateEnable is allowed.
    pub enabled: bool,
    /// `defaultSmdpOid`, dotted.
    pub default_smdp_oid: Option<String>,
    /// `defaultSmdpAddress`.
    pub default_smdp_address: Option<String>,
}

/// `StateChangeCause` (SGP.32 v1.2 6.3.2.6), as stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StateChange {
    OtherEim,
    Fallback,
    EmergencyProfile,
    Local,
    Reset,
    ImmediateEnableProfile,
    DeviceChange,
    Undefined,
}

impl StateChange {
    /// The cause as GetEimPackage carries it.
    pub fn cause(self) -> StateChangeCause {
        match self {
            StateChange::OtherEim => StateChangeCause::OtherEim,
            StateChange::Fallback => StateChangeCause::Fallback,
            StateChange::EmergencyProfile => StateChangeCause::EmergencyProfile,
            StateChange::Local => StateChangeCause::Local,
            StateChange::Reset => StateChangeCause::Reset,
            StateChange::ImmediateEnableProfile => StateChangeCause::ImmediateEnableProfile,
            StateChange::DeviceChange => StateChangeCause::DeviceChange,
            StateChange::Undefined => StateChangeCause::Undefined,
        }
    }
}
