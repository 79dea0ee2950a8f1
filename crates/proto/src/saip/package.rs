//! Unprotected profile packages: the DER concatenation of `ProfileElement` TLVs, the
//! profile header first and the end PE last (TCA eUICC Profile Package v3.3.1; SGP.22
//! carries them, encrypted, in the `86` segments of a bound profile package).

use super::element::ProfileElement;
use super::header::ProfileHeader;
use super::status::PEStatusCode;
use crate::der::{Asn1, DecodeError, Reader};

/// A parsed profile package. Re-encoding with [`ProfilePackage::to_der`] gives back the
/// received octets for every package that decodes (all DEFAULT components are kept as
/// received).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfilePackage {
    pub elements: Vec<ProfileElement>,
}

/// Where one PE sits in the encoded package.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ElementSpan {
    /// ASN.1 alternative name (`"mf"`, `"opt-usim"` …).
    pub name: &'static str,
    /// Offset of the PE's first octet in the package.
    pub offset: usize,
    /// Length of the PE's whole TLV.
    pub length: usize,
    /// `PEHeader.identification`, when the PE has one.
    pub identification: Option<u16>,
}

/// Why a package is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PackageError {
    #[error("the profile package is empty")]
    Empty,
    /// A PE is not a well-formed `ProfileElement`; the error carries the absolute offset in
    /// the package.
    #[error("profile element {index}: {source}")]
    Decode { index: usize, source: DecodeError },
    #[error("at byte offset {offset}: the first PE is {found}, expected the profile header")]
    HeaderNotFirst { offset: usize, found: &'static str },
    #[error("at byte offset {offset}: a second profile header (PE {index})")]
    DuplicateHeader { offset: usize, index: usize },
    #[error("at byte offset {offset}: {found} after the end PE")]
    ElementAfterEnd { offset: usize, found: &'static str },
    #[error("the package ends at byte offset {offset} without an end PE")]
    MissingEnd { offset: usize },
}

impl PackageError {
    /// The `PEStatus.status` an eUICC reports for this package.
    pub fn pe_status(&self) -> PEStatusCode {
        PEStatusCode::InvalidRequestFormat
    }

    /// Byte offset in the package where the problem was found.
    pub fn offset(&self) -> usize {
        match self {
            PackageError::Empty => 0,
            PackageError::Decode { source, .. } => source.offset,
            PackageError::HeaderNotFirst { offset, .. }
            | PackageError::DuplicateHeader { offset, .. }
            | PackageError::ElementAfterEnd { offset, .. }
            | PackageError::MissingEnd { offset } => *offset,
        }
    }
}

impl ProfilePackage {
    /// Parses a package: each PE decoded into its type, header first, end last.
    pub fn from_der(data: &[u8]) -> Result<ProfilePackage, PackageError> {
        if data.is_empty() {
            return Err(PackageError::Empty);
        }
        let mut r = Reader::new(data);
        let mut elements = Vec::new();
        let mut ended = false;
        while !r.is_empty() {
            let index = elements.len();
            let offset = r.offset();
            let decoded = r.read().and_then(|tlv| ProfileElement::decode(&tlv));
            let pe = decoded.map_err(|e| PackageError::Decode {
                index,
                source: e.within(&format!("ProfileElement[{index}]")),
            })?;
            if ended {
                return Err(PackageError::ElementAfterEnd {
                    offset,
                    found: pe.name(),
                });
            }
            match (&pe, index) {
                (ProfileElement::Header(_), 0) => {}
                (ProfileElement::Header(_), _) => {
                    return Err(PackageError::DuplicateHeader { offset, index });
                }
                (_, 0) => {
                    return Err(PackageError::HeaderNotFirst {
                        offset,
                        found: pe.name(),
                    });
                }
                (ProfileElement::End(_), _) => ended = true,
                _ => {}
            }
            elements.push(pe);
        }
        if !ended {
            return Err(PackageError::MissingEnd { offset: data.len() });
        }
        Ok(ProfilePackage { elements })
    }

    /// The package octets.
    pub fn to_der(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for pe in &self.elements {
            pe.encode(&mut out);
        }
        out
    }

    /// The profile header.
    pub fn header(&self) -> Option<&ProfileHeader> {
        self.elements.iter().find_map(|pe| match pe {
            ProfileElement::Header(h) => Some(&**h),
            _ => None,
        })
    }

    /// Name, offset and length of every PE in the encoding of this package.
    pub fn spans(&self) -> Vec<ElementSpan> {
        let mut offset = 0;
        self.elements
            .iter()
            .map(|pe| {
                let length = pe.to_der().len();
                let span = ElementSpan {
                    name: pe.name(),
                    offset,
                    length,
                    identification: pe.pe_header().map(|h| h.identification),
                };
                offset += length;
                span
            })
            .collect()
    }
}
