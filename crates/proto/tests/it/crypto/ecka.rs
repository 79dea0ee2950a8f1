//! One-time key agreement and session keys of a profile download (SGP.22 v2.5 §3.1.3,
//! Annex G): both sides reach the same ShS and the same BSP keys, including an eUICC that
//! stored its one-time key between PrepareDownload and LoadBoundProfilePackage.

use proto::crypto::bsp::TAG_LOAD_PROFILE_ELEMENTS;
use proto::crypto::ecka::agree_with_new_key;
use proto::crypto::{
    BspDecryptor, BspEncryptor, Curve, EckaKeyPair, KeyError, PrivateKey, PublicKey,
    derive_session_keys,
};

// Two P-256 keys and their ECDH x-coordinate, computed independently (Python
// `cryptography`); the first is the RFC 6979 A.2.5 key.
const D1: &str = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
const Q1: &str = "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6\
                  7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";
const D2: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0";
const Q2: &str = "047a715694bea0ce12cb1bc3ceb7122ec1d5242244a00f75b6a7bb2e73e55b04ae\
                  606229fb3d9f7fdeb1006c655a2ac94327e00deaae3272b6adf977d230557597";
const Z: &str = "86d9543f038e7734c5a63c14850261fc0c28098a435372f4c9ea44e3ffc63cb3";

fn pair(d: &str) -> EckaKeyPair {
    EckaKeyPair::from_private_key(PrivateKey::from_scalar(&hex::decode(d).unwrap()).unwrap())
}

fn point(q: &str) -> PublicKey {
    PublicKey::from_uncompressed_point(&hex::decode(q).unwrap()).unwrap()
}

#[test]
fn tr03111_4_3_1_ecka_dh_known_answer() {
    let z = hex::decode(Z).unwrap();
    assert_eq!(pair(D1).agree(&point(Q2)).unwrap().as_bytes()[..], z[..]);
    assert_eq!(pair(D2).agree(&point(Q1)).unwrap().as_bytes()[..], z[..]);
    assert_eq!(pair(D1).public_key(), &point(Q1));
}

// Two brainpoolP256r1 keys and their ECDH x-coordinate, made with openssl 3.0
// (`genpkey -pkeyopt ec_paramgen_curve:brainpoolP256r1`, `pkeyutl -derive`, both ways).
const BP_D1: &str = "31679b49b73a7aa16c6549986b5f7835a4cf718744407f85163e1f7a4ea48508";
const BP_Q1: &str = "043d9b26dc15c58b26e61088bce27b5660a9f8c486486f8586cf35b3f63fdd87d1\
                     349996ad89d85f23ee7c1699fcf6e95c3b6d1cdec6732d4462aa60506647ccaf";
const BP_D2: &str = "60d46ef6b57fe23f81e4968d044c3181dd2254a8cb262c8af2761a64e090ac17";
const BP_Q2: &str = "04786495608ac906b97359c0b9cd05907f66f57cf83b73010f6f0f988e3c644311\
                     3a1a98bae77524d28fcc3273f3ce4c84cd1e1054b274ae02f0ac11fd111cf4ca";
const BP_Z: &str = "81a13c90673576408ef6227030fc42ba3569e2a6e05d6344a0142a56aac30e41";

fn bp_pair(d: &str) -> EckaKeyPair {
    let scalar = hex::decode(d).unwrap();
    EckaKeyPair::from_private_key(PrivateKey::from_scalar_on(BRAINPOOL, &scalar).unwrap())
}

fn bp_point(q: &str) -> PublicKey {
    PublicKey::from_uncompressed_point_on(BRAINPOOL, &hex::decode(q).unwrap()).unwrap()
}

const BRAINPOOL: Curve = Curve::BrainpoolP256r1;

#[test]
fn tr03111_4_3_1_ecka_dh_brainpool_known_answer() {
    let z = hex::decode(BP_Z).unwrap();
    assert_eq!(
        bp_pair(BP_D1).agree(&bp_point(BP_Q2)).unwrap().as_bytes()[..],
        z[..]
    );
    assert_eq!(
        bp_pair(BP_D2).agree(&bp_point(BP_Q1)).unwrap().as_bytes()[..],
        z[..]
    );
    assert_eq!(bp_pair(BP_D1).public_key(), &bp_point(BP_Q1));
    // The brainpool point is not on P-256, and keys of two curves do not agree.
    assert!(PublicKey::from_uncompressed_point(&hex::decode(BP_Q1).unwrap()).is_err());
    assert!(matches!(
        pair(D1).agree(&bp_point(BP_Q2)),
        Err(KeyError::UnsupportedCurve(_))
    ));
    assert!(matches!(
        bp_pair(BP_D1).agree(&point(Q2)),
        Err(KeyError::UnsupportedCurve(_))
    ));
}

