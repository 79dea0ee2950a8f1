//! The subject/reason pairs of SGP.02 5.1.6 this binding and its roles answer with.
//!
//! SGP.02 5.1.6.1 (subject codes) and 5.1.6.2 (reason codes) define one code system with
//! SGP.22 5.2.6; the GSMA tables were not at hand, so each pair says where it is confirmed:
//! *njiwa* = raised by the njiwa SM-SR/SM-DP for that condition; *SGP.22* = the same pair in
//! the SGP.22 catalogue `proto` holds (the shared subjects 1.x, 8.1.x, 8.2.1, 8.2.5).
//! **Unconfirmed** marks a pair built from the two catalogues by name only.

use proto::json::StatusCode;

// --- Subjects of the SGP.02 entities ---

/// 8.1 / 1.2: the requester may not act on this eUICC (njiwa, ES4 access checks).
pub const EUICC_NOT_ALLOWED: StatusCode = StatusCode::new("8.1", "1.2");
/// 8.1.1 / 1.2: the EID is not the requester's to manage. **Unconfirmed** (SGP.22 pair).
pub const EID_NOT_ALLOWED: StatusCode = StatusCode::new("8.1.1", "1.2");
/// 8.1.1 / 2.1: the EID is malformed (SGP.22).
pub const EID_INVALID: StatusCode = StatusCode::new("8.1.1", "2.1");
/// 8.1.1 / 2.2: the EID is missing (SGP.22).
pub const EID_MISSING: StatusCode = StatusCode::new("8.1.1", "2.2");
/// 8.1.1 / 3.3: an EIS with this EID is already registered (ES1.RegisterEIS).
/// **Unconfirmed.**
pub const EID_ALREADY_IN_USE: StatusCode = StatusCode::new("8.1.1", "3.3");
/// 8.1.1 / 3.9: no EIS with this EID (njiwa, SGP.22).
pub const EID_UNKNOWN: StatusCode = StatusCode::new("8.1.1", "3.9");
/// 8.2.1 / 1.2: the requester may not act on this Profile (njiwa "ISD-P exists" and
/// ownership checks, SGP.22).
pub const PROFILE_ICCID_NOT_ALLOWED: StatusCode = StatusCode::new("8.2.1", "1.2");
/// 8.2.1 / 2.2: the ICCID is missing (SGP.22).
pub const PROFILE_ICCID_MISSING: StatusCode = StatusCode::new("8.2.1", "2.2");
/// 8.2.1 / 3.3: a Profile with this ICCID is already on the eUICC (ES3.CreateISDP).
/// **Unconfirmed** (SGP.22 pair "already in use").
pub const PROFILE_ICCID_ALREADY_IN_USE: StatusCode = StatusCode::new("8.2.1", "3.3");
/// 8.2.1 / 3.5: the Profile is not in a state that allows the transition (enable an
/// enabled Profile, delete the enabled Profile). **Unconfirmed** (SGP.22 pair).
pub const PROFILE_ICCID_INVALID_TRANSITION: StatusCode = StatusCode::new("8.2.1", "3.5");
/// 8.2.1 / 3.8: POL1 or POL2 refuses the operation on this Profile. **Unconfirmed.**
pub const PROFILE_ICCID_REFUSED: StatusCode = StatusCode::new("8.2.1", "3.8");
/// 8.2.1 / 3.9: no Profile with this ICCID on the eUICC (njiwa, SGP.22).
pub const PROFILE_ICCID_UNKNOWN: StatusCode = StatusCode::new("8.2.1", "3.9");
/// 8.2.3 / 2.1: the POL2 rules are invalid (njiwa UpdatePolicyRules).
pub const POL2_INVALID: StatusCode = StatusCode::new("8.2.3", "2.1");
/// 8.2.3 / 3.8: POL2 forbids the operation (njiwa Enable/Disable/Delete).
pub const POL2_REFUSED: StatusCode = StatusCode::new("8.2.3", "3.8");
/// 8.2.5 / 2.1: the Profile Type is invalid (njiwa, SGP.22 subject).
pub const PROFILE_TYPE_INVALID: StatusCode = StatusCode::new("8.2.5", "2.1");
/// 8.2.5 / 3.9: the Profile Type is unknown (njiwa, SGP.22).
pub const PROFILE_TYPE_UNKNOWN: StatusCode = StatusCode::new("8.2.5", "3.9");
/// 8.3.1 / 3.9: no security domain (ISD-P or ISD-R) with this AID, e.g. the `sd-aid` of
/// ES3.SendData (njiwa).
pub const SECURITY_DOMAIN_AID_UNKNOWN: StatusCode = StatusCode::new("8.3.1", "3.9");
/// 8.4 / 4.2: the eUICC answered the ES5 command with an error (njiwa, every ES5-relayed
/// function).
pub const EUICC_EXECUTION_ERROR: StatusCode = StatusCode::new("8.4", "4.2");
/// 8.7 / 3.9: the SM-SR named is not known (njiwa, SM-SR identifiers in ES2/ES4).
pub const SMSR_UNKNOWN: StatusCode = StatusCode::new("8.7", "3.9");
/// 8.7 / 1.1: the peer SM-SR is not authenticated (njiwa, ES7 handover).
pub const SMSR_NOT_AUTHENTICATED: StatusCode = StatusCode::new("8.7", "1.1");
/// 8.7 / 3.3: the eUICC is already managed by this SM-SR (a repeated HandoverEUICC after
/// the commit point, SGP.02 3.8). **Unconfirmed.**
pub const SMSR_ALREADY_IN_USE: StatusCode = StatusCode::new("8.7", "3.3");

