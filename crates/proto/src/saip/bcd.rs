//! Digit strings in the three BCD codings a profile package uses for ICCID and IMSI. Kept
//! small and local on purpose: the identifier types of the crate live in `ids`.

/// Why a digit string or its BCD coding is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BcdError {
    #[error("{what}: {found} digits, expected {min} to {max}")]
    Length {
        what: &'static str,
        found: usize,
        min: usize,
        max: usize,
    },
    #[error("{what}: {0:?} is not a decimal digit", .ch)]
    NotDigit { what: &'static str, ch: char },
    #[error("{what}: nibble {nibble:X} at digit position {position} is not a BCD digit")]
    BadNibble {
        what: &'static str,
        nibble: u8,
        position: usize,
    },
    #[error("{what}: {0}", .reason)]
    Malformed {
        what: &'static str,
        reason: &'static str,
    },
}

/// Checks that `s` has `min..=max` decimal digits.
pub(super) fn check_digits(
    what: &'static str,
    s: &str,
    min: usize,
    max: usize,
) -> Result<(), BcdError> {
    if let Some(ch) = s.chars().find(|c| !c.is_ascii_digit()) {
        return Err(BcdError::NotDigit { what, ch });
    }
    if !(min..=max).contains(&s.len()) {
        return Err(BcdError::Length {
            what,
            found: s.len(),
            min,
            max,
        });
    }
    Ok(())
}

/// The ICCID as 18 to 20 digits (ITU-T E.118; the header and EF.ICCID hold 10 octets).
pub fn check_iccid(s: &str) -> Result<(), BcdError> {
    check_digits("ICCID", s, 18, 20)
}

/// The IMSI as 6 to 15 digits (3GPP TS 23.003 2.2: MCC, MNC, MSIN; at most 15).
pub fn check_imsi(s: &str) -> Result<(), BcdError> {
    check_digits("IMSI", s, 6, 15)
}

/// Packs digits two per octet, first digit of each pair in the high nibble when `swapped`
/// is false (plain BCD), in the low nibble when true (TS 102 221 EF.ICCID coding), padding
/// with `F` to `len` octets. The digits must have been checked.
fn pack(digits: &str, len: usize, swapped: bool) -> Vec<u8> {
    let mut nibbles: Vec<u8> = digits.bytes().map(|b| b - b'0').collect();
    nibbles.resize(len * 2, 0x0F);
    nibbles
        .chunks(2)
        .map(|p| {
            if swapped {
                p[1] << 4 | p[0]
            } else {
                p[0] << 4 | p[1]
            }
        })
        .collect()
}

/// Reads digits up to the first `F` filler; only `F` may follow it.
fn unpack(what: &'static str, bytes: &[u8], swapped: bool) -> Result<String, BcdError> {
    let nibbles = bytes.iter().flat_map(|&b| {
        if swapped {
            [b & 0x0F, b >> 4]
        } else {
            [b >> 4, b & 0x0F]
        }
    });
    let mut out = String::new();
    let mut ended = false;
    for (position, n) in nibbles.enumerate() {
        match (n, ended) {
            (0x0F, _) => ended = true,
            (0..=9, false) => out.push(char::from(b'0' + n)),
            _ => {
                return Err(BcdError::BadNibble {
                    what,
                    nibble: n,
                    position,
                });
            }
        }
    }
    Ok(out)
}

/// ICCID for `ProfileHeader.iccid`: plain BCD, `F`-padded to 10 octets.
pub fn iccid_to_header(iccid: &str) -> Result<[u8; 10], BcdError> {
    check_iccid(iccid)?;
    let mut out = [0u8; 10];
    out.copy_from_slice(&pack(iccid, 10, false));
    Ok(out)
}

/// Digits of `ProfileHeader.iccid`.
pub fn iccid_from_header(bytes: &[u8]) -> Result<String, BcdError> {
    let s = unpack("header ICCID", bytes, false)?;
    check_digits("header ICCID", &s, 18, 20).map(|_| s)
}

/// EF.ICCID content (ETSI TS 102 221 13.2): swapped BCD, `F`-padded to 10 octets.
pub fn iccid_to_ef(iccid: &str) -> Result<[u8; 10], BcdError> {
    check_iccid(iccid)?;
    let mut out = [0u8; 10];
    out.copy_from_slice(&pack(iccid, 10, true));
    Ok(out)
}

/// Digits of an EF.ICCID content.
pub fn iccid_from_ef(bytes: &[u8]) -> Result<String, BcdError> {
    let s = unpack("EF.ICCID", bytes, true)?;
    check_digits("EF.ICCID", &s, 18, 20).map(|_| s)
}

