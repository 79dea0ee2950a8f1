//! BER-TLV templates holding COMPREHENSION-TLV elements (ETSI TS 102 223 7.2, 8, Annex C).

use crate::sms::AddressError;
use crate::wire::Reader;

/// The largest template value: lengths are one octet or `81 xx` (ETSI TS 102 223 Annex C).
pub(super) const MAX_VALUE_LEN: usize = 0xFF;

/// Tag of the device identities element (without the CR bit).
pub(super) const TAG_DEVICE_IDENTITIES: u8 = 0x02;
/// Tag of the address element.
pub(super) const TAG_ADDRESS: u8 = 0x06;
/// Tag of the SMS TPDU element.
pub(super) const TAG_SMS_TPDU: u8 = 0x0B;

/// A malformed or unexpected template.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EnvelopeError {
    /// A length runs past the end, or octets follow the template.
    #[error("truncated or overlong template")]
    Length,
    /// The outer tag is not the expected template.
    #[error("template tag {0:#04x} is not the expected one")]
    Template(u8),
    /// A length form other than `xx` (< 80) or `81 xx` (80..FF).
    #[error("length form {0:#04x} is not used by ETSI TS 102 223")]
    LengthForm(u8),
    /// A mandatory element is missing.
    #[error("element {0:#04x} missing")]
    Missing(u8),
    /// An unknown element marked comprehension-required, or a three-octet tag.
    #[error("unknown comprehension-required element {0:#04x}")]
    Unknown(u8),
    /// The device identities are not the expected source and destination.
    #[error("device identities {0:02X?}")]
    DeviceIdentities(Vec<u8>),
    /// The command details name another command.
    #[error("command type {0:#04x} is not SEND SHORT MESSAGE")]
    CommandType(u8),
    /// An element's value has the wrong length.
    #[error("element {0:#04x} has the wrong length")]
    ValueLength(u8),
    /// The template would exceed 255 octets.
    #[error("the template exceeds 255 octets")]
    TooLong,
    /// The address element.
    #[error(transparent)]
    Address(#[from] AddressError),
}

fn read_length(reader: &mut Reader<'_>) -> Result<usize, EnvelopeError> {
    match reader.u8().ok_or(EnvelopeError::Length)? {
        short @ 0x00..=0x7F => Ok(usize::from(short)),
        0x81 => match reader.u8().ok_or(EnvelopeError::Length)? {
            long @ 0x80..=0xFF => Ok(usize::from(long)),
            _ => Err(EnvelopeError::LengthForm(0x81)),
        },
        other => Err(EnvelopeError::LengthForm(other)),
    }
}

fn push_length(out: &mut Vec<u8>, len: usize) -> Result<(), EnvelopeError> {
    match len {
        0..=0x7F => out.push(len as u8),
        0x80..=MAX_VALUE_LEN => out.extend_from_slice(&[0x81, len as u8]),
        _ => return Err(EnvelopeError::TooLong),
    }
    Ok(())
}

/// Appends one COMPREHENSION-TLV.
pub(super) fn push_element(out: &mut Vec<u8>, tag: u8, value: &[u8]) -> Result<(), EnvelopeError> {
    out.push(tag);
    push_length(out, value.len())?;
    out.extend_from_slice(value);
    Ok(())
}

/// Wraps elements in the template tag.
pub(super) fn wrap(template: u8, content: &[u8]) -> Result<Vec<u8>, EnvelopeError> {
    let mut out = vec![template];
    push_length(&mut out, content.len())?;
    out.extend_from_slice(content);
    Ok(out)
}

/// One COMPREHENSION-TLV of a template.
#[derive(Debug, Clone, Copy)]
pub(super) struct Element<'a> {
    /// The tag without the comprehension-required bit.
    tag: u8,
    /// Whether the comprehension-required bit is set.
    required: bool,
    value: &'a [u8],
}

/// The elements of a template, in order.
pub(super) fn elements(bytes: &[u8], template: u8) -> Result<Vec<Element<'_>>, EnvelopeError> {
    let mut reader = Reader::new(bytes);
    let tag = reader.u8().ok_or(EnvelopeError::Length)?;
    if tag != template {
        return Err(EnvelopeError::Template(tag));
    }
    let len = read_length(&mut reader)?;
    let content = reader.take(len).ok_or(EnvelopeError::Length)?;
    if !reader.rest().is_empty() {
        return Err(EnvelopeError::Length);
    }
    let mut inner = Reader::new(content);
    let mut out = Vec::new();
    while let Some(tag) = inner.u8() {
        if matches!(tag, 0x00 | 0x7F | 0x80 | 0xFF) {
            return Err(EnvelopeError::Unknown(tag));
        }
        let len = read_length(&mut inner)?;
        let value = inner.take(len).ok_or(EnvelopeError::Length)?;
        out.push(Element {
            tag: tag & 0x7F,
            required: tag & 0x80 != 0,
            value,
        });
    }
    Ok(out)
}

/// The value of the first element with `tag`.
pub(super) fn find<'a>(items: &[Element<'a>], tag: u8) -> Option<&'a [u8]> {
    items.iter().find(|e| e.tag == tag).map(|e| e.value)
}

/// Refuses comprehension-required elements outside `known`.
pub(super) fn refuse_unknown(items: &[Element<'_>], known: &[u8]) -> Result<(), EnvelopeError> {
    match items.iter().find(|e| e.required && !known.contains(&e.tag)) {
        Some(e) => Err(EnvelopeError::Unknown(e.tag | 0x80)),
        None => Ok(()),
    }
}

/// Checks the device identities element against `source` → `destination`.
pub(super) fn check_devices(
    items: &[Element<'_>],
    source: u8,
    destination: u8,
) -> Result<(), EnvelopeError> {
    let devices = find(items, TAG_DEVICE_IDENTITIES)
        .ok_or(EnvelopeError::Missing(TAG_DEVICE_IDENTITIES | 0x80))?;
    if devices != [source, destination] {
        return Err(EnvelopeError::DeviceIdentities(devices.to_vec()));
    }
    Ok(())
}
