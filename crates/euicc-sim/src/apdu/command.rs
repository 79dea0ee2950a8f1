//! Command APDU parsing: the four cases of ISO/IEC 7816-4 ("command-response pairs"), with
//! short and extended length fields.
//!
//! ```text
//! case 1   CLA INS P1 P2
//! case 2S  CLA INS P1 P2 Le                  Le 1 byte, '00' = 256
//! case 3S  CLA INS P1 P2 Lc Data             Lc 1 byte, '01'..'FF'
//! case 4S  CLA INS P1 P2 Lc Data Le
//! case 2E  CLA INS P1 P2 00 Le1 Le2          '0000' = 65536
//! case 3E  CLA INS P1 P2 00 Lc1 Lc2 Data     Lc '0001'..'FFFF'
//! case 4E  CLA INS P1 P2 00 Lc1 Lc2 Data Le1 Le2
//! ```

/// A parsed command APDU. `ne` is the maximum number of response data bytes the terminal
/// expects (Ne); 0 when Le is absent.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct CommandApdu<'a> {
    pub cla: u8,
    pub ins: u8,
    pub p1: u8,
    pub p2: u8,
    pub data: &'a [u8],
    pub ne: usize,
    /// Le was present (case 2 or 4).
    pub has_le: bool,
    /// Lc and/or Le used the extended (two- or three-byte) form.
    pub extended: bool,
}

/// Why bytes are not a command APDU; the card answers `6700` (wrong length) for each.
#[derive(Clone, Copy, PartialEq, Eq, Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ApduFormatError {
    #[error("a command APDU has at least 4 bytes (CLA INS P1 P2), got {0}")]
    TooShort(usize),
    #[error("Lc announces {lc} data bytes but {available} bytes follow")]
    LengthMismatch { lc: usize, available: usize },
    #[error("extended Lc of zero")]
    ZeroExtendedLc,
}

impl<'a> CommandApdu<'a> {
    /// Parses one command APDU; never panics, whatever the input.
    pub fn parse(bytes: &'a [u8]) -> Result<Self, ApduFormatError> {
        let [cla, ins, p1, p2, body @ ..] = bytes else {
            return Err(ApduFormatError::TooShort(bytes.len()));
        };
        let (data, ne, has_le, extended) = parse_body(body)?;
        Ok(Self {
            cla: *cla,
            ins: *ins,
            p1: *p1,
            p2: *p2,
            data,
            ne,
            has_le,
            extended,
        })
    }

    /// The header, for log lines.
    pub fn header(&self) -> [u8; 4] {
        [self.cla, self.ins, self.p1, self.p2]
    }
}

/// Returns (data, Ne, Le present, extended form).
fn parse_body(body: &[u8]) -> Result<(&[u8], usize, bool, bool), ApduFormatError> {
    match body {
        // case 1
        [] => Ok((&[], 0, false, false)),
        // case 2S
        [le] => Ok((&[], short_ne(*le), true, false)),
        // extended forms start with a zero byte followed by at least two bytes
        [0, rest @ ..] if rest.len() >= 2 => parse_extended(rest),
        [lc, rest @ ..] if *lc != 0 => {
            let lc = usize::from(*lc);
            if rest.len() == lc {
                Ok((rest, 0, false, false))
            } else if rest.len() == lc + 1 {
                let (data, le) = rest.split_at(lc);
                Ok((data, short_ne(le[0]), true, false))
            } else {
                Err(ApduFormatError::LengthMismatch {
                    lc,
                    available: rest.len(),
                })
            }
        }
        // a single zero byte followed by one more byte
        _ => Err(ApduFormatError::LengthMismatch {
            lc: 0,
            available: body.len().saturating_sub(1),
        }),
    }
}

