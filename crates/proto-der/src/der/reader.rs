//! Reading DER TLVs (ITU-T X.690 8.1 and 10.1) with absolute offsets for error reports.

use super::{DecodeError, DecodeErrorKind, DecodeResult, DerRule, Tag};

/// Nesting bound for constructed values; deeper input is refused, never recursed into.
pub const MAX_DEPTH: u8 = 48;

/// What a decode takes beyond DER. The default takes nothing: every rule of
/// [`DerRule`] is enforced. A reader passes its leniency on to every TLV it reads and to
/// the readers over their contents, so one choice at the top governs a whole value.
///
/// Only for values that no signature covers and that the receiver displays, relays or
/// stores as their meaning rather than as octets: X.690 gives BER encodings with the same
/// meaning as the DER one, and DER's single encoding (clause 11) matters where octets are
/// signed and compared. Signed components stay [`crate::der::Preserved`] and are verified
/// over the octets received, whatever the leniency.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Leniency {
    /// Take a DEFAULT component encoded with its default value (BER, X.690 8.1;
    /// DER leaves it out, X.690 11.5) as if it were absent.
    pub encoded_defaults: bool,
}

impl Leniency {
    /// Strict DER.
    pub const DER: Leniency = Leniency {
        encoded_defaults: false,
    };
    /// DER, but a DEFAULT component may carry its default value.
    pub const ENCODED_DEFAULTS: Leniency = Leniency {
        encoded_defaults: true,
    };
}

/// One complete TLV borrowed from the input.
#[derive(Clone, Copy, Debug)]
pub struct Tlv<'a> {
    pub tag: Tag,
    /// Absolute offset of the first identifier octet.
    pub offset: usize,
    header_len: usize,
    /// The whole encoding: identifier, length and contents, as received.
    pub raw: &'a [u8],
    depth: u8,
    leniency: Leniency,
}

impl<'a> Tlv<'a> {
    /// What the decode of this TLV takes beyond DER (that of the reader that read it).
    pub fn leniency(&self) -> Leniency {
        self.leniency
    }

    /// The contents octets.
    pub fn value(&self) -> &'a [u8] {
        &self.raw[self.header_len..]
    }

    /// Absolute offset of the first contents octet.
    pub fn value_offset(&self) -> usize {
        self.offset + self.header_len
    }

    /// A reader over the contents of a constructed value.
    pub fn contents(&self) -> DecodeResult<Reader<'a>> {
        if self.depth >= MAX_DEPTH {
            return Err(DecodeError::new(self.offset, DecodeErrorKind::TooDeep));
        }
        Ok(Reader {
            data: self.value(),
            pos: 0,
            base: self.value_offset(),
            depth: self.depth + 1,
            leniency: self.leniency,
        })
    }

    /// Fails unless the value is primitive (DER forbids constructed strings).
    pub fn expect_primitive(&self) -> DecodeResult<&'a [u8]> {
        if self.tag.constructed {
            return Err(DecodeError::not_der(
                self.offset,
                DerRule::ConstructedString,
            ));
        }
        Ok(self.value())
    }

    /// Fails with UnexpectedTag unless the tag equals `expected`.
    pub fn expect_tag(&self, expected: Tag) -> DecodeResult<()> {
        if self.tag == expected {
            Ok(())
        } else {
            Err(DecodeError::new(
                self.offset,
                DecodeErrorKind::UnexpectedTag {
                    expected: expected.to_string(),
                    found: self.tag,
                },
            ))
        }
    }

    /// Parses exactly one TLV spanning all of `data` (no trailing bytes).
    pub fn parse_single(data: &'a [u8]) -> DecodeResult<Tlv<'a>> {
        Tlv::parse_single_with(data, Leniency::DER)
    }

    /// [`Tlv::parse_single`] with what the decode of the value may take beyond DER.
    pub fn parse_single_with(data: &'a [u8], leniency: Leniency) -> DecodeResult<Tlv<'a>> {
        let mut r = Reader::with_leniency(data, leniency);
        let tlv = r.read()?;
        r.finish()?;
        Ok(tlv)
    }
}

/// A cursor over a run of TLVs: a whole message, or the contents of a constructed value.
#[derive(Clone, Debug)]
pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    base: usize,
    depth: u8,
    leniency: Leniency,
}

