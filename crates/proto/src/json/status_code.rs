//! Subject and reason codes of `statusCodeData` (SGP.22 5.2.6.1 subject codes, 5.2.6.2 reason
//! codes), and the pairs the functions of SGP.22 5.3 (ES2+) and 5.6 (ES9+) return.
//!
//! Where each pair comes from, since the GSMA tables themselves are not public text we could
//! read: *osmo-smdpp* = raised by pySim's SM-DP+ for that condition; *pySim ES2+* = raised by
//! pySim's ES2+ helpers; *annotated* = raised, with the SGP.22 table cited, by a public
//! extension of osmo-smdpp; *LPA table* = listed with its meaning in a public LPA's table of
//! SGP.22 status codes. **Unverified** marks a pair built from the subject and reason
//! catalogues by name only.

use std::fmt;

/// A subject code and reason code pair, e.g. `8.2.6` / `3.8` "Matching ID - Refused".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StatusCode {
    pub subject: &'static str,
    pub reason: &'static str,
}

impl StatusCode {
    /// A pair.
    pub const fn new(subject: &'static str, reason: &'static str) -> StatusCode {
        StatusCode { subject, reason }
    }

    // --- ES9+ InitiateAuthentication (SGP.22 5.6.1) ---

    /// 8.8.1 / 3.8: the smdpAddress is not this SM-DP+'s (osmo-smdpp).
    pub const SMDP_ADDRESS_REFUSED: StatusCode = StatusCode::new("8.8.1", "3.8");
    /// 8.8.2 / 3.1: none of the eUICC's CI PKIDs for signing is supported (osmo-smdpp).
    pub const SECURITY_CONFIGURATION_UNSUPPORTED: StatusCode = StatusCode::new("8.8.2", "3.1");
    /// 8.8.3 / 3.1: the eUICC's SVN is not supported (annotated).
    pub const SVN_UNSUPPORTED: StatusCode = StatusCode::new("8.8.3", "3.1");
    /// 8.8.4 / 3.7: no CERT.DPauth chains to a CI the eUICC can verify (annotated).
    pub const SMDP_CERTIFICATE_UNAVAILABLE: StatusCode = StatusCode::new("8.8.4", "3.7");

    // --- ES9+ AuthenticateClient (SGP.22 5.6.3) ---

    /// 8.1.2 / 6.1: the EUM certificate is invalid (annotated).
    pub const EUM_CERTIFICATE_VERIFICATION_FAILED: StatusCode = StatusCode::new("8.1.2", "6.1");
    /// 8.1.2 / 6.3: the EUM certificate has expired (annotated).
    pub const EUM_CERTIFICATE_EXPIRED: StatusCode = StatusCode::new("8.1.2", "6.3");
    /// 8.1.3 / 6.1: the eUICC certificate is invalid (osmo-smdpp).
    pub const EUICC_CERTIFICATE_VERIFICATION_FAILED: StatusCode = StatusCode::new("8.1.3", "6.1");
    /// 8.1.3 / 6.3: the eUICC certificate has expired (annotated).
    pub const EUICC_CERTIFICATE_EXPIRED: StatusCode = StatusCode::new("8.1.3", "6.3");
    /// 8.1 / 6.1: an eUICC signature or the echoed serverChallenge is wrong (osmo-smdpp).
    pub const EUICC_VERIFICATION_FAILED: StatusCode = StatusCode::new("8.1", "6.1");
    /// 8.2.6 / 3.8: the Matching ID (AC_Token or EventID) is refused (osmo-smdpp).
    pub const MATCHING_ID_REFUSED: StatusCode = StatusCode::new("8.2.6", "3.8");
    /// 8.1.1 / 3.8: the EID does not match the one the order is bound to (annotated).
    pub const EID_REFUSED: StatusCode = StatusCode::new("8.1.1", "3.8");
    /// 8.2.5 / 4.3: no eligible Profile for this eUICC/Device (annotated).
    pub const PROFILE_TYPE_STOPPED_ON_WARNING: StatusCode = StatusCode::new("8.2.5", "4.3");
    /// 8.11.1 / 3.9: the CI of the EUM certificate is not trusted here (osmo-smdpp).
    pub const CI_PUBLIC_KEY_UNKNOWN: StatusCode = StatusCode::new("8.11.1", "3.9");
    /// 8.10.1 / 3.9: no RSP session with this TransactionID (osmo-smdpp).
    pub const TRANSACTION_ID_UNKNOWN: StatusCode = StatusCode::new("8.10.1", "3.9");
    /// 8.2 / 1.2: the Profile has not been released (annotated).
    pub const PROFILE_NOT_ALLOWED: StatusCode = StatusCode::new("8.2", "1.2");
    /// 8.8.5 / 4.10: the download order has expired (annotated).
    pub const DOWNLOAD_ORDER_EXPIRED: StatusCode = StatusCode::new("8.8.5", "4.10");
    /// 8.8.5 / 6.4: too many download attempts for the order (annotated, LPA table).
    pub const DOWNLOAD_ORDER_RETRIES_EXCEEDED: StatusCode = StatusCode::new("8.8.5", "6.4");
    /// 8.1 / 4.8: the eUICC lacks memory for the Profile (SGP.22 v2.5 `insufficientMemory`).
    /// **Unverified.**
    pub const EUICC_INSUFFICIENT_MEMORY: StatusCode = StatusCode::new("8.1", "4.8");

