//! The hashed Confirmation Code (SGP.22 v2.5 §3.1.3.x, "Hashed Confirmation Code =
//! SHA256(SHA256(Confirmation Code) | TransactionID)").
//!
//! The LPA computes it from the code the end user typed and puts it in `hashCc` of
//! ES10b.PrepareDownload; the eUICC signs it inside `euiccSigned2`; the SM-DP+ compares it
//! with the value it computes from the code it stored for the order. The SM-DP+ can store
//! only `SHA256(CC)` ([`hash_cc_with_stored`]).

use sha2::{Digest, Sha256};

/// `SHA256(SHA256(confirmation_code) ‖ transaction_id)`. `confirmation_code` is the code as
/// octets (the characters the user entered, in their ASCII encoding).
pub fn hash_cc(confirmation_code: &[u8], transaction_id: &[u8]) -> [u8; 32] {
    hash_cc_with_stored(&Sha256::digest(confirmation_code).into(), transaction_id)
}

/// `SHA256(stored ‖ transaction_id)` where `stored = SHA256(CC)`.
pub fn hash_cc_with_stored(stored: &[u8; 32], transaction_id: &[u8]) -> [u8; 32] {
    Sha256::new()
        .chain_update(stored)
        .chain_update(transaction_id)
        .finalize()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sgp22_3_1_3_hash_cc_is_double_sha256_with_transaction_id() {
        let tid = [0x01, 0x02, 0x03, 0x04];
        // Computed independently (Python hashlib): SHA256(SHA256("12345678") ‖ 01020304).
        let expected =
            hex::decode("cb65a69663d0c949a87addaf32006fef7a0d7ec4e1948eaf7886db7710014389")
                .unwrap();
        let inner = hex::decode("ef797c8118f02dfb649607dd5d3f8c7623048c9c063d532cc95c5ed7a898a64f")
            .unwrap();
        assert_eq!(hash_cc(b"12345678", &tid)[..], expected[..]);
        assert_eq!(
            hash_cc_with_stored(&inner.try_into().unwrap(), &tid)[..],
            expected[..]
        );
        assert_ne!(
            hash_cc(b"12345678", &[0x01])[..],
            expected[..],
            "bound to the transaction"
        );
    }
}
