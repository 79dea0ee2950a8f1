//! Security domains in the EIS (SGP.02 2.2.1 security domains): the ISD-R and the ECASD with their key
//! sets and certificates.

use crate::message::{Hex, MessageError, Value};
use crate::xml::Element;

string_enum! {
    /// `Role` of a security domain.
    pub enum SecurityDomainRole {
        /// The ISD-R.
        IsdR = "ISD-R",
        /// The ECASD.
        Ecasd = "ECASD",
    }
}

string_enum! {
    /// `Type` of a key set.
    pub enum KeySetType {
        /// SCP03 (GP Amendment D).
        Scp03 = "SCP03",
        /// SCP80 (ETSI TS 102 225).
        Scp80 = "SCP80",
        /// SCP81 (GP Amendment B).
        Scp81 = "SCP81",
        /// Token generation (GP Amendment A delegated management).
        TokenGeneration = "TokenGeneration",
        /// Receipt verification.
        ReceiptVerification = "ReceiptVerification",
        /// A CA's key set (the ECASD's certificates).
        Ca = "CA",
    }
}

/// A key component: its `type` and `value` attributes (e.g. type `88` AES, value hex).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyComponent {
    /// `type`.
    pub component_type: String,
    /// `value`.
    pub value: String,
}

impl Value for KeyComponent {
    fn write(&self, name: &str) -> Element {
        let mut el = Element::new(name);
        el.set_attribute("type", self.component_type.clone());
        el.set_attribute("value", self.value.clone());
        el
    }

    fn read(el: &Element) -> Result<Self, MessageError> {
        let attr = |name: &str| {
            el.attribute(name)
                .map(str::to_owned)
                .ok_or_else(|| MessageError::MissingElement(format!("{}@{name}", el.name)))
        };
        Ok(KeyComponent {
            component_type: attr("type")?,
            value: attr("value")?,
        })
    }
}

record! {
    /// A key of a key set.
    pub struct Key {
        /// `Index`: the key identifier.
        index: u32 => "Index",
        /// `components`.
        components: Vec<KeyComponent> => "components",
    }
}

record! {
    /// A certificate of a key set.
    pub struct Certificate {
        /// `Index`.
        index: u32 => "Index",
        /// `CaId`: the issuing CA.
        ca_id: Option<String> => "CaId",
        /// `Value`: the certificate.
        value: Hex => "Value",
    }
}

record! {
    /// A key set (`keySets` entry).
    pub struct KeySet {
        /// `Version`: the key version number.
        version: String => "Version",
        /// `Type`.
        key_set_type: KeySetType => "Type",
        /// `Cntr`: the replay counter (SCP80).
        counter: u64 => "Cntr",
        /// `keys`.
        keys: Vec<Key> => "keys",
        /// `certificates`.
        certificates: Vec<Certificate> => "certificates",
    }
}

record! {
    /// A security domain (`isd-r`, `Ecasd`).
    pub struct SecurityDomain {
        /// `Aid`.
        aid: Hex => "Aid",
        /// `Tar`: its Toolkit Application Reference (ETSI TS 101 220).
        tar: Option<Hex> => "Tar",
        /// `Sin`: Security Domain Image Number.
        sin: Option<Hex> => "Sin",
        /// `Sdin`: Security Domain Identification Number.
        sdin: Option<Hex> => "Sdin",
        /// `Role`.
        role: Option<SecurityDomainRole> => "Role",
        /// `keySets`.
        key_sets: Vec<KeySet> => "keySets",
    }
}
