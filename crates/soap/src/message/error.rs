//! Why a message body, or the envelope around it, is refused.

use crate::envelope::{EnvelopeError, Fault};
use crate::xml::Element;

/// Longest value quoted back in an error.
const QUOTE: usize = 64;

/// A message refused by the dispatch or body decoding.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MessageError {
    /// The envelope was refused.
    #[error(transparent)]
    Envelope(#[from] EnvelopeError),
    /// A mandatory part is absent (SGP.02 5.1.6 reason 2.2 "Mandatory Element Missing").
    #[error("mandatory element {0} is missing")]
    MissingElement(String),
    /// A part's content is not a value of its type (reason 2.1 "Invalid").
    #[error("element {element} holds an invalid value {value:?}")]
    InvalidValue {
        /// The element's local name.
        element: String,
        /// The value, cut to 64 characters.
        value: String,
    },
    /// The body element is not in the SGP.02 namespace.
    #[error("body element {name} is in namespace {namespace:?}, not the SGP.02 one")]
    WrongNamespace {
        /// The element's local name.
        name: String,
        /// Its namespace.
        namespace: Option<String>,
    },
    /// The body element is not the one `wsa:Action` announces.
    #[error("wsa:Action announces {expected}, the body holds {found}")]
    UnexpectedBody {
        /// The operation's element.
        expected: String,
        /// The body's element.
        found: String,
    },
    /// The peer answered with a SOAP fault.
    #[error("SOAP fault: {}", .0.reason)]
    Fault(Fault),
}

impl MessageError {
    /// "Invalid" for the content of `el`.
    pub fn invalid(el: &Element) -> MessageError {
        MessageError::InvalidValue {
            element: el.name.clone(),
            value: el.trimmed_text().chars().take(QUOTE).collect(),
        }
    }
}
