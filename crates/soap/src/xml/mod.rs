//! A bounded XML reader and writer over an owned element tree (W3C XML 1.0 with Namespaces in
//! XML 1.0), the only XML the SOAP binding needs: elements, attributes and text.
//!
//! The reader refuses what a web-service peer never needs and an attacker would use: a
//! document type declaration (so no DTD and no entity expansion, WS-I Basic Profile 1.1
//! R1008: "a MESSAGE MUST NOT contain a Document Type Declaration"), references to entities
//! other than the five predefined ones, documents over [`Limits`], and encodings other than
//! UTF-8.

mod error;
mod parse;
mod tree;
mod write;

pub use error::XmlError;
pub use parse::{Limits, parse};
pub use tree::{Attribute, Element};
pub use write::write_document;
