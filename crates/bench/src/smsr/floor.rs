//! The cryptographic floor of one EnableProfile: over SCP80 the AES work of the secured
//! packets one operation exchanges (ETSI TS 102 225 5.1: SPI `16 39`, AES-CBC ciphering
//! and AES-CMAC of command and PoR), over SCP81 that of its push SMS and notification plus
//! the PSK-TLS handshakes of its admin sessions (SGP.02 2.4.4: TLS 1.2,
//! TLS_PSK_WITH_AES_128_GCM_SHA256 first), timed here on the lab's key lengths.

use std::time::{Duration, Instant};

use ota::command::ApplicationKeys;
use ota::spi::MinimumSecurityLevel;
use ota::{Algorithm, CommandHeader, Counter, KeySet, PorStatus, SecretKey, Spi};
use scp81::{Psk, PskAcceptor, PskConnector, TlsConfig};

use super::{Bearer, SmsrBenchError};

/// What one operation counts over SCP81: the enable and the confirmation each announced by a
/// push SMS (a command secured and opened) and run in an admin session (a PSK-TLS handshake,
/// client and server); the Default Notification (by SMS, CC only) as one more command. The
/// sessions' record protection (a few hundred octets of AES-GCM) is left out.
const COUNTS_SCP81: &str = "3 commands secured+opened (2 pushes, notification), 2 PSK-TLS 1.2 \
                            handshakes client+server (PSK-AES128-GCM-SHA256); AES-128 CBC + \
                            CMAC; no TLS record work, no ES4 TLS (called in process)";

/// What one operation counts over SCP80: the EnableProfile command and the confirmation
/// `3A08`, each secured by the SM-SR and opened by the card, and their two PoRs secured by
/// the card and opened by the SM-SR; the Default Notification (CC only) counted as one
/// more command.
const COUNTS_SCP80: &str = "3 commands secured+opened (enable, confirmation, notification as \
                          one), 2 PoRs secured+opened; AES-128 CBC + CMAC; no TLS (ES4 called \
                          in process)";

/// The measured floor.
#[derive(Clone, Copy, Debug)]
pub(super) struct Floor {
    /// One operation's share.
    pub(super) per_op: Duration,
    /// What it counts.
    pub(super) counts: &'static str,
}

const ISD_R: [u8; 3] = [0x00, 0x00, 0x01];

/// Times `iterations` of each primitive of `bearer`'s operation, and composes one operation.
pub(super) async fn measure(bearer: Bearer, iterations: usize) -> Result<Floor, SmsrBenchError> {
    let (command, por) = scp80(iterations)?;
    Ok(match bearer {
        Bearer::Scp80 => Floor {
            per_op: command * 3 + por * 2,
            counts: COUNTS_SCP80,
        },
        Bearer::Scp81 => Floor {
            per_op: command * 3 + handshake(iterations).await? * 2,
            counts: COUNTS_SCP81,
        },
    })
}

/// One PSK-TLS handshake, both ends in this task over an in-memory pipe.
async fn handshake(iterations: usize) -> Result<Duration, SmsrBenchError> {
    let setup = |e: scp81::TlsError| SmsrBenchError::Setup(format!("floor: {e}"));
    let config = TlsConfig::default();
    let psk = Psk::new(&[0x33; 16]).map_err(setup)?;
    let server_psk = psk.clone();
    let acceptor = PskAcceptor::new(&config, move |_| Some(server_psk.clone())).map_err(setup)?;
    let connector = PskConnector::new(&config, b"bench", psk).map_err(setup)?;
    let start = Instant::now();
    for _ in 0..iterations {
        let (client, server) = tokio::io::duplex(16 * 1024);
        let (c, s) = tokio::join!(connector.connect(client), acceptor.accept(server));
        std::hint::black_box((c.map_err(setup)?, s.map_err(setup)?));
    }
    Ok(start.elapsed() / iterations as u32)
}

/// One SCP80 command and one PoR, each secured and opened.
pub(super) fn scp80(iterations: usize) -> Result<(Duration, Duration), SmsrBenchError> {
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
    Ok((command, por))
}
