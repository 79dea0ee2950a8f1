//! BSP behaviour a user of the SM-DP+ and the eUICC relies on: what one side protects the
//! other opens, any tampering is refused with the right ErrorReason, and segments respect
//! the 1020-octet limit (SGP.22 §2.5.3–2.5.4 and §2.6.4 in v3.0 numbering; ES10b.
//! LoadBoundProfilePackage errors in v2.5 §5.7.6).

use proto::crypto::bsp::{
    BspErrorReason, MAX_ENCRYPTED_PAYLOAD, MAX_MAC_ONLY_PAYLOAD, MAX_SEGMENT_LEN,
    TAG_CONFIGURE_ISDP, TAG_LOAD_PROFILE_ELEMENTS, TAG_REPLACE_SESSION_KEYS, TAG_STORE_METADATA,
};
use proto::crypto::{BspDecryptor, BspEncryptor, BspError, BspKeys};

fn session() -> BspKeys {
    BspKeys::new([0x11; 16], [0x22; 16], [0x33; 16])
}

fn ppk() -> BspKeys {
    BspKeys::new([0x44; 16], [0x55; 16], [0x66; 16])
}

/// A profile-like plaintext of `len` octets with no repeating 16-octet blocks.
fn data(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 + i / 251) as u8).collect()
}

/// The segments of a BPP protected as the SM-DP+ does with a PPK: 87 (ConfigureISDP),
/// 88 (StoreMetadata), 87 (ReplaceSessionKeys) under the session keys, then 86 under the PPK.
fn protect(profile: &[u8]) -> Vec<Vec<u8>> {
    let mut enc = BspEncryptor::new(&session());
    let mut out = enc.encrypt_and_mac(TAG_CONFIGURE_ISDP, &[0xBF, 0x24, 0x00]);
    out.extend(enc.mac_only(TAG_STORE_METADATA, &data(60)));
    out.extend(enc.encrypt_and_mac(TAG_REPLACE_SESSION_KEYS, &data(54)));
    enc.replace_session_keys(&ppk());
    out.extend(enc.encrypt_and_mac(TAG_LOAD_PROFILE_ELEMENTS, profile));
    out
}

/// Opens the segments of [`protect`] in order; the profile or the first error.
fn open(segments: &[Vec<u8>]) -> Result<Vec<u8>, BspError> {
    let mut dec = BspDecryptor::new(&session());
    let mut profile = Vec::new();
    for (i, s) in segments.iter().enumerate() {
        match i {
            0 | 2 => {
                dec.verify_and_decrypt(s)?;
                if i == 2 {
                    dec.replace_session_keys(&ppk());
                }
            }
            1 => {
                dec.verify_mac_only(s)?;
            }
            _ => profile.extend(dec.verify_and_decrypt(s)?),
        }
    }
    Ok(profile)
}

#[test]
fn sgp22_2_5_4_round_trip_of_a_whole_package() {
    for len in [0, 1, 15, 16, 17, 1006, 1007, 1008, 2014, 2015, 10_000] {
        let profile = data(len);
        let segments = protect(&profile);
        assert!(segments.iter().all(|s| s.len() <= MAX_SEGMENT_LEN));
        assert_eq!(open(&segments).unwrap(), profile, "profile of {len} octets");
    }
}

#[test]
fn sgp22_2_5_4_round_trip_every_small_size_and_length_form() {
    // Covers the one-, two- and three-octet length forms (values of <128, <256, ≥256).
    for len in 0..=300 {
        let plain = data(len);
        let mut enc = BspEncryptor::new(&session());
        let mut dec = BspDecryptor::new(&session());
        let seg = enc.encrypt_and_mac_one(TAG_CONFIGURE_ISDP, &plain).unwrap();
        let ct_len = seg.len() - 1 - len_len(seg[1]) - 8;
        assert_eq!(ct_len, (len / 16 + 1) * 16, "len {len}");
        assert_eq!(dec.verify_and_decrypt(&seg).unwrap(), plain, "len {len}");
        let seg = enc.mac_only_one(TAG_STORE_METADATA, &plain).unwrap();
        assert_eq!(&seg[seg.len() - 8 - len..seg.len() - 8], &plain[..]);
        assert_eq!(dec.verify_mac_only(&seg).unwrap(), plain, "len {len}");
    }
}

fn len_len(first: u8) -> usize {
    if first < 0x80 {
        1
    } else {
        1 + usize::from(first & 0x7F)
    }
}

