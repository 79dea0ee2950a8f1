//! Opening a command packet: the receiving side (ETSI TS 102 225 5.1.1, the checks whose
//! failures Table 5 names).

use super::secure::names;
use super::{CLEAR_HEADER_LEN, CommandHeader, MAX_PACKET_LEN, Tar};
use crate::counter::Counter;
use crate::keys::{KeyIdentifier, KeySet};
use crate::por::PorStatus;
use crate::secured::{Check, Unseal, UnsealError};
use crate::spi::{Integrity, MinimumSecurityLevel, Spi};
use crate::wire::Reader;

/// The receiver's applications and keys, as [`open`] needs them.
pub trait KeyStore {
    /// The Minimum Security Level of the application `tar`; `None` when no application
    /// has this TAR (PoR status `09`).
    fn security_level(&self, tar: &Tar) -> Option<MinimumSecurityLevel>;

    /// The key set with version `kvn` that secures traffic to `tar`; `None` when there is
    /// none (PoR status `06`).
    fn key_set(&self, tar: &Tar, kvn: u8) -> Option<&KeySet>;
}

/// A [`KeyStore`] for one application with its key sets.
#[derive(Debug, Clone)]
pub struct ApplicationKeys {
    /// The application's TAR.
    pub tar: Tar,
    /// Its Minimum Security Level.
    pub security_level: MinimumSecurityLevel,
    /// Its key sets.
    pub key_sets: Vec<KeySet>,
}

impl KeyStore for ApplicationKeys {
    fn security_level(&self, tar: &Tar) -> Option<MinimumSecurityLevel> {
        (*tar == self.tar).then_some(self.security_level)
    }

    fn key_set(&self, tar: &Tar, kvn: u8) -> Option<&KeySet> {
        if *tar != self.tar {
            return None;
        }
        self.key_sets.iter().find(|set| set.kvn() == kvn)
    }
}

/// A command packet whose checks passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenedCommand {
    /// The header as received.
    pub header: CommandHeader,
    /// The received counter; check it with [`crate::check_counter`] before acting.
    pub counter: Counter,
    /// The secured data with the padding removed.
    pub data: Vec<u8>,
}

/// A packet whose header cannot be trusted to answer: the receiver discards it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PacketError {
    /// More octets than any secured packet may have.
    #[error("{0} octets exceed the secured packet limit")]
    TooLong(usize),
    /// Fewer octets than the fixed fields need.
    #[error("truncated command packet")]
    Truncated,
    /// CPL does not count the octets that follow it.
    #[error("CPL {declared} but {actual} octets follow")]
    LengthMismatch {
        /// The CPL value.
        declared: usize,
        /// The octets after CPL.
        actual: usize,
    },
    /// CHL is not 13 plus the RC/CC length SPI1 implies.
    #[error("CHL {0:#04x} does not fit SPI1")]
    HeaderLength(u8),
}

/// Why [`open`] did not return the command.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OpenError {
    /// Malformed: discard silently, no PoR.
    #[error(transparent)]
    Malformed(#[from] PacketError),
    /// Refused by a check: answer with this PoR status if SPI2 asks for a PoR.
    #[error("command packet for TAR {:02X?} refused: {status}", header.tar)]
    Refused {
        /// The header as received (not authenticated).
        header: CommandHeader,
        /// The status to put in the PoR.
        status: PorStatus,
    },
}

impl OpenError {
    /// The PoR status to answer with, if any.
    pub fn por_status(&self) -> Option<PorStatus> {
        match self {
            OpenError::Malformed(_) => None,
            OpenError::Refused { status, .. } => Some(*status),
        }
    }
}

