//! ETSI TS 102 225 5.1.1 / 3GPP TS 31.115 4.1: command packets, against published bytes
//! and the refusals of Table 5.

use ota::keys::KeyIdentifier;
use ota::por::PorStatus;
use ota::spi::Spi;
use ota::{Algorithm, CommandHeader, Counter, OpenError, open, secure};

use crate::support::{card_8988211_kvn3, h, key_set, sja2_kvn1, sja5_3des, sja5_aes, store};

const TAR_USIM_RFM: [u8; 3] = [0xB0, 0x00, 0x11];
const SELECT_MF: &str = "00a40004023f00";

fn secure_hex(spi: [u8; 2], keys: &ota::KeySet, tar: [u8; 3], counter: u64, data: &str) -> String {
    let header = CommandHeader::for_keys(Spi(spi), keys, tar);
    let counter = Counter::new(counter).expect("counter");
    hex::encode(secure(&header, counter, keys, &h(data)).expect("secured"))
}

#[test]
fn aes_ciphered_cc_matches_pysim() {
    // pySim test_ota.py AES128-SJA5-CIPHERED-CC.
    assert_eq!(
        secure_hex([0x06, 0x19], &sja5_aes(), TAR_USIM_RFM, 0, SELECT_MF),
        "00281506192222b00011e87cceebb2d93083011ce294f93fc4d8de80da1abae8c37ca3e72ec4432e5058"
    );
}

#[test]
fn three_des_variants_match_pysim() {
    // pySim test_ota.py 3DES-SJA5-{CIPHERED-CC, UNCIPHERED-CC, UNCIPHERED-NOCC}: the SPI2
    // differs (PoR ciphered or not, with or without CC), the command is always ciphered.
    let keys = sja5_3des();
    let cases = [
        (
            [0x06, 0x19],
            "00201506193535b00011ae733256918d050b87c94fbfe12e4dc402f262c41cf67f2f",
        ),
        (
            [0x06, 0x09],
            "00201506093535b00011c49ac91ab8159ba5b83a54fb6385e0a5e31694f8b215fafc",
        ),
        (
            [0x06, 0x01],
            "00201506013535b000113190be334900f52b025f3f7eddfe868e96ebf310023b7769",
        ),
    ];
    for (spi, expected) in cases {
        assert_eq!(secure_hex(spi, &keys, TAR_USIM_RFM, 0, SELECT_MF), expected);
    }
}

#[test]
fn three_des_unciphered_forms_match_pysim() {
    // pySim test_ota.py Test_SMS_3DES (KIc3/KID3 of card 8988211000000467285). pySim's
    // unciphered output leaves out CPL although its CC covers it; CPL is prepended here.
    let keys = card_8988211_kvn3();
    let tar = [0xB0, 0x00, 0x00];
    let apdu = "00a40000023f00";
    assert_eq!(
        secure_hex([0x04, 0x19], &keys, tar, 0, apdu),
        "00180d04193535b00000e3ec80a849b554421276af3883927c20"
    );
    assert_eq!(
        secure_hex([0x02, 0x19], &keys, tar, 0, apdu),
        "001d1502193535b00000000000000000072ea17bdb72060e00a40000023f00"
    );
    assert_eq!(
        secure_hex([0x00, 0x19], &keys, tar, 0, apdu),
        "00150d00193535b0000000000000000000a40000023f00"
    );
}

#[test]
fn smpp_ota_tool_traces_match_pysim_docs() {
    // pySim docs/smpp-ota-tool.rst: KIC1/KID1, TAR B00010, two APDUs; the log shows the
    // user data's first 45 octets. The second run adds counter 100, "must be higher".
    let keys = sja2_kvn1();
    let tar = [0xB0, 0x00, 0x10];
    let apdus = "a0a40000027f20a0c0000016";
    let first = secure_hex([0x06, 0x19], &keys, tar, 0, apdus);
    assert!(first.starts_with(
        "00281506191515b00010da1d6cbbd0d11ce4330d844c7408340943e843f67a6d7b0674730881605fd62d"
    ));
    let second = secure_hex([0x16, 0x19], &keys, tar, 100, apdus);
    assert!(second.starts_with(
        "00281516191515b000103a4f599e94f2b5dcfbbda984761b7977df6514c57a580fb4844787c436d2eade"
    ));
}

#[test]
fn published_packets_open_to_their_data() {
    let packet =
        h("00281506192222b00011e87cceebb2d93083011ce294f93fc4d8de80da1abae8c37ca3e72ec4432e5058");
    let keys = store(TAR_USIM_RFM, 0x06, vec![sja5_aes()]);
    let opened = open(&packet, &keys).expect("authentic");
    assert_eq!(opened.data, h(SELECT_MF));
    assert_eq!(opened.header.spi, Spi([0x06, 0x19]));
    assert_eq!(opened.counter, Counter::ZERO);
}

