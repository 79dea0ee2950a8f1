//! Why a document is refused before any SOAP processing.

/// A document the bounded reader refuses.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum XmlError {
    /// The document is longer than [`Limits::max_bytes`](super::Limits::max_bytes).
    #[error("document of {size} bytes exceeds the limit of {limit}")]
    TooLarge {
        /// The document's length.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// Elements nest deeper than [`Limits::max_depth`](super::Limits::max_depth).
    #[error("elements nest deeper than {limit}")]
    TooDeep {
        /// The limit.
        limit: usize,
    },
    /// More elements than [`Limits::max_elements`](super::Limits::max_elements).
    #[error("more than {limit} elements")]
    TooManyElements {
        /// The limit.
        limit: usize,
    },
    /// An element carries more attributes than
    /// [`Limits::max_attributes`](super::Limits::max_attributes).
    #[error("an element carries more than {limit} attributes")]
    TooManyAttributes {
        /// The limit.
        limit: usize,
    },
    /// A document type declaration (WS-I Basic Profile 1.1 R1008).
    #[error("document type declarations are refused")]
    DoctypeRefused,
    /// A reference to an entity other than `lt`, `gt`, `amp`, `apos`, `quot` (XML 1.0 4.6)
    /// or a character reference.
    #[error("reference to undeclared entity &{0};")]
    EntityRefused(String),
    /// The bytes are not UTF-8.
    #[error("the document is not UTF-8")]
    NotUtf8,
    /// The XML declaration names an encoding other than UTF-8.
    #[error("unsupported encoding {0}")]
    UnsupportedEncoding(String),
    /// The document ends inside an element, or has no element at all.
    #[error("the document ends before its root element is closed")]
    Truncated,
    /// Content after the root element, or text outside it.
    #[error("content outside the root element")]
    OutsideRoot,
    /// A prefix not bound to a namespace (Namespaces in XML 1.0 5).
    #[error("unbound namespace prefix {0}")]
    UnboundPrefix(String),
    /// Not well-formed XML.
    #[error("malformed XML: {0}")]
    Malformed(#[source] quick_xml::Error),
}

impl From<quick_xml::Error> for XmlError {
    fn from(e: quick_xml::Error) -> XmlError {
        XmlError::Malformed(e)
    }
}

impl From<quick_xml::events::attributes::AttrError> for XmlError {
    fn from(e: quick_xml::events::attributes::AttrError) -> XmlError {
        XmlError::Malformed(e.into())
    }
}

impl From<quick_xml::encoding::EncodingError> for XmlError {
    fn from(e: quick_xml::encoding::EncodingError) -> XmlError {
        XmlError::Malformed(e.into())
    }
}
