//! ES2: the operator and the SGP.02 SM-DP (SGP.02 5.3). The operator orders a download and
//! manages its profiles through the SM-DP, naming the eUICC's SM-SR; the SM-DP forwards to
//! the operator what the SM-SR notified it of over ES3.
//!
//! The SM-DP serves [`Es2Request`]; the operator's callback endpoint receives [`Es2Callback`]
//! (the asynchronous responses and the notifications).

mod operations;

pub use operations::*;

use proto::ids::{Eid, Iccid};

use crate::bodies::{BaseResponse, EisResponse, EuiccResponse};
use crate::eis::{Pol2, SubscriptionAddress};
use crate::message::Hex;
use crate::notify::{ProfileNotification, SmsrChangeNotification};
use crate::status::{RequestHeader, ResponseHeader};

message! {
    /// `Eid`, `Smsr-id`: ES2.GetEIS.
    pub struct Es2EidRequest {
        /// The common request fields.
        header: RequestHeader,
        /// `Eid`.
        eid: Eid => "Eid",
        /// `Smsr-id`: the SM-SR managing the eUICC.
        smsr_id: String => "Smsr-id",
    }
}

message! {
    /// ES2.DownloadProfile (SGP.02 3.1): a profile of the operator's, by ICCID or by
    /// profile type, downloaded into a new ISD-P of the eUICC and optionally enabled.
    pub struct DownloadProfileRequest {
        /// The common request fields.
        header: RequestHeader,
        /// `Eid`.
        eid: Eid => "Eid",
        /// `Smsr-id`: the SM-SR managing the eUICC.
        smsr_id: String => "Smsr-id",
        /// `ProfileType`: any available profile of this type.
        profile_type: Option<String> => "ProfileType",
        /// `Iccid`: this profile.
        iccid: Option<Iccid> => "Iccid",
        /// `EnableProfile`: enable it once downloaded.
        enable_profile: Option<bool> => "EnableProfile",
    }
}

message! {
    /// The response to ES2.DownloadProfile.
    pub struct DownloadProfileResponse {
        /// The common response fields.
        header: ResponseHeader,
        /// `Iccid`: the profile downloaded.
        iccid: Option<Iccid> => "Iccid",
        /// `EuiccResponseData`: the eUICC's last answer, hex.
        euicc_response_data: Option<Hex> => "EuiccResponseData",
    }
}

message! {
    /// `Eid`, `Smsr-id`, `Iccid`: ES2.EnableProfile, DisableProfile, DeleteProfile.
    pub struct Es2ProfileRequest {
        /// The common request fields.
        header: RequestHeader,
        /// `Eid`.
        eid: Eid => "Eid",
        /// `Smsr-id`.
        smsr_id: String => "Smsr-id",
        /// `Iccid`: the profile.
        iccid: Iccid => "Iccid",
    }
}

message! {
    /// ES2.UpdatePolicyRules (SGP.02 3.11): the POL2 of a profile, set at the SM-SR.
    pub struct Es2UpdatePolicyRulesRequest {
        /// The common request fields.
        header: RequestHeader,
        /// `Eid`.
        eid: Eid => "Eid",
        /// `Iccid`.
        iccid: Iccid => "Iccid",
        /// `Smsr-id`.
        smsr_id: String => "Smsr-id",
        /// `pol2`: the new rules.
        pol2: Pol2 => "pol2",
    }
}

message! {
    /// ES2.UpdateSubscriptionAddress (SGP.02 3.13): the profile's MSISDN and IMSI, recorded
    /// in the EIS by the SM-SR.
    pub struct UpdateSubscriptionAddressRequest {
        /// The common request fields.
        header: RequestHeader,
        /// `Eid`.
        eid: Eid => "Eid",
        /// `Smsr-id`.
        smsr_id: String => "Smsr-id",
        /// `Iccid`.
        iccid: Iccid => "Iccid",
        /// `NewSubscriptionAddress`.
        subscription_address: SubscriptionAddress => "NewSubscriptionAddress",
    }
}

