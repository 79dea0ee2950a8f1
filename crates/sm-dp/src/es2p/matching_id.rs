//! The Matching ID an operator gives in ES2+.ConfirmOrder (SGP.22 5.3.2).
//!
//! SGP.22 types it as a string on ES2+ and as an unconstrained `UTF8String` where the eUICC
//! sends it back (`ctxParams1.matchingId`, 5.7.13); an operator's Matching ID (e.g.
//! `MATCHING_ID_1`, as SGP.23's test profiles name them) is stored as given. Refused are
//! only what no Activation Code (SGP.22 4.1) could carry or a log could show: nothing, more
//! than 255 characters, the Activation Code delimiter `$`, control characters.

use super::Es2Error;

/// Most characters of a Matching ID accepted.
pub(crate) const MAX_CHARS: usize = 255;

/// Checks an operator's non-empty Matching ID.
pub(crate) fn check(m: &str) -> Result<(), Es2Error> {
    let invalid = |why: String| Err(Es2Error::MatchingIdInvalid(why));
    let count = m.chars().count();
    if count == 0 {
        return invalid("empty".into());
    }
    if count > MAX_CHARS {
        return invalid(format!("{count} characters, at most {MAX_CHARS}"));
    }
    if let Some((i, c)) = m
        .chars()
        .enumerate()
        .find(|(_, c)| *c == '$' || c.is_control())
    {
        return invalid(format!(
            "character {i} ({c:?}) cannot be in an Activation Code"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn operators_matching_ids_are_taken_as_given() {
        for ok in [
            "MATCHING_ID_CONFLICT_TEST",
            "04386-AGYFT-A74Y8-3F815",
            "a.b~c",
        ] {
            assert!(check(ok).is_ok(), "{ok}");
        }
        for bad in ["", "A$B", "A\nB"] {
            assert!(check(bad).is_err(), "{bad:?}");
        }
        assert!(check(&"A".repeat(256)).is_err());
    }
}
