//! Why an LPA operation failed, in words a tester can act on: the step (the ES10 or ES9+
//! function) and the specification's own result (an ES10 result code by name, an ES9+
//! subject/reason code pair, a status word).

use std::fmt;

use proto::json::{
    ExecutionStatus, FunctionExecutionStatus, StatusCode, reason_name, subject_name,
};

use super::es10x::Es10ClientError;

/// An LPA operation's failure.
#[derive(Debug)]
pub enum LpaError {
    /// The options cannot work (no trusted CA, unreadable file, bad `--resolve`, bad IMEI).
    Setup(String),
    /// A `--resolve` entry that does not parse.
    Resolve(super::endpoint::BadResolve),
    /// The card exchange of an ES10 function failed (transport or status word).
    Card {
        function: &'static str,
        source: Es10ClientError,
    },
    /// The eUICC's answer to an ES10 function does not decode.
    CardAnswer {
        function: &'static str,
        detail: String,
    },
    /// The eUICC refused: the function's result code, `name(value)`.
    EuiccRefused {
        function: &'static str,
        code: String,
    },
    /// An ES9+ request got no HTTP answer (connection, TLS, timeout).
    Connection {
        function: &'static str,
        url: String,
        detail: String,
    },
    /// An ES9+ answer with an HTTP status the binding does not use for it.
    HttpStatus {
        function: &'static str,
        status: u16,
        body: String,
    },
    /// The SM-DP+ (or the SM-DS, over ES11) did not execute the function (`Failed` or
    /// `Expired`), with its codes.
    ServerRefused {
        function: &'static str,
        status: FunctionExecutionStatus,
    },
    /// The SM-DP+'s (or SM-DS's) answer is malformed or inconsistent with the session
    /// (transaction ID, serverAddress, challenge).
    ServerAnswer {
        function: &'static str,
        detail: String,
    },
    /// The SM-DP+ asks for a Confirmation Code (ccRequiredFlag, or the Activation Code's
    /// flag) and none was given.
    ConfirmationCodeRequired,
    /// No SM-DP+ address: none given and the eUICC has no default SM-DP+ address.
    NoSmdpAddress,
    /// No SM-DS address: none given and the eUICC's rootDsAddress is empty (ES10a, SGP.22
    /// 5.7.3).
    NoSmdsAddress,
    /// The eUICC refused the Bound Profile Package: the ProfileInstallationResult's error.
    InstallFailed {
        iccid: Option<String>,
        bpp_command_id: String,
        error_reason: String,
    },
}

impl LpaError {
    /// The ES9+ subject and reason codes of a refusal by the SM-DP+.
    pub fn status_code(&self) -> Option<(&str, &str)> {
        match self {
            LpaError::ServerRefused { status, .. } => status
                .status_code_data
                .as_ref()
                .map(|d| (d.subject_code.as_str(), d.reason_code.as_str())),
            _ => None,
        }
    }

    /// Whether the SM-DP+ refused with this code.
    pub fn is_server_code(&self, code: StatusCode) -> bool {
        self.status_code() == Some((code.subject, code.reason))
    }

    /// The step that failed: an ES10 or ES9+ function name, if the failure is tied to one.
    pub fn function(&self) -> Option<&'static str> {
        match self {
            LpaError::Card { function, .. }
            | LpaError::CardAnswer { function, .. }
            | LpaError::EuiccRefused { function, .. }
            | LpaError::Connection { function, .. }
            | LpaError::HttpStatus { function, .. }
            | LpaError::ServerRefused { function, .. }
            | LpaError::ServerAnswer { function, .. } => Some(function),
            _ => None,
        }
    }
}

