//! ETSI TS 102 225 5.2.1 / 3GPP TS 31.115 4.2: Proofs of Receipt from real cards and
//! pySim, opened by the sending side.

use ota::keys::KeyIdentifier;
use ota::spi::Spi;
use ota::{CommandHeader, Counter, PorError, PorStatus, open_por};

use crate::support::{card_8988211_kvn3, h, sja2_kvn1, sja5_3des, sja5_aes};

fn header(spi: [u8; 2], keys: &ota::KeySet, tar: [u8; 3]) -> CommandHeader {
    CommandHeader::for_keys(Spi(spi), keys, tar)
}

const TAR_USIM_RFM: [u8; 3] = [0xB0, 0x00, 0x11];

#[test]
fn pysim_pors_open_to_one_command_and_its_status_word() {
    // pySim test_ota.py: compact response "01 6132" (one command, SW 6132).
    let cases = [
        (
            sja5_3des(),
            [0x06, 0x19],
            "027100001c12b000118bb989492c632529326a2f4681feb37c825bc9021c9f6d0b",
        ),
        (
            sja5_3des(),
            [0x06, 0x09],
            "027100001612b0001100000000000000b5bcd6353a421fae016132",
        ),
        (
            sja5_3des(),
            [0x06, 0x01],
            "027100000e0ab0001100000000000000016132",
        ),
        (
            sja5_aes(),
            [0x06, 0x19],
            "027100002412b00011ebc6b497e2cad7aedf36ace0e3a29b38853f0fe9ccde81913be5702b73abce1f",
        ),
    ];
    for (keys, spi, ud) in cases {
        let por = open_por(
            &h(ud),
            &header(spi, &keys, TAR_USIM_RFM),
            Counter::ZERO,
            &keys,
        )
        .expect("authentic PoR");
        assert_eq!(por.status, PorStatus::Ok, "{ud}");
        assert_eq!(por.data, h("016132"), "{ud}");
        assert!(por.authenticated);
    }
}

#[test]
fn a_changed_status_fails_the_por_cc() {
    // pySim test_ota.py test_resp_3des_signed_err: status octet 01 -> 02 breaks the CC.
    let keys = card_8988211_kvn3();
    let command = header([0x02, 0x09], &keys, TAR_USIM_RFM);
    let good = h("027100001612b000110000000000000055f47118381175fb01612f");
    let por = open_por(&good, &command, Counter::ZERO, &keys).expect("authentic");
    assert_eq!(por.data, h("01612f"));
    let bad = h("027100001612b000110000000000000055f47118381175fb02612f");
    assert_eq!(
        open_por(&bad, &command, Counter::ZERO, &keys),
        Err(PorError::Integrity)
    );
    let ciphered = h("027100001c12b000119660ebdb81be189b5e4389e9e7ab2bc0954f963ad869ed7c");
    let command = header([0x06, 0x19], &keys, TAR_USIM_RFM);
    let por = open_por(&ciphered, &command, Counter::ZERO, &keys).expect("authentic");
    assert_eq!(por.data, h("01612f"));
}

#[test]
fn smpp_ota_tool_card_pors_open_with_their_counters() {
    // pySim docs/smpp-ota-tool.rst: a sysmoISIM-SJA2 answering SELECT DF.GSM + GET RESPONSE.
    let keys = sja2_kvn1();
    let tar = [0xB0, 0x00, 0x10];
    let data = h("0290000000ffff7f2002000000000009b106350400838a838a");
    let first = h(
        "027100002c12b000107ddf58d1780f771638b3975759f4296cf5c31efc87a16a1b61921426baa16da1b5ba1a9951d59a39",
    );
    let por = open_por(
        &first,
        &header([0x06, 0x19], &keys, tar),
        Counter::ZERO,
        &keys,
    )
    .expect("first");
    assert_eq!(
        (por.status, por.data.clone()),
        (PorStatus::Ok, data.clone())
    );
    let second = h(
        "027100002c12b0001049fb0315f6c6401b553867f412cefaf9355b38271178edb342a3bc9cc7e670cdc1f45eea6ffcbb39",
    );
    let hundred = Counter::new(100).expect("counter");
    let command = header([0x16, 0x19], &keys, tar);
    let por = open_por(&second, &command, hundred, &keys).expect("second");
    assert_eq!((por.counter, por.data), (hundred, data));
    // The same PoR to a command that had another counter is refused.
    assert_eq!(
        open_por(&second, &command, Counter::ZERO, &keys),
        Err(PorError::CounterMismatch {
            sent: Counter::ZERO,
            received: hundred
        })
    );
    // The replay: the card answers 06 without ciphering or CC.
    let replay = h("027100000b0ab0001000000000000006");
    let por = open_por(&replay, &command, hundred, &keys).expect("bare refusal");
    assert_eq!(por.status, PorStatus::UnidentifiedSecurityError);
    assert!(!por.authenticated);
}

#[test]
fn unsecured_or_foreign_pors_are_refused() {
    let keys = sja5_3des();
    let command = header([0x06, 0x19], &keys, TAR_USIM_RFM);
    // A bare "PoR OK" would let anyone fake success.
    let fake_ok = h("027100000b0ab0001100000000000000");
    assert_eq!(
        open_por(&fake_ok, &command, Counter::ZERO, &keys),
        Err(PorError::Integrity)
    );
    let other_tar = h("027100000b0ab0001000000000000006");
    assert!(matches!(
        open_por(&other_tar, &command, Counter::ZERO, &keys),
        Err(PorError::TarMismatch { .. })
    ));
    let no_rpi = h("027000000b0ab0001100000000000006");
    assert_eq!(
        open_por(&no_rpi, &command, Counter::ZERO, &keys),
        Err(PorError::NotAResponsePacket)
    );
    for cut in ["", "02", "027100", "027100000b0a", "027100001c12b00011"] {
        assert_eq!(
            open_por(&h(cut), &command, Counter::ZERO, &keys),
            Err(PorError::Malformed),
            "{cut}"
        );
    }
    let wrong_rhl = h("027100000e0bb0001100000000000000016132");
    assert_eq!(
        open_por(&wrong_rhl, &command, Counter::ZERO, &keys),
        Err(PorError::HeaderLength(0x0B))
    );
    let reserved =
        ota::secure_por(&command, Counter::ZERO, PorStatus::Ok, Some(&keys), b"").expect("por");
    assert!(open_por(&reserved, &command, Counter::ZERO, &keys).is_ok());
    let ds = CommandHeader {
        spi: Spi([0x06, 0x0D]),
        kic: KeyIdentifier(0x35),
        kid: KeyIdentifier(0x35),
        tar: TAR_USIM_RFM,
    };
    assert_eq!(
        open_por(&reserved, &ds, Counter::ZERO, &keys),
        Err(PorError::SignatureUnsupported)
    );
}
