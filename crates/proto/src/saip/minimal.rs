//! A small profile package built from our own types: MF with EF.ICCID and EF.DIR, USIM with
//! EF.IMSI and EF.SPN, PIN/PUK, Milenage keys. Every file not written here is created with
//! the content of its TCA template. The lab uses it as its built-in template.

use super::aka::{AlgoConfiguration, AlgoParameter, AlgorithmID, PEAKAParameter};
use super::bcd::{iccid_to_ef, iccid_to_header, imsi_to_ef};
use super::element::ProfileElement;
use super::file::{Fcp, File, FileElement};
use super::fs::{PEMF, PEUSIM};
use super::header::{PEEnd, PEHeader, ProfileHeader, ServicesList};
use super::package::ProfilePackage;
use super::personalize::{Personalization, PersonalizeError, personalize};
use super::pin::{
    PEPINCodes, PEPUKCodes, PINConfiguration, PINKeyReferenceValue, PUKConfiguration,
    PUKKeyReferenceValue, PinCodes,
};
use crate::der::{Null, Oid};

/// TCA template OIDs (`2.23.143.1.2.x`).
const TEMPLATE_MF: &str = "2.23.143.1.2.1";
const TEMPLATE_USIM: &str = "2.23.143.1.2.4";

/// The 3GPP USIM AID: RID A000000087, application code 1002, then country/provider fields
/// left unspecified (FF) and an application-provider part.
const USIM_AID: [u8; 16] = [
    0xA0, 0x00, 0x00, 0x00, 0x87, 0x10, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x89, 0x07, 0x09, 0x00, 0x00,
];
/// Temporary file ID of ADF.USIM, used to address it during installation.
const ADF_USIM_TEMP_FID: [u8; 2] = [0x7F, 0xF0];
/// EF.DIR records of 38 octets (linear fixed, TS 102 221 11.1.1.4.3), four of them.
const EF_DIR_DESCRIPTOR: [u8; 4] = [0x42, 0x21, 0x00, 0x26];
const EF_DIR_SIZE: u8 = 4 * 0x26;

/// Key references in the PS template DOs: the MF knows PIN1 and ADM1, ADF.USIM its local
/// PIN, PIN1 and ADM1.
const MF_PIN_STATUS: [u8; 2] = [0x01, 0x0A];
const USIM_PIN_STATUS: [u8; 3] = [0x81, 0x01, 0x0A];

/// A minimal USIM profile package for `p` (profile package version 2.3, which every
/// eUICC of SGP.22 v2 accepts; it uses nothing newer).
pub fn minimal_profile(p: &Personalization) -> Result<ProfilePackage, PersonalizeError> {
    personalize(&template()?, p)
}

/// The package with placeholder identities, personalized by [`minimal_profile`].
fn template() -> Result<ProfilePackage, PersonalizeError> {
    let iccid = "8999000000000000000";
    let imsi = "001010000000000";
    let elements = vec![
        ProfileElement::Header(Box::new(header(iccid_to_header(iccid)?))),
        ProfileElement::Mf(Box::new(mf(iccid_to_ef(iccid)?.to_vec()))),
        ProfileElement::PukCodes(puk_codes(2)),
        ProfileElement::PinCodes(mf_pin_codes(3)),
        ProfileElement::Usim(Box::new(usim(4, imsi_to_ef(imsi)?.to_vec()))),
        ProfileElement::PinCodes(usim_pin_codes(5)),
        ProfileElement::AkaParameter(Box::new(aka(6))),
        ProfileElement::End(PEEnd {
            header: PEHeader::mandated(7),
        }),
    ];
    Ok(ProfilePackage { elements })
}

fn oid(s: &str) -> Oid {
    s.parse().expect("template OIDs above are valid")
}

fn header(iccid: [u8; 10]) -> ProfileHeader {
    ProfileHeader {
        major_version: 2,
        minor_version: 3,
        profile_type: Some("rsp-lab minimal profile".to_string()),
        iccid,
        pol: None,
        euicc_mandatory_services: ServicesList {
            usim: Some(Null),
            milenage: Some(Null),
            ..ServicesList::default()
        },
        euicc_mandatory_gfste_list: vec![oid(TEMPLATE_MF), oid(TEMPLATE_USIM)],
        connectivity_parameters: None,
        euicc_mandatory_aids: None,
        iot_options: None,
    }
}

fn content(bytes: Vec<u8>) -> File {
    File(vec![FileElement::FillFileContent(bytes)])
}

