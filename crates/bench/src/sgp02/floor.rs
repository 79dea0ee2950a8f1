//! The cryptographic floor of one SGP.02 download, both ends (SGP.02 4.1.3; GP Amendments
//! D, E; ETSI TS 102 225): the SM-DP verifies CERT.ECASD.ECKA under the EUM and signs the
//! key agreement data, and agrees a key with an ephemeral one; the card verifies
//! CERT.DP.ECDSA and that signature, and agrees with its static ECASD key; every ES5
//! exchange (CreateISDP, the two key establishment blocks, INITIALIZE UPDATE, EXTERNAL
//! AUTHENTICATE, one per segment) is an SCP80 command secured and opened and a PoR secured
//! and opened. Left out: the KDF, the receipt's CMAC and the SCP03t segment ciphering (a
//! few AES blocks), the TLS of ES2 and ES3 (keep-alive connections).

use std::time::Duration;

use crate::crypto::{CryptoOptions, Primitive};

use super::Sgp02BenchError;

/// The measured floor.
pub(super) struct Floor {
    pub(super) per_download: Duration,
    pub(super) counts: String,
}

/// Times `iterations` of each primitive and composes one download of `segments` segments.
pub(super) fn measure(segments: usize, iterations: usize) -> Result<Floor, Sgp02BenchError> {
    let setup = |e: String| Sgp02BenchError::Setup(format!("floor: {e}"));
    let crypto = crate::crypto::run(&CryptoOptions {
        iterations: iterations.max(crate::crypto::ROUNDS),
        profile: proto::saip::minimal_profile(&proto::saip::Personalization {
            iccid: "8949449999999990106".into(),
            imsi: "001010000000106".into(),
            ki: vec![0x11; 16],
            opc: vec![0x22; 16],
        })
        .map_err(|e| setup(e.to_string()))?
        .to_der(),
        profile_name: "minimal".into(),
    })
    .map_err(|e| setup(e.to_string()))?;
    let us = |p: Primitive| {
        crypto
            .timings
            .iter()
            .find(|t| t.primitive == p)
            .map_or(0.0, |t| t.us_per_op)
    };
    let (command, por) = crate::smsr::scp80_floor(iterations).map_err(|e| setup(e.to_string()))?;
    let exchanges = 5 + segments as u32;
    let ecc = us(Primitive::Sign)
        + 3.0 * us(Primitive::Verify)
        + us(Primitive::AgreeNewKey)
        + us(Primitive::AgreeStoredKey);
    let per_download = Duration::from_secs_f64(ecc / 1e6) + (command + por) * exchanges;
    Ok(Floor {
        per_download,
        counts: format!(
            "1 ECDSA sign, 3 verifies, 2 ECDH; {exchanges} SCP80 commands and PoRs secured+opened \
             (AES-128 CBC + CMAC); no KDF, receipt or SCP03t AES, no TLS (keep-alive)"
        ),
    })
}
