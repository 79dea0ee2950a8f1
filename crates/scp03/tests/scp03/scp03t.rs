//! SCP03t (SGP.02 4.1.3.3): the handshake and a profile package download as TLVs between
//! an SM-DP host and an ISD-P card, segment bounds and the error TLVs.

use scp03::Scp03Error;
use scp03::card::CardSession;
use scp03::host::{HostHandshake, HostSession};
use scp03::scp03t::segment::{DEFAULT_SEGMENT_LEN, MAX_SEGMENT_LEN, segments};
use scp03::scp03t::{card, error_response, host};
use scp03::security::SecurityLevel;

use crate::support::{card_key_set, h, keys, pseudo_random};

fn open() -> (HostSession, CardSession) {
    let key_set = card_key_set(0x30, 0x70);
    let hs = HostHandshake::new(keys(16), 0x30, &h("1122334455667788")).unwrap();
    let iu = host::initialize_update(&hs, 0x01).unwrap();
    assert_eq!(hex::encode(&iu), "840a30011122334455667788");
    let (iu_rsp, auth) = card::initialize_update(&key_set, &iu, pseudo_random(5)).unwrap();
    assert_eq!(iu_rsp[..2], [0x84, 32]);
    let host_auth = host::receive_initialize_update(hs, &iu_rsp).unwrap();
    let (ea, mut host_session) =
        host::external_authenticate(host_auth, SecurityLevel::FULL).unwrap();
    assert_eq!(ea[..3], [0x85, 0x11, 0x33]);
    let (ea_rsp, card_session) = card::external_authenticate(auth, &ea).unwrap();
    assert_eq!(ea_rsp[..2], [0x85, 0x08], "R-MAC only");
    host_session.receive_external_authenticate(&ea_rsp).unwrap();
    (host_session, card_session)
}

/// A 1300-octet package crosses in three `86` segments and arrives whole; the last
/// response's data (an EUICCResponse stand-in) comes back decrypted.
#[test]
fn profile_package_crosses_in_segments() {
    let (mut host, mut card) = open();
    let package: Vec<u8> = (0..1300u32).map(|i| (i * 7) as u8).collect();
    let mut received = Vec::new();
    let parts = segments(&package, DEFAULT_SEGMENT_LEN).unwrap();
    for (n, part) in parts.iter().enumerate() {
        let tlv = host.seal_segment(part).unwrap();
        // 512 octets pad to 528, 276 to 288; each with an 8-octet C-MAC.
        let len: u16 = if n < 2 { 528 + 8 } else { 288 + 8 };
        assert_eq!(
            tlv[..4],
            [&[0x86u8, 0x82][..], &len.to_be_bytes()].concat()[..]
        );
        assert!(
            !tlv.windows(16).any(|w| part.starts_with(w)),
            "segment encrypted"
        );
        received.extend(card.open_segment(&tlv).unwrap());
        let answer = if n == parts.len() - 1 {
            h("A0053003800100")
        } else {
            Vec::new()
        };
        let rsp = card.seal_segment_response(&answer).unwrap();
        assert_eq!(host.open_segment_response(&rsp).unwrap(), answer);
    }
    assert_eq!(received, package);
}

/// A changed octet fails the C-MAC; the ISD-P answers `9F86 02 6982`, which the host reads
/// as that status, and later segments are refused.
#[test]
fn tampered_segment_is_refused_with_an_error_tlv() {
    let (mut host, mut card) = open();
    let mut tlv = host.seal_segment(&[0x42; 100]).unwrap();
    tlv[10] ^= 0x80;
    let err = card.open_segment(&tlv).unwrap_err();
    assert_eq!(err, Scp03Error::Mac);
    let rsp = error_response(0x86, err.status_word());
    assert_eq!(hex::encode(&rsp), "9f86026982");
    assert_eq!(
        host.open_segment_response(&rsp).unwrap_err(),
        Scp03Error::ErrorStatus(0x6982)
    );
    let next = host.seal_segment(&[0x42; 10]).unwrap();
    assert_eq!(
        card.open_segment(&next).unwrap_err(),
        Scp03Error::SessionClosed
    );
}

/// Segments are 1 to MAX_SEGMENT_LEN octets on both sides; a wrong tag is refused.
#[test]
fn segment_bounds_hold_on_both_sides() {
    let (mut host, mut card) = open();
    assert_eq!(
        host.seal_segment(&vec![0; MAX_SEGMENT_LEN + 1])
            .unwrap_err(),
        Scp03Error::TooLong(1025, 1024)
    );
    assert!(host.seal_segment(&[]).is_err());
    let longest = host.seal_segment(&vec![0x33; MAX_SEGMENT_LEN]).unwrap();
    assert_eq!(
        card.open_segment(&longest).unwrap(),
        vec![0x33; MAX_SEGMENT_LEN]
    );
    let mut oversized = vec![0x86, 0x82, 0x05, 0x00];
    oversized.extend(vec![0; 0x500]);
    assert_eq!(
        card.open_segment(&oversized).unwrap_err(),
        Scp03Error::TooLong(0x500, 1056)
    );
    let wrong_tag = host.seal_segment(&[1]).unwrap();
    let mut relabelled = wrong_tag.clone();
    relabelled[0] = 0x87;
    assert!(matches!(
        card.open_segment(&relabelled),
        Err(Scp03Error::Malformed(_))
    ));
}

/// The host reads an error TLV in answer to INITIALIZE UPDATE as its status word, and
/// refuses a response with another tag.
#[test]
fn handshake_errors_are_read_as_status_words() {
    let key_set = card_key_set(0x30, 0x70);
    let hs = HostHandshake::new(keys(16), 0x31, &h("1122334455667788")).unwrap();
    let iu = host::initialize_update(&hs, 0x01).unwrap();
    let err = card::initialize_update(&key_set, &iu, pseudo_random(1)).unwrap_err();
    let rsp = error_response(0x84, err.status_word());
    assert_eq!(hex::encode(&rsp), "9f84026a88");
    assert_eq!(
        host::receive_initialize_update(hs, &rsp).unwrap_err(),
        Scp03Error::ErrorStatus(0x6A88)
    );
    let hs = HostHandshake::new(keys(16), 0x30, &h("1122334455667788")).unwrap();
    assert!(host::receive_initialize_update(hs, &[0x86, 0x00]).is_err());
    assert!(card::initialize_update(&key_set, &[0x84, 0x01, 0x30], pseudo_random(1)).is_err());
}
