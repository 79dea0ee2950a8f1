//! BER/DER identifier octets (ITU-T X.690 8.1.2).

use std::fmt;

use super::{DecodeErrorKind, DerRule};

/// Tag class, bits 8–7 of the first identifier octet.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub enum Class {
    Universal = 0,
    Application = 1,
    Context = 2,
    Private = 3,
}

/// A tag: class, primitive/constructed form, and number.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub struct Tag {
    pub class: Class,
    pub constructed: bool,
    pub number: u32,
}

impl Tag {
    pub const BOOLEAN: Tag = Tag::universal(1, false);
    pub const INTEGER: Tag = Tag::universal(2, false);
    pub const BIT_STRING: Tag = Tag::universal(3, false);
    pub const OCTET_STRING: Tag = Tag::universal(4, false);
    pub const NULL: Tag = Tag::universal(5, false);
    pub const OBJECT_IDENTIFIER: Tag = Tag::universal(6, false);
    pub const ENUMERATED: Tag = Tag::universal(10, false);
    pub const UTF8_STRING: Tag = Tag::universal(12, false);
    pub const SEQUENCE: Tag = Tag::universal(16, true);
    pub const SET: Tag = Tag::universal(17, true);
    pub const NUMERIC_STRING: Tag = Tag::universal(18, false);
    pub const PRINTABLE_STRING: Tag = Tag::universal(19, false);
    pub const IA5_STRING: Tag = Tag::universal(22, false);
    pub const UTC_TIME: Tag = Tag::universal(23, false);
    pub const GENERALIZED_TIME: Tag = Tag::universal(24, false);
    pub const VISIBLE_STRING: Tag = Tag::universal(26, false);
    pub const BMP_STRING: Tag = Tag::universal(30, false);

    pub const fn new(class: Class, constructed: bool, number: u32) -> Tag {
        Tag {
            class,
            constructed,
            number,
        }
    }
    pub const fn universal(number: u32, constructed: bool) -> Tag {
        Tag::new(Class::Universal, constructed, number)
    }
    pub const fn context(number: u32, constructed: bool) -> Tag {
        Tag::new(Class::Context, constructed, number)
    }
    pub const fn application(number: u32, constructed: bool) -> Tag {
        Tag::new(Class::Application, constructed, number)
    }

    /// The same class and number with another form (used by implicit tagging).
    pub const fn with_constructed(self, constructed: bool) -> Tag {
        Tag::new(self.class, constructed, self.number)
    }

    /// Class and number equal, form ignored.
    pub const fn same_number(self, other: Tag) -> bool {
        self.class as u8 == other.class as u8 && self.number == other.number
    }

    /// Appends the identifier octets.
    pub fn encode(self, out: &mut Vec<u8>) {
        let first = ((self.class as u8) << 6) | if self.constructed { 0x20 } else { 0 };
        if self.number < 31 {
            out.push(first | self.number as u8);
            return;
        }
        out.push(first | 0x1F);
        let mut groups = [0u8; 5];
        let mut n = self.number;
        let mut count = 0;
        loop {
            groups[count] = (n & 0x7F) as u8;
            count += 1;
            n >>= 7;
            if n == 0 {
                break;
            }
        }
        for i in (0..count).rev() {
            out.push(groups[i] | if i > 0 { 0x80 } else { 0 });
        }
    }

    /// The identifier octets as bytes.
    pub fn to_bytes(self) -> Vec<u8> {
        let mut v = Vec::with_capacity(3);
        self.encode(&mut v);
        v
    }

    /// Parses identifier octets at the start of `data`; returns the tag and its length.
    /// `None` when the octets are truncated, the number does not fit 28 bits, or the
    /// encoding is not the DER one (see [`Tag::parse_der`]).
    pub fn parse(data: &[u8]) -> Option<(Tag, usize)> {
        Tag::parse_der(data).ok()
    }

