//! SGP.22 key derivation and BSP against the reference vectors
//! (`../shared/reference/vectors/bsp-vectors.json`, from a public test suite; one set from
//! a trace of a commercial SM-DP+), down to decrypting a whole Bound Profile Package.

use std::path::PathBuf;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use proto::crypto::bsp::{TAG_CONFIGURE_ISDP, TAG_LOAD_PROFILE_ELEMENTS, TAG_STORE_METADATA};
use proto::crypto::{BspDecryptor, BspEncryptor, BspKeys, derive_session_keys};
use proto::der::{Reader, Tag, Tlv};
use serde_json::Value;

fn vectors() -> Option<Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/reference/vectors/bsp-vectors.json");
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(serde_json::from_str(&text).expect("vector file is JSON")),
        Err(_) => {
            eprintln!("notice: {} not found, skipping", path.display());
            None
        }
    }
}

fn hex_of(v: &Value, key: &str) -> Vec<u8> {
    let s = v[key].as_str().unwrap_or_else(|| panic!("{key} missing"));
    hex::decode(s).unwrap()
}

fn b16(v: &Value, key: &str) -> [u8; 16] {
    hex_of(v, key).try_into().unwrap()
}

fn keys(v: &Value, enc: &str, mac: &str) -> BspKeys {
    BspKeys::new(b16(v, enc), b16(v, mac), b16(v, "initial_mcv"))
}

fn tag_byte(v: &Value) -> u8 {
    u8::from_str_radix(v["tag"].as_str().unwrap(), 16).unwrap()
}

#[test]
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
fn sgp22_annex_g_kdf_vectors() {
    let Some(v) = vectors() else { return };
    let cases = v["kdf"].as_array().unwrap();
    assert!(!cases.is_empty());
    for case in cases {
        // The vectors name keyType 88 and keyLength 16: the only AES-128 CRT SGP.22 defines.
        assert_eq!(case["key_type"].as_str(), Some("88"));
        assert_eq!(case["key_length"].as_u64(), Some(16));
        let eid: [u8; 16] = hex_of(case, "eid").try_into().unwrap();
        let k = derive_session_keys(
            &hex_of(case, "shared_secret"),
            &hex_of(case, "host_id"),
            &eid,
        )
        .unwrap();
        assert_eq!(k.s_enc(), &b16(case, "s_enc"));
        assert_eq!(k.s_mac(), &b16(case, "s_mac"));
        assert_eq!(k.initial_mcv(), &b16(case, "initial_mcv"));
    }
}

#[test]
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
fn sgp22_2_5_4_segments_under_session_keys_match_trace() {
    let Some(v) = vectors() else { return };
    let set = &v["bsp_segments"];
    let session = keys(&set["session_keys"], "s_enc", "s_mac");
    let mut enc = BspEncryptor::new(&session);
    let mut dec = BspDecryptor::new(&session);
    for step in set["steps_under_session_keys"].as_array().unwrap() {
        let (tag, plain, out) = (tag_byte(step), hex_of(step, "plain"), hex_of(step, "out"));
        let what = step["what"].as_str().unwrap();
        match step["op"].as_str().unwrap() {
            "encrypt_and_mac" => {
                assert_eq!(
                    enc.encrypt_and_mac(tag, &plain),
                    vec![out.clone()],
                    "{what}"
                );
                assert_eq!(dec.verify_and_decrypt(&out).unwrap(), plain, "{what}");
            }
            "mac_only" => {
                assert_eq!(enc.mac_only(tag, &plain), vec![out.clone()], "{what}");
                assert_eq!(dec.verify_mac_only(&out).unwrap(), plain, "{what}");
            }
            op => panic!("unknown op {op}"),
        }
    }
}

