//! SEQUENCE structs.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{DeriveInput, Expr, Field, FieldsNamed, Ident, Type};

use crate::attrs::{
    FieldAttrs, TagSpec, TypeAttrs, component_tag, given_or_automatic_tag, lower_camel,
    option_inner,
};
use crate::distinct::{self, Seen};

pub(crate) fn expand(
    input: &DeriveInput,
    attrs: &TypeAttrs,
    fields: &FieldsNamed,
) -> syn::Result<TokenStream> {
    let ident = &input.ident;
    let (impl_g, ty_g, where_g) = input.generics.split_for_impl();
    let spec_name = attrs.name.clone().unwrap_or_else(|| ident.to_string());

    let components = fields
        .named
        .iter()
        .enumerate()
        .map(|(index, field)| Component::parse(index, field, attrs))
        .collect::<syn::Result<Vec<_>>>()?;
    let encodes: Vec<TokenStream> = components.iter().map(Component::encode).collect();
    let decodes: Vec<TokenStream> = components.iter().map(Component::decode).collect();
    let inits: Vec<TokenStream> = components.iter().map(Component::init).collect();
    let jsons: Vec<TokenStream> = components.iter().map(Component::json).collect();
    let seen: Vec<Seen<'_>> = components.iter().map(Component::seen).collect();

    let finish = if attrs.extensible {
        quote!(__r.skip_extensions()?;)
    } else {
        quote!(__r.finish()?;)
    };
    let Framing {
        own_tag,
        encode_body,
        unwrap,
    } = Framing::of(attrs, &encodes);

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

/// Whether a component may be absent from the encoding.
enum Presence {
    /// `Option<T>`: OPTIONAL.
    Optional,
    /// `#[asn1(default = "...")]` on a plain field: DEFAULT.
    Default(Expr),
    Mandatory,
}

/// One component of the SEQUENCE as the generated code reads, writes and shows it.
struct Component<'a> {
    ident: &'a Ident,
    /// The component's ASN.1 name: JSON key and decode-error context.
    name: String,
    tag: Option<TagSpec>,
    /// `component_tag(tag)`, spelled once.
    tag_tokens: TokenStream,
    explicit: bool,
    /// The component's type (`T` of an `Option<T>`).
    ty: &'a Type,
    presence: Presence,
}

impl<'a> Component<'a> {
    /// The field's `#[asn1(...)]` attributes and type, resolved for the field at `index`.
    fn parse(index: usize, field: &'a Field, attrs: &TypeAttrs) -> syn::Result<Self> {
        let fattrs = FieldAttrs::parse(&field.attrs)?;
        let ident = field.ident.as_ref().expect("named field");
        let name = fattrs
            .name
            .clone()
            .unwrap_or_else(|| lower_camel(&ident.to_string()));
        let tag = given_or_automatic_tag(fattrs.tag, attrs.automatic, index);
        let optional = option_inner(&field.ty);
        let presence = match (optional, fattrs.default) {
            (Some(_), _) => Presence::Optional,
            (None, Some(default)) => Presence::Default(default),
            (None, None) => Presence::Mandatory,
        };
        Ok(Component {
            ident,
            name,
            tag,
            tag_tokens: component_tag(tag),
            explicit: fattrs.explicit,
            ty: optional.unwrap_or(&field.ty),
            presence,
        })
    }