// --- Generic subjects ---

/// 1.1 / 1.1: the function requester is not identified (`wsa:From` unknown). **Unconfirmed**
/// (SGP.22 catalogue names).
pub const FUNCTION_REQUESTER_UNKNOWN: StatusCode = StatusCode::new("1.1", "1.1");
/// 1.1 / 1.2: the requester may not call this function. **Unconfirmed.**
pub const FUNCTION_REQUESTER_NOT_ALLOWED: StatusCode = StatusCode::new("1.1", "1.2");
/// 1.2 / 4.2: the function provider failed for an internal reason. **Unconfirmed**
/// (njiwa raises 1.2 with 4.4 for a busy eUICC).
pub const FUNCTION_PROVIDER_EXECUTION_ERROR: StatusCode = StatusCode::new("1.2", "4.2");
/// 1.3.1 / 2.1: a part of the request is invalid and no entity subject applies (SGP.22).
pub const PROTOCOL_FORMAT_INVALID: StatusCode = StatusCode::new("1.3.1", "2.1");
/// 1.3.1 / 2.2: a mandatory part is missing and no entity subject applies (SGP.22).
pub const PROTOCOL_FORMAT_MANDATORY_ELEMENT_MISSING: StatusCode = StatusCode::new("1.3.1", "2.2");
/// 1.6 / 4.10: the request's validity period ran out before it was executed (status
/// `Expired`; reason "Time to Live Expired"). **Unconfirmed** (njiwa writes 1.6 with 5.3).
pub const FUNCTION_EXPIRED: StatusCode = StatusCode::new("1.6", "4.10");

/// The subject code of a message part, for a missing or invalid part: the entity the part
/// identifies, or 1.3.1 "Protocol Format".
pub fn subject_of_element(element: &str) -> &'static str {
    match element {
        "Eid" => "8.1.1",
        "Iccid" => "8.2.1",
        "pol2" => "8.2.3",
        "ProfileType" => "8.2.5",
        "sd-aid" | "Isd-p-aid" => "8.3.1",
        "Smsr-id" | "Target-Smsr-id" | "CurrentSMSRid" => "8.7",
        _ => "1.3.1",
    }
}
