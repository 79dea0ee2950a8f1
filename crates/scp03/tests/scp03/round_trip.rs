//! A host and a card session against each other (GP Amendment D 6.2, 7.1): every security
//! level, and the refusals of tampered, replayed and reordered messages.

use scp03::Scp03Error;
use scp03::card::{CardAuthenticator, CardSession, initialize_update};
use scp03::host::{HostHandshake, HostSession};
use scp03::initialize_update::InitializeUpdateResponse;
use scp03::security::SecurityLevel;

use crate::support::{card_key_set, h, keys, pseudo_random};

const HOST_CHALLENGE: &str = "0102030405060708";

fn handshake(i: u8, level: u8) -> Result<(HostSession, CardSession), Scp03Error> {
    let key_set = card_key_set(0x30, i);
    let host = HostHandshake::new(keys(16), 0x30, &h(HOST_CHALLENGE))?;
    let (rsp, card): (Vec<u8>, CardAuthenticator) =
        initialize_update(&key_set, &host.initialize_update_apdu(), pseudo_random(7))?;
    let auth = host.receive(&rsp)?;
    let (ext_auth, host) = auth.external_authenticate(SecurityLevel::from_byte(level)?)?;
    let card = card.external_authenticate(&ext_auth)?;
    Ok((host, card))
}

/// Commands of the four ISO cases, both ways, at every level the card supports.
#[test]
fn every_level_carries_commands_and_responses_both_ways() {
    let commands = [
        "80F22002",
        "80CA006600",
        "80F220020A4F0212345C054F9F70C5",
        "80F28002024F0000",
    ];
    for level in [0x01, 0x03, 0x11, 0x13, 0x33] {
        let (mut host, mut card) = handshake(0x70, level).unwrap();
        for (n, command) in commands.iter().enumerate() {
            let wrapped = host.wrap_command(&h(command)).unwrap();
            let unwrapped = card.unwrap_command(&wrapped).unwrap();
            assert_eq!(unwrapped.encode().unwrap(), h(command), "level {level:02X}");
            let answer = vec![n as u8; n * 7];
            let response = card.wrap_response(&answer, 0x9000).unwrap();
            assert_eq!(response[response.len() - 2..], [0x90, 0x00]);
            let data = &response[..response.len() - 2];
            assert_eq!(
                data.len() > answer.len(),
                level & 0x10 != 0,
                "R-MAC present"
            );
            assert_eq!(host.unwrap_response(data, 0x9000).unwrap(), answer);
        }
    }
}

/// C-DEC hides the data: the wrapped APDU does not contain the plaintext.
#[test]
fn c_decryption_hides_command_data() {
    let (mut host, _) = handshake(0x70, 0x33).unwrap();
    let wrapped = host.wrap_command(&h("80E2910006BF3E035C015A00")).unwrap();
    assert!(!wrapped.windows(6).any(|w| w == h("BF3E035C015A")));
    assert_eq!(wrapped.len(), 4 + 1 + 16 + 8 + 1);
}

/// Amd D 6.2.4: a changed octet fails the C-MAC, answered `6982`, and the card closes the
/// session: the next, correct command is refused too.
#[test]
fn tampered_command_is_refused_and_closes_the_session() {
    let (mut host, mut card) = handshake(0x70, 0x33).unwrap();
    let mut bad = host
        .wrap_command(&h("80F220020A4F0212345C054F9F70C5"))
        .unwrap();
    bad[7] ^= 0x40;
    let err = card.unwrap_command(&bad).unwrap_err();
    assert_eq!((err.clone(), err.status_word()), (Scp03Error::Mac, 0x6982));
    assert!(card.is_closed());
    let good = host.wrap_command(&h("80F22002")).unwrap();
    assert_eq!(
        card.unwrap_command(&good).unwrap_err(),
        Scp03Error::SessionClosed
    );
}

