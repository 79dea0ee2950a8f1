//! What an EIS must satisfy before the SM-SR stores it: identifiers of the right shape,
//! key sets in their KVN ranges (SGP.02 2.2.5.1), keys of their algorithm's length, one
//! enabled profile and one Fall-Back Attribute at most, bounded sizes.

use std::collections::HashSet;

use super::{Eis, IsdR, ProfileState, Scp80Algorithm};

/// The largest EIS JSON accepted, octets.
pub const MAX_EIS_JSON: usize = 64 * 1024;
/// The most profiles one EIS may list.
pub const MAX_PROFILES: usize = 64;

/// Why an EIS was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum EisError {
    /// Larger than [`MAX_EIS_JSON`].
    #[error("the EIS is larger than {MAX_EIS_JSON} octets")]
    TooLarge,
    /// Not the JSON shape of [`crate::eis`].
    #[error("the EIS does not read: {0}")]
    Json(String),
    /// A field has the wrong shape.
    #[error("EIS field {field}: {detail}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// What is wrong.
        detail: String,
    },
}

fn invalid(field: &'static str, detail: impl Into<String>) -> EisError {
    EisError::Invalid {
        field,
        detail: detail.into(),
    }
}

/// Whether `s` is an EID: 32 decimal digits (SGP.02 2.2.2).
pub(crate) fn is_eid(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `s` is an ICCID: 18 to 20 digits, the last possibly `F` (ITU-T E.118).
pub(crate) fn is_iccid(s: &str) -> bool {
    let b = s.as_bytes();
    let Some((last, head)) = b.split_last() else {
        return false;
    };
    (18..=20).contains(&b.len())
        && head.iter().all(u8::is_ascii_digit)
        && (last.is_ascii_digit() || *last == b'F' || *last == b'f')
}

impl Eis {
    /// Checks the EIS (see the module).
    pub(crate) fn validate(&self) -> Result<(), EisError> {
        if !is_eid(&self.eid) {
            return Err(invalid("eid", "32 digits"));
        }
        if self.eum_id.is_empty() || self.eum_id.len() > 128 {
            return Err(invalid("eumId", "1 to 128 characters"));
        }
        validate_isd_r(&self.isd_r)?;
        if self.profiles.len() > MAX_PROFILES {
            return Err(invalid("profiles", format!("at most {MAX_PROFILES}")));
        }
        let (mut iccids, mut aids) = (HashSet::new(), HashSet::new());
        for p in &self.profiles {
            if !is_iccid(&p.iccid) || !iccids.insert(p.iccid.as_str()) {
                return Err(invalid(
                    "iccid",
                    format!("{:?}: unique, 18-20 digits", p.iccid),
                ));
            }
            if !(5..=16).contains(&p.isd_p_aid.len()) || !aids.insert(p.isd_p_aid.as_slice()) {
                return Err(invalid("isdPAid", "unique, 5 to 16 octets"));
            }
            if p.mno_id.is_empty() || p.mno_id.len() > 128 || p.pol2.0.len() > 8 {
                return Err(invalid(
                    "mnoId",
                    "1 to 128 characters, at most 8 POL2 rules",
                ));
            }
        }
        let count =
            |f: &dyn Fn(&super::Profile) -> bool| self.profiles.iter().filter(|p| f(p)).count();
        if count(&|p| p.state == ProfileState::Enabled) > 1 {
            return Err(invalid("profiles", "one enabled profile at most"));
        }
        if count(&|p| p.fallback) > 1 {
            return Err(invalid(
                "fallback",
                "one profile holds the Fall-Back Attribute",
            ));
        }
        Ok(())
    }
}

fn validate_isd_r(r: &IsdR) -> Result<(), EisError> {
    if !(5..=16).contains(&r.aid.len()) {
        return Err(invalid("isdR.aid", "5 to 16 octets"));
    }
    if r.tar.len() != 3 {
        return Err(invalid("isdR.tar", "3 octets (TS 102 225 5.1.2)"));
    }
    if r.scp80.len() + r.scp81.len() > 16 {
        return Err(invalid("isdR", "at most 16 key sets"));
    }
    let mut kvns = HashSet::new();
    for k in &r.scp80 {
        let lengths: &[usize] = match k.algorithm {
            Scp80Algorithm::Aes => &[16, 24, 32],
            Scp80Algorithm::TripleDes => &[16, 24],
        };
        let keys = [Some(&k.kic), Some(&k.kid), k.kik.as_ref()];
        if !(0x01..=0x0F).contains(&k.kvn)
            || !kvns.insert(k.kvn)
            || keys.iter().flatten().any(|v| !lengths.contains(&v.0.len()))
            || k.counter > super::keys::MAX_COUNTER
        {
            return Err(invalid(
                "isdR.scp80",
                "KVN 01-0F once, keys of the algorithm's length",
            ));
        }
    }
    for k in &r.scp81 {
        if !(0x40..=0x4F).contains(&k.kvn)
            || !kvns.insert(k.kvn)
            || !(16..=64).contains(&k.psk.0.len())
        {
            return Err(invalid(
                "isdR.scp81",
                "KVN 40-4F once, PSK of 16 to 64 octets",
            ));
        }
    }
    Ok(())
}
