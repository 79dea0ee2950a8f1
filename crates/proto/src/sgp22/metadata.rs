//! Profile metadata: what ES8+.StoreMetadata installs with a profile and ES10c.GetProfilesInfo
//! reports back (SGP.22 2.4.4, 5.5.3, 5.4.1).

use super::common::{Iccid, named_bits};
use super::notification_metadata::NotificationEvent;
use crate::der::{Asn1, Oid, RawTlv};

/// Profile metadata sent in ES8+.StoreMetadata (SGP.22 5.5.3) and in
/// ES9+.AuthenticateClient as `profileMetaData`.
///
/// ```text
/// StoreMetadataRequest ::= [37] SEQUENCE { -- Tag 'BF25'
///    iccid Iccid, serviceProviderName [17] UTF8String (SIZE(0..32)),
///    profileName [18] UTF8String (SIZE(0..64)), iconType [19] IconType OPTIONAL,
///    icon [20] OCTET STRING (SIZE(0..1024)) OPTIONAL,
///    profileClass [21] ProfileClass DEFAULT operational,
///    notificationConfigurationInfo [22] SEQUENCE OF NotificationConfigurationInformation
///       OPTIONAL,
///    profileOwner [23] OperatorId OPTIONAL, profilePolicyRules [25] PprIds OPTIONAL,
///    serviceSpecificDataStoredInEuicc [34] VendorSpecificExtension OPTIONAL,
///    serviceSpecificDataNotStoredInEuicc [35] VendorSpecificExtension OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 37, extensible)]
pub struct StoreMetadataRequest {
    pub iccid: Iccid,
    #[asn1(tag = 17)]
    pub service_provider_name: String,
    #[asn1(tag = 18)]
    pub profile_name: String,
    #[asn1(tag = 19)]
    pub icon_type: Option<IconType>,
    #[asn1(tag = 20)]
    pub icon: Option<Vec<u8>>,
    #[asn1(tag = 21, default = "ProfileClass::Operational")]
    pub profile_class: ProfileClass,
    #[asn1(tag = 22)]
    pub notification_configuration_info: Option<Vec<NotificationConfigurationInformation>>,
    #[asn1(tag = 23)]
    pub profile_owner: Option<OperatorId>,
    #[asn1(tag = 25)]
    pub profile_policy_rules: Option<PprIds>,
    #[asn1(tag = 34)]
    pub service_specific_data_stored_in_euicc: Option<VendorSpecificExtension>,
    #[asn1(tag = 35)]
    pub service_specific_data_not_stored_in_euicc: Option<VendorSpecificExtension>,
}

impl StoreMetadataRequest {
    /// Metadata of an operational profile with only the mandatory fields: ICCID (swapped
    /// BCD, as on the wire), service provider name and profile name.
    pub fn new(
        iccid: Iccid,
        service_provider_name: impl Into<String>,
        profile_name: impl Into<String>,
    ) -> StoreMetadataRequest {
        StoreMetadataRequest {
            iccid,
            service_provider_name: service_provider_name.into(),
            profile_name: profile_name.into(),
            icon_type: None,
            icon: None,
            profile_class: ProfileClass::Operational,
            notification_configuration_info: None,
            profile_owner: None,
            profile_policy_rules: None,
            service_specific_data_stored_in_euicc: None,
            service_specific_data_not_stored_in_euicc: None,
        }
    }
}

/// Metadata update sent by the operator over ES6 (SGP.22 5.4.1).
///
/// ```text
/// UpdateMetadataRequest ::= [42] SEQUENCE { -- Tag 'BF2A'
///    serviceProviderName [17] UTF8String (SIZE(0..32)) OPTIONAL,
///    profileName [18] UTF8String (SIZE(0..64)) OPTIONAL, iconType [19] IconType OPTIONAL,
///    icon [20] OCTET STRING (SIZE(0..1024)) OPTIONAL,
///    profilePolicyRules [25] PprIds OPTIONAL,
///    serviceSpecificDataStoredInEuicc [34] VendorSpecificExtension OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 42, extensible)]
pub struct UpdateMetadataRequest {
    #[asn1(tag = 17)]
    pub service_provider_name: Option<String>,
    #[asn1(tag = 18)]
    pub profile_name: Option<String>,
    #[asn1(tag = 19)]
    pub icon_type: Option<IconType>,
    #[asn1(tag = 20)]
    pub icon: Option<Vec<u8>>,
    #[asn1(tag = 25)]
    pub profile_policy_rules: Option<PprIds>,
    #[asn1(tag = 34)]
    pub service_specific_data_stored_in_euicc: Option<VendorSpecificExtension>,
}

