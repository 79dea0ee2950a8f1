//! ES3: the SM-DP and the SM-SR (SGP.02 5.4).
//!
//! The SM-SR serves [`Es3Request`]; the SM-DP's callback endpoint serves [`Es3Callback`]
//! (the asynchronous responses and the notifications the SM-SR relays to it).

mod operations;

pub use operations::*;

use proto::ids::{Eid, Iccid};

use crate::bodies::{
    AuditEisRequest, BaseResponse, EidRequest, EisResponse, EuiccResponse, ProfileRequest,
    UpdatePolicyRulesRequest,
};
use crate::eis::{Pol2, SubscriptionAddress};
use crate::message::Hex;
use crate::notify::{ProfileNotification, SmsrChangeNotification};
use crate::status::{RequestHeader, ResponseHeader};

message! {
    /// ES3.CreateISDP (SGP.02 3.1.1): create the ISD-P for a profile download.
    pub struct CreateIsdpRequest {
        /// The common request fields.
        header: RequestHeader,
        /// `Eid`.
        eid: Eid => "Eid",
        /// `Iccid`: the profile to be downloaded.
        iccid: Iccid => "Iccid",
        /// `Mno-id`: the operator owning the profile.
        mno_id: String => "Mno-id",
        /// `RequiredMemory`, in bytes.
        required_memory: u64 => "RequiredMemory",
        /// `moreToDo`: more ES3 calls follow, keep the ES5 session open.
        more_to_do: Option<bool> => "moreToDo",
    }
}

message! {
    /// The response to ES3.CreateISDP.
    pub struct CreateIsdpResponse {
        /// The common response fields.
        header: ResponseHeader,
        /// `Isd-p-aid`: the AID of the new ISD-P.
        isd_p_aid: Option<Hex> => "Isd-p-aid",
        /// `EuiccResponseData`: the eUICC's response, hex.
        euicc_response_data: Option<Hex> => "EuiccResponseData",
    }
}

message! {
    /// ES3.SendData (SGP.02 3.1.2): relay data to a security domain (the ES8 key
    /// establishment and profile segments).
    pub struct SendDataRequest {
        /// The common request fields.
        header: RequestHeader,
        /// `Eid`.
        eid: Eid => "Eid",
        /// `sd-aid`: the target security domain (ISD-R or an ISD-P).
        sd_aid: Hex => "sd-aid",
        /// `Data`: the command data (C-APDUs or SCP03t TLVs), opaque to the SM-SR.
        data: Hex => "Data",
        /// `moreToDo`: more data follows in this session.
        more_to_do: Option<bool> => "moreToDo",
    }
}

message! {
    /// ES3.ProfileDownloadCompleted (SGP.02 3.1.3): the SM-DP reports the download done.
    pub struct ProfileDownloadCompletedRequest {
        /// The common request fields.
        header: RequestHeader,
        /// `Eid`.
        eid: Eid => "Eid",
        /// `Iccid`.
        iccid: Iccid => "Iccid",
        /// `ProfileType`.
        profile_type: Option<String> => "ProfileType",
        /// `SubscriptionAddress`.
        subscription_address: Option<SubscriptionAddress> => "SubscriptionAddress",
        /// `pol2`: the profile's POL2.
        pol2: Option<Pol2> => "pol2",
    }
}

message! {
    /// ES3.UpdateConnectivityParameters: parameters already protected by the SM-DP.
    pub struct UpdateConnectivityParametersRequest {
        /// The common request fields.
        header: RequestHeader,
        /// `Eid`.
        eid: Eid => "Eid",
        /// `Iccid`.
        iccid: Iccid => "Iccid",
        /// `ConnectivityParameters`: SCP03-protected data for the ISD-P, hex.
        connectivity_parameters: Hex => "ConnectivityParameters",
    }
}

dispatch! {
    /// The ES3 requests an SM-SR serves.
    pub enum Es3Request {
        /// ES3.GetEIS.
        GetEis(EidRequest) = Request GET_EIS,
        /// ES3.AuditEIS.
        AuditEis(AuditEisRequest) = Request AUDIT_EIS,
        /// ES3.CreateISDP.
        CreateIsdp(CreateIsdpRequest) = Request CREATE_ISDP,
        /// ES3.SendData.
        SendData(SendDataRequest) = Request SEND_DATA,
        /// ES3.ProfileDownloadCompleted.
        ProfileDownloadCompleted(ProfileDownloadCompletedRequest) =
            Request PROFILE_DOWNLOAD_COMPLETED,
        /// ES3.UpdatePolicyRules.
        UpdatePolicyRules(UpdatePolicyRulesRequest) = Request UPDATE_POLICY_RULES,
        /// ES3.UpdateConnectivityParameters.
        UpdateConnectivityParameters(UpdateConnectivityParametersRequest) =
            Request UPDATE_CONNECTIVITY_PARAMETERS,
        /// ES3.EnableProfile.
        EnableProfile(ProfileRequest) = Request ENABLE_PROFILE,
        /// ES3.DisableProfile.
        DisableProfile(ProfileRequest) = Request DISABLE_PROFILE,
        /// ES3.DeleteISDP.
        DeleteIsdp(ProfileRequest) = Request DELETE_ISDP,
    }
}

dispatch! {
    /// What an SM-DP's ES3 callback endpoint receives from the SM-SR.
    pub enum Es3Callback {
        /// The response to ES3.GetEIS.
        GetEis(EisResponse) = Callback GET_EIS,
        /// The response to ES3.AuditEIS.
        AuditEis(EisResponse) = Callback AUDIT_EIS,
        /// The response to ES3.CreateISDP.
        CreateIsdp(CreateIsdpResponse) = Callback CREATE_ISDP,
        /// The response to ES3.SendData.
        SendData(EuiccResponse) = Callback SEND_DATA,
        /// The response to ES3.ProfileDownloadCompleted.
        ProfileDownloadCompleted(BaseResponse) = Callback PROFILE_DOWNLOAD_COMPLETED,
        /// The response to ES3.UpdatePolicyRules.
        UpdatePolicyRules(BaseResponse) = Callback UPDATE_POLICY_RULES,
        /// The response to ES3.UpdateConnectivityParameters.
        UpdateConnectivityParameters(EuiccResponse) = Callback UPDATE_CONNECTIVITY_PARAMETERS,
        /// The response to ES3.EnableProfile.
        EnableProfile(EuiccResponse) = Callback ENABLE_PROFILE,
        /// The response to ES3.DisableProfile.
        DisableProfile(EuiccResponse) = Callback DISABLE_PROFILE,
        /// The response to ES3.DeleteISDP.
        DeleteIsdp(EuiccResponse) = Callback DELETE_ISDP,
        /// ES3.HandleProfileEnabledNotification.
        ProfileEnabled(ProfileNotification) = Request HANDLE_PROFILE_ENABLED_NOTIFICATION,
        /// ES3.HandleProfileDisabledNotification.
        ProfileDisabled(ProfileNotification) = Request HANDLE_PROFILE_DISABLED_NOTIFICATION,
        /// ES3.HandleProfileDeletedNotification.
        ProfileDeleted(ProfileNotification) = Request HANDLE_PROFILE_DELETED_NOTIFICATION,
        /// ES3.HandleSMSRChangeNotification.
        SmsrChanged(SmsrChangeNotification) = Request HANDLE_SMSR_CHANGE_NOTIFICATION,
    }
}
