//! eIM Configuration Data as an IoT eUICC keeps it (SGP.32 v1.2 2.11.1.1.1): one entry per
//! associated eIM, set up at creation ([`crate::EuiccOptions::eims`]), by
//! ES10b.AddInitialEim (5.9.4) or by the addEim / updateEim eCOs, read back by
//! ES10b.GetEimConfigurationData (5.9.18).
//!
//! `counter_value` is the replay counter of ESep: configured, it is the initial value; then
//! it is the counterValue of the last eUICC Package accepted from this eIM. A package is
//! accepted only with a counterValue strictly greater than it (SGP.32 v1.2 5.9.1).

use proto::crypto::{KeyError, PublicKey};
use proto::der::{Asn1, Null, RawSequence};
use proto::sgp22::{Certificate, SubjectPublicKeyInfo};
use proto::sgp32::{
    EimConfigurationData, EimIdType, EimPublicKeyData, EimSupportedProtocol,
    TrustedPublicKeyDataTls,
};
use serde::{Deserialize, Serialize};

use super::hex_bytes;

/// Largest counterValue an eUICC must accept: three octets of a positive INTEGER
/// (8 388 607). Larger values are refused with `counterValueOutOfRange(6)`.
pub const MAX_COUNTER_VALUE: i64 = 0x7F_FFFF;

/// `EimIdType` (SGP.32 v1.2 2.11.1.1.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EimIdKind {
    Oid,
    Fqdn,
    Proprietary,
}

impl EimIdKind {
    fn to_asn1(self) -> EimIdType {
        match self {
            EimIdKind::Oid => EimIdType::EimIdTypeOid,
            EimIdKind::Fqdn => EimIdType::EimIdTypeFqdn,
            EimIdKind::Proprietary => EimIdType::EimIdTypeProprietary,
        }
    }

    fn from_asn1(t: EimIdType) -> Option<EimIdKind> {
        match t {
            EimIdType::EimIdTypeOid => Some(EimIdKind::Oid),
            EimIdType::EimIdTypeFqdn => Some(EimIdKind::Fqdn),
            EimIdType::EimIdTypeProprietary => Some(EimIdKind::Proprietary),
            EimIdType::Other(_) => None,
        }
    }
}

/// One bit of `EimSupportedProtocol` (SGP.32 v1.2 2.11.1.1.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EimProtocol {
    /// The IPA polls over HTTPS (ESipa.GetEimPackage).
    RetrieveHttps,
    RetrieveCoaps,
    /// The eIM pushes over HTTPS (ESipa.TransferEimPackage).
    InjectHttps,
    InjectCoaps,
    Proprietary,
}

impl EimProtocol {
    pub const ALL: [EimProtocol; 5] = [
        EimProtocol::RetrieveHttps,
        EimProtocol::RetrieveCoaps,
        EimProtocol::InjectHttps,
        EimProtocol::InjectCoaps,
        EimProtocol::Proprietary,
    ];

    /// The bit in `EimSupportedProtocol`.
    pub fn bit(self) -> usize {
        match self {
            EimProtocol::RetrieveHttps => EimSupportedProtocol::EIM_RETRIEVE_HTTPS,
            EimProtocol::RetrieveCoaps => EimSupportedProtocol::EIM_RETRIEVE_COAPS,
            EimProtocol::InjectHttps => EimSupportedProtocol::EIM_INJECT_HTTPS,
            EimProtocol::InjectCoaps => EimSupportedProtocol::EIM_INJECT_COAPS,
            EimProtocol::Proprietary => EimSupportedProtocol::EIM_PROPRIETARY,
        }
    }
}

/// The key that verifies an eIM's eimSignature (`eimPublicKeyData`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EimKey {
    /// `eimPublicKey`: a SubjectPublicKeyInfo (DER).
    PublicKey {
        #[serde(with = "hex_bytes")]
        spki: Vec<u8>,
    },
    /// `eimCertificate`: CERT.EIM.ECDSA (DER); its public key verifies.
    Certificate {
        #[serde(with = "hex_bytes")]
        der: Vec<u8>,
    },
}

impl EimKey {
    /// PK.EIM.ECDSA.
    pub fn public_key(&self) -> Result<PublicKey, KeyError> {
        match self {
            EimKey::PublicKey { spki } => PublicKey::from_spki_der(spki),
            EimKey::Certificate { der } => PublicKey::from_certificate_der(der),
        }
    }

    fn to_asn1(&self) -> EimPublicKeyData {
        match self {
            EimKey::PublicKey { spki } => {
                EimPublicKeyData::EimPublicKey(SubjectPublicKeyInfo(RawSequence(spki.clone())))
            }
            EimKey::Certificate { der } => {
                EimPublicKeyData::EimCertificate(Certificate(RawSequence(der.clone())))
            }
        }
    }

    fn from_asn1(d: &EimPublicKeyData) -> EimKey {
        match d {
            EimPublicKeyData::EimPublicKey(spki) => EimKey::PublicKey {
                spki: spki.as_bytes().to_vec(),
            },
            EimPublicKeyData::EimCertificate(c) => EimKey::Certificate {
                der: c.as_bytes().to_vec(),
            },
        }
    }
}

