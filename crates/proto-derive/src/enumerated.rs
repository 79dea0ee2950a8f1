//! ENUMERATED and INTEGER-with-named-numbers enums.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{DataEnum, DeriveInput, Expr, Fields, Ident, Lit, Variant};

use crate::attrs::{FieldAttrs, TypeAttrs, lower_camel};

fn discriminant(expr: &Expr) -> Option<i128> {
    match expr {
        Expr::Lit(l) => match &l.lit {
            Lit::Int(i) => i.base10_parse().ok(),
            _ => None,
        },
        Expr::Unary(u) if matches!(u.op, syn::UnOp::Neg(_)) => discriminant(&u.expr).map(|v| -v),
        _ => None,
    }
}

pub(crate) fn expand(
    input: &DeriveInput,
    attrs: &TypeAttrs,
    data: &DataEnum,
) -> syn::Result<TokenStream> {
    let ident = &input.ident;
    let spec_name = attrs.name.clone().unwrap_or_else(|| ident.to_string());
    let universal = if attrs.integer {
        quote!(::proto::der::Tag::INTEGER)
    } else {
        quote!(::proto::der::Tag::ENUMERATED)
    };
    let own_tag = match attrs.tag {
        Some(t) => t.tokens(quote!(false)),
        None => universal,
    };

    let values = data
        .variants
        .iter()
        .map(NamedValue::parse)
        .collect::<syn::Result<Vec<_>>>()?;
    let to_value = values.iter().map(|v| v.value_arm(ident));
    let from_value = values.iter().filter_map(|v| v.decode_arm(ident));
    let jsons = values.iter().map(|v| v.json_arm(ident));
    let fallback = match values.iter().rev().find_map(|v| v.other_variant()) {
        Some(other) => quote! {
            v => i64::try_from(v).map(#ident::#other).map_err(|_| {
                ::proto::der::DecodeError::invalid(__tlv.offset, format!("{} value {} out of range", #spec_name, v))
            }),
        },
        None => quote! {
            v => ::core::result::Result::Err(::proto::der::DecodeError::invalid(
                __tlv.offset,
                format!("{} has no value {}", #spec_name, v),
            )),
        },
    };

    Ok(quote! {
        impl #ident {
            /// The value on the wire.
            pub fn asn1_value(&self) -> i128 {
                match self {
                    #(#to_value)*
                }
            }
        }

        impl ::proto::der::Asn1 for #ident {
            const TAG: ::core::option::Option<::proto::der::Tag> = ::core::option::Option::Some(#own_tag);
            const NAME: &'static str = #spec_name;

            fn encode_contents(&self, out: &mut ::std::vec::Vec<u8>) {
                ::proto::der::encode_integer(self.asn1_value(), out)
            }

            fn decode_contents(__tlv: &::proto::der::Tlv<'_>) -> ::proto::der::DecodeResult<Self> {
                match ::proto::der::decode_integer(__tlv)? {
                    #(#from_value)*
                    #fallback
                }
            }

            fn to_json(&self) -> ::proto::der::JsonValue {
                match self {
                    #(#jsons)*
                }
            }
        }
    })
}

/// One variant of the enum: a named number, or the `other` variant holding any value the
/// type does not name.
enum NamedValue<'a> {
    Named {
        ident: &'a Ident,
        value: i128,
        /// The identifier as ASN.1 writes it: the JSON string.
        name: String,
    },
    Other {
        ident: &'a Ident,
    },
}

impl<'a> NamedValue<'a> {
    /// The variant's value (`#[asn1(value = N)]` or `= N`) and name, or its `other` marking.
    fn parse(variant: &'a Variant) -> syn::Result<Self> {
        let vattrs = FieldAttrs::parse(&variant.attrs)?;
        let ident = &variant.ident;
        if vattrs.other {
            if !matches!(&variant.fields, Fields::Unnamed(f) if f.unnamed.len() == 1) {
                return Err(syn::Error::new_spanned(
                    variant,
                    "the `other` variant holds one i64",
                ));
            }
            return Ok(NamedValue::Other { ident });
        }
        if !matches!(variant.fields, Fields::Unit) {
            return Err(syn::Error::new_spanned(
                variant,
                "named values are unit variants",
            ));
        }
        let value = vattrs
            .value
            .or_else(|| {
                variant
                    .discriminant
                    .as_ref()
                    .and_then(|(_, e)| discriminant(e))
            })
            .ok_or_else(|| {
                syn::Error::new_spanned(variant, "give the value: `= N` or #[asn1(value = N)]")
            })?;
        let name = vattrs
            .name
            .clone()
            .unwrap_or_else(|| lower_camel(&ident.to_string()));
        Ok(NamedValue::Named { ident, value, name })
    }

    /// The `asn1_value` arm: the number on the wire.
    fn value_arm(&self, ty: &Ident) -> TokenStream {
        match self {
            NamedValue::Named { ident, value, .. } => quote!(#ty::#ident => #value,),
            NamedValue::Other { ident } => quote!(#ty::#ident(v) => i128::from(*v),),
        }
    }

    /// The `decode_contents` arm of a named number (the `other` variant is the fallback).
    fn decode_arm(&self, ty: &Ident) -> Option<TokenStream> {
        match self {
            NamedValue::Named { ident, value, .. } => {
                Some(quote!(#value => ::core::result::Result::Ok(#ty::#ident),))
            }
            NamedValue::Other { .. } => None,
        }
    }

    /// The `to_json` arm: the name as a string, an unnamed value as a number.
    fn json_arm(&self, ty: &Ident) -> TokenStream {
        match self {
            NamedValue::Named { ident, name, .. } => {
                quote!(#ty::#ident => ::proto::der::JsonValue::String(#name.to_string()),)
            }
            NamedValue::Other { ident } => {
                quote!(#ty::#ident(v) => ::proto::der::JsonValue::from(*v),)
            }
        }
    }

    fn other_variant(&self) -> Option<&'a Ident> {
        match self {
            NamedValue::Other { ident } => Some(ident),
            NamedValue::Named { .. } => None,
        }
    }
}