/// Where the eUICC sends notifications for a kind of profile operation (SGP.22 5.5.3).
///
/// ```text
/// NotificationConfigurationInformation ::= SEQUENCE {
///    profileManagementOperation NotificationEvent, notificationAddress UTF8String }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(automatic, extensible)]
pub struct NotificationConfigurationInformation {
    pub profile_management_operation: NotificationEvent,
    /// FQDN to forward the notification to.
    pub notification_address: String,
}

/// Owner of a profile: MCC/MNC and group identifiers (SGP.22 5.5.3).
///
/// ```text
/// OperatorId ::= SEQUENCE { mccMnc OCTET STRING (SIZE(3)),
///    gid1 OCTET STRING OPTIONAL, gid2 OCTET STRING OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(automatic, extensible)]
pub struct OperatorId {
    /// MCC and MNC as coded in 3GPP TS 24.008.
    pub mcc_mnc: [u8; 3],
    pub gid1: Option<Vec<u8>>,
    pub gid2: Option<Vec<u8>>,
}

named_bits! {
    /// Profile Policy Rules identifiers (SGP.22 2.9.1).
    ///
    /// ```text
    /// PprIds ::= BIT STRING { pprUpdateControl(0), ppr1(1), ppr2(2) }
    /// ```
    PprIds {
        /// How PPRs are updated via ES6.
        PPR_UPDATE_CONTROL = 0,
        /// PPR1: disabling this profile is not allowed.
        PPR1 = 1,
        /// PPR2: deleting this profile is not allowed.
        PPR2 = 2,
    }
}

/// One vendor-specific extension: the vendor's OID and data of the vendor's type
/// (an element of [`VendorSpecificExtension`]).
///
/// ```text
/// SEQUENCE { vendorOid [0] OPENTYPE.&typeId, vendorSpecificData [1] OPENTYPE.&Type }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible, name = "VendorSpecificExtension.item")]
pub struct VendorSpecificExtensionItem {
    #[asn1(tag = 0)]
    pub vendor_oid: Oid,
    /// An open type: tagged explicitly, kept as the TLV inside `[1]`.
    #[asn1(tag = 1)]
    pub vendor_specific_data: RawTlv,
}

/// Service-specific data of a profile (SGP.22 5.5.3). `OPENTYPE` is the information
/// object class that types the two components; it is not a type on the wire.
///
/// ```text
/// VendorSpecificExtension ::= SEQUENCE OF SEQUENCE {
///    vendorOid [0] OPENTYPE.&typeId, vendorSpecificData [1] OPENTYPE.&Type }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
pub struct VendorSpecificExtension(pub Vec<VendorSpecificExtensionItem>);

/// `IconType ::= INTEGER {jpg(0), png(1)}` (SGP.22 5.5.3).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer)]
pub enum IconType {
    #[asn1(value = 0)]
    Jpg,
    #[asn1(value = 1)]
    Png,
    #[asn1(other)]
    Other(i64),
}

/// `ProfileState ::= INTEGER {disabled(0), enabled(1)}` (SGP.22 5.7.15).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer)]
pub enum ProfileState {
    #[asn1(value = 0)]
    Disabled,
    #[asn1(value = 1)]
    Enabled,
    #[asn1(other)]
    Other(i64),
}

/// `ProfileClass ::= INTEGER {test(0), provisioning(1), operational(2)}` (SGP.22 2.4.4).
#[derive(Asn1, Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[asn1(integer)]
pub enum ProfileClass {
    #[asn1(value = 0)]
    Test,
    #[asn1(value = 1)]
    Provisioning,
    #[default]
    #[asn1(value = 2)]
    Operational,
    #[asn1(other)]
    Other(i64),
}

/// Data of the SM-DP+ that created a profile, stored with its ISD-P (SGP.22 5.5.2); at most
/// 128 octets with tag and length.
///
/// ```text
/// DpProprietaryData ::= SEQUENCE { dpOid OBJECT IDENTIFIER
///    -- additional data objects defined by the SM-DP+ MAY follow }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible)]
pub struct DpProprietaryData {
    pub dp_oid: Oid,
}
