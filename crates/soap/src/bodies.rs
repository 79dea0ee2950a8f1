//! Message bodies shared by several functions and interfaces: ES3 and ES4 carry the same
//! parts for the same profile operations (SGP.02 5.4, 5.5), so one type serves each shape
//! and the dispatch enums' variants name the function.

use proto::ids::{Eid, Iccid};

use crate::eis::{Eis, Pol2};
use crate::message::Hex;
use crate::status::{RequestHeader, ResponseHeader};

message! {
    /// `Eid`: GetEIS (ES3, ES4).
    pub struct EidRequest {
        /// The common request fields.
        header: RequestHeader,
        /// `Eid`.
        eid: Eid => "Eid",
    }
}

message! {
    /// `Eid`, `Iccid`: Enable/Disable/DeleteProfile (ES4), EnableProfile, DisableProfile,
    /// DeleteISDP (ES3), SetFallBackAttribute (ES4).
    pub struct ProfileRequest {
        /// The common request fields.
        header: RequestHeader,
        /// `Eid`.
        eid: Eid => "Eid",
        /// `Iccid`: the profile.
        iccid: Iccid => "Iccid",
    }
}

message! {
    /// `Eid`, `Iccid`*: AuditEIS (ES3, ES4); no ICCID audits every profile.
    pub struct AuditEisRequest {
        /// The common request fields.
        header: RequestHeader,
        /// `Eid`.
        eid: Eid => "Eid",
        /// `Iccid`: the profiles to audit.
        iccids: Vec<Iccid> => "Iccid",
    }
}

message! {
    /// `Eid`, `Iccid`, `pol2`: UpdatePolicyRules (ES3, ES4).
    pub struct UpdatePolicyRulesRequest {
        /// The common request fields.
        header: RequestHeader,
        /// `Eid`.
        eid: Eid => "Eid",
        /// `Iccid`.
        iccid: Iccid => "Iccid",
        /// `pol2`: the new rules.
        pol2: Pol2 => "pol2",
    }
}

message! {
    /// A response with no output data.
    pub struct BaseResponse {
        /// The common response fields.
        header: ResponseHeader,
    }
}

message! {
    /// A response carrying the EIS: GetEIS, AuditEIS (ES3, ES4).
    pub struct EisResponse {
        /// The common response fields.
        header: ResponseHeader,
        /// `Eis`, present when executed.
        eis: Option<Eis> => "Eis",
    }
}

message! {
    /// A response carrying the eUICC's answer to the ES5 command: Enable/Disable/Delete
    /// (ES3, ES4), SendData, UpdateConnectivityParameters (ES3).
    pub struct EuiccResponse {
        /// The common response fields.
        header: ResponseHeader,
        /// `EuiccResponseData`: the eUICC's response, hex.
        euicc_response_data: Option<Hex> => "EuiccResponseData",
    }
}

impl BaseResponse {
    /// A response with `header` only.
    pub fn new(header: ResponseHeader) -> BaseResponse {
        BaseResponse { header }
    }
}
