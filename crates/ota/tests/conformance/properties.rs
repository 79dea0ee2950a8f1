//! Properties over arbitrary input: the receiving functions refuse, never panic.

use proptest::prelude::*;

use ota::script::{CommandScript, ResponseScript};
use ota::{Counter, open, open_por};

use crate::support::{sja5_3des, sja5_aes, store};

proptest! {
    #[test]
    fn open_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let keys = store([0xB0, 0x00, 0x11], 0, vec![sja5_aes(), sja5_3des()]);
        let _ = open(&bytes, &keys);
    }

    #[test]
    fn open_never_panics_on_well_framed_headers(
        spi in any::<[u8; 2]>(),
        kic in prop_oneof![Just(0x22u8), Just(0x35u8), any::<u8>()],
        kid in prop_oneof![Just(0x22u8), Just(0x35u8), any::<u8>()],
        chl in prop_oneof![Just(0x0Du8), Just(0x11u8), Just(0x15u8), any::<u8>()],
        body in proptest::collection::vec(any::<u8>(), 0..200),
    ) {
        let mut packet = Vec::new();
        let cpl = u16::try_from(8 + body.len()).expect("short");
        packet.extend_from_slice(&cpl.to_be_bytes());
        packet.extend_from_slice(&[chl, spi[0], spi[1], kic, kid, 0xB0, 0x00, 0x11]);
        packet.extend_from_slice(&body);
        let keys = store([0xB0, 0x00, 0x11], 0, vec![sja5_aes(), sja5_3des()]);
        let _ = open(&packet, &keys);
    }

    #[test]
    fn open_por_never_panics(spi in any::<[u8; 2]>(), body in proptest::collection::vec(any::<u8>(), 0..200)) {
        let keys = sja5_aes();
        let header = ota::CommandHeader::for_keys(ota::Spi(spi), &keys, [0xB0, 0x00, 0x11]);
        let mut ud = vec![0x02, 0x71, 0x00];
        ud.extend_from_slice(&body);
        let _ = open_por(&ud, &header, Counter::ZERO, &keys);
        let _ = open_por(&body, &header, Counter::ZERO, &keys);
    }

    #[test]
    fn script_parsers_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = CommandScript::parse(&bytes);
        let _ = ResponseScript::parse(&bytes);
    }
}

proptest! {
    #[test]
    fn sms_and_envelope_parsers_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = ota::sms::SmsDeliver::parse(&bytes);
        let _ = ota::sms::SmsSubmit::parse(&bytes);
        let _ = ota::sms::SmsDeliverReport::parse_ack(&bytes);
        let _ = ota::sms::SmsDeliverReport::parse_error(&bytes);
        let _ = ota::sms::UserDataHeader::parse(&bytes);
        let _ = ota::envelope::SmsPpDownload::parse(&bytes);
        let _ = ota::envelope::SendShortMessage::parse(&bytes);
    }

    #[test]
    fn the_reassembler_never_panics_and_stays_bounded(
        segments in proptest::collection::vec(
            (0u8..4, proptest::collection::vec(any::<u8>(), 0..150)), 0..40),
    ) {
        let limits = ota::sms::ReassemblyLimits { max_partial: 3, max_bytes: 400 };
        let mut reassembler = ota::sms::Reassembler::new(limits);
        for (originator, mut ud) in segments {
            // Half the inputs get a well-formed concatenation header.
            if originator % 2 == 0 && ud.len() >= 4 {
                let (total, sequence) = (ud[0] % 4, ud[1] % 5);
                ud.splice(0..0, [0x05, 0x00, 0x03, 0x01, total, sequence]);
            }
            let _ = reassembler.push(&originator.to_string(), &ud);
            prop_assert!(reassembler.pending() <= 3);
        }
    }
}

proptest! {
    #[test]
    fn every_supported_spi_round_trips(
        integrity in 0u8..3,
        ciphering in any::<bool>(),
        counter_mode in 0u8..4,
        por in any::<u8>(),
        which in 0usize..3,
        counter in 0u64..=0xFF_FFFF_FFFF,
        data in proptest::collection::vec(any::<u8>(), 0..300),
    ) {
        let keys = [sja5_aes(), sja5_3des(), crate::support::three_key_3des()][which].clone();
        let spi = ota::Spi([integrity | u8::from(ciphering) << 2 | counter_mode << 3, por & 0x3F]);
        let tar = [0xB0, 0x00, 0x11];
        let header = ota::CommandHeader::for_keys(spi, &keys, tar);
        let counter = Counter::new(counter).expect("in range");
        let packet = ota::secure(&header, counter, &keys, &data).expect("secured");
        let opened = open(&packet, &store(tar, 0, vec![keys.clone()])).expect("opens");
        prop_assert_eq!(opened.data, data.clone());
        prop_assert_eq!(opened.counter, counter);
        if spi.por_integrity() != ota::spi::Integrity::Ds {
            let ud = ota::secure_por(&header, counter, ota::PorStatus::Ok, Some(&keys), &data)
                .expect("PoR");
            let por = open_por(&ud, &header, counter, &keys).expect("authentic PoR");
            prop_assert_eq!(por.data, data);
        }
    }
}
