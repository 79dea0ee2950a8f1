//! SGP.32 v1.2 messages against encodings checked by hand (tags from the ASN.1 module, DER
//! lengths counted), decoded back; and the ESep signatures over received octets.

use crate::sgp22_samples;
use crate::sgp32_samples;

mod es10b;
mod esep;
mod esipa;

use proto::der::{Asn1, Null, RawTlv, Tlv};
use proto::sgp22::Iccid;
use proto::sgp32::*;

pub(crate) fn h(s: &str) -> Vec<u8> {
    hex::decode(s.replace([' ', '\n'], "")).expect("test hex")
}

/// Encodes `v`, compares with `der`, decodes `der` and compares with `v`.
pub(crate) fn round_trip<T: Asn1 + PartialEq + std::fmt::Debug>(v: &T, der: &str) {
    let der = h(der);
    assert_eq!(hex::encode(v.to_der()), hex::encode(&der), "{}", T::NAME);
    assert_eq!(&T::from_der(&der).expect("decodes"), v, "{}", T::NAME);
}

/// The tags met walking down the first component at each level of `der`.
pub(crate) fn tag_path(der: &[u8], depth: usize) -> Vec<String> {
    let mut tags = Vec::new();
    let mut tlv = Tlv::parse_single(der).expect("one TLV");
    for _ in 0..depth {
        tags.push(tlv.tag.to_string());
        let Ok(mut inner) = tlv.contents() else { break };
        let Ok(next) = inner.read() else { break };
        tlv = next;
    }
    tags
}

pub(crate) const EID: &str = "89049032123451234512345678901234";
pub(crate) const ICCID: &str = "98001032547698103214";
pub(crate) const SIG: &str = "abababababababababababababababababababababababababababababababab\
                   abababababababababababababababababababababababababababababababab";

pub(crate) fn eid() -> [u8; 16] {
    h(EID).try_into().expect("16 octets")
}

pub(crate) fn iccid() -> Iccid {
    Iccid(h(ICCID).try_into().expect("10 octets"))
}

pub(crate) fn enable_package() -> EuiccPackageSigned {
    EuiccPackageSigned {
        eim_id: "eim".to_string(),
        eid_value: eid(),
        counter_value: 5,
        eim_transaction_id: None,
        euicc_package: EuiccPackage::PsmoList(vec![Psmo::Enable(PsmoEnable {
            iccid: iccid(),
            rollback_flag: Some(Null),
        })]),
    }
}

pub(crate) const ENABLE_PACKAGE: &str =
    "302c 800365696d 5a10{EID} 810105 a010 a30e 5a0a{ICCID} 0500";

pub(crate) fn with_consts(s: &str) -> String {
    s.replace("{EID}", EID)
        .replace("{ICCID}", ICCID)
        .replace("{SIG}", SIG)
}

#[test]
fn sgp32_6_3_2_esipa_messages_of_later_versions_are_kept() {
    let der = h("bf7f03800101");
    let v = EsipaMessageFromIpaToEim::from_der(&der).expect("unknown message decodes");
    assert_eq!(v, EsipaMessageFromIpaToEim::Unknown(RawTlv(der.clone())));
    assert_eq!(
        EsipaMessageFromEimToIpa::from_der(&der)
            .expect("decodes")
            .to_der(),
        der
    );
    // A known one is its alternative.
    let get = EsipaMessageFromEimToIpa::from_der(&h("bf4f03 020101")).expect("decodes");
    assert_eq!(
        get,
        EsipaMessageFromEimToIpa::GetEimPackageResponse(GetEimPackageResponse::EimPackageError(
            EimPackageError::NoEimPackageAvailable
        ))
    );
}

#[test]
fn sgp32_2_11_components_of_later_versions_are_skipped() {
    // Later versions add eSipaProprietaryProtocolInformation [10] to EimConfigurationData
    // and iotSpecificProfileInfo [100] to ProfileInfo; a v1.2 reader skips them. v1.3's
    // euiccPackageUnsignedErrorCode [15] is read (proto::sgp32::v1_3).
    let unsigned =
        EuiccPackageResult::from_der(&h("bf510d a20b 800365696d 840105 8f010f")).expect("decodes");
    assert_eq!(
        unsigned,
        EuiccPackageResult::EuiccPackageErrorUnsigned(EuiccPackageErrorUnsigned {
            eim_id: "eim".to_string(),
            eim_transaction_id: None,
            association_token: Some(5),
            euicc_package_unsigned_error_code: Some(EuiccPackageUnsignedErrorCode::SizeOverflow),
        })
    );
    let config = EimConfigurationData::from_der(&h("3007 800165 aa023000")).expect("decodes");
    assert_eq!(config.eim_id, "e");
    let info =
        SGP32ProfileInfo::from_der(&h(&format!("e317 5a0a{ICCID} 9f2601ff bf6404 80020102")))
            .expect("decodes");
    assert!(info.fallback_attribute);
}
