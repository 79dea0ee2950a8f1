//! The writer: an [`Element`] tree to a UTF-8 document, every namespace declared once on the
//! root with the prefix the caller prefers.

use std::fmt::Write as _;

use super::Element;

/// Escapes character data: the markup characters as entity references, `\r` as a
/// character reference (XML 1.0 2.11 would turn a literal one into `\n`), and characters
/// XML 1.0 cannot carry at all (2.2 `Char`) replaced by U+FFFD.
fn escape_text(s: &str, out: &mut String) {
    escape_into(s, false, out);
}

/// Escapes an attribute value: as text, and `\t`, `\n` as character references too, since
/// attribute-value normalization (XML 1.0 3.3.3) would turn literal ones into spaces.
fn escape_attribute(s: &str, out: &mut String) {
    escape_into(s, true, out);
}

fn escape_into(s: &str, attribute: bool, out: &mut String) {
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
}

/// XML 1.0 2.2 `Char`.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Writes `root` as a document with an XML declaration. `prefixes` maps namespace names to
/// the prefixes to declare for them; a namespace not listed gets `ns1`, `ns2`, ...
pub fn write_document(root: &Element, prefixes: &[(&str, &str)]) -> String {
    let mut namespaces: Vec<String> = Vec::new();
    collect_namespaces(root, &mut namespaces);
    let mut bound: Vec<(String, String)> = Vec::new();
    let mut generated = 0;
    for ns in namespaces {
        let prefix = match prefixes.iter().find(|(name, _)| *name == ns) {
            Some((_, p)) => (*p).to_owned(),
            None => {
                generated += 1;
                format!("ns{generated}")
            }
        };
        bound.push((ns, prefix));
    }
    // The `xml` prefix is bound by definition and must not be declared again.
    let declared: Vec<&(String, String)> = bound.iter().filter(|(_, p)| p != "xml").collect();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    write_element(root, &bound, Some(&declared), &mut out);
    out
}

fn collect_namespaces(el: &Element, out: &mut Vec<String>) {
    let names = el
        .namespace
        .iter()
        .chain(el.attributes.iter().filter_map(|a| a.namespace.as_ref()));
    for ns in names {
        if !out.contains(ns) {
            out.push(ns.clone());
        }
    }
    for child in &el.children {
        collect_namespaces(child, out);
    }
}

fn prefixed(namespace: Option<&String>, name: &str, bound: &[(String, String)]) -> String {
    match namespace.and_then(|ns| bound.iter().find(|(n, _)| n == ns)) {
        Some((_, prefix)) => format!("{prefix}:{name}"),
        None => name.to_owned(),
    }
}

fn write_element(
    el: &Element,
    bound: &[(String, String)],
    declare: Option<&[&(String, String)]>,
    out: &mut String,
) {
    let name = prefixed(el.namespace.as_ref(), &el.name, bound);
    out.push('<');
    out.push_str(&name);
    if let Some(declare) = declare {
        for (ns, prefix) in declare {
            let _ = write!(out, " xmlns:{prefix}=\"");
            escape_attribute(ns, out);
            out.push('"');
        }
    }
    for a in &el.attributes {
        let key = prefixed(a.namespace.as_ref(), &a.name, bound);
        let _ = write!(out, " {key}=\"");
        escape_attribute(&a.value, out);
        out.push('"');
    }
    if el.children.is_empty() && el.text.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    escape_text(&el.text, out);
    for child in &el.children {
        write_element(child, bound, None, out);
    }
    let _ = write!(out, "</{name}>");
}
