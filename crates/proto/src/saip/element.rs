//! The `ProfileElement` CHOICE: one PE of a profile package (TCA eUICC Profile Package
//! v3.3.1). AUTOMATIC TAGS number the alternatives: header `A0`, genericFileManagement `A1`
//! … end `AA`, mf `B0` … df-snpn `BE`, df-5gprose `BF1F`, iot `BF20`, opt-iot `BF21`.

use serde_json::Value;

use super::aka::PEAKAParameter;
use super::application::PEApplication;
use super::cdma::PECDMAParameter;
use super::fs::*;
use super::gfm::PEGenericFileManagement;
use super::header::{PEDummy, PEEnd, PEHeader, ProfileHeader};
use super::non_standard::PENonStandard;
use super::pin::{PEPINCodes, PEPUKCodes};
use super::rfm::PERFM;
use super::security_domain::PESecurityDomain;
use crate::der::types::hex_upper;
use crate::der::{Asn1, Class, DecodeResult, Tag, Tlv, unexpected_tag};

/// One profile element.
///
/// ```text
/// ProfileElement ::= CHOICE {
///     header ProfileHeader,
///     genericFileManagement PE-GenericFileManagement,
///     pinCodes PE-PINCodes,
///     pukCodes PE-PUKCodes,
///     akaParameter PE-AKAParameter,
///     cdmaParameter PE-CDMAParameter,
///     securityDomain PE-SecurityDomain,
///     rfm PE-RFM,
///     application PE-Application,
///     nonStandard PE-NonStandard,
///     end PE-End,
///     rfu1 PE-Dummy, rfu2 PE-Dummy, rfu3 PE-Dummy, rfu4 PE-Dummy, rfu5 PE-Dummy,
///     mf PE-MF,
///     cd PE-CD,
///     telecom PE-TELECOM,
///     usim PE-USIM,
///     opt-usim PE-OPT-USIM,
///     isim PE-ISIM,
///     opt-isim PE-OPT-ISIM,
///     phonebook PE-PHONEBOOK,
///     gsm-access PE-GSM-ACCESS,
///     csim PE-CSIM,
///     opt-csim PE-OPT-CSIM,
///     eap PE-EAP,
///     df-5gs PE-DF-5GS,
///     df-saip PE-DF-SAIP,
///     df-snpn PE-DF-SNPN,
///     df-5gprose PE-DF-5GPROSE,
///     iot PE-IoT,
///     opt-iot PE-OPT-IoT,
///     ...
/// }
/// ```
/// A PE of a later version (any other context-specific constructed tag) is kept as
/// [`UnknownElement`], so such packages still parse and re-encode unchanged.
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, automatic, name = "ProfileElement")]
pub enum ProfileElement {
    Header(Box<ProfileHeader>),
    GenericFileManagement(PEGenericFileManagement),
    PinCodes(PEPINCodes),
    PukCodes(PEPUKCodes),
    AkaParameter(Box<PEAKAParameter>),
    CdmaParameter(PECDMAParameter),
    SecurityDomain(Box<PESecurityDomain>),
    Rfm(PERFM),
    Application(Box<PEApplication>),
    NonStandard(PENonStandard),
    End(PEEnd),
    Rfu1(PEDummy),
    Rfu2(PEDummy),
    Rfu3(PEDummy),
    Rfu4(PEDummy),
    Rfu5(PEDummy),
    Mf(Box<PEMF>),
    Cd(Box<PECD>),
    Telecom(Box<PETELECOM>),
    Usim(Box<PEUSIM>),
    #[asn1(name = "opt-usim")]
    OptUsim(Box<PEOPTUSIM>),
    Isim(Box<PEISIM>),
    #[asn1(name = "opt-isim")]
    OptIsim(Box<PEOPTISIM>),
    Phonebook(Box<PEPHONEBOOK>),
    #[asn1(name = "gsm-access")]
    GsmAccess(Box<PEGSMACCESS>),
    Csim(Box<PECSIM>),
    #[asn1(name = "opt-csim")]
    OptCsim(Box<PEOPTCSIM>),
    Eap(Box<PEEAP>),
    #[asn1(name = "df-5gs")]
    Df5gs(Box<PEDF5GS>),
    #[asn1(name = "df-saip")]
    DfSaip(Box<PEDFSAIP>),
    #[asn1(name = "df-snpn")]
    DfSnpn(Box<PEDFSNPN>),
    #[asn1(name = "df-5gprose")]
    Df5gprose(Box<PEDF5GPROSE>),
    Iot(Box<PEIoT>),
    #[asn1(name = "opt-iot")]
    OptIot(Box<PEOPTIoT>),
    #[asn1(other, name = "unknown")]
    Unknown(UnknownElement),
}

