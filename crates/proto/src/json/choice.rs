//! CHOICEs in the JSON bindings: the chosen alternative is one member of the enclosing object,
//! named after the alternative (SGP.32 6.4.1.5 GetEimPackage: `euiccPackageRequest`,
//! `ipaEuiccDataRequest`, … beside `header`). An enum declared with [`json_choice!`] is
//! flattened into its object (`#[serde(flatten)]`): it writes its one member, and reads
//! exactly one of its members from the object, ignoring members it does not know (later
//! versions' additions) and refusing none or several ([`ChoiceError`]).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// A JSON object that should carry exactly one CHOICE alternative carried none or several.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ChoiceError {
    #[error("none of the alternative members is present")]
    None,
    #[error("{0} alternative members are present, exactly one is allowed")]
    Several(usize),
}

/// The alternatives of a CHOICE and how each reads its member; written by [`json_choice!`].
pub(crate) trait Alternatives: Sized {
    /// The member names, in declaration order.
    const NAMES: &'static [&'static str];
    /// The alternative `NAMES[index]`, its value read from `map`; `None` when the member
    /// says the alternative is not chosen (a NULL alternative given as `false`).
    fn read<'de, A: MapAccess<'de>>(index: usize, map: &mut A) -> Result<Option<Self>, A::Error>;
}

/// Reads the one alternative of `T` among the members of an object.
pub(crate) fn deserialize<'de, D: Deserializer<'de>, T: Alternatives>(d: D) -> Result<T, D::Error> {
    struct Members<T>(PhantomData<T>);

    impl<'de, T: Alternatives> Visitor<'de> for Members<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "one of the members {}", T::NAMES.join(", "))
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
            let (mut found, mut present) = (None, 0);
            while let Some(key) = map.next_key::<String>()? {
                match T::NAMES.iter().position(|n| *n == key) {
                    Some(i) => {
                        if let Some(value) = T::read(i, &mut map)? {
                            present += 1;
                            found.get_or_insert(value);
                        }
                    }
                    None => {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
            }
            match (found, present) {
                (Some(v), 1) => Ok(v),
                (Some(_), n) => Err(de::Error::custom(ChoiceError::Several(n))),
                (None, _) => Err(de::Error::custom(ChoiceError::None)),
            }
        }
    }

    d.deserialize_map(Members(PhantomData))
}

/// A member value in base64 (DER).
pub(crate) struct Base64(pub Vec<u8>);

impl<'de> Deserialize<'de> for Base64 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        super::base64::deserialize(d).map(Base64)
    }
}

/// Declares a CHOICE of a JSON binding: each alternative is `Variant(Vec<u8>) = "member" as
/// bytes` (DER in base64), `Variant(i64) = "member" as int` (an INTEGER or ENUMERATED number)
/// or `Variant = "member" as flag` (a NULL alternative, `true`).
macro_rules! json_choice {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident $(($ty:ty))? = $member:literal as $kind:ident, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub enum $name {
            $( $(#[$vmeta])* $variant $(($ty))?, )+
        }

        impl $crate::json::choice::Alternatives for $name {
            const NAMES: &'static [&'static str] = &[$($member),+];

            fn read<'de, A: ::serde::de::MapAccess<'de>>(
                index: usize,
                map: &mut A,
            ) -> Result<Option<Self>, A::Error> {
                let mut i = 0;
                $(
                    if index == i {
                        return json_choice!(@read $kind, $name::$variant, map);
                    }
                    i += 1;
                )+
                let _ = i;
                Err(::serde::de::Error::custom("no such alternative"))
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap as _;
                let mut map = s.serialize_map(Some(1))?;
                match self {
                    $( json_choice!(@pattern $kind, $name::$variant, v) => {
                        json_choice!(@write $kind, map, $member, v)
                    } )+
                }
                map.end()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::json::choice::deserialize(d)
            }
        }
    };
    (@read bytes, $path:path, $map:ident) => {
        $map.next_value::<$crate::json::choice::Base64>().map(|b| Some($path(b.0)))
    };
    (@read int, $path:path, $map:ident) => { $map.next_value::<i64>().map(|v| Some($path(v))) };
    (@read flag, $path:path, $map:ident) => {
        $map.next_value::<bool>().map(|chosen| chosen.then_some($path))
    };
    (@pattern bytes, $path:path, $v:ident) => { $path($v) };
    (@pattern int, $path:path, $v:ident) => { $path($v) };
    (@pattern flag, $path:path, $v:ident) => { $path };
    (@write bytes, $map:ident, $member:literal, $v:ident) => {
        $map.serialize_entry($member, &$crate::json::base64::encode($v))?
    };
    (@write int, $map:ident, $member:literal, $v:ident) => { $map.serialize_entry($member, $v)? };
    (@write flag, $map:ident, $member:literal, $v:ident) => {
        $map.serialize_entry($member, &true)?
    };
}

pub(crate) use json_choice;

#[cfg(test)]
mod tests {
    use crate::json::esipa::{
        EimPackage, GetEimPackageResponse, TransferEimPackageResponse, TransferResult,
    };

    const HEADER: &str = r#""header":{"functionExecutionStatus":{"status":"Executed-Success"}}"#;

    fn read<T: serde::de::DeserializeOwned>(members: &str) -> serde_json::Result<T> {
        serde_json::from_str(&format!("{{{HEADER},{members}}}"))
    }

    #[test]
    fn sgp32_6_4_1_5_the_alternative_is_one_member_beside_the_header() {
        let r: GetEimPackageResponse = read(r#""euiccPackageRequest":"vyUA""#).unwrap();
        assert_eq!(
            r.package,
            EimPackage::EuiccPackageRequest(vec![0xBF, 0x25, 0x00])
        );
        let text = serde_json::to_string(&r).unwrap();
        assert!(text.contains(r#""euiccPackageRequest":"vyUA""#), "{text}");
        assert_eq!(
            serde_json::from_str::<GetEimPackageResponse>(&text).unwrap(),
            r
        );
        let e: GetEimPackageResponse = read(r#""eimPackageError":1"#).unwrap();
        assert_eq!(e.package, EimPackage::EimPackageError(1));
    }

    #[test]
    fn sgp32_6_4_none_or_two_alternatives_are_refused_unknown_members_ignored() {
        let none = read::<GetEimPackageResponse>(r#""later":1"#)
            .unwrap_err()
            .to_string();
        assert!(none.contains("none of the alternative members"), "{none}");
        let two =
            read::<GetEimPackageResponse>(r#""eimPackageError":1,"ipaEuiccDataRequest":"vyUA""#)
                .unwrap_err()
                .to_string();
        assert!(two.contains("2 alternative members are present"), "{two}");
        let later: GetEimPackageResponse =
            read(r#""laterMember":{"x":[1]},"eimPackageError":127"#).unwrap();
        assert_eq!(later.package, EimPackage::EimPackageError(127));
    }

    #[test]
    fn sgp32_6_4_1_4_a_null_alternative_is_true_when_chosen() {
        let r: TransferEimPackageResponse = read(r#""eimPackageReceived":true"#).unwrap();
        assert_eq!(r.result, TransferResult::EimPackageReceived);
        assert!(
            serde_json::to_string(&r)
                .unwrap()
                .contains(r#""eimPackageReceived":true"#)
        );
        let r: TransferEimPackageResponse =
            read(r#""eimPackageReceived":false,"eimPackageError":2"#).unwrap();
        assert_eq!(r.result, TransferResult::EimPackageError(2));
    }
}