fn mf(ef_iccid: Vec<u8>) -> PEMF {
    // EF.DIR record: application template 61 { AID 4F, label 50 "USIM" }.
    let mut dir_record = vec![0x61, 0x18, 0x4F, 0x10];
    dir_record.extend_from_slice(&USIM_AID);
    dir_record.extend_from_slice(&[0x50, 0x04]);
    dir_record.extend_from_slice(b"USIM");
    PEMF {
        header: PEHeader::mandated(1),
        template_id: oid(TEMPLATE_MF),
        mf: File(vec![FileElement::FileDescriptor(Box::new(Fcp {
            pin_status_template_do: Some(MF_PIN_STATUS.to_vec()),
            ..Fcp::default()
        }))]),
        ef_pl: None,
        ef_iccid: content(ef_iccid),
        ef_dir: File(vec![
            FileElement::FileDescriptor(Box::new(Fcp {
                file_descriptor: Some(EF_DIR_DESCRIPTOR.to_vec()),
                ef_file_size: Some(vec![EF_DIR_SIZE]),
                ..Fcp::default()
            })),
            FileElement::FillFileContent(dir_record),
        ]),
        ef_arr: File::default(),
        ef_umpc: None,
    }
}

fn usim(id: u16, ef_imsi: Vec<u8>) -> PEUSIM {
    // EF.SPN (TS 31.102 4.2.12): display condition, then the name padded with FF.
    let mut spn = vec![0x01];
    spn.extend_from_slice(b"rsp-lab");
    spn.resize(17, 0xFF);
    PEUSIM {
        header: PEHeader::mandated(id),
        template_id: oid(TEMPLATE_USIM),
        adf_usim: File(vec![FileElement::FileDescriptor(Box::new(Fcp {
            file_id: Some(ADF_USIM_TEMP_FID),
            df_name: Some(USIM_AID.to_vec()),
            pin_status_template_do: Some(USIM_PIN_STATUS.to_vec()),
            ..Fcp::default()
        }))]),
        ef_imsi: content(ef_imsi),
        ef_arr: File::default(),
        ef_keys: None,
        ef_keys_ps: None,
        ef_hpplmn: None,
        ef_ust: File::default(),
        ef_fdn: None,
        ef_sms: None,
        ef_smsp: None,
        ef_smss: None,
        ef_spn: content(spn),
        ef_est: File::default(),
        ef_start_hfn: None,
        ef_threshold: None,
        ef_psloci: None,
        ef_acc: File::default(),
        ef_fplmn: None,
        ef_loci: None,
        ef_ad: None,
        ef_ecc: File::default(),
        ef_netpar: None,
        ef_epsloci: None,
        ef_epsnsc: None,
    }
}

/// An 8-octet PIN/PUK value: ASCII digits padded with FF (TS 102 221 9.5.1).
fn secret(digits: &str) -> [u8; 8] {
    let mut v = [0xFFu8; 8];
    for (slot, b) in v.iter_mut().zip(digits.bytes()) {
        *slot = b;
    }
    v
}

fn puk_codes(id: u16) -> PEPUKCodes {
    let puk = |key_reference| PUKConfiguration {
        key_reference,
        puk_value: secret("12345678"),
        max_num_of_attemps_retry_num_left: None,
    };
    PEPUKCodes {
        header: PEHeader::mandated(id),
        puk_codes: vec![
            puk(PUKKeyReferenceValue::PukAppl1),
            puk(PUKKeyReferenceValue::SecondPukAppl1),
        ],
    }
}

fn pin(
    key_reference: PINKeyReferenceValue,
    value: &str,
    puk: Option<PUKKeyReferenceValue>,
) -> PINConfiguration {
    PINConfiguration {
        key_reference,
        pin_value: secret(value),
        unblocking_pin_reference: puk,
        pin_attributes: None,
        max_num_of_attemps_retry_num_left: None,
    }
}

fn mf_pin_codes(id: u16) -> PEPINCodes {
    PEPINCodes {
        header: PEHeader::mandated(id),
        pin_codes: PinCodes::PinConfig(vec![
            pin(
                PINKeyReferenceValue::PinAppl1,
                "1234",
                Some(PUKKeyReferenceValue::PukAppl1),
            ),
            pin(PINKeyReferenceValue::Adm1, "88888888", None),
        ]),
    }
}

fn usim_pin_codes(id: u16) -> PEPINCodes {
    PEPINCodes {
        header: PEHeader::mandated(id),
        pin_codes: PinCodes::PinConfig(vec![pin(
            PINKeyReferenceValue::SecondPinAppl1,
            "1234",
            Some(PUKKeyReferenceValue::SecondPukAppl1),
        )]),
    }
}

fn aka(id: u16) -> PEAKAParameter {
    PEAKAParameter {
        header: PEHeader::mandated(id),
        algo_configuration: AlgoConfiguration::AlgoParameter(AlgoParameter {
            algorithm_id: AlgorithmID::Milenage,
            algorithm_options: [0x00],
            key: vec![0; 16],
            opc: vec![0; 16],
            rotation_constants: None,
            xoring_constants: None,
            auth_counter_max: None,
            number_of_keccak: None,
        }),
        sqn_options: None,
        sqn_delta: None,
        sqn_age_limit: None,
        sqn_init: None,
    }
}