    // --- ES9+ GetBoundProfilePackage (SGP.22 5.6.2) ---

    /// 8.2.7 / 2.2: the Confirmation Code (hashCc) is missing (annotated).
    pub const CONFIRMATION_CODE_MISSING: StatusCode = StatusCode::new("8.2.7", "2.2");
    /// 8.2.7 / 3.8: the Confirmation Code is wrong (annotated).
    pub const CONFIRMATION_CODE_REFUSED: StatusCode = StatusCode::new("8.2.7", "3.8");
    /// 8.2.7 / 6.4: too many wrong Confirmation Codes (LPA table).
    pub const CONFIRMATION_CODE_RETRIES_EXCEEDED: StatusCode = StatusCode::new("8.2.7", "6.4");
    /// 8.2 / 3.7: "Profile - Unavailable", the BPP is not available for a new binding
    /// (`bppRebindingRefused`; SGP.22 5.6.2's table, the pair osmocom's SGP.23 suite also
    /// expects for a refused new otPK.EUICC.ECKA).
    pub const BPP_REBINDING_REFUSED: StatusCode = StatusCode::new("8.2", "3.7");

    // --- ES9+ CancelSession (SGP.22 5.6.5) ---

    /// 8.8 / 3.10: the smdpOid signed by the eUICC is not this SM-DP+'s (osmo-smdpp).
    pub const SMDP_INVALID_ASSOCIATION: StatusCode = StatusCode::new("8.8", "3.10");

    // --- ES2+ (SGP.22 5.3) ---

