//! Cutting a Bound Profile Package into the ES10b.LoadBoundProfilePackage calls an LPA makes
//! (SGP.22 2.5.5 and 5.7.6, as lpac does it):
//!
//! ```text
//! 1. BF36 tag and length, followed by the whole BF23 TLV (InitialiseSecureChannel)
//! 2. the whole A0 TLV (firstSequenceOf87: ConfigureISDP)
//! 3. the A1 tag and length alone, then each 88 TLV (StoreMetadata) on its own
//! 4. the whole A2 TLV, if present (secondSequenceOf87: ReplaceSessionKeys)
//! 5. the A3 tag and length alone, then each 86 TLV (LoadProfileElements) on its own
//! ```
//!
//! The pieces are cut from the received octets; nothing is re-encoded.

use proto::der::{Class, DecodeError, Tag, Tlv};

const BPP: Tag = Tag::context(54, true);
const INITIALISE_SECURE_CHANNEL: Tag = Tag::context(35, true);

/// The tag and length octets of a TLV.
fn header<'a>(tlv: &Tlv<'a>) -> &'a [u8] {
    &tlv.raw[..tlv.raw.len() - tlv.value().len()]
}

/// Why a Bound Profile Package cannot be cut into pieces: what is missing or malformed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BppPiecesError {
    /// A TLV of the package does not decode.
    #[error("{0}")]
    Decode(#[from] DecodeError),
    /// The package is not a BoundProfilePackage (`BF36`).
    #[error("tag {0} instead of BF36")]
    NotBpp(Tag),
    /// The first component is not InitialiseSecureChannel (`BF23`).
    #[error("first component has tag {0} instead of BF23")]
    NoInitialiseSecureChannel(Tag),
    /// A component other than `A0` to `A3`.
    #[error("unexpected component with tag {0}")]
    UnexpectedComponent(Tag),
    /// A mandatory component (`A0`, `A1`, `A3`) is missing.
    #[error("the {0} component is missing")]
    Missing(&'static str),
}

/// The pieces of `bpp`, in the order they are sent; an error names what is missing or
/// malformed.
pub fn lbpp_pieces(bpp: &[u8]) -> Result<Vec<Vec<u8>>, BppPiecesError> {
    let outer = Tlv::parse_single(bpp)?;
    if outer.tag != BPP {
        return Err(BppPiecesError::NotBpp(outer.tag));
    }
    let mut items = outer.contents()?;
    let isc = items.read()?;
    if isc.tag != INITIALISE_SECURE_CHANNEL {
        return Err(BppPiecesError::NoInitialiseSecureChannel(isc.tag));
    }
    let mut first = header(&outer).to_vec();
    first.extend_from_slice(isc.raw);
    let mut pieces = vec![first];
    let mut seen = Vec::new();
    while !items.is_empty() {
        let c = items.read()?;
        if c.tag.class != Class::Context || !c.tag.constructed || c.tag.number > 3 {
            return Err(BppPiecesError::UnexpectedComponent(c.tag));
        }
        seen.push(c.tag.number);
        match c.tag.number {
            1 | 3 => {
                pieces.push(header(&c).to_vec());
                let mut inner = c.contents()?;
                while !inner.is_empty() {
                    pieces.push(inner.read()?.raw.to_vec());
                }
            }
            _ => pieces.push(c.raw.to_vec()),
        }
    }
    for (needed, name) in [(0, "A0"), (1, "A1"), (3, "A3")] {
        if !seen.contains(&needed) {
            return Err(BppPiecesError::Missing(name));
        }
    }
    Ok(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tlv(tag: &[u8], value: &[u8]) -> Vec<u8> {
        let mut out = tag.to_vec();
        assert!(value.len() < 128);
        out.push(value.len() as u8);
        out.extend_from_slice(value);
        out
    }

    #[test]
    fn sgp22_2_5_5_pieces_follow_the_lpa_segmentation() {
        let isc = tlv(&[0xBF, 0x23], &[0x82, 0x01, 0x01]);
        let a0 = tlv(&[0xA0], &tlv(&[0x87], &[1, 2]));
        let m1 = tlv(&[0x88], &[3]);
        let m2 = tlv(&[0x88], &[4, 5]);
        let a1 = tlv(&[0xA1], &[m1.clone(), m2.clone()].concat());
        let a2 = tlv(&[0xA2], &tlv(&[0x87], &[6]));
        let s1 = tlv(&[0x86], &[7, 8, 9]);
        let s2 = tlv(&[0x86], &[10]);
        let a3 = tlv(&[0xA3], &[s1.clone(), s2.clone()].concat());
        let body = [isc.clone(), a0.clone(), a1, a2.clone(), a3].concat();
        let bpp = tlv(&[0xBF, 0x36], &body);
        let pieces = lbpp_pieces(&bpp).unwrap();
        let mut first = vec![0xBF, 0x36, body.len() as u8];
        first.extend_from_slice(&isc);
        assert_eq!(
            pieces,
            vec![
                first,
                a0,
                vec![0xA1, (m1.len() + m2.len()) as u8],
                m1,
                m2,
                a2,
                vec![0xA3, (s1.len() + s2.len()) as u8],
                s1,
                s2,
            ]
        );
        // the pieces put back together are the package
        assert_eq!(pieces.concat(), bpp);
    }

    #[test]
    fn sgp22_2_5_5_malformed_packages_are_refused_with_a_reason() {
        assert!(lbpp_pieces(&[]).is_err());
        assert!(lbpp_pieces(&[0xBF, 0x36, 0x05, 0x00]).is_err());
        let no_isc = tlv(&[0xBF, 0x36], &tlv(&[0xA0], &[]));
        assert!(
            lbpp_pieces(&no_isc)
                .unwrap_err()
                .to_string()
                .contains("BF23")
        );
        let only_isc = tlv(&[0xBF, 0x36], &tlv(&[0xBF, 0x23], &[]));
        assert!(
            lbpp_pieces(&only_isc)
                .unwrap_err()
                .to_string()
                .contains("A0")
        );
    }
}
