//! The codec between message structs and their body elements: the binding is WSDL 1.1
//! rpc/literal (3.5), so a message is a wrapper element in the SGP.02 namespace named after
//! the operation, holding its parts as unqualified child elements in declaration order.
//!
//! [`Value`] is a type written as one element; [`Slot`] adds the cardinality of a part
//! (exactly one, optional, repeated); [`Parts`] is a struct written as a run of parts.

mod error;
mod values;

pub use error::MessageError;
pub use values::Hex;

use crate::xml::Element;

/// A type written as one element named by its container.
pub trait Value: Sized {
    /// The element `name` holding this value.
    fn write(&self, name: &str) -> Element;
    /// Reads the value from its element.
    ///
    /// # Errors
    ///
    /// [`MessageError`] when the element's content is not a value of this type.
    fn read(el: &Element) -> Result<Self, MessageError>;
}

/// A part with its cardinality: `T` exactly once, `Option<T>` at most once, `Vec<T>` any
/// number of times.
pub trait Slot: Sized {
    /// Appends the part's elements named `name` to `parent`.
    fn put(&self, name: &str, parent: &mut Element);
    /// Reads the part named `name` from `parent`.
    ///
    /// # Errors
    ///
    /// [`MessageError::MissingElement`] for a mandatory part that is absent, or the part's
    /// own error.
    fn take(parent: &Element, name: &str) -> Result<Self, MessageError>;
}

impl<T: Value> Slot for T {
    fn put(&self, name: &str, parent: &mut Element) {
        parent.push(self.write(name));
    }

    fn take(parent: &Element, name: &str) -> Result<Self, MessageError> {
        let el = parent
            .child(name)
            .ok_or_else(|| MessageError::MissingElement(name.to_owned()))?;
        T::read(el)
    }
}

impl<T: Value> Slot for Option<T> {
    fn put(&self, name: &str, parent: &mut Element) {
        if let Some(v) = self {
            parent.push(v.write(name));
        }
    }

    fn take(parent: &Element, name: &str) -> Result<Self, MessageError> {
        parent.child(name).map(T::read).transpose()
    }
}

impl<T: Value> Slot for Vec<T> {
    fn put(&self, name: &str, parent: &mut Element) {
        for v in self {
            parent.push(v.write(name));
        }
    }

    fn take(parent: &Element, name: &str) -> Result<Self, MessageError> {
        parent.children_named(name).map(T::read).collect()
    }
}

/// The common header fields are a part without an element of their own: they are written
/// flattened into the message body, so the part name is ignored.
macro_rules! flattened_slot {
    ($($t:ty),*) => {$(
        impl Slot for $t {
            fn put(&self, _name: &str, parent: &mut Element) {
                self.write_parts(parent);
            }

            fn take(parent: &Element, _name: &str) -> Result<Self, MessageError> {
                Self::read_parts(parent)
            }
        }
    )*};
}

flattened_slot!(crate::status::RequestHeader, crate::status::ResponseHeader);

/// A struct written as a run of parts inside a wrapper element (a message body, or the
/// common header fields at its start).
pub trait Parts: Sized {
    /// Appends the parts to `body`.
    fn write_parts(&self, body: &mut Element);
    /// Reads the parts from `body`.
    ///
    /// # Errors
    ///
    /// [`MessageError`] for a missing or invalid part.
    fn read_parts(body: &Element) -> Result<Self, MessageError>;
}