/// One associated eIM.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EimConfig {
    /// `eimId` (1 to 128 characters).
    pub eim_id: String,
    /// `eimFqdn`: where the IPA reaches the eIM (ESipa).
    #[serde(default)]
    pub eim_fqdn: Option<String>,
    #[serde(default)]
    pub eim_id_type: Option<EimIdKind>,
    /// Initial counterValue, then that of the last accepted eUICC Package.
    #[serde(default)]
    pub counter_value: i64,
    /// `associationToken`: appended to what eimSignature, euiccSignEPR and euiccSignEPE
    /// cover (SGP.32 v1.2 2.11.1.1, 2.11.2.1).
    #[serde(default)]
    pub association_token: Option<i64>,
    /// `eimPublicKeyData`.
    #[serde(default)]
    pub eim_key: Option<EimKey>,
    /// DER of `trustedPublicKeyDataTls` (the CHOICE), kept as given.
    #[serde(default, with = "hex_bytes::option")]
    pub trusted_public_key_data_tls: Option<Vec<u8>>,
    /// `eimSupportedProtocol`; empty when not given.
    #[serde(default)]
    pub supported_protocols: Vec<EimProtocol>,
    /// `euiccCiPKId`: the CI whose chain the eUICC signs with towards this eIM.
    #[serde(default, with = "hex_bytes::option")]
    pub euicc_ci_pkid: Option<Vec<u8>>,
    /// `indirectProfileDownload`: the eIM relays downloads (ESipa download functions).
    #[serde(default)]
    pub indirect_profile_download: bool,
}

impl EimConfig {
    /// An eIM reached over HTTPS at `fqdn`, verified with `key`, counter 0, no association
    /// token, retrieve over HTTPS.
    pub fn new(eim_id: impl Into<String>, fqdn: impl Into<String>, key: EimKey) -> EimConfig {
        EimConfig {
            eim_id: eim_id.into(),
            eim_fqdn: Some(fqdn.into()),
            eim_id_type: None,
            counter_value: 0,
            association_token: None,
            eim_key: Some(key),
            trusted_public_key_data_tls: None,
            supported_protocols: vec![EimProtocol::RetrieveHttps],
            euicc_ci_pkid: None,
            indirect_profile_download: false,
        }
    }

    /// Whether the eIM takes polls over CoAP on DTLS (`eimRetrieveCoaps`).
    pub fn retrieves_over_coaps(&self) -> bool {
        self.supported_protocols
            .contains(&EimProtocol::RetrieveCoaps)
    }

    /// Whether the eIM takes polls over HTTPS (or says nothing about its protocols).
    pub fn retrieves_over_https(&self) -> bool {
        self.supported_protocols.is_empty()
            || self
                .supported_protocols
                .contains(&EimProtocol::RetrieveHttps)
    }

    /// The EimConfigurationData the eUICC reports (GetEimConfigurationData, SGP.32 v1.2
    /// 5.9.18).
    pub fn to_asn1(&self) -> EimConfigurationData {
        EimConfigurationData {
            eim_id: self.eim_id.clone(),
            eim_fqdn: self.eim_fqdn.clone(),
            eim_id_type: self.eim_id_type.map(EimIdKind::to_asn1),
            counter_value: Some(self.counter_value),
            association_token: self.association_token,
            eim_public_key_data: self.eim_key.as_ref().map(EimKey::to_asn1),
            trusted_public_key_data_tls: self
                .trusted_public_key_data_tls
                .as_deref()
                .and_then(|d| TrustedPublicKeyDataTls::from_der(d).ok()),
            eim_supported_protocol: (!self.supported_protocols.is_empty()).then(|| {
                EimSupportedProtocol::from_bits(
                    &self
                        .supported_protocols
                        .iter()
                        .map(|p| p.bit())
                        .collect::<Vec<_>>(),
                )
            }),
            euicc_ci_pkid: self.euicc_ci_pkid.clone(),
            indirect_profile_download: self.indirect_profile_download.then_some(Null),
        }
    }

    /// From the DER of EimConfigurationData (as an eIM hands it out for AddInitialEim),
    /// with its association token and counter as given: the configuration a fleet is
    /// created with.
    pub fn from_der(der: &[u8]) -> Result<EimConfig, proto::der::DecodeError> {
        let d = EimConfigurationData::from_der(der)?;
        Ok(EimConfig {
            association_token: d.association_token,
            ..EimConfig::from_asn1(&d)
        })
    }

    /// The stored form of received EimConfigurationData; the association token is left to
    /// the caller (the eUICC generates it).
    pub fn from_asn1(d: &EimConfigurationData) -> EimConfig {
        EimConfig {
            eim_id: d.eim_id.clone(),
            eim_fqdn: d.eim_fqdn.clone(),
            eim_id_type: d.eim_id_type.and_then(EimIdKind::from_asn1),
            counter_value: d.counter_value.unwrap_or(0),
            association_token: None,
            eim_key: d.eim_public_key_data.as_ref().map(EimKey::from_asn1),
            trusted_public_key_data_tls: d.trusted_public_key_data_tls.as_ref().map(Asn1::to_der),
            supported_protocols: d
                .eim_supported_protocol
                .as_ref()
                .map(|p| {
                    EimProtocol::ALL
                        .into_iter()
                        .filter(|x| p.has(x.bit()))
                        .collect()
                })
                .unwrap_or_default(),
            euicc_ci_pkid: d.euicc_ci_pkid.clone(),
            indirect_profile_download: d.indirect_profile_download.is_some(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sgp32_2_11_1_1_1_configuration_round_trips_through_the_asn1_form() {
        let mut c = EimConfig::new(
            "eim.example",
            "eim.example",
            EimKey::PublicKey {
                spki: vec![0x30, 0x03, 0x02, 0x01, 0x00],
            },
        );
        c.counter_value = 7;
        c.association_token = Some(3);
        c.indirect_profile_download = true;
        c.supported_protocols = vec![EimProtocol::RetrieveHttps, EimProtocol::InjectHttps];
        let der = c.to_asn1().to_der();
        let back = EimConfigurationData::from_der(&der).unwrap();
        let mut again = EimConfig::from_asn1(&back);
        assert_eq!(
            again.association_token, None,
            "tokens are the eUICC's to set"
        );
        again.association_token = Some(3);
        assert_eq!(again, c);
    }
}
