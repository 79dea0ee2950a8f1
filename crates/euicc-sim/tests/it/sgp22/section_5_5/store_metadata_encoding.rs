//! ES8+.StoreMetadata (SGP.22 5.5.3) as SM-DP+s in the field encode it: the metadata travels
//! MACed in the `88` segments of the Bound Profile Package (2.5.4), not signed, so the eUICC
//! takes a DEFAULT component carrying its default value (osmo-smdpp spells out
//! `profileClass operational`, `95 01 02`; X.690 8.1) and installs the profile; what is not
//! BER at all is still `incorrectInputValues`.

use crate::common;

use common::*;
use proto::crypto::bsp::{TAG_CONFIGURE_ISDP, TAG_LOAD_PROFILE_ELEMENTS, TAG_STORE_METADATA};
use proto::crypto::ecka::agree_with_new_key;
use proto::crypto::{BspEncryptor, PublicKey, derive_session_keys};
use proto::der::{Asn1, Preserved, Tlv};
use proto::sgp22::{
    BoundProfilePackage, BppCommandId, ConfigureISDPRequest, ControlRefTemplate, DpProprietaryData,
    ErrorReason, FinalResult, InitialiseSecureChannelRequest, ProfileClass, ProfileInfoListRequest,
    ProfileInfoListResponse, ProfileInstallationResult, RemoteOpId, Segment86, Segment87,
    Segment88,
};

const ICCID: &str = "8949449999999990023";

/// The value octets of each BSP segment.
fn values(segments: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    segments
        .iter()
        .map(|s| Tlv::parse_single(s).unwrap().value().to_vec())
        .collect()
}

/// A Bound Profile Package for a prepared download whose StoreMetadata carries `metadata`
/// octets as given (the test SM-DP+'s binder encodes the metadata itself, in DER).
fn bind_with_metadata_octets(
    smdp: &Smdp,
    prepared: &Prepared,
    eid: &[u8; 16],
    metadata: &[u8],
) -> BoundProfilePackage {
    let euicc_otpk =
        PublicKey::from_uncompressed_point(&prepared.ok.euicc_signed2.euicc_otpk).unwrap();
    let (smdp_otpk, shared) = agree_with_new_key(&euicc_otpk).unwrap();
    let keys = derive_session_keys(shared.as_bytes(), &smdp.host_id, eid).unwrap();
    let mut isc = InitialiseSecureChannelRequest {
        remote_op_id: RemoteOpId::InstallBoundProfilePackage,
        transaction_id: prepared.tid.clone(),
        control_ref_template: ControlRefTemplate {
            key_type: [ControlRefTemplate::KEY_TYPE_AES],
            key_len: [ControlRefTemplate::KEY_LEN_16],
            host_id: smdp.host_id.clone(),
        },
        smdp_otpk: smdp_otpk.as_uncompressed_point().to_vec(),
        smdp_sign: Vec::new(),
    };
    let signed = InitialiseSecureChannelRequest::signed_data(
        &isc.to_der(),
        euicc_otpk.as_uncompressed_point(),
    )
    .unwrap();
    isc.smdp_sign = smdp.pb_key.sign(&signed).unwrap().as_raw().to_vec();
    let configure = ConfigureISDPRequest {
        dp_proprietary_data: Some(DpProprietaryData {
            dp_oid: "2.999.10".parse().unwrap(),
        }),
    };
    let mut enc = BspEncryptor::new(&keys);
    let first87 = values(enc.encrypt_and_mac(TAG_CONFIGURE_ISDP, &configure.to_der()));
    let seq88 = values(enc.mac_only(TAG_STORE_METADATA, metadata));
    let seq86 = values(enc.encrypt_and_mac(TAG_LOAD_PROFILE_ELEMENTS, &profile(ICCID)));
    BoundProfilePackage {
        initialise_secure_channel_request: Preserved::new(isc),
        first_sequence_of87: first87.into_iter().map(Segment87).collect(),
        sequence_of88: seq88.into_iter().map(Segment88).collect(),
        second_sequence_of87: None,
        sequence_of86: seq86.into_iter().map(Segment86).collect(),
    }
}

/// The test metadata with `95 01 02` (profileClass operational, its DEFAULT) inserted where
/// the component goes: after the names (no icon), before notificationConfigurationInfo.
fn metadata_with_default_spelled_out() -> Vec<u8> {
    let der = metadata(ICCID).to_der();
    let outer = Tlv::parse_single(&der).unwrap();
    let mut contents = Vec::new();
    let mut r = outer.contents().unwrap();
    while !r.is_empty() {
        let c = r.read().unwrap();
        if c.tag.number == 22 {
            contents.extend([0x95, 0x01, 0x02]);
        }
        contents.extend_from_slice(c.raw);
    }
    let mut out = Vec::new();
    proto::der::write_tlv(outer.tag, &contents, &mut out);
    out
}

fn install(metadata: &[u8]) -> (euicc_sim::Euicc, ProfileInstallationResult) {
    let mut euicc = euicc();
    let smdp = Smdp::new();
    let tid = fresh_tid();
    let prepared = prepare(&mut euicc, &smdp, &tid);
    let eid = proto::ids::Eid::parse(euicc.eid()).unwrap().to_bcd();
    let bpp = bind_with_metadata_octets(&smdp, &prepared, &eid, metadata);
    let r = load(&mut euicc, &lpa_pieces(&bpp.to_der()));
    (euicc, ProfileInstallationResult::from_der(&r).unwrap())
}

#[test]
fn sgp22_5_5_3_metadata_with_an_encoded_default_installs() {
    let spelled = metadata_with_default_spelled_out();
    assert!(
        proto::sgp22::StoreMetadataRequest::from_der(&spelled).is_err(),
        "strict DER refuses the metadata"
    );
    let (mut euicc, pir) = install(&spelled);
    let data = pir.profile_installation_result_data.value();
    assert!(
        matches!(data.final_result, FinalResult::SuccessResult(_)),
        "{:?}",
        data.final_result
    );
    // GetProfilesInfo reports the profile with its class, in DER
    let raw = es10(&mut euicc, &ProfileInfoListRequest::default());
    let info = match ProfileInfoListResponse::from_der(&raw).unwrap() {
        ProfileInfoListResponse::ProfileInfoListOk(l) => l,
        e => panic!("{e:?}"),
    };
    assert_eq!(info.len(), 1);
    assert_eq!(
        info[0].profile_name.as_deref(),
        Some("profile 8949449999999990023")
    );
    assert!(matches!(
        info[0].profile_class,
        None | Some(ProfileClass::Operational)
    ));
}

#[test]
fn sgp22_5_5_3_metadata_that_is_not_ber_is_incorrect_input_values() {
    let mut broken = metadata_with_default_spelled_out();
    // the ICCID's length one octet too long: the components no longer fit
    broken[4] += 1;
    let (euicc, pir) = install(&broken);
    match &pir.profile_installation_result_data.value().final_result {
        FinalResult::ErrorResult(e) => {
            assert_eq!(e.bpp_command_id, BppCommandId::StoreMetadata);
            assert_eq!(e.error_reason, ErrorReason::IncorrectInputValues);
        }
        ok => panic!("installed: {ok:?}"),
    }
    assert!(euicc.state().profiles.is_empty());
}