#[test]
fn sgp22_2_6_4_padding_is_always_added() {
    let mut enc = BspEncryptor::new(&session());
    // 16 octets of plaintext give 32 of ciphertext: a whole block of padding.
    let seg = enc
        .encrypt_and_mac_one(TAG_CONFIGURE_ISDP, &data(16))
        .unwrap();
    assert_eq!(seg[1] as usize, 32 + 8);
    let seg = enc.encrypt_and_mac_one(TAG_CONFIGURE_ISDP, &[]).unwrap();
    assert_eq!(seg[1] as usize, 16 + 8);
}

#[test]
fn sgp22_2_5_3_segments_at_the_1020_octet_boundary() {
    let mut enc = BspEncryptor::new(&session());
    let full = enc
        .encrypt_and_mac_one(TAG_LOAD_PROFILE_ELEMENTS, &data(MAX_ENCRYPTED_PAYLOAD))
        .unwrap();
    assert_eq!(full.len(), MAX_SEGMENT_LEN);
    assert_eq!(&full[..4], &[0x86, 0x82, 0x03, 0xF8]);
    assert_eq!(
        enc.encrypt_and_mac_one(TAG_LOAD_PROFILE_ELEMENTS, &data(MAX_ENCRYPTED_PAYLOAD + 1)),
        Err(BspError::SegmentTooLong {
            len: 1008,
            max: 1007
        })
    );
    let full = enc
        .mac_only_one(TAG_STORE_METADATA, &data(MAX_MAC_ONLY_PAYLOAD))
        .unwrap();
    assert_eq!(full.len(), MAX_SEGMENT_LEN);
    assert!(
        enc.mac_only_one(TAG_STORE_METADATA, &data(MAX_MAC_ONLY_PAYLOAD + 1))
            .is_err()
    );

    // Splitting: 2 × 1007 + 1 octets give two full segments and one short one.
    let mut enc = BspEncryptor::new(&session());
    let segs = enc.encrypt_and_mac(TAG_LOAD_PROFILE_ELEMENTS, &data(2 * 1007 + 1));
    let lens: Vec<usize> = segs.iter().map(Vec::len).collect();
    assert_eq!(lens, [1020, 1020, 2 + 16 + 8]);
    // StoreMetadata with a 1024-octet icon needs two 88 segments.
    let segs = enc.mac_only(TAG_STORE_METADATA, &data(1100));
    assert_eq!(segs.len(), 2);
    assert_eq!(segs[0].len(), MAX_SEGMENT_LEN);
}

#[test]
fn sgp22_2_6_4_counter_advances_on_mac_only_segments() {
    // The same 87 plaintext encrypts differently after an 88 segment than after nothing:
    // the ICV comes from the block counter, which the 88 segment advanced.
    let plain = data(32);
    let mut with_88 = BspEncryptor::new(&session());
    with_88.mac_only(TAG_STORE_METADATA, &[1, 2, 3]);
    let a = with_88
        .encrypt_and_mac_one(TAG_CONFIGURE_ISDP, &plain)
        .unwrap();
    let mut enc = BspEncryptor::new(&session());
    enc.encrypt_and_mac_one(TAG_CONFIGURE_ISDP, &[]).unwrap();
    let b = enc.encrypt_and_mac_one(TAG_CONFIGURE_ISDP, &plain).unwrap();
    // Same counter (2) for both: the ciphertexts agree, only the MAC chain differs.
    assert_eq!(a[2..a.len() - 8], b[2..b.len() - 8]);
    assert_ne!(a[a.len() - 8..], b[b.len() - 8..]);
}

#[test]
fn sgp22_5_7_6_flipped_mac_octet_is_a_security_error() {
    let mut segments = protect(&data(3000));
    let last = segments.len() - 1;
    let n = segments[last].len();
    segments[last][n - 1] ^= 0x01;
    let err = open(&segments).unwrap_err();
    assert_eq!(err, BspError::MacMismatch);
    assert_eq!(err.error_reason(), BspErrorReason::Scp03tSecurityError);
    assert_eq!(err.error_reason().value(), 8);
}

#[test]
fn sgp22_5_7_6_flipped_ciphertext_or_metadata_octet_is_a_security_error() {
    for (segment, at) in [(0, 5), (1, 10), (3, 500)] {
        let mut segments = protect(&data(3000));
        segments[segment][at] ^= 0x80;
        assert_eq!(
            open(&segments).unwrap_err(),
            BspError::MacMismatch,
            "{segment}"
        );
    }
}

#[test]
fn sgp22_5_7_6_reordered_or_dropped_segments_are_security_errors() {
    let segments = protect(&data(3000));
    let mut swapped = segments.clone();
    swapped.swap(3, 4);
    assert_eq!(open(&swapped).unwrap_err(), BspError::MacMismatch);
    let mut dropped = segments.clone();
    dropped.remove(4);
    assert_eq!(open(&dropped).unwrap_err(), BspError::MacMismatch);
    // Replaying a segment is refused as well.
    let mut replayed = segments;
    let again = replayed[3].clone();
    replayed.insert(4, again);
    assert_eq!(open(&replayed).unwrap_err(), BspError::MacMismatch);
}

