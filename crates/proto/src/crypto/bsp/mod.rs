//! BSP, the Bound Profile Package protection: "SCP03t" in SGP.22 v2.x, "BSP" since v3.0
//! (§2.5.3–2.5.4 and §2.6.4 in v3.0 numbering; ES8+ in §5.5; GlobalPlatform SCP03 primitives).
//!
//! Every segment of the BPP after InitialiseSecureChannel is one TLV protected under the
//! session keys derived in [`crate::crypto::kdf`]:
//!
//! ```text
//! encrypted (86, 87):  tag ‖ L ‖ AES-128-CBC(S-ENC, ICV, data ‖ 80 00..) ‖ C-MAC[0..8]
//! MAC only  (88):      tag ‖ L ‖ data ‖ C-MAC[0..8]
//! ICV   = AES-128(S-ENC, block counter as a 16-octet big-endian integer)
//! C-MAC = AES-CMAC(S-MAC, MCV ‖ tag ‖ L ‖ payload), the new MCV being the full 16 octets
//! ```
//! where L is the BER length of payload + MAC. The block counter starts at 1 and advances by
//! one per segment, MAC-only segments included; one counter and one MAC chain run through
//! ConfigureISDP (`87`), StoreMetadata (`88`) and ReplaceSessionKeys (`87`). Padding is always
//! added. ReplaceSessionKeys carries PPK-ENC, PPK-CMAC and an initial MCV: the following
//! LoadProfileElements segments (`86`) are protected by a fresh instance on those keys with
//! the counter back at 1 ([`BspEncryptor::replace_session_keys`]); without it they continue
//! under the session keys. A segment is at most 1020 octets including tag, length and MAC.

mod chain;
mod decryptor;
mod encryptor;
mod segment;

pub use decryptor::BspDecryptor;
pub use encryptor::BspEncryptor;
pub use segment::{
    MAC_LEN, MAX_ENCRYPTED_PAYLOAD, MAX_MAC_ONLY_PAYLOAD, MAX_SEGMENT_LEN, TAG_CONFIGURE_ISDP,
    TAG_LOAD_PROFILE_ELEMENTS, TAG_REPLACE_SESSION_KEYS, TAG_STORE_METADATA,
};

use thiserror::Error;
use zeroize::Zeroize;

/// The keys of one BSP instance: the session keys (S-ENC, S-MAC, initial MCV) from the KDF,
/// or the PPK set (PPK-ENC, PPK-CMAC, initialMacChainingValue) of ReplaceSessionKeys.
/// Wiped from memory on drop.
#[derive(Clone, PartialEq, Eq)]
pub struct BspKeys {
    s_enc: [u8; 16],
    s_mac: [u8; 16],
    initial_mcv: [u8; 16],
}

impl BspKeys {
    pub fn new(s_enc: [u8; 16], s_mac: [u8; 16], initial_mcv: [u8; 16]) -> Self {
        BspKeys {
            s_enc,
            s_mac,
            initial_mcv,
        }
    }

    /// S-ENC (or PPK-ENC): the AES-128 key for encryption and ICVs.
    pub fn s_enc(&self) -> &[u8; 16] {
        &self.s_enc
    }

    /// S-MAC (or PPK-CMAC): the AES-128 key for the C-MAC.
    pub fn s_mac(&self) -> &[u8; 16] {
        &self.s_mac
    }

    /// The initial MAC chaining value.
    pub fn initial_mcv(&self) -> &[u8; 16] {
        &self.initial_mcv
    }
}

impl Drop for BspKeys {
    fn drop(&mut self) {
        self.s_enc.zeroize();
        self.s_mac.zeroize();
        self.initial_mcv.zeroize();
    }
}

impl std::fmt::Debug for BspKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BspKeys(..)")
    }
}

/// The `ErrorReason` a BSP failure is reported with in ProfileInstallationResult
/// (ES10b.LoadBoundProfilePackage, SGP.22 v2.5 §5.7.6; `ErrorReason` of RSPDefinitions).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BspErrorReason {
    /// `scp03tStructureError(7)`: the segment is not well formed.
    Scp03tStructureError,
    /// `scp03tSecurityError(8)`: the C-MAC does not verify.
    Scp03tSecurityError,
}

impl BspErrorReason {
    /// The ASN.1 value of `ErrorReason`.
    pub const fn value(self) -> i64 {
        match self {
            BspErrorReason::Scp03tStructureError => 7,
            BspErrorReason::Scp03tSecurityError => 8,
        }
    }

    /// The ASN.1 identifier of `ErrorReason`.
    pub const fn asn1_name(self) -> &'static str {
        match self {
            BspErrorReason::Scp03tStructureError => "scp03tStructureError",
            BspErrorReason::Scp03tSecurityError => "scp03tSecurityError",
        }
    }
}

/// A segment could not be produced or accepted. A failed segment leaves the encryptor or
/// decryptor unchanged; SGP.22 has the eUICC end the installation with
/// [`BspError::error_reason`].
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum BspError {
    /// The C-MAC does not match: wrong keys, tampered data, or a segment out of order.
    #[error("C-MAC mismatch")]
    MacMismatch,
    /// The segment is not exactly one TLV with a one-octet tag.
    #[error("malformed segment TLV: {0}")]
    MalformedTlv(String),
    /// The value is shorter than the MAC, or the ciphertext is empty or not a multiple of
    /// 16 octets.
    #[error("bad segment length: {0} octets of value")]
    BadLength(usize),
    /// The decrypted data does not end in `80 00..` within its last block.
    #[error("bad padding")]
    BadPadding,
    /// A plaintext too long for one segment of at most 1020 octets (encrypting side).
    #[error("{len} octets do not fit in one segment (at most {max})")]
    SegmentTooLong { len: usize, max: usize },
}

impl BspError {
    /// The `ErrorReason` to report: a MAC mismatch is a security error, anything else a
    /// structure error.
    pub fn error_reason(&self) -> BspErrorReason {
        match self {
            BspError::MacMismatch => BspErrorReason::Scp03tSecurityError,
            _ => BspErrorReason::Scp03tStructureError,
        }
    }
}
