//! Address ranges (SMPP 3.4 5.2.7): which destination addresses a bound ESME
//! receives for.
//!
//! SMPP 3.4 5.2.7 lets address_range be a UNIX regular expression and leaves the subset to
//! the SMSC. This SMSC supports exactly these forms (anything else refuses the bind with
//! ESME_RBINDFAIL):
//!
//! ```text
//! 4915550001      the address itself          ^4915550001$   the same, anchored
//! 49155*          addresses starting 49155    ^49155  ^49155.*  49155.*   the same
//! *   .*          every address
//! ```
//!
//! An empty address_range receives for the account's allowed ranges, or for nothing.

use std::fmt;
use std::str::FromStr;

/// A set of addresses, as bound or as allowed to an account.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AddressRange {
    /// One address.
    Exact(String),
    /// Every address beginning with this (the empty prefix: every address).
    Prefix(String),
}

/// An address_range outside the supported subset.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("address range {0:?} is not an address, a prefix with a trailing `*`, or `^prefix.*`")]
#[non_exhaustive]
pub struct UnsupportedRange(pub String);

impl FromStr for AddressRange {
    type Err = UnsupportedRange;

    fn from_str(text: &str) -> Result<AddressRange, UnsupportedRange> {
        let unsupported = || UnsupportedRange(text.to_owned());
        let anchored = text.strip_prefix('^');
        let body = anchored.unwrap_or(text);
        let (core, range) = if let Some(core) = body.strip_suffix(".*") {
            (core, AddressRange::Prefix(core.to_owned()))
        } else if let Some(core) = body.strip_suffix('*') {
            (core, AddressRange::Prefix(core.to_owned()))
        } else if let Some(core) = body.strip_suffix('$') {
            (core, AddressRange::Exact(core.to_owned()))
        } else if anchored.is_some() {
            (body, AddressRange::Prefix(body.to_owned()))
        } else {
            (body, AddressRange::Exact(body.to_owned()))
        };
        let plain = |c: char| c.is_ascii_alphanumeric() || c == '+' || c == '#';
        if core.chars().all(plain) && !(core.is_empty() && matches!(range, AddressRange::Exact(_)))
        {
            Ok(range)
        } else {
            Err(unsupported())
        }
    }
}

impl AddressRange {
    /// Whether `address` is in the range.
    pub fn matches(&self, address: &str) -> bool {
        match self {
            AddressRange::Exact(a) => a == address,
            AddressRange::Prefix(p) => address.starts_with(p.as_str()),
        }
    }

    /// Whether every address in `self` is also in `outer`.
    pub fn within(&self, outer: &AddressRange) -> bool {
        match (self, outer) {
            (AddressRange::Exact(a), outer) => outer.matches(a),
            (AddressRange::Prefix(p), AddressRange::Prefix(q)) => p.starts_with(q.as_str()),
            (AddressRange::Prefix(_), AddressRange::Exact(_)) => false,
        }
    }

    /// How closely the range names one address: an exact address outranks every prefix,
    /// a longer prefix a shorter one. Routing picks the most specific bound receiver.
    pub(crate) fn specificity(&self) -> usize {
        match self {
            AddressRange::Exact(_) => usize::MAX,
            AddressRange::Prefix(p) => p.len(),
        }
    }
}

impl fmt::Display for AddressRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AddressRange::Exact(a) => f.write_str(a),
            AddressRange::Prefix(p) => write!(f, "{p}*"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::AddressRange::{Exact, Prefix};
    use super::*;

    #[test]
    fn the_supported_subset_parses() {
        let parse = |s: &str| s.parse::<AddressRange>();
        assert_eq!(parse("4915550001"), Ok(Exact("4915550001".into())));
        assert_eq!(parse("^4915550001$"), Ok(Exact("4915550001".into())));
        for prefix in ["49155*", "^49155", "^49155.*", "49155.*"] {
            assert_eq!(parse(prefix), Ok(Prefix("49155".into())), "{prefix}");
        }
        assert_eq!(parse("*"), Ok(Prefix(String::new())));
        assert_eq!(parse(".*"), Ok(Prefix(String::new())));
        for bad in ["49[0-9]+", "49|50", "", "^$", "49 5"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn matching_and_containment() {
        assert!(Prefix("49".into()).matches("4915550001"));
        assert!(!Exact("49".into()).matches("4915550001"));
        assert!(Exact("4915".into()).within(&Prefix("49".into())));
        assert!(Prefix("4915".into()).within(&Prefix("49".into())));
        assert!(!Prefix("4".into()).within(&Prefix("49".into())));
        assert!(!Prefix("49".into()).within(&Exact("49".into())));
    }
}
