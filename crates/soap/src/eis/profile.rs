//! The EIS's profile entries ("ProfileInfo") and POL2, the SM-SR's policy rules (SGP.02 3.11
//! POL2 Update).

use proto::ids::Iccid;

use crate::message::Hex;

string_enum! {
    /// `State` of a profile's ISD-P in the EIS.
    pub enum ProfileState {
        /// The download has started.
        InstallInProgress = "InstallInProgress",
        /// The ISD-P exists, the profile is not yet usable.
        Created = "Created",
        /// Enabled.
        Enabled = "Enabled",
        /// Disabled.
        Disabled = "Disabled",
        /// Deleted.
        Deleted = "Deleted",
    }
}

string_enum! {
    /// `Subject` of a POL2 rule.
    pub enum Pol2Subject {
        /// The profile.
        Profile = "PROFILE",
    }
}

string_enum! {
    /// `Action` of a POL2 rule: the operation the rule governs.
    pub enum Pol2Action {
        /// Enable.
        Enable = "ENABLE",
        /// Disable.
        Disable = "DISABLE",
        /// Delete.
        Delete = "DELETE",
    }
}

string_enum! {
    /// `Qualification` of a POL2 rule.
    pub enum Pol2Qualification {
        /// The operation is refused.
        NotAllowed = "Not-Allowed",
        /// The profile is deleted after the operation (on disable).
        AutoDelete = "Auto-Delete",
    }
}

record! {
    /// One POL2 rule.
    pub struct Pol2Rule {
        /// `Subject`.
        subject: Pol2Subject => "Subject",
        /// `Action`.
        action: Pol2Action => "Action",
        /// `Qualification`.
        qualification: Pol2Qualification => "Qualification",
    }
}

record! {
    /// `pol2`: the SM-SR-side policy rules of a profile.
    pub struct Pol2 {
        /// `rules`.
        rules: Vec<Pol2Rule> => "rules",
    }
}

impl Pol2 {
    /// The qualification POL2 puts on `action`, if a rule governs it.
    pub fn qualification(&self, action: Pol2Action) -> Option<Pol2Qualification> {
        self.rules
            .iter()
            .find(|r| r.action == action)
            .map(|r| r.qualification)
    }
}

record! {
    /// `SubscriptionAddress`: how the profile is reached.
    pub struct SubscriptionAddress {
        /// `Imsi`.
        imsi: Option<String> => "Imsi",
        /// `Msisdn`.
        msisdn: Option<String> => "Msisdn",
    }
}

record! {
    /// A `profiles` entry: one ISD-P and its profile.
    pub struct ProfileInfo {
        /// `Iccid`.
        iccid: Iccid => "Iccid",
        /// `Isd-p-aid`.
        isd_p_aid: Hex => "Isd-p-aid",
        /// `Mno-id`: the operator owning the profile.
        mno_id: Option<String> => "Mno-id",
        /// `FallbackAttribute`: this is the fall-back profile (SGP.02 3.16).
        fallback_attribute: bool => "FallbackAttribute",
        /// `SubscriptionAddress`.
        subscription_address: Option<SubscriptionAddress> => "SubscriptionAddress",
        /// `State`.
        state: ProfileState => "State",
        /// `Smdp-id`: the SM-DP that downloaded the profile.
        smdp_id: Option<String> => "Smdp-id",
        /// `ProfileType`.
        profile_type: Option<String> => "ProfileType",
        /// `AllocatedMemory`, in bytes.
        allocated_memory: Option<u64> => "AllocatedMemory",
        /// `FreeMemory`, in bytes.
        free_memory: Option<u64> => "FreeMemory",
        /// `pol2`.
        pol2: Option<Pol2> => "pol2",
    }
}