/// The chaining value makes a replayed command fail its C-MAC.
#[test]
fn replayed_command_is_refused() {
    let (mut host, mut card) = handshake(0x70, 0x11).unwrap();
    let first = host.wrap_command(&h("80CA006600")).unwrap();
    card.unwrap_command(&first).unwrap();
    assert_eq!(card.unwrap_command(&first).unwrap_err(), Scp03Error::Mac);
}

/// Commands delivered out of order fail their C-MAC.
#[test]
fn reordered_commands_are_refused() {
    let (mut host, mut card) = handshake(0x70, 0x33).unwrap();
    let _first = host.wrap_command(&h("80CA006600")).unwrap();
    let second = host.wrap_command(&h("80CA006700")).unwrap();
    assert_eq!(card.unwrap_command(&second).unwrap_err(), Scp03Error::Mac);
}

/// Amd D 6.2.5: a tampered R-MAC or response is refused by the host; an error status
/// carries no R-MAC and comes back as the status.
#[test]
fn response_mac_is_checked_and_error_status_is_unprotected() {
    let (mut host, mut card) = handshake(0x70, 0x33).unwrap();
    card.unwrap_command(&host.wrap_command(&h("80CA006600")).unwrap())
        .unwrap();
    let response = card.wrap_response(&[1, 2, 3], 0x9000).unwrap();
    let mut data = response[..response.len() - 2].to_vec();
    data[0] ^= 1;
    assert_eq!(
        host.unwrap_response(&data, 0x9000).unwrap_err(),
        Scp03Error::Mac
    );
    assert_eq!(
        host.unwrap_response(&[], 0x9000).unwrap_err(),
        Scp03Error::Mac
    );
    assert_eq!(
        card.wrap_response(&[1, 2, 3], 0x6A82).unwrap(),
        [0x6A, 0x82]
    );
    assert_eq!(
        host.unwrap_response(&[], 0x6A82).unwrap_err(),
        Scp03Error::ErrorStatus(0x6A82)
    );
}

/// A host with other keys fails the card cryptogram; a forged EXTERNAL AUTHENTICATE with a
/// valid MAC but a wrong cryptogram is `6300` (Amd D 7.1.2.5).
#[test]
fn wrong_keys_fail_the_cryptograms() {
    let key_set = card_key_set(0x30, 0x70);
    let mut other = keys(16);
    other.mac = scp03::AesKey::new(&[0x55; 16]).unwrap();
    let host = HostHandshake::new(other, 0x30, &h(HOST_CHALLENGE)).unwrap();
    let (rsp, _) =
        initialize_update(&key_set, &host.initialize_update_apdu(), pseudo_random(1)).unwrap();
    assert_eq!(host.receive(&rsp).unwrap_err(), Scp03Error::CardCryptogram);

    let host = HostHandshake::new(keys(16), 0x30, &h(HOST_CHALLENGE)).unwrap();
    let (_, card) =
        initialize_update(&key_set, &host.initialize_update_apdu(), pseudo_random(1)).unwrap();
    let (_, other_card_rsp) = {
        let h2 = HostHandshake::new(keys(16), 0x30, &h(HOST_CHALLENGE)).unwrap();
        let (r, _) =
            initialize_update(&key_set, &h2.initialize_update_apdu(), pseudo_random(2)).unwrap();
        (h2, r)
    };
    // The host authenticates against the counter-2 session; the card is in the counter-1 one.
    let auth = host.receive(&other_card_rsp).unwrap();
    let (ext_auth, _) = auth.external_authenticate(SecurityLevel::FULL).unwrap();
    assert_eq!(
        card.external_authenticate(&ext_auth).unwrap_err(),
        Scp03Error::Mac
    );
}

