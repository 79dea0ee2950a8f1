//! Securing a PoR: the receiving side of the command (ETSI TS 102 225 5.2.1).

use super::{POR_UDH, PorStatus};
use crate::command::{CommandHeader, SecureError};
use crate::counter::Counter;
use crate::keys::{Crc, KeySet};
use crate::secured::{Check, Seal};
use crate::spi::Integrity;

/// The PoR to a command with `command`'s header and `counter`: the SMS user data from the
/// UDH `02 71 00` to the end.
///
/// With `keys`, the PoR is secured as SPI2 asks, with the command's key set (the CC with
/// its KID, ciphering with its KIc; an RC uses the CRC the KID names, else CRC-32). Without
/// keys — a command refused before its keys were known or trusted, see
/// [`PorStatus::is_security_refusal`] — the PoR has no check and no ciphering (RHL `0A`).
pub fn secure_por(
    command: &CommandHeader,
    counter: Counter,
    status: PorStatus,
    keys: Option<&KeySet>,
    data: &[u8],
) -> Result<Vec<u8>, SecureError> {
    let spi = command.spi;
    let (check, cipher) = match keys {
        None => (Check::None, None),
        Some(keys) => {
            let check = match spi.por_integrity() {
                Integrity::None => Check::None,
                Integrity::Rc => Check::Rc(command.kid.crc().unwrap_or(Crc::Crc32)),
                Integrity::Cc => Check::Cc(keys.kid()),
                Integrity::Ds => return Err(SecureError::SignatureUnsupported),
            };
            (check, spi.por_ciphered().then(|| keys.kic()))
        }
    };
    // 10 = TAR(3) + CNTR(5) + PCNTR + status; the check is at most 8 octets.
    let rhl = 10 + check.len() as u8;
    let [t1, t2, t3] = command.tar;
    let packet = Seal {
        prefix: &POR_UDH,
        header: &[rhl, t1, t2, t3],
        counter,
        status: Some(status.code()),
        check,
        cipher,
        data,
    }
    .seal()
    .map_err(|_| SecureError::TooLong)?;
    let mut ud = POR_UDH.to_vec();
    ud.extend_from_slice(&packet);
    Ok(ud)
}