#[test]
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
fn sgp22_2_5_4_replace_session_keys_starts_fresh_instance() {
    let Some(v) = vectors() else { return };
    let set = &v["bsp_segments"];
    let ppk = keys(&set["ppk_keys"], "ppk_enc", "ppk_mac");

    // The ReplaceSessionKeys plaintext carries exactly these keys: BF26 {80 MCV, 81 ENC, 82 MAC}.
    let rsk = set["steps_under_session_keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["what"] == "ReplaceSessionKeys")
        .unwrap();
    assert_eq!(parse_replace_session_keys(&hex_of(rsk, "plain")), ppk);

    let steps = set["steps_under_ppk"].as_array().unwrap();
    let mut enc = BspEncryptor::new(&BspKeys::new([0; 16], [0; 16], [0; 16]));
    enc.replace_session_keys(&ppk);
    let mut dec = BspDecryptor::new(&ppk);
    let mut whole = Vec::new();
    let mut expected_segments = Vec::new();
    for step in steps {
        assert_eq!(step["op"], "encrypt_and_mac_one");
        let (tag, plain, out) = (tag_byte(step), hex_of(step, "plain"), hex_of(step, "out"));
        assert_eq!(out.len(), 1020, "a full segment is 1020 octets");
        assert_eq!(enc.encrypt_and_mac_one(tag, &plain).unwrap(), out);
        assert_eq!(dec.verify_and_decrypt(&out).unwrap(), plain);
        whole.extend_from_slice(&plain);
        expected_segments.push(out);
    }
    // Splitting the concatenated plaintext gives the same segments (1007 octets each).
    let mut split = BspEncryptor::new(&ppk);
    assert_eq!(
        split.encrypt_and_mac(TAG_LOAD_PROFILE_ELEMENTS, &whole),
        expected_segments
    );
}

/// ReplaceSessionKeysRequest (BF26) at TLV level:
/// `{ initialMacChainingValue [0], ppkEnc [1], ppkCmac [2] }`.
fn parse_replace_session_keys(plain: &[u8]) -> BspKeys {
    let rsk = Tlv::parse_single(plain).unwrap();
    assert_eq!(rsk.tag, Tag::context(38, true));
    let mut r = rsk.contents().unwrap();
    let mut field = |n| {
        let t = r.read().unwrap();
        assert_eq!(t.tag, Tag::context(n, false));
        <[u8; 16]>::try_from(t.value()).unwrap()
    };
    let (mcv, enc, mac) = (field(0), field(1), field(2));
    BspKeys::new(enc, mac, mcv)
}

/// The segments inside a `[n]` SEQUENCE OF of the vector's BPP.
///
/// This BPP comes from an early encoder that put each complete segment TLV inside an OCTET
/// STRING of the same tag (`A0 1C 87 1A 87 18 <ciphertext> <MAC>`), so each element's value is
/// itself the segment; we check that and unwrap it. (A BPP as the LPA segments it for the
/// eUICC, and as [`BspEncryptor`] output is meant to be placed, has the segment TLV itself as
/// the element: `A0 1A 87 18 …`.) Its `86` segments are also longer than 1020 octets (1020
/// octets of plaintext each), which the decryptor accepts.
fn segments<'a>(r: &mut Reader<'a>, outer: u32, inner: u8) -> Vec<&'a [u8]> {
    let seq = r.read().unwrap();
    assert_eq!(seq.tag, Tag::context(outer, true));
    let mut items = seq.contents().unwrap();
    let mut out = Vec::new();
    while !items.is_empty() {
        let item = items.read().unwrap();
        assert_eq!(item.raw[0], inner);
        let wrapped = Tlv::parse_single(item.value()).unwrap();
        assert_eq!(wrapped.raw[0], inner, "double-wrapped segment");
        out.push(wrapped.raw);
    }
    out
}

#[test]
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
fn sgp22_2_5_4_whole_bound_profile_package_decrypts_to_the_profile() {
    let Some(v) = vectors() else { return };
    let set = &v["bpp_decode"];
    let bpp = STANDARD
        .decode(set["bpp_der_b64"].as_str().unwrap())
        .unwrap();
    let upp = STANDARD
        .decode(set["upp_der_b64"].as_str().unwrap())
        .unwrap();
    let session = keys(&set["session_keys"], "s_enc", "s_mac");
    let ppk = keys(&set["ppk_keys"], "ppk_enc", "ppk_mac");

    let top = Tlv::parse_single(&bpp).unwrap();
    assert_eq!(top.tag, Tag::context(54, true), "BoundProfilePackage BF36");
    let mut r = top.contents().unwrap();
    let isc = r.read().unwrap();
    assert_eq!(
        isc.tag,
        Tag::context(35, true),
        "InitialiseSecureChannelRequest BF23"
    );

    let mut dec = BspDecryptor::new(&session);
    let configure: Vec<u8> = segments(&mut r, 0, TAG_CONFIGURE_ISDP)
        .into_iter()
        .flat_map(|s| dec.verify_and_decrypt(s).unwrap())
        .collect();
    assert_eq!(configure, hex_of(set, "configure_isdp_plain"));
    let metadata: Vec<u8> = segments(&mut r, 1, TAG_STORE_METADATA)
        .into_iter()
        .flat_map(|s| dec.verify_mac_only(s).unwrap())
        .collect();
    assert_eq!(metadata, hex_of(set, "store_metadata_plain"));
    if r.peek_tag().unwrap() == Some(Tag::context(2, true)) {
        let rsk: Vec<u8> = segments(&mut r, 2, TAG_CONFIGURE_ISDP)
            .into_iter()
            .flat_map(|s| dec.verify_and_decrypt(s).unwrap())
            .collect();
        let carried = parse_replace_session_keys(&rsk);
        assert_eq!(carried, ppk);
        dec.replace_session_keys(&carried);
    } else {
        // This vector's BPP has no secondSequenceOf87 although its 86 segments are protected
        // under a PPK set (an omission of the encoder that made it); the vector gives the
        // keys, and they start a fresh instance exactly as ReplaceSessionKeys would.
        dec.replace_session_keys(&ppk);
    }
    let mut profile = Vec::new();
    for s in segments(&mut r, 3, TAG_LOAD_PROFILE_ELEMENTS) {
        profile.extend(dec.verify_and_decrypt(s).unwrap());
    }
    r.finish().unwrap();
    assert_eq!(profile.len(), upp.len());
    assert!(
        profile == upp,
        "decrypted profile differs from the expected UPP"
    );
}