/// Opens a command packet (CPL to the end, UDH removed) against the receiver's `keys`.
///
/// Order of checks: lengths; the TAR (`09`); the RC/CC/DS mechanism and key identifiers
/// (`06`, DS is not supported); deciphering (`05`); RC/CC (`01`); the padding counter;
/// the application's Minimum Security Level (`0A`). The counter is returned for
/// [`crate::check_counter`], so the receiver decides when to store it.
pub fn open(packet: &[u8], keys: &impl KeyStore) -> Result<OpenedCommand, OpenError> {
    let header = parse_header(packet)?;
    let refuse = |status| OpenError::Refused { header, status };
    let security_level = keys
        .security_level(&header.tar)
        .ok_or(refuse(PorStatus::TarUnknown))?;
    let spi = header.spi;
    let check = check_for(&header, keys).map_err(refuse)?;
    let chl = packet.get(2).copied().unwrap_or_default();
    if usize::from(chl) != 13 + check.len() {
        return Err(PacketError::HeaderLength(chl).into());
    }
    let cipher = if spi.ciphering() {
        Some(key_for(&header, header.kic, keys, |set| set.kic()).map_err(refuse)?)
    } else {
        None
    };
    let unsealed = Unseal {
        prefix: &[],
        header_len: CLEAR_HEADER_LEN,
        has_status: false,
        check,
        cipher,
    }
    .unseal(packet)
    .map_err(|e| match e {
        UnsealError::Length => OpenError::Malformed(PacketError::Truncated),
        UnsealError::Cipher => refuse(PorStatus::CipheringError),
        UnsealError::Check => refuse(PorStatus::IntegrityFailed),
        UnsealError::Padding if spi.ciphering() => refuse(PorStatus::CipheringError),
        UnsealError::Padding => refuse(PorStatus::UnidentifiedSecurityError),
    })?;
    if !security_level.is_met_by(spi) {
        return Err(refuse(PorStatus::InsufficientSecurityLevel));
    }
    Ok(OpenedCommand {
        header,
        counter: unsealed.counter,
        data: unsealed.data,
    })
}

/// CPL, CHL, SPI, KIc, KID, TAR, with the packet's overall length checked.
fn parse_header(packet: &[u8]) -> Result<CommandHeader, PacketError> {
    if packet.len() > MAX_PACKET_LEN {
        return Err(PacketError::TooLong(packet.len()));
    }
    let mut reader = Reader::new(packet);
    let cpl = reader.array::<2>().ok_or(PacketError::Truncated)?;
    let declared = usize::from(u16::from_be_bytes(cpl));
    let actual = reader.rest().len();
    if declared != actual {
        return Err(PacketError::LengthMismatch { declared, actual });
    }
    let fields = reader
        .array::<CLEAR_HEADER_LEN>()
        .ok_or(PacketError::Truncated)?;
    let [_chl, s1, s2, kic, kid, t1, t2, t3] = fields;
    Ok(CommandHeader {
        spi: Spi([s1, s2]),
        kic: KeyIdentifier(kic),
        kid: KeyIdentifier(kid),
        tar: [t1, t2, t3],
    })
}

/// The command's RC/CC/DS with its key; DS and unknown codings are `06`.
fn check_for<'k>(header: &CommandHeader, keys: &'k impl KeyStore) -> Result<Check<'k>, PorStatus> {
    match header.spi.integrity() {
        Integrity::None => Ok(Check::None),
        Integrity::Rc => header
            .kid
            .crc()
            .map(Check::Rc)
            .map_err(|_| PorStatus::UnidentifiedSecurityError),
        Integrity::Cc => key_for(header, header.kid, keys, |set| set.kid()).map(Check::Cc),
        Integrity::Ds => Err(PorStatus::UnidentifiedSecurityError),
    }
}

/// The key `id` names for this TAR; an unknown version or another algorithm is `06`.
fn key_for<'k>(
    header: &CommandHeader,
    id: KeyIdentifier,
    keys: &'k impl KeyStore,
    pick: impl Fn(&'k KeySet) -> &'k crate::keys::SecretKey,
) -> Result<&'k crate::keys::SecretKey, PorStatus> {
    let set = keys
        .key_set(&header.tar, id.key_version())
        .ok_or(PorStatus::UnidentifiedSecurityError)?;
    let key = pick(set);
    names(id, set.kvn(), key).map_err(|_| PorStatus::UnidentifiedSecurityError)?;
    Ok(key)
}