    /// 8.1.1 / 2.2: the EID is missing for this order (pySim ES2+, LPA table).
    pub const EID_MISSING: StatusCode = StatusCode::new("8.1.1", "2.2");
    /// 8.1.1 / 3.9: the eUICC is unknown to the SM-DP+ (LPA table).
    pub const EID_UNKNOWN: StatusCode = StatusCode::new("8.1.1", "3.9");
    /// 8.1.1 / 3.10: a different EID is already associated with this ICCID (LPA table).
    pub const EID_INVALID_ASSOCIATION: StatusCode = StatusCode::new("8.1.1", "3.10");
    /// 8.1.1 / 2.1: the EID is malformed. **Unverified.**
    pub const EID_INVALID: StatusCode = StatusCode::new("8.1.1", "2.1");
    /// 8.1.1 / 1.2: the caller may not use this EID. **Unverified.**
    pub const EID_NOT_ALLOWED: StatusCode = StatusCode::new("8.1.1", "1.2");
    /// 8.2.1 / 1.2: the caller may not act on this Profile (pySim ES2+, LPA table).
    pub const PROFILE_ICCID_NOT_ALLOWED: StatusCode = StatusCode::new("8.2.1", "1.2");
    /// 8.2.1 / 2.2: ICCID or finalProfileStatusIndicator missing (LPA table).
    pub const PROFILE_ICCID_MISSING: StatusCode = StatusCode::new("8.2.1", "2.2");
    /// 8.2.1 / 3.3: the Profile is not available (already downloaded) (LPA table).
    pub const PROFILE_ICCID_ALREADY_IN_USE: StatusCode = StatusCode::new("8.2.1", "3.3");
    /// 8.2.1 / 3.5: the Profile cannot be released (LPA table).
    pub const PROFILE_ICCID_INVALID_TRANSITION: StatusCode = StatusCode::new("8.2.1", "3.5");
    /// 8.2.1 / 3.7: the Profile identified by the ICCID is not available (already ordered or
    /// downloaded) (the rsp-lab SM-DP+ issue, quoting SGP.22 5.3.1). **Unverified.**
    pub const PROFILE_ICCID_UNAVAILABLE: StatusCode = StatusCode::new("8.2.1", "3.7");
    /// 8.2.1 / 3.9: the Profile is unknown to the SM-DP+ (pySim ES2+, LPA table).
    pub const PROFILE_ICCID_UNKNOWN: StatusCode = StatusCode::new("8.2.1", "3.9");
    /// 8.2.1 / 3.10: a different EID is associated with this ICCID (pySim ES2+, LPA table).
    pub const PROFILE_ICCID_INVALID_ASSOCIATION: StatusCode = StatusCode::new("8.2.1", "3.10");
    /// 8.2.5 / 1.2: the caller may not use this Profile Type (LPA table).
    pub const PROFILE_TYPE_NOT_ALLOWED: StatusCode = StatusCode::new("8.2.5", "1.2");
    /// 8.2.5 / 3.7: no more Profiles of the requested Profile Type (LPA table).
    pub const PROFILE_TYPE_UNAVAILABLE: StatusCode = StatusCode::new("8.2.5", "3.7");
    /// 8.2.5 / 3.8: the Profile Type does not match the ICCID's Profile (LPA table).
    pub const PROFILE_TYPE_REFUSED: StatusCode = StatusCode::new("8.2.5", "3.8");
    /// 8.2.5 / 3.9: the Profile Type is unknown to the SM-DP+ (LPA table).
    pub const PROFILE_TYPE_UNKNOWN: StatusCode = StatusCode::new("8.2.5", "3.9");
    /// 8.2.6 / 2.1: the Matching ID given by the Operator is not valid (LPA table).
    pub const MATCHING_ID_INVALID: StatusCode = StatusCode::new("8.2.6", "2.1");
    /// 8.2.6 / 2.2: the Matching ID is missing for this order (LPA table).
    pub const MATCHING_ID_MISSING: StatusCode = StatusCode::new("8.2.6", "2.2");
    /// 8.2.6 / 3.3: the Matching ID is already in use at the SM-DP+ (LPA table).
    pub const MATCHING_ID_ALREADY_IN_USE: StatusCode = StatusCode::new("8.2.6", "3.3");
    /// 8.2.6 / 3.10: a different Matching ID is associated with this ICCID (pySim ES2+, LPA
    /// table).
    pub const MATCHING_ID_INVALID_ASSOCIATION: StatusCode = StatusCode::new("8.2.6", "3.10");
    /// 8.9 / 4.2: the SM-DS registration failed (LPA table; ES2+ tables: "the cascade SM-DS
    /// registration has failed").
    pub const SMDS_EXECUTION_ERROR: StatusCode = StatusCode::new("8.9", "4.2");
    /// 8.9 / 5.1: the smdsAddress is invalid or unreachable (LPA table).
    pub const SMDS_INACCESSIBLE: StatusCode = StatusCode::new("8.9", "5.1");
    /// 8.9.5 / 3.3: the SM-DS Event Record already exists (lpac's table: "EventID
    /// duplicated").
    pub const EVENT_RECORD_ALREADY_IN_USE: StatusCode = StatusCode::new("8.9.5", "3.3");
    /// 8.8.1 / 3.9: the SM-DP+ address is unknown. **Unverified.**
    pub const SMDP_ADDRESS_UNKNOWN: StatusCode = StatusCode::new("8.8.1", "3.9");
    /// 8.9.1 / 3.8: ES11.InitiateAuthentication names another SM-DS (SGP.22 5.8.1; lpac's
    /// table: "Invalid SM-DS Address").
    pub const SMDS_ADDRESS_REFUSED: StatusCode = StatusCode::new("8.9.1", "3.8");
    /// 8.9.2 / 3.1: none of the eUICC's CIs is one the SM-DS trusts (SGP.22 5.8.1; lpac's
    /// table).
    pub const SMDS_SECURITY_CONFIGURATION_UNSUPPORTED: StatusCode = StatusCode::new("8.9.2", "3.1");
    /// 8.9.3 / 3.1: the eUICC's SVN is not supported by the SM-DS (SGP.22 5.8.1; lpac's
    /// table).
    pub const SMDS_SVN_UNSUPPORTED: StatusCode = StatusCode::new("8.9.3", "3.1");
    /// 8.9.4 / 3.7: no CERT.DSauth.ECDSA the eUICC can verify (SGP.22 5.8.1; lpac's table).
    pub const SMDS_CERTIFICATE_UNAVAILABLE: StatusCode = StatusCode::new("8.9.4", "3.7");
    /// 8.9.5 / 3.9: ES12.DeleteEvent names no Event Record of the caller (SGP.22 5.9.2; lpac's
    /// table: "No Event identified by the Event ID for the EID exists").
    pub const EVENT_RECORD_UNKNOWN: StatusCode = StatusCode::new("8.9.5", "3.9");

