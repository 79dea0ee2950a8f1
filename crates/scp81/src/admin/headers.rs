//! The values of the admin protocol's own headers.

use std::fmt;
use std::str::FromStr;

use crate::aid::Aid;
use crate::identity::Eid;

/// `X-Admin-Script-Status` (GP Amendment B 3.4.1): how the agent's run of the previous
/// script went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ScriptStatus {
    /// `ok`: the script ran; the body holds its response.
    Ok,
    /// `unknown-application`: the targeted application is not on the card.
    UnknownApplication,
    /// `not-a-security-domain`: the targeted application is not a security domain.
    NotASecurityDomain,
    /// `security-error`: the targeted security domain refused the script.
    SecurityError,
}

impl ScriptStatus {
    /// The header value.
    pub fn as_str(self) -> &'static str {
        match self {
            ScriptStatus::Ok => "ok",
            ScriptStatus::UnknownApplication => "unknown-application",
            ScriptStatus::NotASecurityDomain => "not-a-security-domain",
            ScriptStatus::SecurityError => "security-error",
        }
    }
}

impl fmt::Display for ScriptStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ScriptStatus {
    type Err = ();

    fn from_str(s: &str) -> Result<ScriptStatus, ()> {
        [
            ScriptStatus::Ok,
            ScriptStatus::UnknownApplication,
            ScriptStatus::NotASecurityDomain,
            ScriptStatus::SecurityError,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
        .ok_or(())
    }
}

/// `X-Admin-From` of an SGP.02 eUICC: `//se-id/eid/<EID>;//aa-id/aid/<RID>/<PIX>`, the
/// EID and the ISD-R (GP Amendment B 3.4.1; the `eid` form as njiwa's SM-SR and the
/// WHTY test client write it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdminFrom {
    /// The card's EID.
    pub eid: Eid,
    /// The security domain the agent speaks for.
    pub security_domain: Aid,
}

impl fmt::Display for AdminFrom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "//se-id/eid/{};//aa-id/aid/{}",
            hex::encode_upper(self.eid),
            self.security_domain.rid_pix()
        )
    }
}

impl FromStr for AdminFrom {
    type Err = ();

    fn from_str(s: &str) -> Result<AdminFrom, ()> {
        let (se, aa) = s.split_once(';').ok_or(())?;
        let eid = hex::decode(se.strip_prefix("//se-id/eid/").ok_or(())?).map_err(|_| ())?;
        let aid = Aid::from_rid_pix(aa.strip_prefix("//aa-id/aid/").ok_or(())?).map_err(|_| ())?;
        Ok(AdminFrom {
            eid: eid.try_into().map_err(|_| ())?,
            security_domain: aid,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_status_values_are_amendment_b_words() {
        for s in [
            "ok",
            "unknown-application",
            "not-a-security-domain",
            "security-error",
        ] {
            assert_eq!(s.parse::<ScriptStatus>().map(ScriptStatus::as_str), Ok(s));
        }
        assert!("OK".parse::<ScriptStatus>().is_err());
        assert!("script-format-error".parse::<ScriptStatus>().is_err());
    }

    #[test]
    fn admin_from_round_trips() {
        let text = "//se-id/eid/89049032000000000000000000001234;//aa-id/aid/A000000559/1010FFFFFFFF8900000100";
        let from: AdminFrom = text.parse().unwrap();
        assert_eq!(from.security_domain, Aid::isd_r());
        assert_eq!(from.eid[15], 0x34);
        assert_eq!(from.to_string(), text);
        assert!(
            "//se-id/eid/8904;//aa-id/aid/A000000559/1010"
                .parse::<AdminFrom>()
                .is_err()
        );
        assert!("//aa-id/aid/A000000559/1010".parse::<AdminFrom>().is_err());
    }
}
