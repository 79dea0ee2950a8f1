//! The cryptographic floor of one EnableProfile over SCP80: the AES work of the secured
//! packets one operation exchanges (ETSI TS 102 225 5.1: SPI `16 39`, AES-CBC ciphering
//! and AES-CMAC of command and PoR), timed here on the lab's key lengths.

use std::time::{Duration, Instant};

use ota::command::ApplicationKeys;
use ota::spi::MinimumSecurityLevel;
use ota::{Algorithm, CommandHeader, Counter, KeySet, PorStatus, SecretKey, Spi};

use super::SmsrBenchError;

/// What one operation counts: the EnableProfile command and the confirmation `3A08`, each
/// secured by the SM-SR and opened by the card, and their two PoRs secured by the card and
/// opened by the SM-SR; the Default Notification (CC only) counted as one more command.
pub(super) const COUNTS: &str = "3 commands secured+opened (enable, confirmation, notification as \
                          one), 2 PoRs secured+opened; AES-128 CBC + CMAC; no TLS (ES4 called \
                          in process)";

/// The measured floor.
#[derive(Clone, Copy, Debug)]
pub(super) struct Floor {
    /// One operation's share.
    pub(super) per_op: Duration,
}

const ISD_R: [u8; 3] = [0x00, 0x00, 0x01];

/// Times `iterations` of a command and a PoR round, and composes one operation.
pub(super) fn measure(iterations: usize) -> Result<Floor, SmsrBenchError> {
    let setup = |e: String| SmsrBenchError::Setup(format!("floor: {e}"));
    let key = |b: u8| SecretKey::new(Algorithm::Aes, &[b; 16]).map_err(|e| setup(e.to_string()));
    let keys = KeySet::new(1, key(0x11)?, key(0x22)?).map_err(|e| setup(e.to_string()))?;
    let header = CommandHeader::for_keys(Spi::SGP02_ES5, &keys, ISD_R);
    let store = ApplicationKeys {
        tar: ISD_R,
        security_level: MinimumSecurityLevel::NONE,
        key_sets: vec![keys.clone()],
    };
    // An EnableProfile STORE DATA as a definite-length script: `AA L 22 L 80E28800 …`.
    let script = [0xAAu8; 40];
    let start = Instant::now();
    for i in 0..iterations {
        let counter = Counter::new(i as u64 + 1).ok_or_else(|| setup("counter".into()))?;
        let packet =
            ota::secure(&header, counter, &keys, &script).map_err(|e| setup(e.to_string()))?;
        std::hint::black_box(ota::open(&packet, &store).map_err(|e| setup(e.to_string()))?);
    }
    let command = start.elapsed() / iterations as u32;
    let start = Instant::now();
    for i in 0..iterations {
        let counter = Counter::new(i as u64 + 1).ok_or_else(|| setup("counter".into()))?;
        let data = [0xABu8, 0x07, 0x80, 0x01, 0x01, 0x23, 0x02, 0x90, 0x00];
        let por = ota::secure_por(&header, counter, PorStatus::Ok, Some(&keys), &data)
            .map_err(|e| setup(e.to_string()))?;
        std::hint::black_box(
            ota::open_por(&por, &header, counter, &keys).map_err(|e| setup(e.to_string()))?,
        );
    }
    let por = start.elapsed() / iterations as u32;
    Ok(Floor {
        per_op: command * 3 + por * 2,
    })
}