dispatch! {
    /// The ES2 requests an SGP.02 SM-DP serves.
    pub enum Es2Request {
        /// ES2.GetEIS.
        GetEis(Es2EidRequest) = Request GET_EIS,
        /// ES2.DownloadProfile.
        DownloadProfile(DownloadProfileRequest) = Request DOWNLOAD_PROFILE,
        /// ES2.UpdatePolicyRules.
        UpdatePolicyRules(Es2UpdatePolicyRulesRequest) = Request UPDATE_POLICY_RULES,
        /// ES2.UpdateSubscriptionAddress.
        UpdateSubscriptionAddress(UpdateSubscriptionAddressRequest) =
            Request UPDATE_SUBSCRIPTION_ADDRESS,
        /// ES2.EnableProfile.
        EnableProfile(Es2ProfileRequest) = Request ENABLE_PROFILE,
        /// ES2.DisableProfile.
        DisableProfile(Es2ProfileRequest) = Request DISABLE_PROFILE,
        /// ES2.DeleteProfile.
        DeleteProfile(Es2ProfileRequest) = Request DELETE_PROFILE,
    }
}

dispatch! {
    /// What an operator's ES2 callback endpoint receives from the SM-DP.
    pub enum Es2Callback {
        /// The response to ES2.GetEIS.
        GetEis(EisResponse) = Callback GET_EIS,
        /// The response to ES2.DownloadProfile.
        DownloadProfile(DownloadProfileResponse) = Callback DOWNLOAD_PROFILE,
        /// The response to ES2.UpdatePolicyRules.
        UpdatePolicyRules(BaseResponse) = Callback UPDATE_POLICY_RULES,
        /// The response to ES2.UpdateSubscriptionAddress.
        UpdateSubscriptionAddress(BaseResponse) = Callback UPDATE_SUBSCRIPTION_ADDRESS,
        /// The response to ES2.EnableProfile.
        EnableProfile(EuiccResponse) = Callback ENABLE_PROFILE,
        /// The response to ES2.DisableProfile.
        DisableProfile(EuiccResponse) = Callback DISABLE_PROFILE,
        /// The response to ES2.DeleteProfile.
        DeleteProfile(EuiccResponse) = Callback DELETE_PROFILE,
        /// ES2.HandleProfileEnabledNotification.
        ProfileEnabled(ProfileNotification) = Request HANDLE_PROFILE_ENABLED_NOTIFICATION,
        /// ES2.HandleProfileDisabledNotification.
        ProfileDisabled(ProfileNotification) = Request HANDLE_PROFILE_DISABLED_NOTIFICATION,
        /// ES2.HandleProfileDeletedNotification.
        ProfileDeleted(ProfileNotification) = Request HANDLE_PROFILE_DELETED_NOTIFICATION,
        /// ES2.HandleSMSRChangeNotification.
        SmsrChanged(SmsrChangeNotification) = Request HANDLE_SMSR_CHANGE_NOTIFICATION,
    }
}

dispatch! {
    /// The ES2 notifications an operator's endpoint receives from the SM-DP.
    pub enum Es2Notification {
        /// ES2.HandleProfileEnabledNotification.
        ProfileEnabled(ProfileNotification) = Request HANDLE_PROFILE_ENABLED_NOTIFICATION,
        /// ES2.HandleProfileDisabledNotification.
        ProfileDisabled(ProfileNotification) = Request HANDLE_PROFILE_DISABLED_NOTIFICATION,
        /// ES2.HandleProfileDeletedNotification.
        ProfileDeleted(ProfileNotification) = Request HANDLE_PROFILE_DELETED_NOTIFICATION,
        /// ES2.HandleSMSRChangeNotification.
        SmsrChanged(SmsrChangeNotification) = Request HANDLE_SMSR_CHANGE_NOTIFICATION,
    }
}
