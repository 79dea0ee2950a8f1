//! The bounded reader: bytes to an [`Element`] tree.

use quick_xml::NsReader;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::ResolveResult;

use super::{Attribute, Element, XmlError};

/// Bounds on every document read; the defaults fit the largest SGP.02 message (an EIS with
/// its profiles and key sets, or an ES3.SendData segment) many times over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Longest document, in bytes.
    pub max_bytes: usize,
    /// Deepest element nesting (the root is depth 1).
    pub max_depth: usize,
    /// Most elements in one document.
    pub max_elements: usize,
    /// Most attributes (namespace declarations included) on one element.
    pub max_attributes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_bytes: 1 << 20,
            max_depth: 32,
            max_elements: 8192,
            max_attributes: 32,
        }
    }
}

/// The reader's progress: open elements, the finished root, the element count.
struct Builder<'l> {
    limits: &'l Limits,
    open: Vec<Element>,
    root: Option<Element>,
    elements: usize,
}

/// Reads one document within `limits`.
///
/// # Errors
///
/// [`XmlError`] for a document over the limits, with a DOCTYPE or an undeclared entity, not
/// UTF-8, not well-formed, or truncated.
pub fn parse(bytes: &[u8], limits: &Limits) -> Result<Element, XmlError> {
    if bytes.len() > limits.max_bytes {
        return Err(XmlError::TooLarge {
            size: bytes.len(),
            limit: limits.max_bytes,
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|_| XmlError::NotUtf8)?;
    let mut reader = NsReader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut b = Builder {
        limits,
        open: Vec::new(),
        root: None,
        elements: 0,
    };
    loop {
        let (resolved, event) = reader.read_resolved_event()?;
        let namespace = namespace_of(resolved)?;
        match event {
            Event::Start(start) => {
                let el = b.element(&reader, namespace, &start)?;
                b.open(el)?;
            }
            Event::Empty(start) => {
                let el = b.element(&reader, namespace, &start)?;
                b.open(el)?;
                b.close()?;
            }
            Event::End(_) => b.close()?,
            // Line ends normalized to `\n` (XML 1.0 2.11); `&#13;` keeps a carriage return.
            Event::Text(t) => b.text(&t.xml10_content()?)?,
            Event::CData(c) => b.text(&c.xml10_content()?)?,
            Event::GeneralRef(r) => b.text(&resolve_reference(&r)?)?,
            Event::DocType(_) => return Err(XmlError::DoctypeRefused),
            Event::Decl(d) => check_encoding(&d)?,
            Event::Comment(_) | Event::PI(_) => {}
            Event::Eof => break,
        }
    }
    if !b.open.is_empty() {
        return Err(XmlError::Truncated);
    }
    b.root.ok_or(XmlError::Truncated)
}

impl Builder<'_> {
    /// A new element from its start tag, its attributes resolved.
    fn element(
        &mut self,
        reader: &NsReader<&[u8]>,
        namespace: Option<String>,
        start: &BytesStart<'_>,
    ) -> Result<Element, XmlError> {
        self.elements += 1;
        if self.elements > self.limits.max_elements {
            return Err(XmlError::TooManyElements {
                limit: self.limits.max_elements,
            });
        }
        let mut el = Element {
            namespace,
            name: String::from_utf8_lossy(start.local_name().as_ref()).into_owned(),
            ..Element::default()
        };
        for (n, attr) in start.attributes().enumerate() {
            if n >= self.limits.max_attributes {
                return Err(XmlError::TooManyAttributes {
                    limit: self.limits.max_attributes,
                });
            }
            let attr = attr?;
            if attr.key.as_namespace_binding().is_some() {
                continue;
            }
            let (resolved, local) = reader.resolver().resolve_attribute(attr.key);
            el.attributes.push(Attribute {
                namespace: namespace_of(resolved)?,
                name: String::from_utf8_lossy(local.as_ref()).into_owned(),
                value: attr
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)?
                    .into_owned(),
            });
        }
        Ok(el)
    }

    fn open(&mut self, el: Element) -> Result<(), XmlError> {
        if self.root.is_some() {
            return Err(XmlError::OutsideRoot);
        }
        if self.open.len() >= self.limits.max_depth {
            return Err(XmlError::TooDeep {
                limit: self.limits.max_depth,
            });
        }
        self.open.push(el);
        Ok(())
    }

    fn close(&mut self) -> Result<(), XmlError> {
        let mut el = self.open.pop().ok_or(XmlError::OutsideRoot)?;
        // The binding has no mixed content: space between child elements is layout.
        if !el.children.is_empty()
            && el
                .text
                .bytes()
                .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        {
            el.text.clear();
        }
        match self.open.last_mut() {
            Some(parent) => parent.children.push(el),
            None => self.root = Some(el),
        }
        Ok(())
    }

    /// Character data: appended to the open element; outside the root only white space.
    fn text(&mut self, s: &str) -> Result<(), XmlError> {
        match self.open.last_mut() {
            Some(el) => el.text.push_str(s),
            None if s.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n')) => {}
            None => return Err(XmlError::OutsideRoot),
        }
        Ok(())
    }
}

/// The namespace name of a resolved element or attribute name.
fn namespace_of(resolved: ResolveResult<'_>) -> Result<Option<String>, XmlError> {
    match resolved {
        ResolveResult::Unbound => Ok(None),
        ResolveResult::Bound(ns) => Ok(Some(String::from_utf8_lossy(ns.as_ref()).into_owned())),
        ResolveResult::Unknown(prefix) => Err(XmlError::UnboundPrefix(
            String::from_utf8_lossy(&prefix).into_owned(),
        )),
    }
}

/// A character reference or one of the five predefined entities (XML 1.0 4.1, 4.6); any
/// other entity would need the DTD this reader refuses.
fn resolve_reference(r: &BytesRef<'_>) -> Result<String, XmlError> {
    if let Some(c) = r.resolve_char_ref()? {
        return Ok(c.to_string());
    }
    let name = r.decode()?;
    let s = match name.as_ref() {
        "lt" => "<",
        "gt" => ">",
        "amp" => "&",
        "apos" => "'",
        "quot" => "\"",
        other => return Err(XmlError::EntityRefused(other.to_owned())),
    };
    Ok(s.to_owned())
}

/// The XML declaration may only name UTF-8 (the bytes were checked to be UTF-8).
fn check_encoding(decl: &quick_xml::events::BytesDecl<'_>) -> Result<(), XmlError> {
    match decl.encoding() {
        None => Ok(()),
        Some(enc) => {
            let enc = enc?;
            let enc = String::from_utf8_lossy(&enc);
            if enc.eq_ignore_ascii_case("utf-8") || enc.eq_ignore_ascii_case("utf8") {
                Ok(())
            } else {
                Err(XmlError::UnsupportedEncoding(enc.into_owned()))
            }
        }
    }
}
