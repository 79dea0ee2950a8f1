//! HTTP facts of the JSON and ASN.1 bindings (SGP.22 6.1–6.5, SGP.32 6.1).
//!
//! ```text
//! POST https://<server>/gsma/rsp2/<interface>/<function>
//! Content-Type: application/json;charset=UTF-8            (JSON binding)
//!               application/x-gsma-rsp-asn1               (ASN.1 binding, /gsma/rsp2/asn1)
//! X-Admin-Protocol: gsma/rsp/v<x.y.z>                      (request and response)
//! User-Agent: gsma-rsp-lpad | gsma-rsp-ipad ...            (client requests)
//! handleNotification answers 204 No Content, empty body    (SGP.22 6.3)
//! ```

/// Path prefix of the ES9+ JSON functions (SGP.22 6.5.2).
pub const ES9PLUS_PATH_PREFIX: &str = "/gsma/rsp2/es9plus/";
/// Path prefix of the ES2+ JSON functions (SGP.22 6.5.2).
pub const ES2PLUS_PATH_PREFIX: &str = "/gsma/rsp2/es2plus/";
/// Prefix of the ES12 JSON binding's paths (SGP.22 6.5.1; SM-DP+ → SM-DS, and ES15).
pub const ES12_PATH_PREFIX: &str = "/gsma/rsp2/es12/";
/// Path prefix of the ESipa JSON functions (SGP.32 6.4).
pub const ESIPA_PATH_PREFIX: &str = "/gsma/rsp2/esipa/";
/// Path of the ASN.1 binding (ES9+ and ESipa; SGP.22 6.6, SGP.32 6.1.1).
pub const ASN1_PATH: &str = "/gsma/rsp2/asn1";

/// `Content-Type` of the JSON binding as sent.
pub const CONTENT_TYPE_JSON: &str = "application/json;charset=UTF-8";
/// `Content-Type` of the ASN.1 binding.
pub const CONTENT_TYPE_ASN1: &str = "application/x-gsma-rsp-asn1";

/// Name of the protocol-version header.
pub const X_ADMIN_PROTOCOL: &str = "X-Admin-Protocol";
/// `X-Admin-Protocol` this lab sends on ES9+ and ES2+: the SGP.22 version implemented, v2.5
/// (pySim's ES2+/ES9+ client sends the same; LPAs in the field send v2.2.0 to v2.5.0).
pub const ADMIN_PROTOCOL_SGP22: &str = "gsma/rsp/v2.5.0";
/// `X-Admin-Protocol` on ESipa as the public eIM and IPA send and check it (onomondo-eim,
/// onomondo-ipa: "SHALL be set to v2.1.0").
pub const ADMIN_PROTOCOL_ESIPA: &str = "gsma/rsp/v2.1.0";
/// Prefix every SGP.22 v2 `X-Admin-Protocol` value shares.
pub const ADMIN_PROTOCOL_V2_PREFIX: &str = "gsma/rsp/v2.";

/// `User-Agent` of an LPA in the device (SGP.22 6.1).
pub const USER_AGENT_LPAD: &str = "gsma-rsp-lpad";
/// `User-Agent` of an IPA in the device (SGP.32 6.1, CR111005: the value, optionally
/// followed by `;` and free text).
pub const USER_AGENT_IPAD: &str = "gsma-rsp-ipad";
/// `User-Agent` of an IPA in the eUICC (SGP.32 6.1, as onomondo-ipa quotes it).
pub const USER_AGENT_IPAE: &str = "gsma-rsp-ipae";

/// HTTP status of a notification function's normal answer (SGP.22 6.3: 204, empty body).
pub const STATUS_NO_CONTENT: u16 = 204;

/// Whether an `X-Admin-Protocol` value names an SGP.22 v2 protocol (`gsma/rsp/v2.x.y`).
pub fn is_admin_protocol_v2(value: &str) -> bool {
    value.trim().starts_with(ADMIN_PROTOCOL_V2_PREFIX)
}

/// Whether a `Content-Type` value is JSON: media type `application/json`, any parameters
/// (`charset=UTF-8` or none), case-insensitive.
pub fn is_json_content_type(value: &str) -> bool {
    media_type(value).eq_ignore_ascii_case("application/json")
}

/// Whether a `Content-Type` value is the ASN.1 binding's.
pub fn is_asn1_content_type(value: &str) -> bool {
    media_type(value).eq_ignore_ascii_case(CONTENT_TYPE_ASN1)
}

/// Whether a `User-Agent` value is one of the given agent (the value itself, or the value
/// followed by `;` and free text).
pub fn user_agent_is(value: &str, agent: &str) -> bool {
    let first = value.split(';').next().unwrap_or_default().trim();
    first.eq_ignore_ascii_case(agent)
}

fn media_type(value: &str) -> &str {
    value.split(';').next().unwrap_or_default().trim()
}