    /// What the distinct-tag check needs (X.680 25.5–25.6).
    fn seen(&self) -> Seen<'a> {
        Seen {
            ident: self.ident,
            tag: self.tag,
            optional: !matches!(self.presence, Presence::Mandatory),
        }
    }

    /// Reads the component if the next TLV is its own, into `Option<T>` named after the field.
    fn decode(&self) -> TokenStream {
        let Component {
            ident,
            name,
            tag_tokens,
            explicit,
            ty,
            ..
        } = self;
        // DER leaves out a component equal to its DEFAULT (X.690 11.5): refuse it encoded.
        let check_default = match &self.presence {
            Presence::Default(default) => quote! {
                ::proto::der::refuse_default::<#ty>(&__v, &(#default), &__c, #name)?;
            },
            _ => quote!(),
        };
        quote! {
            let #ident: ::core::option::Option<#ty> = match __r.read_if(|t| {
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
        }
    }

    /// Writes the component, leaving out an absent OPTIONAL and a DEFAULT equal to its default.
    fn encode(&self) -> TokenStream {
        let Component {
            ident,
            tag_tokens,
            explicit,
            ty,
            ..
        } = self;
        match &self.presence {
            Presence::Optional => quote! {
                if let ::core::option::Option::Some(__v) = &self.#ident {
                    ::proto::der::encode_component::<#ty>(__v, #tag_tokens, #explicit, __out);
                }
            },
            Presence::Default(default) => quote! {
                if self.#ident != #default {
                    ::proto::der::encode_component::<#ty>(&self.#ident, #tag_tokens, #explicit, __out);
                }
            },
            Presence::Mandatory => quote! {
                ::proto::der::encode_component::<#ty>(&self.#ident, #tag_tokens, #explicit, __out);
            },
        }
    }

    /// The struct field from what `decode` read: absent DEFAULT takes its default, absent
    /// mandatory component is refused.
    fn init(&self) -> TokenStream {
        let Component {
            ident,
            name,
            tag_tokens,
            explicit,
            ty,
            ..
        } = self;
        match &self.presence {
            Presence::Optional => quote!(#ident),
            Presence::Default(default) => quote!(#ident: #ident.unwrap_or_else(|| #default)),
            Presence::Mandatory => quote! {
                #ident: match #ident {
                    ::core::option::Option::Some(v) => v,
                    ::core::option::Option::None => {
                        return ::core::result::Result::Err(::proto::der::sequence_missing::<#ty>(
                            &__r, #tag_tokens, #explicit, #name,
                        ));
                    }
                }
            },
        }
    }

    /// The component's JSON member (left out when an OPTIONAL is absent).
    fn json(&self) -> TokenStream {
        let Component { ident, name, .. } = self;
        match &self.presence {
            Presence::Optional => quote! {
                if let ::core::option::Option::Some(__v) = &self.#ident {
                    __m.insert(#name.to_string(), ::proto::der::Asn1::to_json(__v));
                }
            },
            Presence::Default(_) | Presence::Mandatory => quote! {
                __m.insert(#name.to_string(), ::proto::der::Asn1::to_json(&self.#ident));
            },
        }
    }
}

/// The SEQUENCE's own tag and how its contents sit inside it.
struct Framing {
    /// The `TAG` constant.
    own_tag: TokenStream,
    /// The body of `encode_contents`.
    encode_body: TokenStream,
    /// Statements in `decode_contents` that leave `__tlv` as the SEQUENCE itself.
    unwrap: TokenStream,
}

impl Framing {
    /// A type-level tag is IMPLICIT (replaces 30) unless marked explicit (wraps 30 ...).
    fn of(attrs: &TypeAttrs, encodes: &[TokenStream]) -> Self {
        match (attrs.tag, attrs.explicit) {
            (None, _) => Framing {
                own_tag: quote!(::proto::der::Tag::SEQUENCE),
                encode_body: quote!(#(#encodes)*),
                unwrap: quote!(let __tlv = __tlv;),
            },
            (Some(t), false) => Framing {
                own_tag: t.tokens(quote!(true)),
                encode_body: quote!(#(#encodes)*),
                unwrap: quote!(let __tlv = __tlv;),
            },
            (Some(t), true) => Framing {
                own_tag: t.tokens(quote!(true)),
                encode_body: quote! {
                    ::proto::der::write_constructed(::proto::der::Tag::SEQUENCE, __out, |__out| { #(#encodes)* });
                },
                unwrap: quote! {
                    let mut __outer = __tlv.contents()?;
                    let __inner = __outer.read()?;
                    __outer.finish()?;
                    __inner.expect_tag(::proto::der::Tag::SEQUENCE)?;
                    let __tlv = &__inner;
                },
            },
        }
    }
}
