//! Opening a PoR: the command's sender checks it (ETSI TS 102 225 5.2.1).

use super::{POR_CLEAR_HEADER_LEN, PorStatus};
use crate::command::{CommandHeader, MAX_PACKET_LEN, Tar};
use crate::counter::Counter;
use crate::keys::{Crc, KeySet, SecretKey};
use crate::secured::{Check, Unseal, UnsealError};
use crate::sms::IEI_RPI;
use crate::sms::UserDataHeader;
use crate::spi::Integrity;
use crate::wire::Reader;

/// Why a PoR was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PorError {
    /// More octets than any response packet may have.
    #[error("{0} octets exceed the response packet limit")]
    TooLong(usize),
    /// Fields missing, or RPL disagrees with the octets present.
    #[error("malformed response packet")]
    Malformed,
    /// The user data header has no Response Packet Identifier `71`.
    #[error("no response packet identifier in the user data header")]
    NotAResponsePacket,
    /// The PoR comes from another application than the command went to.
    #[error("PoR from TAR {received:02X?}, command to {expected:02X?}")]
    TarMismatch {
        /// The command's TAR.
        expected: Tar,
        /// The PoR's TAR.
        received: Tar,
    },
    /// RHL is neither what SPI2 asks for nor an unsecured refusal.
    #[error("RHL {0:#04x} does not fit SPI2")]
    HeaderLength(u8),
    /// The ciphered part is not whole blocks.
    #[error("PoR ciphering error")]
    Ciphering,
    /// The RC/CC does not match: the PoR is not authentic.
    #[error("PoR RC/CC failed")]
    Integrity,
    /// The PoR does not echo the command's counter.
    #[error("PoR counter {received:?}, command counter {sent:?}")]
    CounterMismatch {
        /// The command's counter.
        sent: Counter,
        /// The PoR's counter.
        received: Counter,
    },
    /// A reserved status code.
    #[error("reserved PoR status {0:#04x}")]
    UnknownStatus(u8),
    /// SPI2 asks for a digital signature, which this crate does not implement.
    #[error("PoR digital signatures are not supported")]
    SignatureUnsupported,
}

/// An accepted PoR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenedPor {
    /// The responding application.
    pub tar: Tar,
    /// The echoed counter.
    pub counter: Counter,
    /// The status.
    pub status: PorStatus,
    /// The additional response data (e.g. a response script), padding removed.
    pub data: Vec<u8>,
    /// Whether the PoR carried the security SPI2 asked for. An unsecured PoR is accepted
    /// only as a bare refusal (a non-zero status, no data), which the receiver sends when
    /// it could not use the command's keys; its status is a claim, not a proof.
    pub authenticated: bool,
}

/// Opens the PoR user data `ud` (UDH included) to the command sent with `command`,
/// `sent_counter` and `keys`.
///
/// A PoR that came in several short messages is opened as [`super::POR_UDH`] followed by
/// the reassembled packet: the RC/CC is taken to cover the single-message UDH `02 71 00`,
/// independent of the segments' concatenation elements, as bagyenda/njiwa's SM-SR also
/// computes it. (TS 31.115's text on the UDH in the checksum of a concatenated response
/// was not at hand; the eUICC side, [`super::secure_por`], does the same.)
pub fn open_por(
    ud: &[u8],
    command: &CommandHeader,
    sent_counter: Counter,
    keys: &KeySet,
) -> Result<OpenedPor, PorError> {
    let (udh_raw, packet, rhl) = split_clear(ud, command)?;
    let (check, cipher) = security(command, keys)?;
    // An unsecured refusal: RHL 0A and exactly CNTR, PCNTR and status after TAR.
    let after_tar = packet.len().saturating_sub(2 + POR_CLEAR_HEADER_LEN);
    let bare_refusal = rhl == 0x0A && after_tar == 7 && (check.len() > 0 || cipher.is_some());
    let (check, cipher) = if bare_refusal {
        (Check::None, None)
    } else if usize::from(rhl) == 10 + check.len() {
        (check, cipher)
    } else {
        return Err(PorError::HeaderLength(rhl));
    };
    let unseal = Unseal {
        prefix: udh_raw,
        header_len: POR_CLEAR_HEADER_LEN,
        has_status: true,
        check,
        cipher,
    };
    let opened = unseal.unseal(packet).map_err(|e| match e {
        UnsealError::Length | UnsealError::Padding => PorError::Malformed,
        UnsealError::Cipher => PorError::Ciphering,
        UnsealError::Check => PorError::Integrity,
    })?;
    let code = opened.status.unwrap_or_default();
    let status = PorStatus::from_code(code).ok_or(PorError::UnknownStatus(code))?;
    if bare_refusal && status == PorStatus::Ok {
        return Err(PorError::Integrity);
    }
    if !bare_refusal && opened.counter != sent_counter {
        return Err(PorError::CounterMismatch {
            sent: sent_counter,
            received: opened.counter,
        });
    }
    Ok(OpenedPor {
        tar: command.tar,
        counter: opened.counter,
        status,
        data: opened.data,
        authenticated: !bare_refusal,
    })
}

/// The UDH's own octets, the packet from RPL on, and RHL; the UDH must hold the RPI and
/// the TAR must be the command's.
fn split_clear<'a>(
    ud: &'a [u8],
    command: &CommandHeader,
) -> Result<(&'a [u8], &'a [u8], u8), PorError> {
    if ud.len() > MAX_PACKET_LEN + 3 {
        return Err(PorError::TooLong(ud.len()));
    }
    let (udh, udh_raw, packet) = UserDataHeader::parse(ud).map_err(|_| PorError::Malformed)?;
    if udh.find(IEI_RPI).is_none() {
        return Err(PorError::NotAResponsePacket);
    }
    let mut reader = Reader::new(packet);
    let _rpl = reader.array::<2>().ok_or(PorError::Malformed)?;
    let rhl = reader.u8().ok_or(PorError::Malformed)?;
    let tar = reader.array::<3>().ok_or(PorError::Malformed)?;
    if tar != command.tar {
        return Err(PorError::TarMismatch {
            expected: command.tar,
            received: tar,
        });
    }
    Ok((udh_raw, packet, rhl))
}

/// The check and ciphering SPI2 asks of the PoR, with the command's keys; an RC uses the
/// CRC the command's KID names, else CRC-32.
fn security<'k>(
    command: &CommandHeader,
    keys: &'k KeySet,
) -> Result<(Check<'k>, Option<&'k SecretKey>), PorError> {
    let spi = command.spi;
    let check = match spi.por_integrity() {
        Integrity::None => Check::None,
        Integrity::Rc => Check::Rc(command.kid.crc().unwrap_or(Crc::Crc32)),
        Integrity::Cc => Check::Cc(keys.kid()),
        Integrity::Ds => return Err(PorError::SignatureUnsupported),
    };
    Ok((check, spi.por_ciphered().then(|| keys.kic())))
}
