//! ETSI TS 102 225 5.1 and 5.2 end to end: the SM-SR secures, the card opens, checks the
//! counter and answers, the SM-SR opens the PoR.

use ota::spi::Spi;
use ota::{
    CommandHeader, Counter, KeySet, PorStatus, check_counter, open, open_por, secure, secure_por,
};

use crate::support::{h, sja5_3des, sja5_aes, store, three_key_3des};

const ISD_R: [u8; 3] = [0x00, 0x00, 0x01];

fn round_trip(keys: &KeySet, data: &[u8]) {
    let counter = Counter::new(0x01_0000_0001).expect("counter");
    let header = CommandHeader::for_keys(Spi::SGP02_ES5, keys, ISD_R);
    let packet = secure(&header, counter, keys, data).expect("secured");

    // The card.
    let card = store(ISD_R, 0x16, vec![keys.clone()]);
    let opened = open(&packet, &card).expect("opened");
    assert_eq!(opened.data, data);
    let last = Counter::new(0x01_0000_0000).expect("counter");
    check_counter(opened.header.spi.counter_mode(), last, opened.counter).expect("fresh counter");
    let response = h("ab0780010123029000");
    let ud = secure_por(
        &opened.header,
        opened.counter,
        PorStatus::Ok,
        Some(keys),
        &response,
    )
    .expect("PoR");

    // Back at the SM-SR.
    let por = open_por(&ud, &header, counter, keys).expect("authentic PoR");
    assert_eq!(
        (por.status, por.data, por.authenticated),
        (PorStatus::Ok, response, true)
    );
}

#[test]
fn three_des_two_key_round_trip() {
    for len in [0, 1, 7, 8, 9, 100] {
        round_trip(&sja5_3des(), &vec![0x5A; len]);
    }
}

#[test]
fn three_des_three_key_round_trip() {
    for len in [0, 5, 16, 120] {
        round_trip(&three_key_3des(), &vec![0xA5; len]);
    }
}

#[test]
fn aes_round_trip() {
    for len in [0, 1, 15, 16, 17, 500] {
        round_trip(&sja5_aes(), &vec![0x3C; len]);
    }
}

#[test]
fn replayed_counters_are_refused_by_the_card() {
    let keys = sja5_aes();
    let header = CommandHeader::for_keys(Spi::SGP02_ES5, &keys, ISD_R);
    let five = Counter::new(5).expect("counter");
    let packet = secure(&header, five, &keys, b"\x80\xca\x00\x66\x00").expect("secured");
    let opened = open(&packet, &store(ISD_R, 0, vec![keys.clone()])).expect("opened");
    assert_eq!(
        check_counter(opened.header.spi.counter_mode(), five, opened.counter),
        Err(PorStatus::CounterLow)
    );
    // The refusal goes back unsecured and the SM-SR sees it as such.
    let ud = secure_por(
        &opened.header,
        opened.counter,
        PorStatus::CounterLow,
        None,
        &[],
    )
    .expect("PoR");
    assert_eq!(hex::encode(&ud), "027100000b0a00000100000000050002");
    let por = open_por(&ud, &header, five, &keys).expect("bare refusal");
    assert_eq!(
        (por.status, por.authenticated),
        (PorStatus::CounterLow, false)
    );
}

#[test]
fn rc_packets_round_trip_and_detect_corruption() {
    let keys = sja5_3des();
    for spi in [Spi([0x01, 0x05]), Spi([0x05, 0x15])] {
        let header = CommandHeader::for_keys(spi, &keys, ISD_R);
        let packet = secure(&header, Counter::ZERO, &keys, b"data").expect("secured");
        assert_eq!(packet[2], 0x11, "CHL = 13 + CRC-32");
        let card = store(ISD_R, 0, vec![keys.clone()]);
        assert_eq!(open(&packet, &card).expect("opened").data, b"data");
        let mut bad = packet.clone();
        if let Some(b) = bad.last_mut() {
            *b ^= 0x80;
        }
        assert_eq!(
            open(&bad, &card).err().and_then(|e| e.por_status()),
            Some(PorStatus::IntegrityFailed)
        );
        let ud =
            secure_por(&header, Counter::ZERO, PorStatus::Ok, Some(&keys), b"ok").expect("PoR");
        assert_eq!(
            open_por(&ud, &header, Counter::ZERO, &keys)
                .expect("PoR")
                .data,
            b"ok"
        );
    }
}

#[test]
fn one_higher_counters_and_blocked_key_sets_are_refused() {
    let keys = sja5_3des();
    let spi = Spi([0x1E, 0x39]);
    let header = CommandHeader::for_keys(spi, &keys, ISD_R);
    let card = store(ISD_R, 0x1E, vec![keys.clone()]);
    let seven = Counter::new(7).expect("counter");
    let packet = secure(&header, seven, &keys, b"x").expect("secured");
    let opened = open(&packet, &card).expect("opened");
    let mode = opened.header.spi.counter_mode();
    let five = Counter::new(5).expect("counter");
    let six = Counter::new(6).expect("counter");
    assert_eq!(
        check_counter(mode, five, opened.counter),
        Err(PorStatus::CounterHigh)
    );
    assert_eq!(check_counter(mode, six, opened.counter), Ok(()));
    assert_eq!(
        check_counter(mode, Counter::MAX, opened.counter),
        Err(PorStatus::CounterBlocked)
    );
    // A counter-checking command below the application's MSL is refused before that.
    let weak = CommandHeader::for_keys(Spi([0x0E, 0x39]), &keys, ISD_R);
    let packet = secure(&weak, seven, &keys, b"x").expect("secured");
    assert_eq!(
        open(&packet, &card).err().and_then(|e| e.por_status()),
        Some(PorStatus::InsufficientSecurityLevel)
    );
}