/// EF.IMSI content (3GPP TS 31.102 4.2.2, TS 24.008 10.5.1.4): length of the IMSI in octets,
/// then the first digit in the high nibble beside the parity bit (b4, set for an odd number
/// of digits) and identity type 001, then the other digits swapped, `F`-filled, and the 9
/// octets of the file completed with `FF`.
pub fn imsi_to_ef(imsi: &str) -> Result<[u8; 9], BcdError> {
    check_imsi(imsi)?;
    let odd = imsi.len() % 2 == 1;
    let type_nibble = if odd { 0x09 } else { 0x01 };
    let mut nibbles = vec![type_nibble];
    nibbles.extend(imsi.bytes().map(|b| b - b'0'));
    if nibbles.len() % 2 == 1 {
        nibbles.push(0x0F);
    }
    let mut out = [0xFFu8; 9];
    let octets = nibbles.len() / 2;
    out[0] = octets as u8;
    for (i, p) in nibbles.chunks(2).enumerate() {
        out[1 + i] = p[1] << 4 | p[0];
    }
    Ok(out)
}

/// Digits of an EF.IMSI content; checks the length octet, identity type and parity.
pub fn imsi_from_ef(bytes: &[u8]) -> Result<String, BcdError> {
    const WHAT: &str = "EF.IMSI";
    let malformed = |reason| BcdError::Malformed { what: WHAT, reason };
    let (&len, rest) = bytes.split_first().ok_or(malformed("empty"))?;
    let len = usize::from(len);
    if len == 0 || len > 8 || len > rest.len() {
        return Err(malformed("length octet out of range"));
    }
    let body = &rest[..len];
    if body[0] & 0x07 != 0x01 {
        return Err(malformed("identity type is not IMSI (001)"));
    }
    let odd = body[0] & 0x08 != 0;
    let mut digits = String::new();
    let first = body[0] >> 4;
    let rest_digits = unpack(WHAT, &body[1..], true)?;
    if first > 9 {
        return Err(BcdError::BadNibble {
            what: WHAT,
            nibble: first,
            position: 1,
        });
    }
    digits.push(char::from(b'0' + first));
    digits.push_str(&rest_digits);
    if (digits.len() % 2 == 1) != odd {
        return Err(malformed("parity bit does not match the number of digits"));
    }
    check_digits(WHAT, &digits, 6, 15)?;
    Ok(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ts102_221_13_2_ef_iccid_is_swapped_and_f_padded() {
        let ef = iccid_to_ef("8949449999999990023").unwrap();
        assert_eq!(hex::encode_upper(ef), "989444999999990920F3");
        assert_eq!(iccid_from_ef(&ef).unwrap(), "8949449999999990023");
        let header = iccid_to_header("8949449999999990023").unwrap();
        assert_eq!(hex::encode_upper(header), "8949449999999990023F");
        assert_eq!(iccid_from_header(&header).unwrap(), "8949449999999990023");
        assert_eq!(
            iccid_from_ef(&iccid_to_ef("89000123456789012341").unwrap()).unwrap(),
            "89000123456789012341"
        );
    }

    #[test]
    fn ts31_102_4_2_2_ef_imsi_parity_and_type() {
        // 15 digits: odd, type nibble 9.
        let ef = imsi_to_ef("001010123456063").unwrap();
        assert_eq!(hex::encode_upper(ef), "080910101032540636");
        assert_eq!(imsi_from_ef(&ef).unwrap(), "001010123456063");
        // 14 digits: even, type nibble 1, F filler in the last high nibble.
        let ef = imsi_to_ef("26201123456789").unwrap();
        assert_eq!(hex::encode_upper(ef), "0821261021436587F9");
        assert_eq!(imsi_from_ef(&ef).unwrap(), "26201123456789");
        // 6 digits: 4 octets, rest of the file FF.
        let ef = imsi_to_ef("001010").unwrap();
        assert_eq!(hex::encode_upper(ef), "04011010F0FFFFFFFF");
        assert_eq!(imsi_from_ef(&ef).unwrap(), "001010");
    }

    #[test]
    fn malformed_digits_are_refused() {
        assert!(matches!(
            check_iccid("89a0"),
            Err(BcdError::NotDigit { .. })
        ));
        assert!(matches!(check_iccid("8901"), Err(BcdError::Length { .. })));
        assert!(matches!(
            check_imsi("0010101234560631"),
            Err(BcdError::Length { .. })
        ));
        assert!(
            iccid_from_ef(&[0x98, 0xF4, 0x44, 0, 0, 0, 0, 0, 0, 0]).is_err(),
            "digit after F"
        );
        assert!(iccid_from_ef(&[0x9A; 10]).is_err(), "nibble A");
        assert!(imsi_from_ef(&[]).is_err());
        assert!(
            imsi_from_ef(&[0x09, 0x09]).is_err(),
            "length beyond the data"
        );
        assert!(
            imsi_from_ef(&[0x08, 0x02, 0, 0, 0, 0, 0, 0, 0]).is_err(),
            "type not IMSI"
        );
        assert!(
            imsi_from_ef(&[0x08, 0x01, 0x10, 0x10, 0x10, 0x32, 0x54, 0x06, 0x36]).is_err(),
            "parity"
        );
    }
}
