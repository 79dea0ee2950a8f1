//! ENUMERATED and INTEGER-with-named-numbers enums.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{DataEnum, DeriveInput, Expr, Fields, Lit};

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

pub fn expand(input: &DeriveInput, attrs: &TypeAttrs, data: &DataEnum) -> syn::Result<TokenStream> {
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

    let mut to_value = Vec::new();
    let mut from_value = Vec::new();
    let mut jsons = Vec::new();
    let mut other = None;
    for variant in &data.variants {
        let vattrs = FieldAttrs::parse(&variant.attrs)?;
        let vident = &variant.ident;
        if vattrs.other {
            if !matches!(&variant.fields, Fields::Unnamed(f) if f.unnamed.len() == 1) {
                return Err(syn::Error::new_spanned(
                    variant,
                    "the `other` variant holds one i64",
                ));
            }
            to_value.push(quote!(#ident::#vident(v) => i128::from(*v),));
            jsons.push(quote!(#ident::#vident(v) => ::proto::der::JsonValue::from(*v),));
            other = Some(quote! {
                v => i64::try_from(v).map(#ident::#vident).map_err(|_| {
                    ::proto::der::DecodeError::invalid(__tlv.offset, format!("{} value {} out of range", #spec_name, v))
                }),
            });
            continue;
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
            .unwrap_or_else(|| lower_camel(&vident.to_string()));
        to_value.push(quote!(#ident::#vident => #value,));
        from_value.push(quote!(#value => ::core::result::Result::Ok(#ident::#vident),));
        jsons.push(quote!(#ident::#vident => ::proto::der::JsonValue::String(#name.to_string()),));
    }
    let fallback = other.unwrap_or_else(|| {
        quote! {
            v => ::core::result::Result::Err(::proto::der::DecodeError::invalid(
                __tlv.offset,
                format!("{} has no value {}", #spec_name, v),
            )),
        }
    });

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
