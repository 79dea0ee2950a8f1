//! The refusals of an SCP03 session, one variant per condition of GP Amendment D.

/// Why an SCP03 or SCP03t operation was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Scp03Error {
    /// A static or session key is not 16, 24 or 32 octets (Amd D 4.1.1: AES-128/192/256).
    #[error("AES key of {0} octets (16, 24 or 32 allowed)")]
    KeyLength(usize),
    /// A challenge is not of the session's length (8 in S8 mode, 16 in S16 mode; Amd D 7.1.1).
    #[error("challenge of {0} octets")]
    ChallengeLength(usize),
    /// The card cryptogram does not verify (Amd D 6.2.2.2).
    #[error("card cryptogram does not verify")]
    CardCryptogram,
    /// The host cryptogram does not verify (Amd D 6.2.2.3; the card answers `6300`).
    #[error("host cryptogram does not verify")]
    HostCryptogram,
    /// A C-MAC or R-MAC does not verify (Amd D 6.2.4, 6.2.5; the card answers `6982`).
    #[error("MAC does not verify")]
    Mac,
    /// The encryption counter or the sequence counter has no value left (Amd D 6.2.6, 6.2.2.1).
    #[error("counter exhausted")]
    CounterExhausted,
    /// Decrypted data does not end in the `80 00…` padding (GPCS B.2.3).
    #[error("bad padding")]
    Padding,
    /// Ciphertext is not a whole number of AES blocks.
    #[error("ciphertext of {0} octets is not whole AES blocks")]
    BlockLength(usize),
    /// A message is shorter than its fixed fields or its length fields disagree.
    #[error("malformed {0}")]
    Malformed(&'static str),
    /// The security level is not one Amd D 5.1 / 7.1.2.1 allows, or the card does not support it.
    #[error("security level {0:02X} not allowed")]
    SecurityLevel(u8),
    /// A wrapped command or segment would exceed the short-APDU or SCP03t size limit.
    #[error("{0} octets exceed the limit of {1}")]
    TooLong(usize, usize),
    /// The key version in INITIALIZE UPDATE does not name the card's key set (`6A88`).
    #[error("key version {0:02X} not found")]
    KeyVersion(u8),
    /// The session was terminated after a security failure (Amd D 6.2.4: the card closes it).
    #[error("secure channel session closed")]
    SessionClosed,
    /// The response carries an error status (SW not `9000`/`62xx`/`63xx`) or an SCP03t error TLV.
    #[error("error response {0:04X}")]
    ErrorStatus(u16),
}

impl Scp03Error {
    /// The status word a card answers with (GPCS 11.1.3, Amd D 7.1.1.5 and 7.1.2.5).
    pub fn status_word(&self) -> u16 {
        match self {
            Scp03Error::HostCryptogram => 0x6300,
            Scp03Error::Mac | Scp03Error::SessionClosed => 0x6982,
            Scp03Error::KeyVersion(_) => 0x6A88,
            Scp03Error::CounterExhausted => 0x6985,
            Scp03Error::ErrorStatus(sw) => *sw,
            _ => 0x6A80,
        }
    }
}
