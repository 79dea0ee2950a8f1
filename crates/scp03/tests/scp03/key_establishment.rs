//! The SM-DP's side of the ISD-P key establishment (SGP.02 ES8, GP Amendment E Scenario #3):
//! the X9.63 KDF against NIST's vector, ECDH, the key data and the receipt against values
//! pyca/cryptography (OpenSSL) computed for the same inputs.

use scp03::Scp03Error;
use scp03::key_establishment::{
    Crt, derive_keys, public_key, receipt, shared_secret, verify_receipt, x963_sha256,
};

use crate::support::h;

const SK_DP: &str = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
const SK_ECASD: &str = "00f4a1d1e2c3b4a5968778695a4b3c2d1e0f0e1d2c3b4a5968778695a4b3c2d1";
const PK_DP: &str = "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6\
                     7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";
const PK_ECASD: &str = "046bfad4f235d86be1285b0e16f1054aee0fb7d851f5cefc55e67f3271ded6b14e\
                        eaa5f10715cffbf2e1d60f2959fa4c0c5f0a307cf54e19296073d8ea359d23a4";
const SHS: &str = "232986010c4e79c5332e39dcb4d76c48873c077b6ad4a326cae53b60db617d4f";

fn crt() -> Crt {
    Crt {
        scenario: 0x0A,
        key_usage: 0x5C,
        key_id: 0x01,
        kvn: 0x30,
        initial_counter: None,
        host_id: None,
    }
}

/// NIST CAVS ANSI X9.63 KDF, SHA-256, 192-bit Z, no SharedInfo, 128-bit key data, COUNT 0.
#[test]
fn x963_kdf_matches_nist_vector() {
    let z = h("96c05619d56c328ab95fe84b18264b08725b85e33fd34f08");
    assert_eq!(
        hex::encode(x963_sha256(&z, &[], 16).as_slice()),
        "443024c3dae66b95e6f5670601558f71"
    );
}

/// ShS is the same from either side, and equals OpenSSL's; ePK is `04 | X | Y`.
#[test]
fn shared_secret_agrees_on_both_sides() {
    assert_eq!(hex::encode(public_key(&h(SK_DP)).unwrap()), PK_DP);
    assert_eq!(hex::encode(public_key(&h(SK_ECASD)).unwrap()), PK_ECASD);
    assert_eq!(
        hex::encode(*shared_secret(&h(SK_DP), &h(PK_ECASD)).unwrap()),
        SHS
    );
    assert_eq!(
        hex::encode(*shared_secret(&h(SK_ECASD), &h(PK_DP)).unwrap()),
        SHS
    );
    let mut off_curve = h(PK_ECASD);
    off_curve[40] ^= 1;
    assert!(shared_secret(&h(SK_DP), &off_curve).is_err());
    assert!(
        shared_secret(&[0; 32], &h(PK_ECASD)).is_err(),
        "zero scalar"
    );
    assert!(shared_secret(&h(SK_DP), &h(PK_ECASD)[..33]).is_err());
}

/// The A6 template, SharedInfo with DR, the key data and the receipt.
#[test]
fn keys_and_receipt_match_independent_computation() {
    let crt_tlv = crt().encode().unwrap();
    assert_eq!(
        hex::encode(&crt_tlv),
        "a6139002030a95015c800188810110820101830130"
    );
    let dr: Vec<u8> = (0..16).collect();
    let info = crt().shared_info(Some(&dr)).unwrap();
    assert_eq!(info, [&h("5c8810")[..], &dr].concat());
    let (receipt_key, keys) = derive_keys(&h(SHS), &info, 1).unwrap();
    assert_eq!(
        hex::encode(receipt_key.as_bytes()),
        "357d597284d3f3a0435b367dfb17d51a"
    );
    assert_eq!(
        hex::encode(keys[0].as_bytes()),
        "0f319673dce187fd222677ccf1e9929a"
    );
    let r = receipt(&receipt_key, &crt_tlv, Some(&dr)).unwrap();
    assert_eq!(hex::encode(r), "c58b5847e24ef3c5babfea8635b5eaaf");
    verify_receipt(&receipt_key, &crt_tlv, Some(&dr), &r).unwrap();
    let mut bad = r;
    bad[15] ^= 1;
    assert_eq!(
        verify_receipt(&receipt_key, &crt_tlv, Some(&dr), &bad),
        Err(Scp03Error::Mac)
    );
    assert_eq!(
        verify_receipt(&receipt_key, &crt_tlv, None, &r),
        Err(Scp03Error::Mac)
    );
}

/// The host id enters SharedInfo only when the scenario says so, with its length.
#[test]
fn host_id_enters_shared_info_when_asked() {
    let mut c = crt();
    c.host_id = Some(b"SMDP".to_vec());
    c.initial_counter = Some(vec![0, 0, 1]);
    assert_eq!(c.shared_info(None).unwrap(), h("5c8810"));
    c.scenario |= 0x04;
    assert_eq!(c.shared_info(None).unwrap(), h("5c881004534d4450"));
    assert!(hex::encode(c.encode().unwrap()).ends_with("91030000018404534d4450"));
}
