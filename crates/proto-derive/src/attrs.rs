//! Parsing of `#[asn1(...)]` attributes.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Attribute, Expr, LitInt, LitStr};

/// A tag given as `tag = 3` or `tag = "application 26"`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct TagSpec {
    pub class: u8,
    pub number: u32,
}

impl std::fmt::Display for TagSpec {
    /// As X.680 writes it: `[3]`, `[APPLICATION 26]`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.class {
            0 => write!(f, "[UNIVERSAL {}]", self.number),
            1 => write!(f, "[APPLICATION {}]", self.number),
            2 => write!(f, "[{}]", self.number),
            _ => write!(f, "[PRIVATE {}]", self.number),
        }
    }
}

impl TagSpec {
    /// `::proto::der::Tag` constant with the given form.
    pub(crate) fn tokens(&self, constructed: TokenStream) -> TokenStream {
        let number = self.number;
        let class = match self.class {
            0 => quote!(Universal),
            1 => quote!(Application),
            2 => quote!(Context),
            _ => quote!(Private),
        };
        quote!(::proto::der::Tag::new(::proto::der::Class::#class, #constructed, #number))
    }
}

fn parse_tag(meta: &syn::meta::ParseNestedMeta<'_>) -> syn::Result<TagSpec> {
    let value = meta.value()?;
    if value.peek(LitInt) {
        let n: LitInt = value.parse()?;
        return Ok(TagSpec {
            class: 2,
            number: n.base10_parse()?,
        });
    }
    let s: LitStr = value.parse()?;
    let text = s.value();
    let mut parts = text.split_whitespace();
    let (class, number) = match (parts.next(), parts.next(), parts.next()) {
        (Some(c), Some(n), None) => (c.to_ascii_lowercase(), n),
        (Some(n), None, None) => ("context".to_string(), n),
        _ => {
            return Err(syn::Error::new(
                s.span(),
                "tag: expected \"[class] number\"",
            ));
        }
    };
    let class = match class.as_str() {
        "universal" => 0,
        "application" => 1,
        "context" => 2,
        "private" => 3,
        _ => {
            return Err(syn::Error::new(
                s.span(),
                "tag class: universal, application, context or private",
            ));
        }
    };
    let number = number
        .parse()
        .map_err(|_| syn::Error::new(s.span(), "tag number must be an integer"))?;
    Ok(TagSpec { class, number })
}

#[derive(Default)]
pub(crate) struct TypeAttrs {
    pub tag: Option<TagSpec>,
    pub explicit: bool,
    pub extensible: bool,
    pub automatic: bool,
    pub choice: bool,
    pub enumerated: bool,
    pub integer: bool,
    pub name: Option<String>,
}

impl TypeAttrs {
    pub(crate) fn parse(attrs: &[Attribute]) -> syn::Result<Self> {
        let mut out = TypeAttrs::default();
        for attr in attrs.iter().filter(|a| a.path().is_ident("asn1")) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("tag") {
                    out.tag = Some(parse_tag(&meta)?);
                } else if meta.path.is_ident("explicit") {
                    out.explicit = true;
                } else if meta.path.is_ident("extensible") {
                    out.extensible = true;
                } else if meta.path.is_ident("automatic") {
                    out.automatic = true;
                } else if meta.path.is_ident("choice") {
                    out.choice = true;
                } else if meta.path.is_ident("enumerated") {
                    out.enumerated = true;
                } else if meta.path.is_ident("integer") {
                    out.integer = true;
                } else if meta.path.is_ident("sequence") {
                    // the default for named-field structs
                } else if meta.path.is_ident("name") {
                    out.name = Some(meta.value()?.parse::<LitStr>()?.value());
                } else {
                    return Err(meta.error("unknown asn1 type attribute"));
                }
                Ok(())
            })?;
        }
        Ok(out)
    }
}

#[derive(Default)]
pub(crate) struct FieldAttrs {
    pub tag: Option<TagSpec>,
    pub explicit: bool,
    pub default: Option<Expr>,
    pub name: Option<String>,
    pub value: Option<i128>,
    pub other: bool,
}

impl FieldAttrs {
    pub(crate) fn parse(attrs: &[Attribute]) -> syn::Result<Self> {
        let mut out = FieldAttrs::default();
        for attr in attrs.iter().filter(|a| a.path().is_ident("asn1")) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("tag") {
                    out.tag = Some(parse_tag(&meta)?);
                } else if meta.path.is_ident("explicit") {
                    out.explicit = true;
                } else if meta.path.is_ident("default") {
                    let s: LitStr = meta.value()?.parse()?;
                    out.default = Some(s.parse()?);
                } else if meta.path.is_ident("name") {
                    out.name = Some(meta.value()?.parse::<LitStr>()?.value());
                } else if meta.path.is_ident("value") {
                    let v = meta.value()?;
                    let neg = v.peek(syn::Token![-]);
                    if neg {
                        v.parse::<syn::Token![-]>()?;
                    }
                    let n: LitInt = v.parse()?;
                    let n: i128 = n.base10_parse()?;
                    out.value = Some(if neg { -n } else { n });
                } else if meta.path.is_ident("other") {
                    out.other = true;
                } else {
                    return Err(meta.error("unknown asn1 field attribute"));
                }
                Ok(())
            })?;
        }
        Ok(out)
    }
}

/// lowerCamelCase of a Rust identifier (snake_case or PascalCase).
pub(crate) fn lower_camel(ident: &str) -> String {
    let ident = ident.strip_prefix("r#").unwrap_or(ident);
    let mut out = String::with_capacity(ident.len());
    let mut upper = false;
    for (i, c) in ident.chars().enumerate() {
        if c == '_' {
            upper = true;
        } else if i == 0 {
            out.extend(c.to_lowercase());
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `Option<T>` → `Some(T)`.
pub(crate) fn option_inner(ty: &syn::Type) -> Option<&syn::Type> {
    let syn::Type::Path(p) = ty else { return None };
    let seg = p.path.segments.last()?;
    if seg.ident != "Option" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &seg.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(t) => Some(t),
        _ => None,
    }
}

/// The tag the derive knows for the component at `index` (SEQUENCE component or CHOICE
/// alternative): the one given, else `[index]` under AUTOMATIC TAGS, else none (the
/// component's type carries its own).
pub(crate) fn given_or_automatic_tag(
    given: Option<TagSpec>,
    automatic: bool,
    index: usize,
) -> Option<TagSpec> {
    match (given, automatic) {
        (Some(t), _) => Some(t),
        (None, true) => Some(TagSpec {
            class: 2,
            number: index as u32,
        }),
        (None, false) => None,
    }
}

/// `Option<Tag>` tokens for a component's tag.
pub(crate) fn component_tag(tag: Option<TagSpec>) -> TokenStream {
    match tag {
        Some(t) => {
            let tag = t.tokens(quote!(false));
            quote!(::core::option::Option::Some(#tag))
        }
        None => quote!(::core::option::Option::None),
    }
}
