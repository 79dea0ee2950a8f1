//! CHOICE enums: one single-field tuple variant per alternative. A CHOICE with a type-level
//! tag is tagged EXPLICITLY (X.680 31.2.7).

use proc_macro2::TokenStream;
use quote::quote;
use syn::{DataEnum, DeriveInput, Fields};

use crate::attrs::{FieldAttrs, TagSpec, TypeAttrs, component_tag, lower_camel};
use crate::distinct::{self, Seen};

pub fn expand(input: &DeriveInput, attrs: &TypeAttrs, data: &DataEnum) -> syn::Result<TokenStream> {
    let ident = &input.ident;
    let (impl_g, ty_g, where_g) = input.generics.split_for_impl();
    let spec_name = attrs.name.clone().unwrap_or_else(|| ident.to_string());

    let mut accepts = Vec::new();
    let mut expected = Vec::new();
    let mut encodes = Vec::new();
    let mut decodes = Vec::new();
    let mut jsons = Vec::new();
    let mut other = None;
    let mut seen = Vec::new();

    for (index, variant) in data.variants.iter().enumerate() {
        let vattrs = FieldAttrs::parse(&variant.attrs)?;
        let vident = &variant.ident;
        let Fields::Unnamed(f) = &variant.fields else {
            return Err(syn::Error::new_spanned(
                variant,
                "CHOICE alternatives are one-field tuple variants",
            ));
        };
        if f.unnamed.len() != 1 {
            return Err(syn::Error::new_spanned(
                variant,
                "CHOICE alternatives are one-field tuple variants",
            ));
        }
        let ty = &f.unnamed[0].ty;
        let name = vattrs
            .name
            .clone()
            .unwrap_or_else(|| lower_camel(&vident.to_string()));
        jsons.push(quote! {
            #ident::#vident(v) => {
                let mut m = ::proto::der::JsonMap::new();
                m.insert(#name.to_string(), ::proto::der::Asn1::to_json(v));
                ::proto::der::JsonValue::Object(m)
            }
        });
        if vattrs.other {
            // Catch-all for alternatives added by later versions: kept as raw TLV.
            other = Some(quote! {
                return ::core::result::Result::Ok(#ident::#vident(
                    <#ty as ::proto::der::Asn1>::decode(__alt)?,
                ));
            });
            encodes.push(quote!(#ident::#vident(v) => ::proto::der::Asn1::encode(v, __out),));
            continue;
        }
        let tag = match (vattrs.tag, attrs.automatic) {
            (Some(t), _) => Some(t),
            (None, true) => Some(TagSpec {
                class: 2,
                number: index as u32,
            }),
            (None, false) => None,
        };
        seen.push(Seen {
            ident: vident,
            tag,
            optional: false,
        });
        let tag_tokens = component_tag(tag);
        let explicit = vattrs.explicit;
        accepts.push(quote!(::proto::der::component_accepts::<#ty>(#tag_tokens, #explicit, tag)));
        expected.push(quote!(::proto::der::component_expected::<#ty>(#tag_tokens, #explicit)));
        encodes.push(quote! {
            #ident::#vident(v) => ::proto::der::encode_component::<#ty>(v, #tag_tokens, #explicit, __out),
        });
        decodes.push(quote! {
            if ::proto::der::component_accepts::<#ty>(#tag_tokens, #explicit, __alt.tag) {
                return ::proto::der::decode_component::<#ty>(__alt, #tag_tokens, #explicit)
                    .map(#ident::#vident)
                    .map_err(|e| e.within(#name));
            }
        });
    }

    distinct::choice(&seen)?;
    let fallback = other.unwrap_or_else(|| {
        quote! {
            let alts: ::std::vec::Vec<::std::string::String> = ::std::vec![#(#expected),*];
            return ::core::result::Result::Err(::proto::der::DecodeError::new(
                __alt.offset,
                ::proto::der::DecodeErrorKind::UnexpectedTag {
                    expected: format!("one of {}", alts.join(", ")),
                    found: __alt.tag,
                },
            ));
        }
    });
    let accepts_any = if attrs.tag.is_none()
        && data.variants.iter().any(|v| {
            FieldAttrs::parse(&v.attrs)
                .map(|a| a.other)
                .unwrap_or(false)
        }) {
        quote!(true)
    } else {
        quote!(false)
    };

    let (own_tag, accepts_fn, expected_fn, unwrap) = match attrs.tag {
        None => (
            quote!(::core::option::Option::None),
            quote! {
                fn accepts(tag: ::proto::der::Tag) -> bool {
                    #accepts_any #(|| #accepts)*
                }
            },
            quote! {
                fn expected() -> ::std::string::String {
                    let alts: ::std::vec::Vec<::std::string::String> = ::std::vec![#(#expected),*];
                    format!("one of {}", alts.join(", "))
                }
            },
            quote!(let __alt = __tlv;),
        ),
        Some(t) => {
            let tag = t.tokens(quote!(true));
            (
                quote!(::core::option::Option::Some(#tag)),
                quote!(),
                quote!(),
                quote! {
                    let mut __outer = __tlv.contents()?;
                    let __inner = __outer.read()?;
                    __outer.finish()?;
                    let __alt = &__inner;
                },
            )
        }
    };

    Ok(quote! {
        impl #impl_g ::proto::der::Asn1 for #ident #ty_g #where_g {
            const TAG: ::core::option::Option<::proto::der::Tag> = #own_tag;
            const NAME: &'static str = #spec_name;
            #accepts_fn
            #expected_fn

            fn encode_contents(&self, __out: &mut ::std::vec::Vec<u8>) {
                match self {
                    #(#encodes)*
                }
            }

            fn decode_contents(__tlv: &::proto::der::Tlv<'_>) -> ::proto::der::DecodeResult<Self> {
                #unwrap
                #(#decodes)*
                #fallback
            }

            fn to_json(&self) -> ::proto::der::JsonValue {
                match self {
                    #(#jsons)*
                }
            }
        }
    })
}