impl<'a> Reader<'a> {
    /// A strict DER reader over `data`.
    pub fn new(data: &'a [u8]) -> Self {
        Reader::with_leniency(data, Leniency::DER)
    }

    /// A reader whose values may take what `leniency` allows beyond DER.
    pub fn with_leniency(data: &'a [u8], leniency: Leniency) -> Self {
        Reader {
            data,
            pos: 0,
            base: 0,
            depth: 0,
            leniency,
        }
    }

    /// Absolute offset of the next unread octet.
    pub fn offset(&self) -> usize {
        self.base + self.pos
    }

    pub fn is_empty(&self) -> bool {
        self.pos >= self.data.len()
    }

    /// The unread octets.
    pub fn remaining(&self) -> &'a [u8] {
        &self.data[self.pos.min(self.data.len())..]
    }

    /// The tag of the next TLV, if any octets remain.
    pub fn peek_tag(&self) -> DecodeResult<Option<Tag>> {
        if self.is_empty() {
            return Ok(None);
        }
        Tag::parse_der(self.remaining())
            .map(|(tag, _)| Some(tag))
            .map_err(|kind| DecodeError::new(self.offset(), kind))
    }

    /// Reads the next complete TLV.
    pub fn read(&mut self) -> DecodeResult<Tlv<'a>> {
        let start = self.offset();
        let rest = self.remaining();
        if rest.is_empty() {
            return Err(DecodeError::new(
                start,
                DecodeErrorKind::Truncated {
                    needed: 1,
                    available: 0,
                },
            ));
        }
        let (tag, tag_len) = Tag::parse_der(rest).map_err(|kind| DecodeError::new(start, kind))?;
        let (len, len_len) = parse_length(&rest[tag_len..], start + tag_len)?;
        let header_len = tag_len + len_len;
        let available = rest.len() - header_len;
        if len > available {
            return Err(DecodeError::new(
                start,
                DecodeErrorKind::Truncated {
                    needed: len,
                    available,
                },
            ));
        }
        let raw = &rest[..header_len + len];
        self.pos += raw.len();
        Ok(Tlv {
            tag,
            offset: start,
            header_len,
            raw,
            depth: self.depth,
            leniency: self.leniency,
        })
    }

    /// Reads the next TLV only if its tag satisfies `accept`.
    pub fn read_if(&mut self, accept: impl Fn(Tag) -> bool) -> DecodeResult<Option<Tlv<'a>>> {
        match self.peek_tag()? {
            Some(tag) if accept(tag) => self.read().map(Some),
            _ => Ok(None),
        }
    }

    /// Skips the remaining TLVs, checking that each is well formed (unknown extension
    /// components of an extensible type).
    pub fn skip_rest(&mut self) -> DecodeResult<()> {
        while !self.is_empty() {
            self.read()?;
        }
        Ok(())
    }

    /// Skips the unknown components that end a value of an extensible type (SGP.22 and
    /// SGP.32 modules are `EXTENSIBILITY IMPLIED`), checking each is well formed. Unlike
    /// [`Reader::skip_rest`], what is skipped here is not kept: the value re-encodes
    /// without it.
    pub fn skip_extensions(&mut self) -> DecodeResult<()> {
        #[cfg(fuzzing)]
        if !self.is_empty() {
            super::fuzzing::note_skipped();
        }
        self.skip_rest()
    }

    /// Fails if any octet is left.
    pub fn finish(&self) -> DecodeResult<()> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(DecodeError::new(
                self.offset(),
                DecodeErrorKind::TrailingData(self.data.len() - self.pos),
            ))
        }
    }
}

