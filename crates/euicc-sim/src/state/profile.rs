//! An installed profile as the eUICC keeps it: identity, state, the metadata of
//! ES8+.StoreMetadata (SGP.22 5.5.3), a summary of the package, and the unprotected package
//! itself, from which the card builds the UICC (file system, PINs, USIM keys) of the enabled
//! profile, with what the terminal has changed in it since ([`crate::uicc`]).

use proto::der::Asn1;
use proto::sgp22::{
    DpProprietaryData, Iccid, IconType, NotificationConfigurationInformation, OperatorId, PprIds,
    ProfileClass, ProfileInfo, ProfileState, VendorSpecificExtension,
};
use serde::{Deserialize, Serialize};

use super::hex_bytes;
use super::notification::NotificationOperation;
use crate::ppr::Ppr;

/// `ProfileState` (SGP.22 5.7.15).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProfileStatus {
    Disabled,
    Enabled,
}

/// `ProfileClass` (SGP.22 2.4.4) of an installed profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProfileClassValue {
    Test,
    Provisioning,
    Operational,
}

impl ProfileClassValue {
    /// The class of metadata; `None` for a value SGP.22 does not define.
    pub fn from_asn1(class: ProfileClass) -> Option<Self> {
        match class {
            ProfileClass::Test => Some(ProfileClassValue::Test),
            ProfileClass::Provisioning => Some(ProfileClassValue::Provisioning),
            ProfileClass::Operational => Some(ProfileClassValue::Operational),
            ProfileClass::Other(_) => None,
        }
    }

    pub fn to_asn1(self) -> ProfileClass {
        match self {
            ProfileClassValue::Test => ProfileClass::Test,
            ProfileClassValue::Provisioning => ProfileClass::Provisioning,
            ProfileClassValue::Operational => ProfileClass::Operational,
        }
    }
}

/// Where notifications of some operations go (`NotificationConfigurationInformation`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationTarget {
    pub operations: Vec<NotificationOperation>,
    pub address: String,
}

/// `OperatorId` (SGP.22 5.5.3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredOperatorId {
    #[serde(with = "hex_bytes")]
    pub mcc_mnc: Vec<u8>,
    #[serde(default, with = "hex_bytes::option")]
    pub gid1: Option<Vec<u8>>,
    #[serde(default, with = "hex_bytes::option")]
    pub gid2: Option<Vec<u8>>,
}

/// One installed profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredProfile {
    /// ICCID digits.
    pub iccid: String,
    #[serde(with = "hex_bytes")]
    pub isdp_aid: Vec<u8>,
    pub state: ProfileStatus,
    pub profile_class: ProfileClassValue,
    pub nickname: Option<String>,
    pub service_provider_name: String,
    pub profile_name: String,
    /// `IconType` value (0 jpg, 1 png).
    pub icon_type: Option<i64>,
    #[serde(default, with = "hex_bytes::option")]
    pub icon: Option<Vec<u8>>,
    pub notification_configuration: Vec<NotificationTarget>,
    pub profile_owner: Option<StoredOperatorId>,
    pub profile_policy_rules: Vec<Ppr>,
    /// DER of the `DpProprietaryData` of ConfigureISDP (SGP.22 5.5.2).
    #[serde(default, with = "hex_bytes::option")]
    pub dp_proprietary_data: Option<Vec<u8>>,
    /// DER of `serviceSpecificDataStoredInEuicc` (SGP.22 5.5.3).
    #[serde(default, with = "hex_bytes::option")]
    pub service_specific_data: Option<Vec<u8>>,
    /// The SM-DP+ that installed the profile: address and OID.
    pub smdp_address: String,
    pub smdp_oid: String,
    /// IMSI digits from EF.IMSI of the package, when it writes that file.
    pub imsi: Option<String>,
    /// `ProfileHeader.profileType`.
    pub profile_type: Option<String>,
    /// Profile package version of the header, `major.minor`.
    pub package_version: String,
    /// Octets of the profile package: the memory the profile takes.
    pub size: u64,
    /// The profile is the Fallback Profile (SGP.32 v1.2 3.4.5, `fallbackAttribute`): at
    /// most one profile has it.
    #[serde(default)]
    pub fallback_attribute: bool,
    /// `fallbackAllowed` of the SGP.32 metadata: whether the Profile Owner lets the
    /// profile be the Fallback Profile; absent when the metadata says nothing.
    #[serde(default)]
    pub fallback_allowed: Option<bool>,
    /// `ecallIndication` of the SGP.32 metadata: the profile is the Emergency Profile.
    #[serde(default)]
    pub ecall_indication: bool,
    /// The unprotected profile package as installed (TCA `ProfileElement`s, DER): the
    /// source of the UICC the card shows while the profile is enabled. Absent in state
    /// files written before it was kept (such a profile has no file system).
    #[serde(
        default,
        with = "hex_bytes::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub package: Option<Vec<u8>>,
    /// What the terminal changed in the profile's UICC (files, PINs, sequence numbers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uicc: Option<crate::uicc::SavedState>,
}

