//! Declarative definitions of the binding's types: a message body ([`message!`]), a run of
//! parts such as a notification body ([`parts!`]), a complex
//! type ([`record!`]), an enumerated string ([`string_enum!`]) and an interface's dispatch
//! enum ([`dispatch!`]).

/// A message body: the common header fields (flattened into the body, see
/// [`Slot`](crate::message::Slot) for the header types), then the parts in WSDL order.
macro_rules! message {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(#[$hmeta:meta])*
            header: $header:ty,
            $( $(#[$fmeta:meta])* $field:ident: $ty:ty => $el:literal, )*
        }
    ) => {
        parts! {
            $(#[$meta])*
            pub struct $name {
                $(#[$hmeta])*
                header: $header => "",
                $( $(#[$fmeta])* $field: $ty => $el, )*
            }
        }
    };
}

/// A struct written as a run of parts inside a wrapper element; alone, the body of a
/// one-way notification (SGP.02 5.1.3), which carries no common header.
macro_rules! parts {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* $field:ident: $ty:ty => $el:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $ty, )*
        }

        impl $crate::message::Parts for $name {
            fn write_parts(&self, body: &mut $crate::xml::Element) {
                $( $crate::message::Slot::put(&self.$field, $el, body); )*
            }

            fn read_parts(
                body: &$crate::xml::Element,
            ) -> Result<Self, $crate::message::MessageError> {
                Ok($name {
                    $( $field: $crate::message::Slot::take(body, $el)?, )*
                })
            }
        }
    };
}

/// A complex type written as one element holding its fields in order: a run of parts
/// ([`parts!`]) inside an element named by its container.
macro_rules! record {
    (
        $(#[$meta:meta])*
        pub struct $name:ident { $($fields:tt)* }
    ) => {
        parts! {
            $(#[$meta])*
            pub struct $name { $($fields)* }
        }

        impl $crate::message::Value for $name {
            fn write(&self, name: &str) -> $crate::xml::Element {
                let mut el = $crate::xml::Element::new(name);
                $crate::message::Parts::write_parts(self, &mut el);
                el
            }

            fn read(el: &$crate::xml::Element) -> Result<Self, $crate::message::MessageError> {
                $crate::message::Parts::read_parts(el)
            }
        }
    };
}

/// An enumerated string (an `xs:string` restriction), read exactly.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
        }

        impl $name {
            /// The value as written.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $text, )*
                }
            }
        }

        impl $crate::message::Value for $name {
            fn write(&self, name: &str) -> $crate::xml::Element {
                $crate::xml::Element::with_text(name, self.as_str())
            }

            fn read(el: &$crate::xml::Element) -> Result<Self, $crate::message::MessageError> {
                match el.trimmed_text() {
                    $( $text => Ok($name::$variant), )*
                    _ => Err($crate::message::MessageError::invalid(el)),
                }
            }
        }
    };
}

/// The messages one endpoint of an interface receives, dispatched on `wsa:Action`; each
/// variant names its [`Operation`](crate::operation::Operation) and whether it is the
/// operation's request or its asynchronous response.
macro_rules! dispatch {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident($ty:ty) = $dir:ident $op:path, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        #[allow(clippy::large_enum_variant)]
        pub enum $name {
            $( $(#[$vmeta])* $variant($ty), )*
        }

        impl $name {
            /// Decodes a received envelope by its `wsa:Action`.
            ///
            /// # Errors
            ///
            /// [`MessageError`](crate::message::MessageError) when `wsa:Action` is absent or
            /// names no operation here, or the body is refused.
            pub fn decode(
                env: &$crate::envelope::Envelope,
            ) -> Result<Self, $crate::message::MessageError> {
                <Self as $crate::operation::Dispatch>::decode(env)
            }

            /// The operation and direction of this message.
            pub fn operation(
                &self,
            ) -> (&'static $crate::operation::Operation, $crate::operation::Direction) {
                <Self as $crate::operation::Dispatch>::operation(self)
            }

            /// The envelope carrying this message, `wsa:Action` set from its operation.
            pub fn encode(
                &self,
                addressing: $crate::envelope::Addressing,
            ) -> $crate::envelope::Envelope {
                <Self as $crate::operation::Dispatch>::encode(self, addressing)
            }
        }

        impl $crate::operation::Dispatch for $name {
            const OPERATIONS: &'static [(
                &'static $crate::operation::Operation,
                $crate::operation::Direction,
            )] = &[ $( (&$op, $crate::operation::Direction::$dir), )* ];

            fn decode(
                env: &$crate::envelope::Envelope,
            ) -> Result<Self, $crate::message::MessageError> {
                use $crate::operation::Direction;
                let action = $crate::operation::require_action(env)?;
                $(
                    if Direction::$dir.matches(&$op, action) {
                        let msg = Direction::$dir.read_body(&$op, &env.body)?;
                        return Ok($name::$variant(msg));
                    }
                )*
                Err($crate::envelope::EnvelopeError::ActionNotSupported(action.to_owned()).into())
            }

            fn operation(
                &self,
            ) -> (&'static $crate::operation::Operation, $crate::operation::Direction) {
                match self {
                    $( $name::$variant(_) => (&$op, $crate::operation::Direction::$dir), )*
                }
            }

            fn encode(
                &self,
                addressing: $crate::envelope::Addressing,
            ) -> $crate::envelope::Envelope {
                use $crate::operation::Direction;
                match self {
                    $( $name::$variant(m) => Direction::$dir.envelope(&$op, addressing, m), )*
                }
            }
        }
    };
}
