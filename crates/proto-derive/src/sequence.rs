//! SEQUENCE structs.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{DeriveInput, FieldsNamed};

use crate::attrs::{FieldAttrs, TagSpec, TypeAttrs, component_tag, lower_camel, option_inner};
use crate::distinct::{self, Seen};

pub fn expand(
    input: &DeriveInput,
    attrs: &TypeAttrs,
    fields: &FieldsNamed,
) -> syn::Result<TokenStream> {
    let ident = &input.ident;
    let (impl_g, ty_g, where_g) = input.generics.split_for_impl();
    let spec_name = attrs.name.clone().unwrap_or_else(|| ident.to_string());

    let mut encodes = Vec::new();
    let mut decodes = Vec::new();
    let mut inits = Vec::new();
    let mut jsons = Vec::new();
    let mut seen = Vec::new();

    for (index, field) in fields.named.iter().enumerate() {
        let fattrs = FieldAttrs::parse(&field.attrs)?;
        let fident = field.ident.as_ref().expect("named field");
        let name = fattrs
            .name
            .clone()
            .unwrap_or_else(|| lower_camel(&fident.to_string()));
        let tag = match (fattrs.tag, attrs.automatic) {
            (Some(t), _) => Some(t),
            (None, true) => Some(TagSpec {
                class: 2,
                number: index as u32,
            }),
            (None, false) => None,
        };
        let tag_tokens = component_tag(tag);
        let explicit = fattrs.explicit;
        let optional = option_inner(&field.ty);
        let ty = optional.unwrap_or(&field.ty);
        seen.push(Seen {
            ident: fident,
            tag,
            optional: optional.is_some() || fattrs.default.is_some(),
        });

        // DER leaves out a component equal to its DEFAULT (X.690 11.5): refuse it encoded.
        let check_default = match (&fattrs.default, optional) {
            (Some(default), None) => quote! {
                ::proto::der::refuse_default::<#ty>(&__v, &(#default), &__c, #name)?;
            },
            _ => quote!(),
        };
        let read = quote! {
            let #fident: ::core::option::Option<#ty> = match __r.read_if(|t| {
                ::proto::der::component_accepts::<#ty>(#tag_tokens, #explicit, t)
            })? {
                ::core::option::Option::Some(__c) => {
                    let __v = ::proto::der::decode_component::<#ty>(&__c, #tag_tokens, #explicit)
                        .map_err(|e| e.within(#name))?;
                    #check_default
                    ::core::option::Option::Some(__v)
                }
                ::core::option::Option::None => ::core::option::Option::None,
            };
        };
        decodes.push(read);

        if optional.is_some() {
            encodes.push(quote! {
                if let ::core::option::Option::Some(__v) = &self.#fident {
                    ::proto::der::encode_component::<#ty>(__v, #tag_tokens, #explicit, __out);
                }
            });
            inits.push(quote!(#fident));
            jsons.push(quote! {
                if let ::core::option::Option::Some(__v) = &self.#fident {
                    __m.insert(#name.to_string(), ::proto::der::Asn1::to_json(__v));
                }
            });
        } else if let Some(default) = &fattrs.default {
            encodes.push(quote! {
                if self.#fident != #default {
                    ::proto::der::encode_component::<#ty>(&self.#fident, #tag_tokens, #explicit, __out);
                }
            });
            inits.push(quote!(#fident: #fident.unwrap_or_else(|| #default)));
            jsons.push(quote! {
                __m.insert(#name.to_string(), ::proto::der::Asn1::to_json(&self.#fident));
            });
        } else {
            encodes.push(quote! {
                ::proto::der::encode_component::<#ty>(&self.#fident, #tag_tokens, #explicit, __out);
            });
            inits.push(quote! {
                #fident: match #fident {
                    ::core::option::Option::Some(v) => v,
                    ::core::option::Option::None => {
                        return ::core::result::Result::Err(::proto::der::sequence_missing::<#ty>(
                            &__r, #tag_tokens, #explicit, #name,
                        ));
                    }
                }
            });
            jsons.push(quote! {
                __m.insert(#name.to_string(), ::proto::der::Asn1::to_json(&self.#fident));
            });
        }
    }

    let finish = if attrs.extensible {
        quote!(__r.skip_extensions()?;)
    } else {
        quote!(__r.finish()?;)
    };

    // A type-level tag is IMPLICIT (replaces 30) unless marked explicit (wraps 30 ...).
    let (own_tag, encode_body, unwrap) = match (attrs.tag, attrs.explicit) {
        (None, _) => (
            quote!(::proto::der::Tag::SEQUENCE),
            quote!(#(#encodes)*),
            quote!(let __tlv = __tlv;),
        ),
        (Some(t), false) => (
            t.tokens(quote!(true)),
            quote!(#(#encodes)*),
            quote!(let __tlv = __tlv;),
        ),
        (Some(t), true) => (
            t.tokens(quote!(true)),
            quote! {
                ::proto::der::write_constructed(::proto::der::Tag::SEQUENCE, __out, |__out| { #(#encodes)* });
            },
            quote! {
                let mut __outer = __tlv.contents()?;
                let __inner = __outer.read()?;
                __outer.finish()?;
                __inner.expect_tag(::proto::der::Tag::SEQUENCE)?;
                let __tlv = &__inner;
            },
        ),
    };

    distinct::sequence(&seen)?;
    Ok(quote! {
        impl #impl_g ::proto::der::Asn1 for #ident #ty_g #where_g {
            const TAG: ::core::option::Option<::proto::der::Tag> = ::core::option::Option::Some(#own_tag);
            const NAME: &'static str = #spec_name;

            #[allow(unused_variables)]
            fn encode_contents(&self, __out: &mut ::std::vec::Vec<u8>) {
                #encode_body
            }

            fn decode_contents(__tlv: &::proto::der::Tlv<'_>) -> ::proto::der::DecodeResult<Self> {
                if !__tlv.tag.constructed {
                    return ::core::result::Result::Err(::proto::der::DecodeError::invalid(
                        __tlv.offset,
                        concat!(#spec_name, " must be constructed"),
                    ));
                }
                #unwrap
                #[allow(unused_mut)]
                let mut __r = __tlv.contents()?;
                #(#decodes)*
                #finish
                ::core::result::Result::Ok(#ident { #(#inits),* })
            }

            fn to_json(&self) -> ::proto::der::JsonValue {
                #[allow(unused_mut)]
                let mut __m = ::proto::der::JsonMap::new();
                #(#jsons)*
                ::proto::der::JsonValue::Object(__m)
            }
        }
    })
}