impl fmt::Display for LpaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LpaError::Setup(s) => f.write_str(s),
            LpaError::Resolve(e) => write!(f, "{e}"),
            LpaError::Card { function, source } => write!(f, "{function}: {source}"),
            LpaError::CardAnswer { function, detail } => {
                write!(f, "{function}: the eUICC's answer does not decode: {detail}")
            }
            LpaError::EuiccRefused { function, code } => {
                write!(f, "{function} refused by the eUICC: {code}")
            }
            LpaError::Connection {
                function,
                url,
                detail,
            } => write!(f, "{function}: no answer from {url}: {detail}"),
            LpaError::HttpStatus {
                function,
                status,
                body,
            } => {
                write!(f, "{function}: HTTP status {status}")?;
                if !body.is_empty() {
                    write!(f, ": {body}")?;
                }
                Ok(())
            }
            LpaError::ServerRefused { function, status } => {
                let verb = match status.status {
                    ExecutionStatus::Expired => "expired",
                    _ => "refused",
                };
                write!(f, "{function} {verb}")?;
                if let Some(d) = &status.status_code_data {
                    let (s, r) = (d.subject_code.as_str(), d.reason_code.as_str());
                    write!(f, ": {s}/{r}")?;
                    match (subject_name(s), reason_name(r)) {
                        (Some(sn), Some(rn)) => write!(f, " {sn} {}", rn.to_lowercase())?,
                        (Some(sn), None) => write!(f, " {sn}")?,
                        _ => {}
                    }
                    if let Some(m) = d.message.as_deref().filter(|m| !m.is_empty()) {
                        write!(f, " ({m})")?;
                    }
                }
                Ok(())
            }
            LpaError::ServerAnswer { function, detail } => {
                write!(f, "{function}: unusable answer from the server: {detail}")
            }
            LpaError::ConfirmationCodeRequired => f.write_str(
                "the SM-DP+ requires a confirmation code for this profile; give it with --confirmation-code",
            ),
            LpaError::NoSmdpAddress => f.write_str(
                "no SM-DP+ address: give an activation code or an SM-DP+ address (the eUICC has no default SM-DP+ address)",
            ),
            LpaError::NoSmdsAddress => f.write_str(
                "no SM-DS address: the eUICC has no root SM-DS address (rootDsAddress is empty); give one with --smds",
            ),
            LpaError::InstallFailed {
                iccid,
                bpp_command_id,
                error_reason,
            } => {
                write!(f, "profile installation")?;
                if let Some(i) = iccid {
                    write!(f, " of {i}")?;
                }
                write!(
                    f,
                    " refused by the eUICC at {bpp_command_id}: {error_reason}"
                )
            }
        }
    }
}

impl std::error::Error for LpaError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LpaError::Card { source, .. } => Some(source),
            LpaError::Resolve(e) => Some(e),
            _ => None,
        }
    }
}

/// `name(value)` of an ES10 result code, e.g. `invalidSignature(2)`.
pub(crate) fn code_name<T: proto::der::Asn1>(code: &T, value: i128) -> String {
    match code.to_json() {
        proto::der::JsonValue::String(name) => format!("{name}({value})"),
        _ => format!("unnamed code {value}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proto::json::ResponseHeader;

    #[test]
    fn sgp22_5_2_6_refusal_names_function_and_codes() {
        let e = LpaError::ServerRefused {
            function: "authenticateClient",
            status: ResponseHeader::failed(StatusCode::MATCHING_ID_REFUSED, "")
                .function_execution_status,
        };
        assert_eq!(
            e.to_string(),
            "authenticateClient refused: 8.2.6/3.8 Matching ID refused"
        );
        assert!(e.is_server_code(StatusCode::MATCHING_ID_REFUSED));
        let e = LpaError::ServerRefused {
            function: "getBoundProfilePackage",
            status: ResponseHeader::expired(StatusCode::DOWNLOAD_ORDER_EXPIRED, "order expired")
                .function_execution_status,
        };
        assert_eq!(
            e.to_string(),
            "getBoundProfilePackage expired: 8.8.5/4.10 Download order time to live expired (order expired)"
        );
    }

    #[test]
    fn sgp22_5_7_13_es10_code_is_named_with_its_value() {
        use proto::sgp22::AuthenticateErrorCode;
        let c = AuthenticateErrorCode::InvalidSignature;
        assert_eq!(code_name(&c, c.asn1_value()), "invalidSignature(2)");
    }
}
