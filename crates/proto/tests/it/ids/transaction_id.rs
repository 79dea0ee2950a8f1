use proptest::prelude::*;
use proto::ids::{TransactionId, TransactionIdError};

#[test]
fn sgp22_5_6_1_transaction_id_is_1_to_16_octets() {
    assert!(TransactionId::new(&[0x01]).is_ok());
    assert!(TransactionId::new(&[0xAB; 16]).is_ok());
    assert_eq!(
        TransactionId::new(&[]),
        Err(TransactionIdError::Length { found: 0 })
    );
    assert_eq!(
        TransactionId::new(&[0; 17]),
        Err(TransactionIdError::Length { found: 17 })
    );
}

#[test]
fn sgp22_6_5_2_transaction_id_json_is_hex_either_case_in_upper_case_out() {
    let lower: TransactionId = serde_json::from_str("\"0a1b2c3d\"").unwrap();
    let upper: TransactionId = serde_json::from_str("\"0A1B2C3D\"").unwrap();
    assert_eq!(lower, upper);
    assert_eq!(lower.as_bytes(), [0x0A, 0x1B, 0x2C, 0x3D]);
    assert_eq!(serde_json::to_string(&lower).unwrap(), "\"0A1B2C3D\"");
    assert_eq!(
        TransactionId::from_hex("abc"),
        Err(TransactionIdError::OddHex { found: 3 })
    );
    assert_eq!(
        TransactionId::from_hex("0g"),
        Err(TransactionIdError::NotHex { position: 1 })
    );
    assert!(serde_json::from_str::<TransactionId>("\"\"").is_err());
    assert!(serde_json::from_str::<TransactionId>("\"é0\"").is_err());
}

proptest! {
    #[test]
    fn sgp22_5_6_1_every_transaction_id_round_trips(bytes in proptest::collection::vec(any::<u8>(), 1..=16)) {
        let id = TransactionId::new(&bytes).unwrap();
        prop_assert_eq!(TransactionId::from_hex(&id.to_hex()), Ok(id.clone()));
        prop_assert_eq!(TransactionId::from_hex(&id.to_hex().to_lowercase()), Ok(id));
    }

    #[test]
    fn sgp22_5_6_1_garbage_never_panics(s in ".{0,40}") {
        let _ = TransactionId::from_hex(&s);
    }
}