#[test]
fn sgp22_3_1_3_brainpool_session_reaches_the_same_keys() {
    let eid = [0x89; 16];
    let euicc = EckaKeyPair::generate_on(BRAINPOOL).unwrap();
    let (smdp_otpk, smdp_shs) = agree_with_new_key(euicc.public_key()).unwrap();
    assert_eq!(
        smdp_otpk.curve(),
        BRAINPOOL,
        "otPK.DP.ECKA on the eUICC's curve"
    );
    let euicc_shs = euicc.agree(&smdp_otpk).unwrap();
    assert_eq!(euicc_shs, smdp_shs);
    // Stored between PrepareDownload and LoadBoundProfilePackage as PEM.
    let pem = euicc.private_key().to_sec1_pem().unwrap();
    let back = EckaKeyPair::from_private_key(PrivateKey::from_pem(&pem).unwrap());
    assert_eq!(back.agree(&smdp_otpk).unwrap(), smdp_shs);
    let keys = derive_session_keys(smdp_shs.as_bytes(), b"rsp-lab", &eid).unwrap();
    let profile = vec![0x5A; 3000];
    let segments = BspEncryptor::new(&keys).encrypt_and_mac(TAG_LOAD_PROFILE_ELEMENTS, &profile);
    let euicc_keys = derive_session_keys(euicc_shs.as_bytes(), b"rsp-lab", &eid).unwrap();
    let mut dec = BspDecryptor::new(&euicc_keys);
    let opened: Vec<u8> = segments
        .iter()
        .flat_map(|s| dec.verify_and_decrypt(s).unwrap())
        .collect();
    assert_eq!(opened, profile);
}

#[test]
fn sgp22_3_1_3_both_sides_reach_the_same_shared_secret() {
    // eUICC, PrepareDownload: otPK.EUICC.ECKA goes into euiccSigned2.
    let euicc = EckaKeyPair::generate().unwrap();
    // SM-DP+, GetBoundProfilePackage: otPK.DP.ECKA goes into smdpOtpk (ring path).
    let (smdp_otpk, smdp_shs) = agree_with_new_key(euicc.public_key()).unwrap();
    // eUICC, LoadBoundProfilePackage (p256 path).
    let euicc_shs = euicc.agree(&smdp_otpk).unwrap();
    assert_eq!(euicc_shs, smdp_shs);
    // A second SM-DP+ key gives another secret.
    let (_, other) = agree_with_new_key(euicc.public_key()).unwrap();
    assert_ne!(other, smdp_shs);
}

#[test]
fn sgp22_3_1_3_stored_one_time_key_still_agrees() {
    let euicc = EckaKeyPair::generate().unwrap();
    let (smdp_otpk, smdp_shs) = agree_with_new_key(euicc.public_key()).unwrap();
    // Persisted between PrepareDownload and LoadBoundProfilePackage, as a raw scalar or PEM.
    let stored = euicc.private_key().to_scalar();
    let pem = euicc.private_key().to_pkcs8_pem().unwrap();
    drop(euicc);
    let from_scalar = EckaKeyPair::from_private_key(PrivateKey::from_scalar(&stored[..]).unwrap());
    let from_pem = EckaKeyPair::from_private_key(PrivateKey::from_pem(&pem).unwrap());
    assert_eq!(from_scalar.agree(&smdp_otpk).unwrap(), smdp_shs);
    assert_eq!(from_pem.agree(&smdp_otpk).unwrap(), smdp_shs);
}

#[test]
fn sgp22_annex_g_download_session_keys_protect_and_open_a_profile() {
    let eid: [u8; 16] = hex::decode("89049032123451234512345678901235")
        .unwrap()
        .try_into()
        .unwrap();
    let host_id = b"rsp-lab";
    let euicc = EckaKeyPair::generate().unwrap();
    let (smdp_otpk, smdp_shs) = agree_with_new_key(euicc.public_key()).unwrap();
    let smdp_keys = derive_session_keys(smdp_shs.as_bytes(), host_id, &eid).unwrap();
    let euicc_keys =
        derive_session_keys(euicc.agree(&smdp_otpk).unwrap().as_bytes(), host_id, &eid).unwrap();
    assert_eq!(smdp_keys, euicc_keys);

    let profile: Vec<u8> = (0..5000u32).map(|i| (i % 253) as u8).collect();
    let segments =
        BspEncryptor::new(&smdp_keys).encrypt_and_mac(TAG_LOAD_PROFILE_ELEMENTS, &profile);
    let mut dec = BspDecryptor::new(&euicc_keys);
    let opened: Vec<u8> = segments
        .iter()
        .flat_map(|s| dec.verify_and_decrypt(s).unwrap())
        .collect();
    assert_eq!(opened, profile);
}

#[test]
fn sgp22_annex_g_host_id_must_be_1_to_16_octets() {
    let eid = [0x89; 16];
    assert!(derive_session_keys(&[1; 32], &[], &eid).is_err());
    assert!(derive_session_keys(&[1; 32], &[0; 17], &eid).is_err());
    assert!(derive_session_keys(&[1; 32], &[0; 16], &eid).is_ok());
}
