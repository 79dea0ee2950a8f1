//! The ISD-R's SCP80 key sets as the `ota` crate takes them (ETSI TS 102 225 5.1.2), and
//! the ISD-R as the one application an SMS reaches on this card.

use ota::command::ApplicationKeys;
use ota::spi::MinimumSecurityLevel;
use ota::{Algorithm, KeySet, SecretKey};

use super::aid::ISD_R_TAR;
use crate::state::m2m::{M2mState, Scp80KeySet};

/// The ISD-R's Minimum Security Level: the SPI1 of SGP.02 2.4.3 (`16`: CC, ciphering,
/// counter higher); weaker commands get PoR status `0A`.
pub const ISD_R_MSL: MinimumSecurityLevel = MinimumSecurityLevel(0x16);

/// The algorithm a KIc/KID low nibble names (TS 102 225 5.1.2: b2b1 `01` DES family with
/// b4b3 the mode, `10` AES).
fn algorithm(nibble: u8) -> Option<Algorithm> {
    match nibble & 0x0F {
        0x02 => Some(Algorithm::Aes),
        0x01 => Some(Algorithm::Des),
        0x05 => Some(Algorithm::TripleDes2Key),
        0x09 => Some(Algorithm::TripleDes3Key),
        _ => None,
    }
}

/// One stored key set as an `ota` key set; `None` when its keys do not fit its algorithm.
pub(super) fn key_set(stored: &Scp80KeySet) -> Option<KeySet> {
    let kic = SecretKey::new(algorithm(stored.kic_algorithm)?, &stored.kic).ok()?;
    let kid = SecretKey::new(algorithm(stored.kid_algorithm)?, &stored.kid).ok()?;
    KeySet::new(stored.kvn, kic, kid).ok()
}

/// The ISD-R with every usable SCP80 key set.
pub(super) fn isd_r_keys(m2m: &M2mState) -> ApplicationKeys {
    ApplicationKeys {
        tar: ISD_R_TAR,
        security_level: ISD_R_MSL,
        key_sets: m2m.isd_r.scp80.iter().filter_map(key_set).collect(),
    }
}
