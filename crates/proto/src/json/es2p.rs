//! ES2+ JSON bodies (SGP.22 5.3, 6.5.2.1–6.5.2.5; Operator ↔ SM-DP+,
//! `/gsma/rsp2/es2plus/<function>`, mutually authenticated TLS).
//!
//! Member names as pySim `es2p.py` spells them; the request header is mandatory here.
//! Unknown members are ignored.
//!
//! ```text
//! downloadOrder    {header, eid?, iccid?, profileType?}             -> {header, iccid}
//! confirmOrder     {header, iccid, eid?, matchingId?, confirmationCode?, smdsAddress?,
//!                   releaseFlag}                 -> {header, eid?, matchingId, smdpAddress?}
//! cancelOrder      {header, iccid, eid?, matchingId?, finalProfileStatusIndicator} -> {header}
//! releaseProfile   {header, iccid}                                  -> {header}
//! handleDownloadProgressInfo (SM-DP+ -> Operator)
//!                  {header, eid?, iccid, profileType, timestamp, notificationPointId,
//!                   notificationPointStatus, resultData?}           -> 204, no body
//! ```
//!
//! `matchingId` and `confirmationCode` are kept as text: the SM-DP+ answers a malformed one
//! with its own status code (8.2.6 / 2.1), which a parse failure would hide. Check them with
//! [`crate::ids::MatchingId::parse`].

use serde::{Deserialize, Serialize};

use super::header::{FunctionExecutionStatus, RequestHeader, ResponseHeader};
use super::http::ES2PLUS_PATH_PREFIX;
use crate::ids::{Eid, Iccid, SmdpAddress};

/// The ES2+ functions of the JSON binding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Es2Function {
    DownloadOrder,
    ConfirmOrder,
    CancelOrder,
    ReleaseProfile,
    HandleDownloadProgressInfo,
}

impl Es2Function {
    /// Every function.
    pub const ALL: [Es2Function; 5] = [
        Es2Function::DownloadOrder,
        Es2Function::ConfirmOrder,
        Es2Function::CancelOrder,
        Es2Function::ReleaseProfile,
        Es2Function::HandleDownloadProgressInfo,
    ];

    /// The function name as it appears in the path.
    pub fn name(self) -> &'static str {
        match self {
            Es2Function::DownloadOrder => "downloadOrder",
            Es2Function::ConfirmOrder => "confirmOrder",
            Es2Function::CancelOrder => "cancelOrder",
            Es2Function::ReleaseProfile => "releaseProfile",
            Es2Function::HandleDownloadProgressInfo => "handleDownloadProgressInfo",
        }
    }

    /// `/gsma/rsp2/es2plus/<name>`.
    pub fn path(self) -> String {
        format!("{ES2PLUS_PATH_PREFIX}{}", self.name())
    }

    /// The function served at `path`, if any.
    pub fn from_path(path: &str) -> Option<Es2Function> {
        let name = path.strip_prefix(ES2PLUS_PATH_PREFIX)?;
        Es2Function::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// ES2+.DownloadOrder request body (SGP.22 5.3.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DownloadOrderRequest {
    pub header: RequestHeader,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eid: Option<Eid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iccid: Option<Iccid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_type: Option<String>,
}

/// ES2+.DownloadOrder response body (SGP.22 5.3.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DownloadOrderResponse {
    pub header: ResponseHeader,
    pub iccid: Iccid,
}

/// ES2+.ConfirmOrder request body (SGP.22 5.3.2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfirmOrderRequest {
    pub header: RequestHeader,
    pub iccid: Iccid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eid: Option<Eid>,
    /// Absent: the SM-DP+ generates one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matching_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmation_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smds_address: Option<SmdpAddress>,
    pub release_flag: bool,
}

/// ES2+.ConfirmOrder response body (SGP.22 5.3.2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfirmOrderResponse {
    pub header: ResponseHeader,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eid: Option<Eid>,
    pub matching_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smdp_address: Option<SmdpAddress>,
}

/// What becomes of the Profile of a cancelled order (SGP.22 5.3.3
/// `finalProfileStatusIndicator`). **Unverified:** the two values as implementations use them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FinalProfileStatusIndicator {
    Available,
    Unavailable,
}

/// ES2+.CancelOrder request body (SGP.22 5.3.3). The answer is a header only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CancelOrderRequest {
    pub header: RequestHeader,
    pub iccid: Iccid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eid: Option<Eid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matching_id: Option<String>,
    pub final_profile_status_indicator: FinalProfileStatusIndicator,
}

/// ES2+.ReleaseProfile request body (SGP.22 5.3.4). The answer is a header only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReleaseProfileRequest {
    pub header: RequestHeader,
    pub iccid: Iccid,
}

/// ES2+.HandleDownloadProgressInfo request body (SGP.22 5.3.5), sent by the SM-DP+ to the
/// Operator; the answer is HTTP 204 with an empty body.
///
/// `notificationPointStatus` is a function execution status (status and optional status
/// code data) as in the response header; pySim leaves its type open. `timestamp` is the W3C
/// form `YYYY-MM-DDThh:mm:ssTZD`, kept as text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HandleDownloadProgressInfoRequest {
    pub header: RequestHeader,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eid: Option<Eid>,
    pub iccid: Iccid,
    pub profile_type: String,
    pub timestamp: String,
    pub notification_point_id: i64,
    pub notification_point_status: FunctionExecutionStatus,
    /// Base64 in JSON: e.g. the `ProfileInstallationResult` DER for the final notification.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "super::base64::option"
    )]
    pub result_data: Option<Vec<u8>>,
}
