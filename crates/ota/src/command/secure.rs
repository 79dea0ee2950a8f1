//! Securing a command packet: the sending side (ETSI TS 102 225 5.1.1).

use super::{CLEAR_HEADER_LEN, CommandHeader, MAX_PACKET_LEN};
use crate::counter::Counter;
use crate::keys::{KeyError, KeyIdentifier, KeySet, SecretKey};
use crate::secured::{Check, Seal};
use crate::spi::Integrity;

/// Why a command packet could not be secured.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SecureError {
    /// SPI asks for a digital signature, which this crate does not implement.
    #[error("digital signatures (RC/CC/DS = DS) are not supported")]
    SignatureUnsupported,
    /// The KIc or KID octet is not one this crate implements.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// The KIc or KID octet names another key version or algorithm than the key set.
    #[error("key identifier {0:#04x} does not name the given key set")]
    KeyMismatch(u8),
    /// The secured packet would exceed [`MAX_PACKET_LEN`].
    #[error("the secured packet would exceed {MAX_PACKET_LEN} octets")]
    TooLong,
}

/// Secures `data` for the application `header.tar`: returns CPL to the end of the packet
/// (the caller puts it behind the UDH `02 70 00`, or splits it with
/// the `sms` module).
///
/// CHL = 13 + the RC/CC length; PCNTR counts the zero padding that fills the ciphered part
/// (CNTR to the end) to whole blocks; the check covers CPL to the end of the padding with
/// the check field left out.
pub fn secure(
    header: &CommandHeader,
    counter: Counter,
    keys: &KeySet,
    data: &[u8],
) -> Result<Vec<u8>, SecureError> {
    let spi = header.spi;
    let check = match spi.integrity() {
        Integrity::None => Check::None,
        Integrity::Rc => Check::Rc(header.kid.crc()?),
        Integrity::Cc => {
            names(header.kid, keys.kvn(), keys.kid())?;
            Check::Cc(keys.kid())
        }
        Integrity::Ds => return Err(SecureError::SignatureUnsupported),
    };
    let cipher = if spi.ciphering() {
        names(header.kic, keys.kvn(), keys.kic())?;
        Some(keys.kic())
    } else {
        None
    };
    let clear = clear_header(header, check.len());
    let packet = Seal {
        prefix: &[],
        header: &clear,
        counter,
        status: None,
        check,
        cipher,
        data,
    }
    .seal()
    .map_err(|_| SecureError::TooLong)?;
    Ok(packet)
}

/// CHL | SPI | KIc | KID | TAR.
pub(super) fn clear_header(header: &CommandHeader, check_len: usize) -> [u8; CLEAR_HEADER_LEN] {
    // 13 = SPI(2) + KIc + KID + TAR(3) + CNTR(5) + PCNTR; the check is at most 8 octets.
    let chl = 13 + check_len as u8;
    let [s1, s2] = header.spi.to_bytes();
    let [t1, t2, t3] = header.tar;
    [chl, s1, s2, header.kic.0, header.kid.0, t1, t2, t3]
}

/// Whether `id` names `key` under `kvn` (an implicit algorithm names any).
pub(super) fn names(id: KeyIdentifier, kvn: u8, key: &SecretKey) -> Result<(), SecureError> {
    let algorithm_fits = match id.algorithm()? {
        None => true,
        Some(algorithm) => algorithm == key.algorithm(),
    };
    if id.key_version() == kvn && algorithm_fits {
        Ok(())
    } else {
        Err(SecureError::KeyMismatch(id.0))
    }
}
