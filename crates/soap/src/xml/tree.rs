//! The owned element tree the reader produces and the writer consumes.

/// An attribute, with its namespace when prefixed (Namespaces in XML 1.0 6.3: an unprefixed
/// attribute is in no namespace).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attribute {
    /// The namespace name, `None` when unprefixed.
    pub namespace: Option<String>,
    /// The local name.
    pub name: String,
    /// The value, references resolved.
    pub value: String,
}

/// An element: its expanded name, attributes, child elements and character data (the text
/// directly inside it, concatenated; the binding has no mixed content).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Element {
    /// The namespace name, `None` for an element in no namespace.
    pub namespace: Option<String>,
    /// The local name.
    pub name: String,
    /// Attributes other than namespace declarations.
    pub attributes: Vec<Attribute>,
    /// Child elements in document order.
    pub children: Vec<Element>,
    /// The character data directly inside this element.
    pub text: String,
}

impl Element {
    /// An element in no namespace.
    pub fn new(name: impl Into<String>) -> Element {
        Element {
            name: name.into(),
            ..Element::default()
        }
    }

    /// An element in `namespace`.
    pub fn qualified(namespace: &str, name: impl Into<String>) -> Element {
        Element {
            namespace: Some(namespace.to_owned()),
            ..Element::new(name)
        }
    }

    /// An unqualified element holding `text`.
    pub fn with_text(name: impl Into<String>, text: impl Into<String>) -> Element {
        Element {
            text: text.into(),
            ..Element::new(name)
        }
    }

    /// Whether this element has the expanded name `{namespace}name`.
    pub fn is(&self, namespace: &str, name: &str) -> bool {
        self.namespace.as_deref() == Some(namespace) && self.name == name
    }

    /// Appends a child element.
    pub fn push(&mut self, child: Element) {
        self.children.push(child);
    }

    /// Sets an unprefixed attribute.
    pub fn set_attribute(&mut self, name: &str, value: impl Into<String>) {
        self.attributes.push(Attribute {
            namespace: None,
            name: name.to_owned(),
            value: value.into(),
        });
    }

    /// The value of the attribute `name` (any namespace), if present.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.name == name)
            .map(|a| a.value.as_str())
    }

    /// The first child with local name `name`, whatever its namespace: the binding's parts
    /// are unqualified (rpc/literal, WSDL 1.1 3.5), some peers qualify them.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// All children with local name `name`.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The text, trimmed of XML white space (XML Schema 1.1 Part 2, `whiteSpace` collapse at
    /// the ends; the binding's simple values never carry significant outer space).
    pub fn trimmed_text(&self) -> &str {
        self.text
            .trim_matches(|c: char| matches!(c, ' ' | '\t' | '\r' | '\n'))
    }
}
