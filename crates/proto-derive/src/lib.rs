//! `#[derive(Asn1)]`: DER encoding, decoding and JSON for SEQUENCE structs, newtypes,
//! CHOICE enums and ENUMERATED/INTEGER enums. The attribute language is documented in
//! `proto::der`; the generated code calls the tagging helpers there.

#![forbid(unsafe_code)]

mod attrs;
mod choice;
mod distinct;
mod enumerated;
mod newtype;
mod sequence;

use proc_macro::TokenStream;
use syn::{Data, DeriveInput, Fields, parse_macro_input};

/// Derives `proto::der::Asn1` (DER encoding and decoding) and the JSON form for the type,
/// as its `#[asn1(...)]` attributes describe (the language is documented in `proto::der`).
#[proc_macro_derive(Asn1, attributes(asn1))]
pub fn derive_asn1(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match expand(&input) {
        Ok(ts) => ts.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

fn expand(input: &DeriveInput) -> syn::Result<proc_macro2::TokenStream> {
    let attrs = attrs::TypeAttrs::parse(&input.attrs)?;
    match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(named) => sequence::expand(input, &attrs, named),
            Fields::Unnamed(unnamed) if unnamed.unnamed.len() == 1 => {
                newtype::expand(input, &attrs, &unnamed.unnamed[0])
            }
            _ => Err(syn::Error::new_spanned(
                &input.ident,
                "Asn1: structs need named fields (SEQUENCE) or exactly one field (newtype)",
            )),
        },
        Data::Enum(e) => {
            if attrs.choice {
                choice::expand(input, &attrs, e)
            } else if attrs.enumerated || attrs.integer {
                enumerated::expand(input, &attrs, e)
            } else {
                Err(syn::Error::new_spanned(
                    &input.ident,
                    "Asn1: an enum needs #[asn1(choice)], #[asn1(enumerated)] or #[asn1(integer)]",
                ))
            }
        }
        Data::Union(_) => Err(syn::Error::new_spanned(
            &input.ident,
            "Asn1: unions are not supported",
        )),
    }
}