    /// Parses identifier octets at the start of `data` (X.690 8.1.2), refusing the
    /// encodings DER does not allow: the high-tag-number form for a number below 31
    /// (8.1.2.2) and a first subsequent octet of `80` (8.1.2.4.2 c). The error kind is
    /// `Truncated`, `BadTag` (a number beyond 28 bits) or `NotDer`; the caller adds the
    /// offset.
    pub fn parse_der(data: &[u8]) -> Result<(Tag, usize), DecodeErrorKind> {
        let truncated = |needed| DecodeErrorKind::Truncated {
            needed,
            available: data.len(),
        };
        let first = *data.first().ok_or_else(|| truncated(1))?;
        let class = match first >> 6 {
            0 => Class::Universal,
            1 => Class::Application,
            2 => Class::Context,
            _ => Class::Private,
        };
        let constructed = first & 0x20 != 0;
        if first & 0x1F != 0x1F {
            return Ok((Tag::new(class, constructed, u32::from(first & 0x1F)), 1));
        }
        if data.get(1) == Some(&0x80) {
            return Err(DecodeErrorKind::NotDer(DerRule::TagNumberLeadingZero));
        }
        let mut number: u32 = 0;
        for (i, &b) in data.iter().enumerate().skip(1).take(MAX_NUMBER_OCTETS) {
            number = (number << 7) | u32::from(b & 0x7F);
            if b & 0x80 == 0 {
                if number < 31 {
                    return Err(DecodeErrorKind::NotDer(DerRule::TagNumberNotInShortForm));
                }
                return Ok((Tag::new(class, constructed, number), i + 1));
            }
        }
        if data.len() <= MAX_NUMBER_OCTETS {
            Err(truncated(data.len() + 1))
        } else {
            Err(DecodeErrorKind::BadTag)
        }
    }
}

/// Subsequent identifier octets taken: 4 × 7 = 28 bits of tag number.
const MAX_NUMBER_OCTETS: usize = 4;

impl fmt::Display for Tag {
    /// Tags print as their identifier octets in hex (`BF36`, `5F37`, `A0`), as the specs and
    /// trace tools show them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.to_bytes() {
            write!(f, "{b:02X}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x690_8_1_2_identifier_octets_round_trip() {
        for (bytes, tag) in [
            (&[0x30][..], Tag::SEQUENCE),
            (&[0xBF, 0x36][..], Tag::context(54, true)),
            (&[0x5F, 0x37][..], Tag::application(55, false)),
            (&[0x9F, 0x70][..], Tag::context(112, false)),
            (&[0xBF, 0x81, 0x00][..], Tag::context(128, true)),
            (&[0x5A][..], Tag::application(26, false)),
        ] {
            assert_eq!(Tag::parse(bytes), Some((tag, bytes.len())));
            assert_eq!(tag.to_bytes(), bytes);
        }
        assert_eq!(Tag::parse(&[0xBF]), None);
        assert_eq!(Tag::parse(&[0xBF, 0x81]), None);
        assert_eq!(format!("{}", Tag::context(54, true)), "BF36");
    }

    #[test]
    fn x690_8_1_2_2_numbers_below_31_only_in_the_short_form() {
        // [30] as BF 1E instead of BE: BER allows it, DER does not.
        assert_eq!(
            Tag::parse_der(&[0xBF, 0x1E]),
            Err(DecodeErrorKind::NotDer(DerRule::TagNumberNotInShortForm))
        );
        assert_eq!(
            Tag::parse_der(&[0x1F, 0x02]),
            Err(DecodeErrorKind::NotDer(DerRule::TagNumberNotInShortForm))
        );
        assert_eq!(
            Tag::parse_der(&[0xBF, 0x1F]),
            Ok((Tag::context(31, true), 2))
        );
    }

    #[test]
    fn x690_8_1_2_4_2_c_no_leading_zero_group() {
        // [54] as BF 80 36.
        assert_eq!(
            Tag::parse_der(&[0xBF, 0x80, 0x36]),
            Err(DecodeErrorKind::NotDer(DerRule::TagNumberLeadingZero))
        );
        assert_eq!(Tag::parse(&[0xBF, 0x80, 0x36]), None);
    }

    #[test]
    fn truncated_and_oversized_tag_numbers() {
        assert_eq!(
            Tag::parse_der(&[0xBF, 0x81]),
            Err(DecodeErrorKind::Truncated {
                needed: 3,
                available: 2
            })
        );
        assert_eq!(
            Tag::parse_der(&[]),
            Err(DecodeErrorKind::Truncated {
                needed: 1,
                available: 0
            })
        );
        // 28 bits is the limit: a fifth subsequent octet is refused.
        assert_eq!(
            Tag::parse_der(&[0xBF, 0xFF, 0xFF, 0xFF, 0x7F]),
            Ok((Tag::context((1 << 28) - 1, true), 5))
        );
        assert_eq!(
            Tag::parse_der(&[0xBF, 0x81, 0x80, 0x80, 0x80, 0x00]),
            Err(DecodeErrorKind::BadTag)
        );
    }
}