impl ProfileElement {
    /// The ASN.1 name of the alternative (`"header"`, `"opt-usim"` …; `"unknown"`).
    pub fn name(&self) -> &'static str {
        use ProfileElement::*;
        match self {
            Header(_) => "header",
            GenericFileManagement(_) => "genericFileManagement",
            PinCodes(_) => "pinCodes",
            PukCodes(_) => "pukCodes",
            AkaParameter(_) => "akaParameter",
            CdmaParameter(_) => "cdmaParameter",
            SecurityDomain(_) => "securityDomain",
            Rfm(_) => "rfm",
            Application(_) => "application",
            NonStandard(_) => "nonStandard",
            End(_) => "end",
            Rfu1(_) => "rfu1",
            Rfu2(_) => "rfu2",
            Rfu3(_) => "rfu3",
            Rfu4(_) => "rfu4",
            Rfu5(_) => "rfu5",
            Mf(_) => "mf",
            Cd(_) => "cd",
            Telecom(_) => "telecom",
            Usim(_) => "usim",
            OptUsim(_) => "opt-usim",
            Isim(_) => "isim",
            OptIsim(_) => "opt-isim",
            Phonebook(_) => "phonebook",
            GsmAccess(_) => "gsm-access",
            Csim(_) => "csim",
            OptCsim(_) => "opt-csim",
            Eap(_) => "eap",
            Df5gs(_) => "df-5gs",
            DfSaip(_) => "df-saip",
            DfSnpn(_) => "df-snpn",
            Df5gprose(_) => "df-5gprose",
            Iot(_) => "iot",
            OptIot(_) => "opt-iot",
            Unknown(_) => "unknown",
        }
    }

    /// The PE header, for every PE but the profile header, the RFU placeholders and
    /// unknown PEs.
    pub fn pe_header(&self) -> Option<&PEHeader> {
        use ProfileElement::*;
        match self {
            Header(_) | Rfu1(_) | Rfu2(_) | Rfu3(_) | Rfu4(_) | Rfu5(_) | Unknown(_) => None,
            GenericFileManagement(p) => Some(&p.header),
            PinCodes(p) => Some(&p.header),
            PukCodes(p) => Some(&p.header),
            AkaParameter(p) => Some(&p.header),
            CdmaParameter(p) => Some(&p.header),
            SecurityDomain(p) => Some(&p.header),
            Rfm(p) => Some(&p.header),
            Application(p) => Some(&p.header),
            NonStandard(p) => Some(&p.header),
            End(p) => Some(&p.header),
            other => other.file_system().map(FileSystemPe::header),
        }
    }

    /// The template-based file-system view of the MF, NAA and DF PEs.
    pub fn file_system(&self) -> Option<&dyn FileSystemPe> {
        use ProfileElement::*;
        Some(match self {
            Mf(p) => &**p,
            Cd(p) => &**p,
            Telecom(p) => &**p,
            Usim(p) => &**p,
            OptUsim(p) => &**p,
            Isim(p) => &**p,
            OptIsim(p) => &**p,
            Phonebook(p) => &**p,
            GsmAccess(p) => &**p,
            Csim(p) => &**p,
            OptCsim(p) => &**p,
            Eap(p) => &**p,
            Df5gs(p) => &**p,
            DfSaip(p) => &**p,
            DfSnpn(p) => &**p,
            Df5gprose(p) => &**p,
            Iot(p) => &**p,
            OptIot(p) => &**p,
            _ => return None,
        })
    }
}

/// A PE this version does not know: any context-specific constructed TLV, kept whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownElement(pub Vec<u8>);

impl UnknownElement {
    /// The tag of the kept PE.
    pub fn tag(&self) -> Option<Tag> {
        Tag::parse(&self.0).map(|(t, _)| t)
    }
}

impl Asn1 for UnknownElement {
    const TAG: Option<Tag> = None;
    const NAME: &'static str = "ProfileElement extension";
    fn accepts(tag: Tag) -> bool {
        tag.class == Class::Context && tag.constructed
    }
    fn expected() -> String {
        "a context-specific constructed tag".to_string()
    }
    fn encode_contents(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0)
    }
    fn decode_contents(tlv: &Tlv<'_>) -> DecodeResult<Self> {
        if !Self::accepts(tlv.tag) {
            return Err(unexpected_tag::<Self>(tlv));
        }
        // Contents must be well-formed TLVs, like any constructed value.
        tlv.contents()?.skip_rest()?;
        Ok(UnknownElement(tlv.raw.to_vec()))
    }
    fn to_json(&self) -> Value {
        Value::String(hex_upper(&self.0))
    }
}
