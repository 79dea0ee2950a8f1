//! The `Asn1` trait and the tagging rules of ITU-T X.680 31 applied to DER.

use serde_json::Value;

use super::reader::{Leniency, Reader, Tlv, write_constructed};
use super::{DecodeError, DecodeErrorKind, DecodeResult, DerRule, Tag};

/// A type with a DER encoding.
///
/// Implicit tagging replaces a type's own tag and keeps its contents octets; a tagged CHOICE
/// (or open type) is always tagged explicitly (X.680 31.2.7), so such types report
/// `TAG = None` and tagging wraps their whole encoding. Sequences, CHOICEs, enumerations and
/// newtypes get this trait from `#[derive(Asn1)]`.
pub trait Asn1: Sized {
    /// The outermost tag of the type used untagged; `None` for an untagged CHOICE or an open
    /// type, whose tag is the one of the value held.
    const TAG: Option<Tag>;
    /// Name of the type in the specification, for errors and JSON.
    const NAME: &'static str;

    /// Whether a value of this type can start with `tag`.
    fn accepts(tag: Tag) -> bool {
        Self::TAG == Some(tag)
    }

    /// Human description of the accepted tags, for error messages.
    fn expected() -> String {
        match Self::TAG {
            Some(tag) => tag.to_string(),
            None => format!("a {} alternative", Self::NAME),
        }
    }

    /// Appends the contents octets. For types with `TAG = None`, the whole encoding.
    fn encode_contents(&self, out: &mut Vec<u8>);

    /// Decodes from the contents of `tlv`, whatever tag `tlv` carries (implicit tagging).
    /// For types with `TAG = None`, `tlv` is the value itself.
    fn decode_contents(tlv: &Tlv<'_>) -> DecodeResult<Self>;

    /// The value as JSON (ASN.1 names as keys, OCTET STRINGs as hex).
    fn to_json(&self) -> Value;

    /// Appends the complete encoding.
    fn encode(&self, out: &mut Vec<u8>) {
        match Self::TAG {
            Some(tag) => write_constructed(tag, out, |o| self.encode_contents(o)),
            None => self.encode_contents(out),
        }
    }

    /// Decodes a complete TLV, checking its tag.
    fn decode(tlv: &Tlv<'_>) -> DecodeResult<Self> {
        if !Self::accepts(tlv.tag) {
            return Err(unexpected_tag::<Self>(tlv));
        }
        Self::decode_contents(tlv)
    }

    /// The DER encoding.
    fn to_der(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode(&mut out);
        out
    }

    /// Decodes exactly one value spanning all of `data`.
    fn from_der(data: &[u8]) -> DecodeResult<Self> {
        Self::from_der_with(data, Leniency::DER)
    }

    /// Decodes exactly one value spanning all of `data`, taking what `leniency` allows
    /// beyond DER (for values only displayed, relayed or stored by meaning: see
    /// [`Leniency`]).
    fn from_der_with(data: &[u8], leniency: Leniency) -> DecodeResult<Self> {
        let tlv = Tlv::parse_single_with(data, leniency).map_err(|e| e.within(Self::NAME))?;
        Self::decode(&tlv).map_err(|e| e.within(Self::NAME))
    }
}

/// The error for a TLV whose tag `T` does not accept.
pub fn unexpected_tag<T: Asn1>(tlv: &Tlv<'_>) -> DecodeError {
    DecodeError::new(
        tlv.offset,
        DecodeErrorKind::UnexpectedTag {
            expected: T::expected(),
            found: tlv.tag,
        },
    )
}

/// The tag a component of type `T` carries when given the tag `tag` (class and number;
/// the form is derived): explicit tags and tags on CHOICE/open types are constructed,
/// implicit tags take the form of the type they replace.
pub const fn tag_for<T: Asn1>(tag: Tag, explicit: bool) -> Tag {
    match T::TAG {
        Some(own) if !explicit => tag.with_constructed(own.constructed),
        _ => tag.with_constructed(true),
    }
}

fn wraps<T: Asn1>(explicit: bool) -> bool {
    explicit || T::TAG.is_none()
}

/// Appends a component, tagged or with its own tag.
pub fn encode_component<T: Asn1>(value: &T, tag: Option<Tag>, explicit: bool, out: &mut Vec<u8>) {
    match tag {
        None => value.encode(out),
        Some(tag) if wraps::<T>(explicit) => {
            write_constructed(tag_for::<T>(tag, explicit), out, |o| value.encode(o))
        }
        Some(tag) => write_constructed(tag_for::<T>(tag, explicit), out, |o| {
            value.encode_contents(o)
        }),
    }
}

/// Whether a component of type `T` with the given tagging can start with `found`.
pub fn component_accepts<T: Asn1>(tag: Option<Tag>, explicit: bool, found: Tag) -> bool {
    match tag {
        None => T::accepts(found),
        Some(tag) => found == tag_for::<T>(tag, explicit),
    }
}

/// Describes the tag expected for a component, for error messages.
pub fn component_expected<T: Asn1>(tag: Option<Tag>, explicit: bool) -> String {
    match tag {
        None => T::expected(),
        Some(tag) => tag_for::<T>(tag, explicit).to_string(),
    }
}

/// Decodes a component whose TLV has already been matched with [`component_accepts`].
pub fn decode_component<T: Asn1>(
    tlv: &Tlv<'_>,
    tag: Option<Tag>,
    explicit: bool,
) -> DecodeResult<T> {
    match tag {
        None => T::decode(tlv),
        Some(_) if wraps::<T>(explicit) => {
            let mut inner = tlv.contents()?;
            let value = T::decode(&inner.read()?)?;
            inner.finish()?;
            Ok(value)
        }
        Some(_) => T::decode_contents(tlv),
    }
}

/// Refuses a DEFAULT component whose received value equals its default: DER leaves it out
/// (X.690 11.5). `tlv` is the component's TLV, for the offset; a decode whose
/// [`Leniency`] takes encoded defaults lets it through (the value is the same, X.690 8.1).
pub fn refuse_default<T: PartialEq>(
    value: &T,
    default: &T,
    tlv: &Tlv<'_>,
    name: &'static str,
) -> DecodeResult<()> {
    if value == default && !tlv.leniency().encoded_defaults {
        Err(DecodeError::not_der(
            tlv.offset,
            DerRule::DefaultValueEncoded(name),
        ))
    } else {
        Ok(())
    }
}

/// The error for a mandatory SEQUENCE component that is not next in `r`: a wrong tag if
/// something else is there, a missing field at the end.
pub fn sequence_missing<T: Asn1>(
    r: &Reader<'_>,
    tag: Option<Tag>,
    explicit: bool,
    name: &'static str,
) -> DecodeError {
    match r.peek_tag() {
        Ok(Some(found)) => DecodeError::new(
            r.offset(),
            DecodeErrorKind::UnexpectedTag {
                expected: component_expected::<T>(tag, explicit),
                found,
            },
        )
        .within(name),
        Ok(None) => DecodeError::new(r.offset(), DecodeErrorKind::MissingField(name)),
        Err(e) => e,
    }
}