/// Parses DER length octets (X.690 10.1: definite form, minimal number of octets). The
/// offset of an error is the one of the first length octet.
fn parse_length(data: &[u8], offset: usize) -> DecodeResult<(usize, usize)> {
    let truncated = |needed| {
        DecodeError::new(
            offset,
            DecodeErrorKind::Truncated {
                needed,
                available: data.len(),
            },
        )
    };
    let first = *data.first().ok_or_else(|| truncated(1))?;
    if first < 0x80 {
        return Ok((usize::from(first), 1));
    }
    if first == 0x80 {
        return Err(DecodeError::not_der(offset, DerRule::IndefiniteLength));
    }
    let count = usize::from(first & 0x7F);
    if count > 4 {
        return Err(DecodeError::new(
            offset,
            DecodeErrorKind::BadLength("more than 4 length octets"),
        ));
    }
    let octets = data.get(1..=count).ok_or_else(|| truncated(count + 1))?;
    if octets[0] == 0 {
        return Err(DecodeError::not_der(offset, DerRule::LengthLeadingZero));
    }
    let len = octets
        .iter()
        .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
    if len < 0x80 {
        return Err(DecodeError::not_der(
            offset,
            DerRule::LongFormForShortLength,
        ));
    }
    Ok((len, count + 1))
}

/// Appends DER length octets.
pub fn encode_length(len: usize, out: &mut Vec<u8>) {
    if len < 0x80 {
        out.push(len as u8);
        return;
    }
    let bytes = (len as u64).to_be_bytes();
    let skip = bytes.iter().take_while(|&&b| b == 0).count();
    out.push(0x80 | (8 - skip) as u8);
    out.extend_from_slice(&bytes[skip..]);
}

/// Appends a complete TLV.
pub fn write_tlv(tag: Tag, contents: &[u8], out: &mut Vec<u8>) {
    tag.encode(out);
    encode_length(contents.len(), out);
    out.extend_from_slice(contents);
}

/// Appends a TLV whose contents are produced by `f`, fixing up the length afterwards.
pub fn write_constructed(tag: Tag, out: &mut Vec<u8>, f: impl FnOnce(&mut Vec<u8>)) {
    tag.encode(out);
    let len_at = out.len();
    out.push(0);
    let start = out.len();
    f(out);
    let len = out.len() - start;
    if len >= 0x80 {
        let mut header = Vec::with_capacity(5);
        encode_length(len, &mut header);
        out.splice(len_at..len_at + 1, header);
    } else {
        out[len_at] = len as u8;
    }
}

