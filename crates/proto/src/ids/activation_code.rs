//! Activation Code (SGP.22 4.1).
//!
//! ```text
//! [LPA:]1$<SM-DP+ address>$<AC_Token (Matching ID)>[$<SM-DP+ OID>[$<CC Required Flag>]]
//!   AC_Format            "1" (the only format defined)
//!   SM-DP+ address       FQDN, optionally ":port"
//!   AC_Token             Matching ID; may be empty ("1$host$$1.3.6.1.4.1.31746")
//!   SM-DP+ OID           optional; may be empty when the flag follows ("1$host$tok$$1")
//!   CC Required Flag     optional; "1" when a Confirmation Code is required
//!   "LPA:" prefix        when the code is carried in a QR code (ISO/IEC 18004)
//! ```
//!
//! Fields after the fifth (later versions of SGP.22 add some) are kept verbatim in
//! [`ActivationCode::extra_fields`] and written back, so a newer code survives a round trip.

use std::fmt;
use std::str::FromStr;

use super::matching_id::{MatchingId, MatchingIdError};
use super::smdp_address::{SmdpAddress, SmdpAddressError};

/// The QR-code prefix.
pub const QR_PREFIX: &str = "LPA:";
/// The field delimiter.
pub const DELIMITER: char = '$';
/// The only AC_Format defined.
pub const AC_FORMAT: &str = "1";

/// What is wrong with an Activation Code.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ActivationCodeError {
    /// AC_Format is not "1".
    #[error("unsupported Activation Code format {0:?}, only \"1\" is defined")]
    Format(String),
    /// Fewer than three fields (format, SM-DP+ address, matching ID).
    #[error("Activation Code needs at least the format, SM-DP+ address and matching ID fields")]
    MissingField,
    /// The SM-DP+ address field is wrong.
    #[error("Activation Code SM-DP+ address: {0}")]
    SmdpAddress(#[from] SmdpAddressError),
    /// The matching ID field is wrong.
    #[error("Activation Code matching ID: {0}")]
    MatchingId(#[from] MatchingIdError),
    /// The SM-DP+ OID is not a dotted-decimal object identifier.
    #[error("Activation Code SM-DP+ OID {0:?} is not a dotted-decimal OID")]
    Oid(String),
    /// The Confirmation Code Required Flag is present but not "1".
    #[error("Activation Code Confirmation Code Required Flag is {0:?}, only \"1\" is defined")]
    CcFlag(String),
}

/// A parsed Activation Code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActivationCode {
    /// The SM-DP+ address (FQDN, optional port).
    pub smdp_address: SmdpAddress,
    /// The AC_Token; `None` when the field is empty.
    pub matching_id: Option<MatchingId>,
    /// The SM-DP+ OID in dotted-decimal form.
    pub smdp_oid: Option<String>,
    /// Whether the Confirmation Code Required Flag is set.
    pub confirmation_code_required: bool,
    /// Fields after the fifth, kept as received.
    pub extra_fields: Vec<String>,
}

impl ActivationCode {
    /// A code without OID or Confirmation Code requirement.
    pub fn new(smdp_address: SmdpAddress, matching_id: Option<MatchingId>) -> ActivationCode {
        ActivationCode {
            smdp_address,
            matching_id,
            smdp_oid: None,
            confirmation_code_required: false,
            extra_fields: Vec::new(),
        }
    }

    /// Parses a code with or without the `LPA:` prefix (the prefix is matched
    /// case-insensitively).
    pub fn parse(s: &str) -> Result<ActivationCode, ActivationCodeError> {
        let body = match s.get(..QR_PREFIX.len()) {
            Some(p) if p.eq_ignore_ascii_case(QR_PREFIX) => &s[QR_PREFIX.len()..],
            _ => s,
        };
        let mut fields = body.split(DELIMITER);
        let format = fields.next().unwrap_or_default();
        if format != AC_FORMAT {
            return Err(ActivationCodeError::Format(format.to_owned()));
        }
        let (Some(address), Some(token)) = (fields.next(), fields.next()) else {
            return Err(ActivationCodeError::MissingField);
        };
        let smdp_address = SmdpAddress::parse(address)?;
        let matching_id = match token {
            "" => None,
            t => Some(MatchingId::parse(t)?),
        };
        let smdp_oid = match fields.next() {
            None | Some("") => None,
            Some(oid) if is_dotted_oid(oid) => Some(oid.to_owned()),
            Some(oid) => return Err(ActivationCodeError::Oid(oid.to_owned())),
        };
        let confirmation_code_required = match fields.next() {
            None | Some("") => false,
            Some("1") => true,
            Some(flag) => return Err(ActivationCodeError::CcFlag(flag.to_owned())),
        };
        Ok(ActivationCode {
            smdp_address,
            matching_id,
            smdp_oid,
            confirmation_code_required,
            extra_fields: fields.map(str::to_owned).collect(),
        })
    }

    /// The code without the `LPA:` prefix (`1$host$token...`).
    pub fn to_code_string(&self) -> String {
        let mut out = format!(
            "{AC_FORMAT}{DELIMITER}{}{DELIMITER}{}",
            self.smdp_address,
            self.matching_id.as_ref().map_or("", MatchingId::as_str)
        );
        let needs_flag = self.confirmation_code_required || !self.extra_fields.is_empty();
        if self.smdp_oid.is_some() || needs_flag {
            out.push(DELIMITER);
            out.push_str(self.smdp_oid.as_deref().unwrap_or_default());
        }
        if needs_flag {
            out.push(DELIMITER);
            if self.confirmation_code_required {
                out.push('1');
            }
        }
        for extra in &self.extra_fields {
            out.push(DELIMITER);
            out.push_str(extra);
        }
        out
    }

    /// The QR-code form, `LPA:` followed by [`ActivationCode::to_code_string`].
    pub fn to_qr_string(&self) -> String {
        format!("{QR_PREFIX}{}", self.to_code_string())
    }
}

/// Whether `s` is a dotted-decimal OID: at least two arcs, the first 0, 1 or 2.
fn is_dotted_oid(s: &str) -> bool {
    let arcs: Vec<&str> = s.split('.').collect();
    arcs.len() >= 2
        && arcs
            .iter()
            .all(|a| !a.is_empty() && a.bytes().all(|b| b.is_ascii_digit()))
        && matches!(arcs[0], "0" | "1" | "2")
}

/// The QR-code form (`LPA:1$...`).
impl fmt::Display for ActivationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_qr_string())
    }
}

impl FromStr for ActivationCode {
    type Err = ActivationCodeError;
    fn from_str(s: &str) -> Result<ActivationCode, ActivationCodeError> {
        ActivationCode::parse(s)
    }
}
