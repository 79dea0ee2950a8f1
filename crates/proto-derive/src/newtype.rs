//! Newtypes: a type defined as another type, optionally with its own tag
//! (`Iccid ::= [APPLICATION 26] OCTET STRING`).

use proc_macro2::TokenStream;
use quote::quote;
use syn::{DeriveInput, Field};

use crate::attrs::TypeAttrs;

pub(crate) fn expand(
    input: &DeriveInput,
    attrs: &TypeAttrs,
    field: &Field,
) -> syn::Result<TokenStream> {
    let ident = &input.ident;
    let (impl_g, ty_g, where_g) = input.generics.split_for_impl();
    let spec_name = attrs.name.clone().unwrap_or_else(|| ident.to_string());
    let inner = &field.ty;

    let Some(tag) = attrs.tag else {
        // Same type under another name: everything delegates.
        return Ok(quote! {
            impl #impl_g ::proto::der::Asn1 for #ident #ty_g #where_g {
                const TAG: ::core::option::Option<::proto::der::Tag> = <#inner as ::proto::der::Asn1>::TAG;
                const NAME: &'static str = #spec_name;
                fn accepts(tag: ::proto::der::Tag) -> bool {
                    <#inner as ::proto::der::Asn1>::accepts(tag)
                }
                fn expected() -> ::std::string::String {
                    <#inner as ::proto::der::Asn1>::expected()
                }
                fn encode_contents(&self, out: &mut ::std::vec::Vec<u8>) {
                    ::proto::der::Asn1::encode_contents(&self.0, out)
                }
                fn decode_contents(tlv: &::proto::der::Tlv<'_>) -> ::proto::der::DecodeResult<Self> {
                    <#inner as ::proto::der::Asn1>::decode_contents(tlv).map(#ident)
                }
                fn encode(&self, out: &mut ::std::vec::Vec<u8>) {
                    ::proto::der::Asn1::encode(&self.0, out)
                }
                fn decode(tlv: &::proto::der::Tlv<'_>) -> ::proto::der::DecodeResult<Self> {
                    <#inner as ::proto::der::Asn1>::decode(tlv).map(#ident)
                }
                fn to_json(&self) -> ::proto::der::JsonValue {
                    ::proto::der::Asn1::to_json(&self.0)
                }
            }
        });
    };

    let base = tag.tokens(quote!(false));
    let explicit = attrs.explicit;
    Ok(quote! {
        impl #impl_g ::proto::der::Asn1 for #ident #ty_g #where_g {
            const TAG: ::core::option::Option<::proto::der::Tag> =
                ::core::option::Option::Some(::proto::der::tag_for::<#inner>(#base, #explicit));
            const NAME: &'static str = #spec_name;
            fn encode_contents(&self, out: &mut ::std::vec::Vec<u8>) {
                if #explicit || <#inner as ::proto::der::Asn1>::TAG.is_none() {
                    ::proto::der::Asn1::encode(&self.0, out)
                } else {
                    ::proto::der::Asn1::encode_contents(&self.0, out)
                }
            }
            fn decode_contents(tlv: &::proto::der::Tlv<'_>) -> ::proto::der::DecodeResult<Self> {
                ::proto::der::decode_component::<#inner>(
                    tlv,
                    ::core::option::Option::Some(#base),
                    #explicit,
                )
                .map(#ident)
            }
            fn to_json(&self) -> ::proto::der::JsonValue {
                ::proto::der::Asn1::to_json(&self.0)
            }
        }
    })
}