impl StoredProfile {
    /// Whether the metadata set this PPR.
    pub fn has_ppr(&self, ppr: Ppr) -> bool {
        self.profile_policy_rules.contains(&ppr)
    }

    /// Whether PPR1 or PPR2 binds this profile: they apply to operational profiles only
    /// (SGP.22 2.9.1).
    pub fn policy_forbids(&self, ppr: Ppr) -> bool {
        self.profile_class == ProfileClassValue::Operational && self.has_ppr(ppr)
    }

    /// The addresses that want a notification of `op`, in metadata order.
    pub fn notification_addresses(&self, op: NotificationOperation) -> Vec<String> {
        self.notification_configuration
            .iter()
            .filter(|t| t.operations.contains(&op))
            .map(|t| t.address.clone())
            .collect()
    }

    /// The SGP.22 `Iccid` (swapped BCD); `None` only for a state file edited by hand.
    pub fn iccid_asn1(&self) -> Option<Iccid> {
        proto::ids::Iccid::parse_lenient(&self.iccid)
            .ok()
            .map(|i| Iccid(i.to_swapped_bcd()))
    }

    /// Every ProfileInfo component this profile has (SGP.22 5.7.15).
    pub fn to_profile_info(&self) -> ProfileInfo {
        let ppr_bits: Vec<usize> = self.profile_policy_rules.iter().map(|p| p.bit()).collect();
        ProfileInfo {
            iccid: self.iccid_asn1(),
            isdp_aid: Some(self.isdp_aid.clone()),
            profile_state: Some(match self.state {
                ProfileStatus::Enabled => ProfileState::Enabled,
                ProfileStatus::Disabled => ProfileState::Disabled,
            }),
            profile_nickname: self.nickname.clone(),
            service_provider_name: Some(self.service_provider_name.clone()),
            profile_name: Some(self.profile_name.clone()),
            icon_type: self.icon_type.map(|v| match v {
                0 => IconType::Jpg,
                1 => IconType::Png,
                other => IconType::Other(other),
            }),
            icon: self.icon.clone(),
            profile_class: Some(self.profile_class.to_asn1()),
            notification_configuration_info: Some(
                self.notification_configuration
                    .iter()
                    .map(|t| NotificationConfigurationInformation {
                        profile_management_operation: NotificationOperation::event_of(
                            &t.operations,
                        ),
                        notification_address: t.address.clone(),
                    })
                    .collect(),
            ),
            profile_owner: self.profile_owner.as_ref().map(|o| OperatorId {
                mcc_mnc: o.mcc_mnc.as_slice().try_into().unwrap_or([0xFF; 3]),
                gid1: o.gid1.clone(),
                gid2: o.gid2.clone(),
            }),
            dp_proprietary_data: self
                .dp_proprietary_data
                .as_deref()
                .and_then(|der| DpProprietaryData::from_der(der).ok()),
            profile_policy_rules: Some(PprIds::from_bits(&ppr_bits)),
            service_specific_data_stored_in_euicc: self
                .service_specific_data
                .as_deref()
                .and_then(|der| VendorSpecificExtension::from_der(der).ok()),
        }
    }
}

/// The PPRs set in `PprIds`.
pub(crate) fn pprs_of(ids: &PprIds) -> Vec<Ppr> {
    Ppr::ALL.into_iter().filter(|p| ids.has(p.bit())).collect()
}

/// The stored form of `OperatorId`.
pub(crate) fn operator_of(o: &OperatorId) -> StoredOperatorId {
    StoredOperatorId {
        mcc_mnc: o.mcc_mnc.to_vec(),
        gid1: o.gid1.clone(),
        gid2: o.gid2.clone(),
    }
}

/// The stored form of `notificationConfigurationInfo`.
pub(crate) fn targets_of(info: &[NotificationConfigurationInformation]) -> Vec<NotificationTarget> {
    info.iter()
        .map(|i| NotificationTarget {
            operations: NotificationOperation::ALL
                .into_iter()
                .filter(|op| i.profile_management_operation.has(op.bit()))
                .collect(),
            address: i.notification_address.clone(),
        })
        .collect()
}