    // --- Generic (SGP.22 5.2.6.1 subject 1.x) ---

    /// 1.3.1 / 2.2: a mandatory element of the request is missing (annotated uses it for a
    /// missing ctxParams1).
    pub const PROTOCOL_FORMAT_MANDATORY_ELEMENT_MISSING: StatusCode =
        StatusCode::new("1.3.1", "2.2");
    /// 1.3.1 / 2.1: the request is malformed. **Unverified.**
    pub const PROTOCOL_FORMAT_INVALID: StatusCode = StatusCode::new("1.3.1", "2.1");
    /// 1.3.2 / 3.1: the X-Admin-Protocol version is not supported. **Unverified.**
    pub const PROTOCOL_VERSION_UNSUPPORTED: StatusCode = StatusCode::new("1.3.2", "3.1");
    /// 1.1 / 1.1: the function requester is not identified. **Unverified.**
    pub const FUNCTION_REQUESTER_UNKNOWN: StatusCode = StatusCode::new("1.1", "1.1");
    /// 1.6 / 4.2: the function failed for an internal reason. **Unverified.**
    pub const FUNCTION_EXECUTION_ERROR: StatusCode = StatusCode::new("1.6", "4.2");

    /// The subject code's name (SGP.22 5.2.6.1), if catalogued.
    pub fn subject_name(self) -> Option<&'static str> {
        subject_name(self.subject)
    }

    /// The reason code's name (SGP.22 5.2.6.2), if catalogued.
    pub fn reason_name(self) -> Option<&'static str> {
        reason_name(self.reason)
    }
}

