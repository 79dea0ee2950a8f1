//! Binding a profile (SGP.22 5.5) and opening it as an eUICC would: smdpSign verifies over
//! the received InitialiseSecureChannel, the eUICC derives the same session keys, and every
//! segment verifies and decrypts to the original commands and profile.

use proto::bpp::{BindRequest, ProfileSource, bind_profile_package, protect_profile};
use proto::crypto::{BspDecryptor, BspKeys, EckaKeyPair, PublicKey, Signature, SigningKey};
use proto::der::Asn1;
use proto::sgp22::{
    BoundProfilePackage, ConfigureISDPRequest, Iccid, InitialiseSecureChannelRequest,
    ReplaceSessionKeysRequest, StoreMetadataRequest,
};

fn metadata() -> StoreMetadataRequest {
    StoreMetadataRequest {
        iccid: Iccid([0x98, 0x94, 0x44, 0x99, 0x99, 0x99, 0x99, 0x09, 0x20, 0xF3]),
        service_provider_name: "rsp-lab".into(),
        profile_name: "test".into(),
        icon_type: None,
        icon: None,
        profile_class: Default::default(),
        notification_configuration_info: None,
        profile_owner: None,
        profile_policy_rules: None,
        service_specific_data_stored_in_euicc: None,
        service_specific_data_not_stored_in_euicc: None,
    }
}

/// Opens a BPP received as DER the way the eUICC does; returns (ConfigureISDP, StoreMetadata,
/// profile) plaintexts.
fn open(
    der: &[u8],
    dp_pb: &PublicKey,
    euicc: &EckaKeyPair,
    eid: &[u8; 16],
) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let bpp = BoundProfilePackage::from_der(der).unwrap();
    let isc = &bpp.initialise_secure_channel_request;
    let signed = InitialiseSecureChannelRequest::signed_data(
        isc.raw(),
        euicc.public_key().as_uncompressed_point(),
    )
    .unwrap();
    dp_pb
        .verify(&signed, &Signature::from_raw(&isc.smdp_sign).unwrap())
        .expect("smdpSign verifies over the received BF23");
    let smdp_otpk = PublicKey::from_uncompressed_point(&isc.smdp_otpk).unwrap();
    let shs = euicc.agree(&smdp_otpk).unwrap();
    let keys =
        proto::crypto::derive_session_keys(shs.as_bytes(), &isc.control_ref_template.host_id, eid)
            .unwrap();
    let mut dec = BspDecryptor::new(&keys);
    let mut configure = Vec::new();
    for s in &bpp.first_sequence_of87 {
        configure.extend(dec.verify_and_decrypt(&s.to_der()).unwrap());
    }
    let mut metadata = Vec::new();
    for s in &bpp.sequence_of88 {
        metadata.extend(dec.verify_mac_only(&s.to_der()).unwrap());
    }
    if let Some(second) = &bpp.second_sequence_of87 {
        let mut rsk = Vec::new();
        for s in second {
            rsk.extend(dec.verify_and_decrypt(&s.to_der()).unwrap());
        }
        let rsk = ReplaceSessionKeysRequest::from_der(&rsk).unwrap();
        let ppk = BspKeys::new(
            rsk.ppk_enc.as_slice().try_into().unwrap(),
            rsk.ppk_cmac.as_slice().try_into().unwrap(),
            rsk.initial_mac_chaining_value
                .as_slice()
                .try_into()
                .unwrap(),
        );
        dec.replace_session_keys(&ppk);
    }
    let mut profile = Vec::new();
    for s in &bpp.sequence_of86 {
        profile.extend(dec.verify_and_decrypt(&s.to_der()).unwrap());
    }
    (configure, metadata, profile)
}

#[test]
fn sgp22_5_5_bound_package_opens_on_the_euicc() {
    let dp_pb = SigningKey::generate().unwrap();
    let euicc = EckaKeyPair::generate().unwrap();
    let eid = [
        0x89, 0x04, 0x90, 0x32, 0x12, 0x34, 0x51, 0x23, 0x45, 0x12, 0x34, 0x56, 0x78, 0x90, 0x12,
        0x35,
    ];
    let profile: Vec<u8> = (0..5000u32).map(|i| (i % 251) as u8).collect();
    let configure = ConfigureISDPRequest::default();
    let meta = metadata();
    let bound = bind_profile_package(&BindRequest {
        transaction_id: &[1, 2, 3, 4, 5, 6, 7, 8],
        host_id: b"rsp-lab",
        eid: &eid,
        euicc_otpk: euicc.public_key(),
        dp_pb_key: &dp_pb,
        configure_isdp: &configure,
        store_metadata: &meta,
        profile: ProfileSource::Unprotected(&profile),
    })
    .unwrap();
    let der = bound.package.to_der();
    assert!(
        bound.package.sequence_of86.len() >= 5,
        "5000 bytes need 5 segments of ≤1020"
    );
    assert!(
        bound
            .package
            .sequence_of86
            .iter()
            .all(|s| s.to_der().len() <= 1020)
    );
    let (c, m, p) = open(&der, dp_pb.public_key(), &euicc, &eid);
    assert_eq!(c, configure.to_der());
    assert_eq!(m, meta.to_der());
    assert_eq!(p, profile);

    // Another eUICC key cannot open it (the MAC of the first segment fails).
    let other = EckaKeyPair::generate().unwrap();
    let bpp = BoundProfilePackage::from_der(&der).unwrap();
    let isc = &bpp.initialise_secure_channel_request;
    let shs = other
        .agree(&PublicKey::from_uncompressed_point(&isc.smdp_otpk).unwrap())
        .unwrap();
    let keys = proto::crypto::derive_session_keys(shs.as_bytes(), b"rsp-lab", &eid).unwrap();
    assert!(
        BspDecryptor::new(&keys)
            .verify_and_decrypt(&bpp.first_sequence_of87[0].to_der())
            .is_err()
    );
}

#[test]
fn sgp22_5_5_4_protected_profile_package_with_replace_session_keys() {
    let dp_pb = SigningKey::generate().unwrap();
    let euicc = EckaKeyPair::generate().unwrap();
    let eid = [7u8; 16];
    let ppk = BspKeys::new([1; 16], [2; 16], [3; 16]);
    let profile: Vec<u8> = (0..3000u32).map(|i| (i % 7) as u8).collect();
    let protected = protect_profile(&ppk, &profile).unwrap();
    let meta = metadata();
    let bound = bind_profile_package(&BindRequest {
        transaction_id: &[9; 16],
        host_id: &[0x80; 8],
        eid: &eid,
        euicc_otpk: euicc.public_key(),
        dp_pb_key: &dp_pb,
        configure_isdp: &ConfigureISDPRequest::default(),
        store_metadata: &meta,
        profile: ProfileSource::Protected {
            keys: &ppk,
            segments: &protected,
        },
    })
    .unwrap();
    assert!(bound.package.second_sequence_of87.is_some());
    let (_, _, p) = open(&bound.package.to_der(), dp_pb.public_key(), &euicc, &eid);
    assert_eq!(p, profile);
}
