//! Tags that must be distinct, checked when the derive runs, for the tags it can see (a
//! `tag` attribute, or automatic tagging); a component whose tag is its type's own is left to
//! the type: X.680 29.2 (the alternatives of a CHOICE) and 25.5–25.6 (each OPTIONAL or
//! DEFAULT component of a SEQUENCE and the components after it, up to the first mandatory
//! one).

use syn::Ident;

use crate::attrs::TagSpec;

/// One component as the derive sees it.
pub(crate) struct Seen<'a> {
    pub ident: &'a Ident,
    pub tag: Option<TagSpec>,
    /// OPTIONAL or DEFAULT.
    pub optional: bool,
}

fn clash(a: &Seen<'_>, b: &Seen<'_>, what: &str) -> syn::Error {
    let tag = b.tag.map(|t| t.to_string()).unwrap_or_default();
    syn::Error::new(
        b.ident.span(),
        format!(
            "{what}: `{}` has tag {tag} like `{}` before it; a decoder could not tell them apart",
            b.ident, a.ident
        ),
    )
}

/// The alternatives of a CHOICE have distinct tags.
pub(crate) fn choice(alternatives: &[Seen<'_>]) -> syn::Result<()> {
    for (i, b) in alternatives.iter().enumerate() {
        if let Some(a) = alternatives[..i]
            .iter()
            .find(|a| a.tag.is_some() && a.tag == b.tag)
        {
            return Err(clash(
                a,
                b,
                "CHOICE alternatives need distinct tags (X.680 29.2)",
            ));
        }
    }
    Ok(())
}

/// An OPTIONAL or DEFAULT component's tag differs from those of the components after it, up
/// to and including the first mandatory one.
pub(crate) fn sequence(components: &[Seen<'_>]) -> syn::Result<()> {
    for (i, a) in components.iter().enumerate() {
        if !a.optional || a.tag.is_none() {
            continue;
        }
        for b in &components[i + 1..] {
            if b.tag == a.tag {
                return Err(clash(
                    a,
                    b,
                    "an OPTIONAL or DEFAULT component's tag must differ from the \
                     components that may follow it (X.680 25.5)",
                ));
            }
            if !b.optional {
                break;
            }
        }
    }
    Ok(())
}