/// `8.2.6/3.8 (Matching ID - Refused)`.
impl fmt::Display for StatusCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.subject, self.reason)?;
        if let (Some(s), Some(r)) = (self.subject_name(), self.reason_name()) {
            write!(f, " ({s} - {r})")?;
        }
        Ok(())
    }
}

/// Subject codes (SGP.22 5.2.6.1; names as listed in the public LPA table, v2.5 and v3
/// subjects alike).
pub const SUBJECT_CODES: &[(&str, &str)] = &[
    ("1", "Generic"),
    ("1.1", "Function Requester"),
    ("1.2", "Function Provider"),
    ("1.3", "Protocol"),
    ("1.3.1", "Protocol Format"),
    ("1.3.2", "Protocol Version"),
    ("1.6", "Function"),
    ("8", "eUICC Remote Provisioning"),
    ("8.1", "eUICC"),
    ("8.1.1", "EID"),
    ("8.1.2", "EUM Certificate"),
    ("8.1.3", "eUICC Certificate"),
    ("8.2", "Profile"),
    ("8.2.1", "Profile ICCID"),
    ("8.2.5", "Profile Type"),
    ("8.2.6", "Matching ID"),
    ("8.2.7", "Confirmation Code"),
    ("8.2.8", "PPR"),
    ("8.2.9", "Profile Metadata"),
    ("8.2.10", "Bound Profile Package"),
    ("8.8", "SM-DP+"),
    ("8.8.1", "SM-DP+ Address"),
    ("8.8.2", "Security configuration"),
    ("8.8.3", "Specification Version Number"),
    ("8.8.4", "SM-DP+ Certificate"),
    ("8.8.5", "Download order"),
    ("8.9", "SM-DS"),
    ("8.9.1", "SM-DS Address"),
    ("8.9.2", "SM-DS Security configuration"),
    ("8.9.3", "SM-DS Specification Version Number"),
    ("8.9.4", "SM-DS Certificate"),
    ("8.9.5", "Event Record"),
    ("8.10", "RSP Operation"),
    ("8.10.1", "TransactionId"),
    ("8.11", "eSIM CA"),
    ("8.11.1", "CI Public Key"),
    ("8.12", "LPA"),
];

/// Reason codes (SGP.22 5.2.6.2).
pub const REASON_CODES: &[(&str, &str)] = &[
    ("1", "Access Error"),
    ("1.1", "Unknown (Identification or Authentication)"),
    ("1.2", "Not Allowed (Authorisation)"),
    ("2", "Format Error"),
    ("2.1", "Invalid"),
    ("2.2", "Mandatory Element Missing"),
    ("2.3", "Conditional Element Missing"),
    ("3", "Conditions of Use Not Satisfied"),
    ("3.1", "Unsupported"),
    ("3.3", "Already in Use"),
    ("3.5", "Invalid Transition"),
    ("3.7", "Unavailable"),
    ("3.8", "Refused"),
    ("3.9", "Unknown"),
    ("3.10", "Invalid Association"),
    ("3.11", "Value has Changed"),
    ("3.12", "Invalid Match"),
    ("4", "Processing Error"),
    ("4.2", "Execution Error"),
    ("4.3", "Stopped on Warning"),
    ("4.8", "Insufficient Memory"),
    ("4.10", "Time to Live Expired"),
    ("5", "Transport Error"),
    ("5.1", "Inaccessible"),
    ("6", "Security Error"),
    ("6.1", "Verification Failed"),
    ("6.3", "Expired"),
    ("6.4", "Maximum Number of Retries Exceeded"),
];

/// The name of a subject code, if catalogued.
pub fn subject_name(code: &str) -> Option<&'static str> {
    SUBJECT_CODES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, n)| *n)
}

/// The name of a reason code, if catalogued.
pub fn reason_name(code: &str) -> Option<&'static str> {
    REASON_CODES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, n)| *n)
}
