//! CHOICE enums: one single-field tuple variant per alternative. A CHOICE with a type-level
//! tag is tagged EXPLICITLY (X.680 31.2.7).

use proc_macro2::TokenStream;
use quote::quote;
use syn::{DataEnum, DeriveInput, Fields, Ident, Type, Variant};

use crate::attrs::{
    FieldAttrs, TagSpec, TypeAttrs, component_tag, given_or_automatic_tag, lower_camel,
};
use crate::distinct::{self, Seen};

pub(crate) fn expand(
    input: &DeriveInput,
    attrs: &TypeAttrs,
    data: &DataEnum,
) -> syn::Result<TokenStream> {
    let ident = &input.ident;
    let (impl_g, ty_g, where_g) = input.generics.split_for_impl();
    let spec_name = attrs.name.clone().unwrap_or_else(|| ident.to_string());

    let alternatives = data
        .variants
        .iter()
        .enumerate()
        .map(|(index, variant)| Alternative::parse(index, variant, attrs))
        .collect::<syn::Result<Vec<_>>>()?;
    // The catch-all `other` alternative, if any, is left out of tag matching.
    let tagged: Vec<&Alternative<'_>> = alternatives.iter().filter(|a| !a.other).collect();
    let other = alternatives.iter().rev().find(|a| a.other);

    let jsons = alternatives.iter().map(|a| a.json(ident));
    let encodes = alternatives.iter().map(|a| a.encode(ident));
    let decodes = tagged.iter().map(|a| a.decode(ident));
    let expected: Vec<TokenStream> = tagged.iter().map(|a| a.expected()).collect();
    let seen: Vec<Seen<'_>> = tagged.iter().map(|a| a.seen()).collect();

    distinct::choice(&seen)?;
    let fallback = match other {
        Some(other) => other.decode_other(ident),
        None => quote! {
            let alts: ::std::vec::Vec<::std::string::String> = ::std::vec![#(#expected),*];
            return ::core::result::Result::Err(::proto::der::DecodeError::new(
                __alt.offset,
                ::proto::der::DecodeErrorKind::UnexpectedTag {
                    expected: format!("one of {}", alts.join(", ")),
                    found: __alt.tag,
                },
            ));
        },
    };
    let Framing {
        own_tag,
        accepts_fn,
        expected_fn,
        unwrap,
    } = Framing::of(attrs, &tagged, other.is_some(), &expected);

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

/// One alternative of the CHOICE as the generated code reads, writes and shows it.
struct Alternative<'a> {
    ident: &'a Ident,
    /// The alternative's type (the variant's one field).
    ty: &'a Type,
    /// The alternative's ASN.1 name: JSON key and decode-error context.
    name: String,
    tag: Option<TagSpec>,
    /// `component_tag(tag)`, spelled once.
    tag_tokens: TokenStream,
    explicit: bool,
    /// `#[asn1(other)]`: catch-all for alternatives added by later versions, kept as raw TLV.
    other: bool,
}

impl<'a> Alternative<'a> {
    /// The variant's `#[asn1(...)]` attributes and field, resolved for the variant at `index`.
    fn parse(index: usize, variant: &'a Variant, attrs: &TypeAttrs) -> syn::Result<Self> {
        let vattrs = FieldAttrs::parse(&variant.attrs)?;
        let ident = &variant.ident;
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
        let name = vattrs
            .name
            .clone()
            .unwrap_or_else(|| lower_camel(&ident.to_string()));
        let tag = given_or_automatic_tag(vattrs.tag, attrs.automatic, index);
        Ok(Alternative {
            ident,
            ty: &f.unnamed[0].ty,
            name,
            tag,
            tag_tokens: component_tag(tag),
            explicit: vattrs.explicit,
            other: vattrs.other,
        })
    }

    /// What the distinct-tag check needs (X.680 29.2).
    fn seen(&self) -> Seen<'a> {
        Seen {
            ident: self.ident,
            tag: self.tag,
            optional: false,
        }
    }

    /// The `to_json` arm: an object with the alternative's name as its one key.
    fn json(&self, choice: &Ident) -> TokenStream {
        let Alternative { ident, name, .. } = self;
        quote! {
            #choice::#ident(v) => {
                let mut m = ::proto::der::JsonMap::new();
                m.insert(#name.to_string(), ::proto::der::Asn1::to_json(v));
                ::proto::der::JsonValue::Object(m)
            }
        }
    }

    /// The `encode_contents` arm; the `other` alternative writes its TLV back as received.
    fn encode(&self, choice: &Ident) -> TokenStream {
        let Alternative {
            ident,
            ty,
            tag_tokens,
            explicit,
            ..
        } = self;
        if self.other {
            return quote!(#choice::#ident(v) => ::proto::der::Asn1::encode(v, __out),);
        }
        quote! {
            #choice::#ident(v) => ::proto::der::encode_component::<#ty>(v, #tag_tokens, #explicit, __out),
        }
    }

    /// Decodes `__alt` as this alternative when its tag is this alternative's.
    fn decode(&self, choice: &Ident) -> TokenStream {
        let Alternative {
            ident,
            ty,
            name,
            tag_tokens,
            explicit,
            ..
        } = self;
        quote! {
            if ::proto::der::component_accepts::<#ty>(#tag_tokens, #explicit, __alt.tag) {
                return ::proto::der::decode_component::<#ty>(__alt, #tag_tokens, #explicit)
                    .map(#choice::#ident)
                    .map_err(|e| e.within(#name));
            }
        }
    }

    /// The decode fallback of a CHOICE with an `other` alternative: any tag lands there.
    fn decode_other(&self, choice: &Ident) -> TokenStream {
        let Alternative { ident, ty, .. } = self;
        quote! {
            return ::core::result::Result::Ok(#choice::#ident(
                <#ty as ::proto::der::Asn1>::decode(__alt)?,
            ));
        }
    }

    /// Whether `tag` starts this alternative.
    fn accepts(&self) -> TokenStream {
        let Alternative {
            ty,
            tag_tokens,
            explicit,
            ..
        } = self;
        quote!(::proto::der::component_accepts::<#ty>(#tag_tokens, #explicit, tag))
    }

    /// The alternative's tag as decode errors name it.
    fn expected(&self) -> TokenStream {
        let Alternative {
            ty,
            tag_tokens,
            explicit,
            ..
        } = self;
        quote!(::proto::der::component_expected::<#ty>(#tag_tokens, #explicit))
    }
}

/// The CHOICE's own tag, and what follows from it.
struct Framing {
    /// The `TAG` constant.
    own_tag: TokenStream,
    /// `Asn1::accepts` of an untagged CHOICE (any alternative's tag); empty when tagged.
    accepts_fn: TokenStream,
    /// `Asn1::expected` of an untagged CHOICE; empty when tagged.
    expected_fn: TokenStream,
    /// Statements in `decode_contents` that leave `__alt` as the chosen alternative's TLV.
    unwrap: TokenStream,
}

impl Framing {
    /// An untagged CHOICE has no tag of its own and is recognised by its alternatives' tags
    /// (every tag if it has an `other` alternative); a tagged one is EXPLICIT (X.680
    /// 31.2.7) and holds exactly one alternative.
    fn of(
        attrs: &TypeAttrs,
        tagged: &[&Alternative<'_>],
        has_other: bool,
        expected: &[TokenStream],
    ) -> Self {
        match attrs.tag {
            None => {
                let accepts_any = if has_other {
                    quote!(true)
                } else {
                    quote!(false)
                };
                let accepts = tagged.iter().map(|a| a.accepts());
                Framing {
                    own_tag: quote!(::core::option::Option::None),
                    accepts_fn: quote! {
                        fn accepts(tag: ::proto::der::Tag) -> bool {
                            #accepts_any #(|| #accepts)*
                        }
                    },
                    expected_fn: quote! {
                        fn expected() -> ::std::string::String {
                            let alts: ::std::vec::Vec<::std::string::String> = ::std::vec![#(#expected),*];
                            format!("one of {}", alts.join(", "))
                        }
                    },
                    unwrap: quote!(let __alt = __tlv;),
                }
            }
            Some(t) => {
                let tag = t.tokens(quote!(true));
                Framing {
                    own_tag: quote!(::core::option::Option::Some(#tag)),
                    accepts_fn: quote!(),
                    expected_fn: quote!(),
                    unwrap: quote! {
                        let mut __outer = __tlv.contents()?;
                        let __inner = __outer.read()?;
                        __outer.finish()?;
                        let __alt = &__inner;
                    },
                }
            }
        }
    }
}
