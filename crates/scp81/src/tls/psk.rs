//! The pre-shared key.

use std::fmt;

use zeroize::Zeroizing;

use super::TlsError;

/// The shortest key accepted: 128 bits, the entropy SGP.02 2.4.4 asks of a TLS-PSK key.
pub const MIN_PSK_LEN: usize = 16;
/// The longest key accepted: a 256-bit AES key (GP Card Specification key type `88`).
pub const MAX_PSK_LEN: usize = 32;

/// A TLS pre-shared key: 16 to 32 bytes, zeroized on drop, never printed.
#[derive(Clone)]
pub struct Psk(Zeroizing<Vec<u8>>);

impl Psk {
    /// The key `bytes`, if 16 to 32 of them.
    pub fn new(bytes: &[u8]) -> Result<Psk, TlsError> {
        if !(MIN_PSK_LEN..=MAX_PSK_LEN).contains(&bytes.len()) {
            return Err(TlsError::PskLength(bytes.len()));
        }
        Ok(Psk(Zeroizing::new(bytes.to_vec())))
    }

    /// The key's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Psk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Psk({} bytes)", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_the_length_and_hides_the_key() {
        assert!(matches!(Psk::new(&[1; 15]), Err(TlsError::PskLength(15))));
        assert!(matches!(Psk::new(&[1; 33]), Err(TlsError::PskLength(33))));
        let k = Psk::new(&[0xAB; 16]).unwrap();
        assert_eq!(format!("{k:?}"), "Psk(16 bytes)");
        assert_eq!(Psk::new(&[0xAB; 32]).unwrap().as_bytes().len(), 32);
    }
}