fn refusal(packet: &[u8], keys: &ota::command::ApplicationKeys) -> Option<PorStatus> {
    match open(packet, keys) {
        Err(OpenError::Refused { status, .. }) => Some(status),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_wrong_kid_fails_the_cc_with_01() {
    let sender = sja5_3des();
    let header = CommandHeader::for_keys(Spi([0x02, 0x19]), &sender, TAR_USIM_RFM);
    let packet = secure(&header, Counter::ZERO, &sender, &h(SELECT_MF)).expect("secured");
    let other_kid = key_set(
        3,
        Algorithm::TripleDes2Key,
        "300102030405060708090a0b0c0d0e0f",
        "401102030405060708090a0b0c0d0e0f",
    );
    let keys = store(TAR_USIM_RFM, 0, vec![other_kid]);
    assert_eq!(refusal(&packet, &keys), Some(PorStatus::IntegrityFailed));
}

#[test]
fn a_flipped_ciphertext_bit_fails_with_01() {
    let keys = sja5_aes();
    let header = CommandHeader::for_keys(Spi::SGP02_ES5, &keys, TAR_USIM_RFM);
    let mut packet = secure(&header, Counter::ZERO, &keys, &h(SELECT_MF)).expect("secured");
    if let Some(last) = packet.last_mut() {
        *last ^= 0x01;
    }
    let store = store(TAR_USIM_RFM, 0, vec![keys]);
    assert_eq!(refusal(&packet, &store), Some(PorStatus::IntegrityFailed));
}

#[test]
fn an_unknown_tar_is_09_and_an_unknown_key_version_is_06() {
    let keys = sja5_aes();
    let header = CommandHeader::for_keys(Spi::SGP02_ES5, &keys, [0x00, 0x00, 0x01]);
    let packet = secure(&header, Counter::ZERO, &keys, &h(SELECT_MF)).expect("secured");
    let elsewhere = store(TAR_USIM_RFM, 0, vec![keys.clone()]);
    assert_eq!(refusal(&packet, &elsewhere), Some(PorStatus::TarUnknown));
    let other_version = store([0x00, 0x00, 0x01], 0, vec![sja5_3des()]);
    assert_eq!(
        refusal(&packet, &other_version),
        Some(PorStatus::UnidentifiedSecurityError)
    );
}

#[test]
fn ciphertext_of_partial_blocks_is_05() {
    let keys = sja5_aes();
    let header = CommandHeader::for_keys(Spi([0x06, 0x00]), &keys, TAR_USIM_RFM);
    let mut packet = secure(&header, Counter::ZERO, &keys, &h(SELECT_MF)).expect("secured");
    packet.pop();
    let cpl = u16::try_from(packet.len() - 2).expect("short");
    packet[..2].copy_from_slice(&cpl.to_be_bytes());
    let store = store(TAR_USIM_RFM, 0, vec![keys]);
    assert_eq!(refusal(&packet, &store), Some(PorStatus::CipheringError));
}

#[test]
fn below_the_minimum_security_level_is_0a() {
    let keys = sja5_aes();
    let header = CommandHeader::for_keys(Spi([0x02, 0x00]), &keys, TAR_USIM_RFM);
    let packet = secure(&header, Counter::ZERO, &keys, &h(SELECT_MF)).expect("secured");
    let store = store(TAR_USIM_RFM, 0x16, vec![keys]);
    assert_eq!(
        refusal(&packet, &store),
        Some(PorStatus::InsufficientSecurityLevel)
    );
}

#[test]
fn digital_signatures_are_refused_with_06() {
    let keys = sja5_aes();
    let mut packet = h("00160d03192222b000110000000000000000a40004023f00");
    packet[2] = 0x15;
    let store = store(TAR_USIM_RFM, 0, vec![keys.clone()]);
    assert_eq!(
        refusal(&packet, &store),
        Some(PorStatus::UnidentifiedSecurityError)
    );
    let header = CommandHeader {
        spi: Spi([0x03, 0x00]),
        kic: KeyIdentifier(0x22),
        kid: KeyIdentifier(0x22),
        tar: TAR_USIM_RFM,
    };
    assert_eq!(
        secure(&header, Counter::ZERO, &keys, b"x"),
        Err(ota::SecureError::SignatureUnsupported)
    );
}

#[test]
fn malformed_packets_are_discarded_without_por() {
    let keys = sja5_aes();
    let header = CommandHeader::for_keys(Spi::SGP02_ES5, &keys, TAR_USIM_RFM);
    let packet = secure(&header, Counter::ZERO, &keys, &h(SELECT_MF)).expect("secured");
    let store = store(TAR_USIM_RFM, 0, vec![keys]);
    use ota::command::PacketError;
    // Truncated: the header is cut.
    assert_eq!(
        open(&packet[..6], &store),
        Err(OpenError::Malformed(PacketError::LengthMismatch {
            declared: 40,
            actual: 4
        }))
    );
    assert_eq!(
        open(&[0x00], &store),
        Err(OpenError::Malformed(PacketError::Truncated))
    );
    assert_eq!(
        open(&[0x00, 0x03, 0x0D, 0, 0], &store),
        Err(OpenError::Malformed(PacketError::Truncated))
    );
    // CPL counts one octet more than present.
    let mut longer = packet.clone();
    longer[1] += 1;
    assert!(matches!(
        open(&longer, &store),
        Err(OpenError::Malformed(PacketError::LengthMismatch { .. }))
    ));
    // CHL that does not fit SPI1's CC.
    let mut chl = packet.clone();
    chl[2] = 0x0D;
    assert_eq!(
        open(&chl, &store),
        Err(OpenError::Malformed(PacketError::HeaderLength(0x0D)))
    );
    // Oversized.
    let huge = vec![0u8; ota::command::MAX_PACKET_LEN + 1];
    assert!(matches!(
        open(&huge, &store),
        Err(OpenError::Malformed(PacketError::TooLong(_)))
    ));
    assert_eq!(open(&huge, &store).err().and_then(|e| e.por_status()), None);
}