/// The pseudo-random challenge depends on the counter; a spent counter is refused; an
/// unknown key version is `6A88`; an unsupported level is refused.
#[test]
fn counters_key_versions_and_levels_are_checked() {
    let key_set = card_key_set(0x30, 0x70);
    let iu = HostHandshake::new(keys(16), 0x30, &h(HOST_CHALLENGE))
        .unwrap()
        .initialize_update_apdu();
    let challenge = |c| {
        let (rsp, _) = initialize_update(&key_set, &iu, pseudo_random(c)).unwrap();
        InitializeUpdateResponse::parse(&rsp).unwrap()
    };
    let (a, b) = (challenge(1), challenge(2));
    assert_ne!(a.card_challenge, b.card_challenge);
    assert_eq!(b.sequence_counter, Some([0, 0, 2]));
    assert_eq!(challenge(0xFF_FFFF).sequence_counter, Some([0xFF; 3]));
    let spent = initialize_update(&key_set, &iu, pseudo_random(0x100_0000)).unwrap_err();
    assert_eq!(spent, Scp03Error::CounterExhausted);

    let iu31 = HostHandshake::new(keys(16), 0x31, &h(HOST_CHALLENGE))
        .unwrap()
        .initialize_update_apdu();
    let err = initialize_update(&key_set, &iu31, pseudo_random(1)).unwrap_err();
    assert_eq!(err.status_word(), 0x6A88);

    assert_eq!(
        handshake(0x10, 0x11).unwrap_err(),
        Scp03Error::SecurityLevel(0x11)
    );
    assert_eq!(
        handshake(0x30, 0x33).unwrap_err(),
        Scp03Error::SecurityLevel(0x33)
    );
    for bad in [0x00, 0x02, 0x10, 0x21, 0x31, 0xFF] {
        assert_eq!(
            SecurityLevel::from_byte(bad),
            Err(Scp03Error::SecurityLevel(bad))
        );
    }
}

/// Truncated, extended and arbitrary octets are refused without a panic.
#[test]
fn malformed_input_is_refused() {
    let (mut host, mut card) = handshake(0x70, 0x33).unwrap();
    let wrapped = host
        .wrap_command(&h("80F220020A4F0212345C054F9F70C5"))
        .unwrap();
    for len in 0..wrapped.len() {
        assert!(card.unwrap_command(&wrapped[..len]).is_err());
    }
    for len in 0..40 {
        let junk: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
        assert!(InitializeUpdateResponse::parse(&junk).is_err() || junk.len() == 32);
        assert!(host.unwrap_response(&junk, 0x9000).is_err());
    }
    let host = HostHandshake::new(keys(16), 0x30, &h(HOST_CHALLENGE)).unwrap();
    assert!(host.receive(&[0; 28]).is_err(), "SCP id 00");
    assert!(HostHandshake::new(keys(16), 0x30, &[0; 7]).is_err());
}

/// S16 mode (`i` b1, Amd D v1.1.1): 16-octet challenges, cryptograms and MACs.
#[test]
fn s16_mode_uses_sixteen_octet_macs() {
    let key_set = card_key_set(0x30, 0x71);
    let challenge = h("000102030405060708090A0B0C0D0E0F");
    assert!(
        HostHandshake::new(keys(16), 0x30, &h(HOST_CHALLENGE)).is_ok_and(|hs| {
            initialize_update(&key_set, &hs.initialize_update_apdu(), pseudo_random(1)).is_err()
        })
    );
    let host = HostHandshake::new(keys(16), 0x30, &challenge).unwrap();
    let (rsp, card) =
        initialize_update(&key_set, &host.initialize_update_apdu(), pseudo_random(1)).unwrap();
    assert_eq!(rsp.len(), 13 + 16 + 16 + 3);
    let (ext_auth, mut host) = host
        .receive(&rsp)
        .unwrap()
        .external_authenticate(SecurityLevel::FULL)
        .unwrap();
    assert_eq!(ext_auth[4], 32, "host cryptogram and C-MAC, 16 octets each");
    let mut card = card.external_authenticate(&ext_auth).unwrap();
    let wrapped = host.wrap_command(&h("80CA006600")).unwrap();
    assert_eq!(wrapped.len(), 5 + 16 + 1);
    card.unwrap_command(&wrapped).unwrap();
    let response = card.wrap_response(&[9; 20], 0x9000).unwrap();
    assert_eq!(response.len(), 32 + 16 + 2);
    assert_eq!(
        host.unwrap_response(&response[..48], 0x9000).unwrap(),
        [9; 20]
    );
}
