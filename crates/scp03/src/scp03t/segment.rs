//! Cutting a profile package into SCP03t segments (SGP.02 4.1.3.3).
//!
//! SGP.02's limit on one segment was not at hand: the lab takes NJ's 512 octets as the
//! default and refuses segments over [`MAX_SEGMENT_LEN`] \[unconfirmed\]. A segment of 1024
//! octets pads to 1040, plus an 8-octet C-MAC: its `86` TLV has a three-octet length.

use crate::Scp03Error;

/// The default segment length.
pub const DEFAULT_SEGMENT_LEN: usize = 512;
/// The largest segment either side accepts.
pub const MAX_SEGMENT_LEN: usize = 1024;
/// The largest `86` value: the longest segment padded, and a 16-octet MAC (S16).
pub const MAX_SEGMENT_VALUE_LEN: usize = MAX_SEGMENT_LEN + 16 + 16;

/// The segments of `package`, each `len` octets but the last; `len` from 1 to
/// [`MAX_SEGMENT_LEN`], the package not empty.
pub fn segments(package: &[u8], len: usize) -> Result<Vec<&[u8]>, Scp03Error> {
    if len == 0 || len > MAX_SEGMENT_LEN {
        return Err(Scp03Error::TooLong(len, MAX_SEGMENT_LEN));
    }
    if package.is_empty() {
        return Err(Scp03Error::Malformed("empty profile package"));
    }
    Ok(package.chunks(len).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_bounded_and_cover_the_package() {
        let package: Vec<u8> = (0..1300u32).map(|i| i as u8).collect();
        let parts = segments(&package, DEFAULT_SEGMENT_LEN).unwrap();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [512, 512, 276]
        );
        assert_eq!(parts.concat(), package);
        assert_eq!(segments(&package, MAX_SEGMENT_LEN).unwrap().len(), 2);
        assert_eq!(
            segments(&package, 0),
            Err(Scp03Error::TooLong(0, MAX_SEGMENT_LEN))
        );
        assert!(segments(&package, MAX_SEGMENT_LEN + 1).is_err());
        assert!(segments(&[], 16).is_err());
    }
}
