//! ES4: the operator (or M2M SP) and the SM-SR (SGP.02 5.5).
//!
//! The SM-SR serves [`Es4Request`]; the operator's callback endpoint serves [`Es4Callback`]
//! (the asynchronous responses and the notifications).

mod operations;

pub use operations::*;

use proto::ids::Eid;

use crate::bodies::{
    AuditEisRequest, BaseResponse, EidRequest, EisResponse, EuiccResponse, ProfileRequest,
    UpdatePolicyRulesRequest,
};
use crate::notify::{ProfileNotification, SmsrChangeNotification};
use crate::status::RequestHeader;

message! {
    /// ES4.PrepareSMSRChange, sent to the new SM-SR (SGP.02 3.8): `Eid`, `CurrentSMSRid`.
    pub struct PrepareSmsrChangeRequest {
        /// The common request fields.
        header: RequestHeader,
        /// `Eid`.
        eid: Eid => "Eid",
        /// `CurrentSMSRid`: the SM-SR managing the eUICC now.
        current_smsr_id: String => "CurrentSMSRid",
    }
}

message! {
    /// ES4.SMSRChange, sent to the current SM-SR (SGP.02 3.8): `Eid`, `Target-Smsr-id`.
    pub struct SmsrChangeRequest {
        /// The common request fields.
        header: RequestHeader,
        /// `Eid`.
        eid: Eid => "Eid",
        /// `Target-Smsr-id`: the SM-SR to hand the eUICC over to.
        target_smsr_id: String => "Target-Smsr-id",
    }
}

dispatch! {
    /// The ES4 requests an SM-SR serves.
    pub enum Es4Request {
        /// ES4.GetEIS.
        GetEis(EidRequest) = Request GET_EIS,
        /// ES4.AuditEIS.
        AuditEis(AuditEisRequest) = Request AUDIT_EIS,
        /// ES4.EnableProfile.
        EnableProfile(ProfileRequest) = Request ENABLE_PROFILE,
        /// ES4.DisableProfile.
        DisableProfile(ProfileRequest) = Request DISABLE_PROFILE,
        /// ES4.DeleteProfile.
        DeleteProfile(ProfileRequest) = Request DELETE_PROFILE,
        /// ES4.UpdatePolicyRules.
        UpdatePolicyRules(UpdatePolicyRulesRequest) = Request UPDATE_POLICY_RULES,
        /// ES4.SetFallBackAttribute.
        SetFallBackAttribute(ProfileRequest) = Request SET_FALLBACK_ATTRIBUTE,
        /// ES4.PrepareSMSRChange.
        PrepareSmsrChange(PrepareSmsrChangeRequest) = Request PREPARE_SMSR_CHANGE,
        /// ES4.SMSRChange.
        SmsrChange(SmsrChangeRequest) = Request SMSR_CHANGE,
    }
}

dispatch! {
    /// What an operator's ES4 callback endpoint receives from the SM-SR: asynchronous
    /// responses and notifications.
    pub enum Es4Callback {
        /// The response to ES4.GetEIS.
        GetEis(EisResponse) = Callback GET_EIS,
        /// The response to ES4.AuditEIS.
        AuditEis(EisResponse) = Callback AUDIT_EIS,
        /// The response to ES4.EnableProfile.
        EnableProfile(EuiccResponse) = Callback ENABLE_PROFILE,
        /// The response to ES4.DisableProfile.
        DisableProfile(EuiccResponse) = Callback DISABLE_PROFILE,
        /// The response to ES4.DeleteProfile.
        DeleteProfile(EuiccResponse) = Callback DELETE_PROFILE,
        /// The response to ES4.UpdatePolicyRules.
        UpdatePolicyRules(BaseResponse) = Callback UPDATE_POLICY_RULES,
        /// The response to ES4.SetFallBackAttribute.
        SetFallBackAttribute(EuiccResponse) = Callback SET_FALLBACK_ATTRIBUTE,
        /// The response to ES4.PrepareSMSRChange.
        PrepareSmsrChange(BaseResponse) = Callback PREPARE_SMSR_CHANGE,
        /// The response to ES4.SMSRChange.
        SmsrChange(BaseResponse) = Callback SMSR_CHANGE,
        /// ES4.HandleProfileEnabledNotification.
        ProfileEnabled(ProfileNotification) = Request HANDLE_PROFILE_ENABLED_NOTIFICATION,
        /// ES4.HandleProfileDisabledNotification.
        ProfileDisabled(ProfileNotification) = Request HANDLE_PROFILE_DISABLED_NOTIFICATION,
        /// ES4.HandleProfileDeletedNotification.
        ProfileDeleted(ProfileNotification) = Request HANDLE_PROFILE_DELETED_NOTIFICATION,
        /// ES4.HandleSMSRChangeNotification.
        SmsrChanged(SmsrChangeNotification) = Request HANDLE_SMSR_CHANGE_NOTIFICATION,
    }
}