#[test]
fn sgp22_5_7_6_truncated_segment_is_a_structure_error() {
    let segments = protect(&data(3000));
    let mut cut = segments.clone();
    let n = cut[3].len();
    cut[3].truncate(n - 1);
    let err = open(&cut).unwrap_err();
    assert!(matches!(err, BspError::MalformedTlv(_)), "{err:?}");
    assert_eq!(err.error_reason(), BspErrorReason::Scp03tStructureError);
    assert_eq!(err.error_reason().value(), 7);

    // Cut by one block with the length fixed up: well formed, but the MAC no longer matches.
    let mut short = segments[2].clone();
    assert_eq!(
        short[1], 0x48,
        "ReplaceSessionKeys: 64 octets of ciphertext + MAC"
    );
    short.drain(2..18);
    short[1] -= 16;
    let mut dec = BspDecryptor::new(&session());
    dec.verify_and_decrypt(&segments[0]).unwrap();
    dec.verify_mac_only(&segments[1]).unwrap();
    assert_eq!(dec.verify_and_decrypt(&short), Err(BspError::MacMismatch));

    // Trailing octets, an empty segment, a value shorter than the MAC, a ciphertext that is
    // not whole blocks, a multi-octet tag: all structure errors, none a panic.
    let mut trailing = segments[0].clone();
    trailing.push(0);
    for bad in [
        trailing,
        vec![],
        vec![0x87],
        vec![0x87, 0x03, 1, 2, 3],
        vec![0x87, 0x09, 0, 1, 2, 3, 4, 5, 6, 7, 8],
        vec![0x9F, 0x87, 0x08, 0, 0, 0, 0, 0, 0, 0, 0],
        vec![0x87, 0x80],
    ] {
        let mut dec = BspDecryptor::new(&session());
        let err = dec.verify_and_decrypt(&bad).unwrap_err();
        assert_eq!(
            err.error_reason(),
            BspErrorReason::Scp03tStructureError,
            "{bad:02x?}"
        );
    }
}

#[test]
fn sgp22_5_7_6_bad_padding_under_a_valid_mac_is_a_structure_error() {
    // A MAC-only segment carrying 16 octets under an encrypted segment's tag has a valid
    // C-MAC (both kinds are MACed the same way) but decrypts to a block without 80 00..
    let mut enc = BspEncryptor::new(&session());
    let forged = enc.mac_only_one(TAG_CONFIGURE_ISDP, &[0x5A; 16]).unwrap();
    let mut dec = BspDecryptor::new(&session());
    assert_eq!(dec.verify_and_decrypt(&forged), Err(BspError::BadPadding));
    assert_eq!(
        BspError::BadPadding.error_reason(),
        BspErrorReason::Scp03tStructureError
    );
}

#[test]
fn sgp22_2_5_4_a_failed_segment_leaves_the_state_unchanged() {
    let segments = protect(&data(100));
    let mut dec = BspDecryptor::new(&session());
    let mut bad = segments[0].clone();
    bad[3] ^= 1;
    assert!(dec.verify_and_decrypt(&bad).is_err());
    assert_eq!(
        dec.verify_and_decrypt(&segments[0]).unwrap(),
        [0xBF, 0x24, 0x00]
    );
}

#[test]
fn sgp22_2_5_4_86_segments_need_the_replaced_keys() {
    let segments = protect(&data(100));
    let mut dec = BspDecryptor::new(&session());
    dec.verify_and_decrypt(&segments[0]).unwrap();
    dec.verify_mac_only(&segments[1]).unwrap();
    dec.verify_and_decrypt(&segments[2]).unwrap();
    // Without switching to the PPK set the 86 segment does not verify.
    assert_eq!(
        dec.verify_and_decrypt(&segments[3]),
        Err(BspError::MacMismatch)
    );
    dec.replace_session_keys(&ppk());
    assert_eq!(dec.verify_and_decrypt(&segments[3]).unwrap(), data(100));
}

#[test]
fn sgp22_2_5_4_wrong_keys_are_a_security_error() {
    let segments = protect(&data(100));
    let mut dec = BspDecryptor::new(&BspKeys::new([0x11; 16], [0x23; 16], [0x33; 16]));
    assert_eq!(
        dec.verify_and_decrypt(&segments[0]),
        Err(BspError::MacMismatch)
    );
    let mut dec = BspDecryptor::new(&BspKeys::new([0x11; 16], [0x22; 16], [0x34; 16]));
    assert_eq!(
        dec.verify_and_decrypt(&segments[0]),
        Err(BspError::MacMismatch)
    );
}
