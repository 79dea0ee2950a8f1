//! The admin protocol of GP Card Specification Amendment B (3.4): HTTP/1.1 POSTs
//! from the card's admin agent to the admin server, inside the PSK-TLS link.
//!
//! ```text
//! agent  POST <admin URI>      X-Admin-Protocol, X-Admin-From           (no body)
//! server 200 OK                Content-Type: ...card-content-mgt;version=1.0
//!                              X-Admin-Next-URI [, X-Admin-Targeted-Application]
//!                              body: a remote command script (ETSI TS 102 226, expanded)
//! agent  POST <Next-URI>       Content-Type: ...card-content-mgt-response;version=1.0
//!                              X-Admin-Script-Status: ok | ...   body: the script's response
//! ...
//! server 204 No Content        (no script: the session ends)
//! ```
//!
//! A `200` without `X-Admin-Next-URI` also ends the session: its script runs, its result
//! is not reported (Amendment B 3.4, the Next-URI rule). The SGP.02 Default Notification over HTTPS is the
//! first POST with the notification as a query parameter, `?msg=<hex>` (SGP.02 3.15.2).

pub mod agent;
mod body;
mod error;
mod headers;
pub mod server;

pub use body::AdminBody;
pub use error::AdminError;
pub use headers::{AdminFrom, ScriptStatus};

/// `X-Admin-Protocol`'s value (Amendment B 3.4.1, 3.4.2).
pub const PROTOCOL: &str = "globalplatform-remote-admin/1.0";
/// The media type of a script the server sends (Amendment B 3.4.2).
pub const CONTENT_TYPE_SCRIPT: &str = "application/vnd.globalplatform.card-content-mgt;version=1.0";
/// The media type of a script response the agent sends (Amendment B 3.4.1).
pub const CONTENT_TYPE_RESPONSE: &str =
    "application/vnd.globalplatform.card-content-mgt-response;version=1.0";

/// The protocol and version the agent speaks (Amendment B 3.4.1, 3.4.2).
pub const X_ADMIN_PROTOCOL: &str = "x-admin-protocol";
/// The agent's identity: the card and the security domain (Amendment B 3.4.1).
pub const X_ADMIN_FROM: &str = "x-admin-from";
/// Where the agent posts the next script response (Amendment B 3.4.2).
pub const X_ADMIN_NEXT_URI: &str = "x-admin-next-uri";
/// The security domain a script is for, when not the one holding the PSK (Amendment B
/// 3.4.2).
pub const X_ADMIN_TARGETED_APPLICATION: &str = "x-admin-targeted-application";
/// How the previous script went (Amendment B 3.4.1).
pub const X_ADMIN_SCRIPT_STATUS: &str = "x-admin-script-status";
/// `true` when the agent resumes an interrupted session (Amendment B 3.4.1).
pub const X_ADMIN_RESUME: &str = "x-admin-resume";

/// The query parameter of the HTTPS Default Notification (SGP.02 3.15.2).
pub const NOTIFICATION_PARAMETER: &str = "msg";

/// The largest body read by default: a script or script response of 64 KiB.
pub const DEFAULT_MAX_BODY: usize = 64 * 1024;

/// Whether a header value names `expected`, a media type with parameters: compared
/// without white space and ASCII case (RFC 9110 8.3.1).
pub(crate) fn media_type_is(value: &[u8], expected: &str) -> bool {
    let squeezed = value.iter().filter(|b| !b.is_ascii_whitespace());
    squeezed
        .map(u8::to_ascii_lowercase)
        .eq(expected.bytes().map(|b| b.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_compare_without_case_and_spaces() {
        assert!(media_type_is(
            b"Application/Vnd.GlobalPlatform.Card-Content-Mgt; version=1.0",
            CONTENT_TYPE_SCRIPT
        ));
        assert!(!media_type_is(
            b"application/vnd.globalplatform.card-content-mgt;version=1.1",
            CONTENT_TYPE_SCRIPT
        ));
        assert!(!media_type_is(
            CONTENT_TYPE_RESPONSE.as_bytes(),
            CONTENT_TYPE_SCRIPT
        ));
    }
}