fn parse_extended(rest: &[u8]) -> Result<(&[u8], usize, bool, bool), ApduFormatError> {
    let [hi, lo, tail @ ..] = rest else {
        return Err(ApduFormatError::TooShort(rest.len()));
    };
    let n = usize::from(u16::from_be_bytes([*hi, *lo]));
    if tail.is_empty() {
        // case 2E: the two bytes are Le
        return Ok((&[], extended_ne(n), true, true));
    }
    if n == 0 {
        return Err(ApduFormatError::ZeroExtendedLc);
    }
    if tail.len() == n {
        Ok((tail, 0, false, true))
    } else if tail.len() == n + 2 {
        let (data, le) = tail.split_at(n);
        let le = usize::from(u16::from_be_bytes([le[0], le[1]]));
        Ok((data, extended_ne(le), true, true))
    } else {
        Err(ApduFormatError::LengthMismatch {
            lc: n,
            available: tail.len(),
        })
    }
}

fn short_ne(le: u8) -> usize {
    if le == 0 { 256 } else { usize::from(le) }
}

fn extended_ne(le: usize) -> usize {
    if le == 0 { 65536 } else { le }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(hex: &str) -> Result<CommandApdu<'static>, ApduFormatError> {
        let bytes: &'static [u8] =
            Box::leak(hex::decode(hex).unwrap_or_default().into_boxed_slice());
        CommandApdu::parse(bytes)
    }

    #[test]
    fn iso7816_4_case1_header_only() {
        let c = parse("00700080").unwrap();
        assert_eq!((c.cla, c.ins, c.p1, c.p2), (0x00, 0x70, 0x00, 0x80));
        assert!(c.data.is_empty());
        assert_eq!((c.ne, c.has_le, c.extended), (0, false, false));
    }

    #[test]
    fn iso7816_4_case2_short_le_00_means_256() {
        let c = parse("00C0000000").unwrap();
        assert_eq!((c.ne, c.has_le), (256, true));
        let c = parse("0070000001").unwrap();
        assert_eq!(c.ne, 1);
    }

    #[test]
    fn iso7816_4_case3_short() {
        let c = parse("80E2910003BF2E00").unwrap();
        assert_eq!(c.data, [0xBF, 0x2E, 0x00]);
        assert_eq!((c.ne, c.has_le), (0, false));
    }

    #[test]
    fn iso7816_4_case4_short() {
        let c = parse("00A4040010A0000005591010FFFFFFFF890000010000").unwrap();
        assert_eq!(c.data.len(), 16);
        assert_eq!((c.ne, c.has_le), (256, true));
    }

    #[test]
    fn iso7816_4_extended_cases() {
        let c = parse("00C00000000100").unwrap();
        assert_eq!((c.ne, c.extended, c.data.len()), (256, true, 0));
        let c = parse("00C00000000000").unwrap();
        assert_eq!(c.ne, 65536);
        let c = parse("80E2910000000301020300").unwrap_err();
        assert!(matches!(c, ApduFormatError::LengthMismatch { .. }));
        let c = parse("80E29100000003010203").unwrap();
        assert_eq!((c.data, c.ne), (&[1u8, 2, 3][..], 0));
        let c = parse("80E291000000030102030000").unwrap();
        assert_eq!((c.data.len(), c.ne), (3, 65536));
        assert_eq!(
            parse("80E2910000000001").unwrap_err(),
            ApduFormatError::ZeroExtendedLc
        );
    }

    #[test]
    fn iso7816_4_truncated_apdus_are_wrong_length() {
        assert_eq!(parse("").unwrap_err(), ApduFormatError::TooShort(0));
        assert_eq!(parse("80E291").unwrap_err(), ApduFormatError::TooShort(3));
        // Lc says 5, 3 bytes follow
        assert!(parse("80E2910005010203").is_err());
        // Lc says 3, 5 bytes follow (neither case 3 nor case 4)
        assert!(parse("80E29100030102030405").is_err());
        // a zero byte followed by a single byte is no valid body
        assert!(parse("80E291000001").is_err());
    }
}
