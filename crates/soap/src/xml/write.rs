//! The writer: an [`Element`] tree to a UTF-8 document, every namespace declared once on the
//! root with the prefix the caller prefers.

use std::fmt::Write as _;

use quick_xml::escape::escape;

use super::Element;

/// Writes `root` as a document with an XML declaration. `prefixes` maps namespace names to
/// the prefixes to declare for them; a namespace not listed gets `ns1`, `ns2`, ...
pub fn write_document(root: &Element, prefixes: &[(&str, &str)]) -> String {
    let mut namespaces: Vec<String> = Vec::new();
    collect_namespaces(root, &mut namespaces);
    let mut bound: Vec<(String, String)> = Vec::new();
    for (n, ns) in namespaces.into_iter().enumerate() {
        let prefix = prefixes
            .iter()
            .find(|(name, _)| *name == ns)
            .map_or_else(|| format!("ns{}", n + 1), |(_, p)| (*p).to_owned());
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
            let _ = write!(out, " xmlns:{prefix}=\"{}\"", escape(ns.as_str()));
        }
    }
    for a in &el.attributes {
        let key = prefixed(a.namespace.as_ref(), &a.name, bound);
        let _ = write!(out, " {key}=\"{}\"", escape(a.value.as_str()));
    }
    if el.children.is_empty() && el.text.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    out.push_str(&escape(el.text.as_str()));
    for child in &el.children {
        write_element(child, bound, None, out);
    }
    let _ = write!(out, "</{name}>");
}