/// The identifier and length octets at the start of `data`, for readers that see a value
/// arrive in pieces (the eUICC's BPP stream) or only its first octets (a refused body): the
/// tag, the length of the contents and the number of header octets; `Ok(None)` while the
/// header is incomplete; the same DER rules as [`Reader`] otherwise.
pub fn header(data: &[u8]) -> DecodeResult<Option<(Tag, usize, usize)>> {
    let (tag, tag_len) = match Tag::parse_der(data) {
        Ok(t) => t,
        Err(DecodeErrorKind::Truncated { .. }) => return Ok(None),
        Err(kind) => return Err(DecodeError::new(0, kind)),
    };
    match parse_length(&data[tag_len..], tag_len) {
        Ok((len, len_len)) => Ok(Some((tag, len, tag_len + len_len))),
        Err(e) if matches!(e.kind, DecodeErrorKind::Truncated { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x690_header_of_a_value_arriving_in_pieces() {
        let bf36 = [0xBF, 0x36, 0x82, 0x01, 0x00];
        for n in 0..bf36.len() {
            assert_eq!(header(&bf36[..n]).unwrap(), None, "{n} octets");
        }
        let (tag, len, at) = header(&bf36).unwrap().unwrap();
        assert_eq!((tag.to_string(), len, at), ("BF36".to_string(), 256, 5));
        // the rules of the reader: no indefinite length, minimal length octets
        assert!(header(&[0x30, 0x80]).is_err());
        assert!(header(&[0x30, 0x81, 0x05]).is_err());
    }

    #[test]
    fn x690_10_1_definite_minimal_lengths() {
        let mut out = Vec::new();
        for (len, bytes) in [
            (0usize, &[0x00][..]),
            (127, &[0x7F][..]),
            (128, &[0x81, 0x80][..]),
            (255, &[0x81, 0xFF][..]),
            (256, &[0x82, 0x01, 0x00][..]),
        ] {
            out.clear();
            encode_length(len, &mut out);
            assert_eq!(out, bytes);
            assert_eq!(parse_length(bytes, 0).unwrap(), (len, bytes.len()));
        }
        assert!(parse_length(&[0x82, 0x01], 0).is_err(), "truncated");
    }

    fn not_der(data: &[u8]) -> (usize, DerRule) {
        match Reader::new(data).read() {
            Err(DecodeError {
                offset,
                kind: DecodeErrorKind::NotDer(rule),
                ..
            }) => (offset, rule),
            other => panic!("{} decoded as {other:?}", hex::encode(data)),
        }
    }

    #[test]
    fn x690_10_1_indefinite_length_refused_at_its_offset() {
        // 30 80 ... 00 00: BER's indefinite form.
        assert_eq!(
            not_der(&[0x30, 0x80, 0x02, 0x01, 0x05, 0x00, 0x00]),
            (1, DerRule::IndefiniteLength)
        );
    }

    #[test]
    fn x690_10_1_long_form_for_short_length_refused() {
        assert_eq!(
            not_der(&[0x04, 0x81, 0x05, 1, 2, 3, 4, 5]),
            (1, DerRule::LongFormForShortLength)
        );
        assert_eq!(
            not_der(&[0xBF, 0x36, 0x81, 0x7F]),
            (2, DerRule::LongFormForShortLength)
        );
    }

    #[test]
    fn x690_10_1_leading_zero_length_octet_refused() {
        let mut data = vec![0x04, 0x82, 0x00, 0x90];
        data.extend([0u8; 0x90]);
        assert_eq!(not_der(&data), (1, DerRule::LengthLeadingZero));
    }

    #[test]
    fn x690_8_1_2_non_minimal_tags_refused_by_the_reader() {
        // BF 1E: [30] in the long form; offset of the tag inside a SEQUENCE.
        let data = [0x30, 0x05, 0x02, 0x01, 0x00, 0xBF, 0x1E];
        let mut outer = Reader::new(&data);
        let mut inner = outer.read().unwrap().contents().unwrap();
        inner.read().unwrap();
        let err = inner.read().unwrap_err();
        assert_eq!(
            (err.offset, err.kind),
            (5, DecodeErrorKind::NotDer(DerRule::TagNumberNotInShortForm))
        );
        assert_eq!(
            not_der(&[0xBF, 0x80, 0x36, 0x00]),
            (0, DerRule::TagNumberLeadingZero)
        );
        let peek = Reader::new(&[0x1F, 0x05, 0x00]).peek_tag().unwrap_err();
        assert_eq!(
            peek.kind,
            DecodeErrorKind::NotDer(DerRule::TagNumberNotInShortForm)
        );
    }

    #[test]
    fn x690_10_2_constructed_strings_refused() {
        // 24 ...: OCTET STRING in the constructed form.
        let tlv = Reader::new(&[0x24, 0x03, 0x04, 0x01, 0xAA]).read().unwrap();
        let err = tlv.expect_primitive().unwrap_err();
        assert_eq!(
            err.kind,
            DecodeErrorKind::NotDer(DerRule::ConstructedString)
        );
    }

    #[test]
    fn truncated_value_reports_offset_and_sizes() {
        let mut r = Reader::new(&[0x30, 0x03, 0x02, 0x01, 0x05, 0xBF, 0x36, 0x10, 0x00]);
        let seq = r.read().unwrap();
        assert_eq!(seq.value(), &[0x02, 0x01, 0x05]);
        let err = r.read().unwrap_err();
        assert_eq!(err.offset, 5);
        assert_eq!(
            err.kind,
            DecodeErrorKind::Truncated {
                needed: 16,
                available: 1
            }
        );
        assert_eq!(
            err.to_string(),
            "at byte offset 5: truncated: 16 bytes needed, 1 available"
        );
    }

    #[test]
    fn write_constructed_fixes_long_lengths() {
        let mut out = Vec::new();
        write_constructed(Tag::context(3, true), &mut out, |o| o.extend([0u8; 300]));
        assert_eq!(&out[..4], &[0xA3, 0x82, 0x01, 0x2C]);
        assert_eq!(out.len(), 304);
    }
}
