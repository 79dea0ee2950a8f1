//! `rsp-lab bench crypto`: the cryptography of one complete download, timed operation by
//! operation on one thread through the functions the roles call (`proto::crypto`), and
//! added up per side as a download needs it. This is the floor `bench download`'s CPU per
//! download is measured against (issue 10: "every role at the speed of its
//! cryptography"), on the machine at hand instead of a figure from elsewhere.
//!
//! What one download costs each side (SGP.22 v2.5 §3.1.3 and §5.6/5.7; the TLS handshake of
//! RFC 8446 with ECDHE on P-256 and an ECDSA server certificate):
//!
//! - SM-DP+: the TLS handshake (a key agreement with a new key, the CertificateVerify
//!   signature); InitiateAuthentication signs serverSigned1; AuthenticateClient verifies
//!   CERT.EUICC and euiccSignature1 and signs smdpSigned2 (CERT.EUM is verified once per
//!   EUM, not per download); GetBoundProfilePackage verifies euiccSignature2, agrees on
//!   otPK.DP.ECKA with a new key, derives the session keys, signs InitialiseSecureChannel and
//!   protects the profile (BSP); HandleNotification verifies euiccSignPIR.
//! - eUICC and LPA: the TLS handshake (a new-key agreement, the server's certificate and its
//!   CertificateVerify); AuthenticateServer verifies CERT.DPauth and serverSignature1 and
//!   signs euiccSigned1; PrepareDownload verifies CERT.DPpb and smdpSignature2, makes
//!   otSK/otPK.EUICC.ECKA and signs euiccSigned2; LoadBoundProfilePackage verifies smdpSign,
//!   agrees with the stored otSK.EUICC, derives the session keys, opens the profile (BSP)
//!   and signs the installation result.

use std::time::{Duration, Instant};

use proto::crypto::bsp::TAG_LOAD_PROFILE_ELEMENTS;
use proto::crypto::ecka::agree_with_new_key;
use proto::crypto::{
    BspDecryptor, BspEncryptor, BspError, EckaKeyPair, KeyError, SignatureError, SigningKey,
    derive_session_keys,
};
use serde::Serialize;

/// What to time.
pub struct CryptoOptions {
    /// Operations per primitive (in [`ROUNDS`] rounds; the median round is reported).
    pub iterations: usize,
    /// The profile package the BSP rows protect and open.
    pub profile: Vec<u8>,
    pub profile_name: String,
}

/// Rounds per primitive: the median round's time per operation is reported, so that one
/// round disturbed by another process does not move the figure.
pub const ROUNDS: usize = 5;

/// One primitive as the roles call it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Primitive {
    /// ECDSA P-256 with SHA-256 (`SigningKey::sign`, on ring).
    Sign,
    /// ECDSA P-256 with SHA-256 (`PublicKey::verify`, on ring); a certificate's signature
    /// is one of these.
    Verify,
    /// Key agreement with a key made for it and forgotten (the SM-DP+'s otSK.DP.ECKA, a
    /// TLS ECDHE share; `agree_with_new_key`, on ring).
    AgreeNewKey,
    /// A one-time key pair the eUICC keeps (otSK/otPK.EUICC.ECKA; `EckaKeyPair::generate`).
    GenerateKey,
    /// Key agreement with that stored key (`EckaKeyPair::agree`, on aws-lc).
    AgreeStoredKey,
    /// The session keys from the shared secret (SGP.22 Annex G, X9.63 KDF).
    DeriveKeys,
    /// The profile encrypted and MACed into `86` segments (`BspEncryptor`).
    ProtectProfile,
    /// Those segments verified and decrypted (`BspDecryptor`).
    OpenProfile,
}

impl Primitive {
    pub const ALL: [Primitive; 8] = [
        Primitive::Sign,
        Primitive::Verify,
        Primitive::AgreeNewKey,
        Primitive::GenerateKey,
        Primitive::AgreeStoredKey,
        Primitive::DeriveKeys,
        Primitive::ProtectProfile,
        Primitive::OpenProfile,
    ];

    pub fn describe(self) -> &'static str {
        match self {
            Primitive::Sign => "ECDSA P-256 sign",
            Primitive::Verify => "ECDSA P-256 verify",
            Primitive::AgreeNewKey => "ECDH with a new key",
            Primitive::GenerateKey => "one-time key pair",
            Primitive::AgreeStoredKey => "ECDH with a stored key",
            Primitive::DeriveKeys => "session keys (KDF)",
            Primitive::ProtectProfile => "BSP protect profile",
            Primitive::OpenProfile => "BSP open profile",
        }
    }
}

/// How often each side of one download runs each primitive (module documentation).
pub const SMDP_PER_DOWNLOAD: &[(Primitive, u32)] = &[
    (Primitive::Sign, 4),
    (Primitive::Verify, 4),
    (Primitive::AgreeNewKey, 2),
    (Primitive::DeriveKeys, 1),
    (Primitive::ProtectProfile, 1),
];

/// The same for the eUICC with its LPA.
pub const DEVICE_PER_DOWNLOAD: &[(Primitive, u32)] = &[
    (Primitive::Sign, 3),
    (Primitive::Verify, 7),
    (Primitive::AgreeNewKey, 1),
    (Primitive::GenerateKey, 1),
    (Primitive::AgreeStoredKey, 1),
    (Primitive::DeriveKeys, 1),
    (Primitive::OpenProfile, 1),
];

/// A primitive's time.
#[derive(Clone, Debug, Serialize)]
pub struct Timing {
    pub primitive: Primitive,
    pub us_per_op: f64,
    pub ops: usize,
}

/// One side's cryptography per download.
#[derive(Clone, Debug, Serialize)]
pub struct Floor {
    pub side: &'static str,
    pub ms_per_download: f64,
    pub counts: Vec<(Primitive, u32)>,
}

#[derive(Clone, Debug, Serialize)]
pub struct CryptoReport {
    pub profile: String,
    pub profile_bytes: usize,
    pub timings: Vec<Timing>,
    pub smdp: Floor,
    pub device: Floor,
    /// Downloads per second one core could serve if the SM-DP+ did nothing but its
    /// cryptography.
    pub smdp_ceiling_per_core: f64,
    /// Downloads per second per core with both sides on the machine, cryptography only.
    pub both_sides_ceiling_per_core: f64,
}

/// Why `bench crypto` could not run, or a primitive gave a wrong result.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CryptoError {
    /// Fewer iterations than rounds.
    #[error("--iterations must be at least {ROUNDS}")]
    TooFewIterations,
    /// A key could not be generated or agreed with.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// A signature could not be made or did not verify.
    #[error(transparent)]
    Signature(#[from] SignatureError),
    /// The session keys could not be derived.
    #[error(transparent)]
    Kdf(#[from] proto::crypto::kdf::KdfError),
    /// A protected segment did not verify or decrypt.
    #[error(transparent)]
    Bsp(#[from] BspError),
    /// The fixture's profile did not come back from BSP as it went in.
    #[error("BSP: the opened profile differs from the one protected")]
    RoundTrip,
    /// Agreeing with the stored key gave another secret than the fixture's.
    #[error("a different shared secret")]
    SharedSecret,
    /// Protecting the profile gave another number of segments.
    #[error("a different number of segments")]
    Segments,
    /// Opening the profile gave another size.
    #[error("a profile of another size")]
    ProfileSize,
    /// A primitive failed while timed.
    #[error("{primitive}: {source}")]
    Primitive {
        primitive: &'static str,
        source: Box<CryptoError>,
    },
}

/// Times every primitive and adds them up per side.
pub fn run(o: &CryptoOptions) -> Result<CryptoReport, CryptoError> {
    let timings = time(&Primitive::ALL, o.iterations, &o.profile)?;
    let smdp = floor("SM-DP+", SMDP_PER_DOWNLOAD, &timings);
    let device = floor("eUICC and LPA", DEVICE_PER_DOWNLOAD, &timings);
    Ok(CryptoReport {
        profile: o.profile_name.clone(),
        profile_bytes: o.profile.len(),
        smdp_ceiling_per_core: 1e3 / smdp.ms_per_download,
        both_sides_ceiling_per_core: 1e3 / (smdp.ms_per_download + device.ms_per_download),
        timings,
        smdp,
        device,
    })
}

/// Times `primitives`, `iterations` operations each in [`ROUNDS`] rounds (the median
/// round counts); the BSP rows protect and open `profile`.
pub fn time(
    primitives: &[Primitive],
    iterations: usize,
    profile: &[u8],
) -> Result<Vec<Timing>, CryptoError> {
    if iterations < ROUNDS {
        return Err(CryptoError::TooFewIterations);
    }
    let fixture = Fixture::new(profile)?;
    let per_round = iterations / ROUNDS;
    let mut timings = Vec::new();
    for &p in primitives {
        let mut rounds = Vec::with_capacity(ROUNDS);
        for _ in 0..ROUNDS {
            let start = Instant::now();
            for _ in 0..per_round {
                fixture.once(p)?;
            }
            rounds.push(start.elapsed());
        }
        timings.push(Timing {
            primitive: p,
            us_per_op: median(&mut rounds).as_secs_f64() * 1e6 / per_round as f64,
            ops: per_round * ROUNDS,
        });
    }
    Ok(timings)
}

/// Σ count × time per operation.
pub fn floor(side: &'static str, counts: &[(Primitive, u32)], timings: &[Timing]) -> Floor {
    let us: f64 = counts
        .iter()
        .map(|(p, n)| {
            let t = timings
                .iter()
                .find(|t| t.primitive == *p)
                .map_or(0.0, |t| t.us_per_op);
            t * f64::from(*n)
        })
        .sum();
    Floor {
        side,
        ms_per_download: us / 1e3,
        counts: counts.to_vec(),
    }
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Keys, a signed message, a peer key and the protected profile, made once.
struct Fixture {
    key: SigningKey,
    message: Vec<u8>,
    signature: proto::crypto::Signature,
    peer: proto::crypto::PublicKey,
    stored: EckaKeyPair,
    shared: [u8; 32],
    keys: proto::crypto::BspKeys,
    profile: Vec<u8>,
    segments: Vec<Vec<u8>>,
}

/// hostId and EID of the session keys (any values of the right sizes).
const HOST_ID: &[u8] = b"rsp-lab bench";
const EID: [u8; 16] = [0x89, 0x04, 0x90, 0x32, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];

impl Fixture {
    fn new(profile: &[u8]) -> Result<Fixture, CryptoError> {
        let key = SigningKey::generate()?;
        // About the size of euiccSigned1 with its certificate reference.
        let message = vec![0x5a; 200];
        let signature = key.sign(&message)?;
        let peer = EckaKeyPair::generate()?;
        let stored = EckaKeyPair::generate()?;
        let shared = *stored.agree(peer.public_key())?.as_bytes();
        let keys = derive_session_keys(&shared, HOST_ID, &EID)?;
        let segments = BspEncryptor::new(&keys).encrypt_and_mac(TAG_LOAD_PROFILE_ELEMENTS, profile);
        let f = Fixture {
            key,
            message,
            signature,
            peer: *peer.public_key(),
            stored,
            shared,
            keys,
            profile: profile.to_vec(),
            segments,
        };
        if f.open()? != f.profile {
            return Err(CryptoError::RoundTrip);
        }
        Ok(f)
    }

    fn open(&self) -> Result<Vec<u8>, CryptoError> {
        let mut d = BspDecryptor::new(&self.keys);
        let mut out = Vec::with_capacity(self.profile.len());
        for s in &self.segments {
            out.extend(d.verify_and_decrypt(s)?);
        }
        Ok(out)
    }

    /// One operation of `p`, its result checked so that nothing is optimized away.
    fn once(&self, p: Primitive) -> Result<(), CryptoError> {
        let e = |e: CryptoError| CryptoError::Primitive {
            primitive: p.describe(),
            source: Box::new(e),
        };
        match p {
            Primitive::Sign => {
                self.key.sign(&self.message).map_err(|x| e(x.into()))?;
            }
            Primitive::Verify => self
                .key
                .public_key()
                .verify(&self.message, &self.signature)
                .map_err(|x| e(x.into()))?,
            Primitive::AgreeNewKey => {
                agree_with_new_key(&self.peer).map_err(|x| e(x.into()))?;
            }
            Primitive::GenerateKey => {
                EckaKeyPair::generate().map_err(|x| e(x.into()))?;
            }
            Primitive::AgreeStoredKey => {
                let s = self.stored.agree(&self.peer).map_err(|x| e(x.into()))?;
                if *s.as_bytes() != self.shared {
                    return Err(e(CryptoError::SharedSecret));
                }
            }
            Primitive::DeriveKeys => {
                derive_session_keys(&self.shared, HOST_ID, &EID).map_err(|x| e(x.into()))?;
            }
            Primitive::ProtectProfile => {
                let s = BspEncryptor::new(&self.keys)
                    .encrypt_and_mac(TAG_LOAD_PROFILE_ELEMENTS, &self.profile);
                if s.len() != self.segments.len() {
                    return Err(e(CryptoError::Segments));
                }
            }
            Primitive::OpenProfile => {
                if self.open()?.len() != self.profile.len() {
                    return Err(e(CryptoError::ProfileSize));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_floor_is_each_count_times_its_operation() {
        let timings: Vec<Timing> = Primitive::ALL
            .iter()
            .enumerate()
            .map(|(i, p)| Timing {
                primitive: *p,
                us_per_op: 10.0 * (i + 1) as f64,
                ops: 1,
            })
            .collect();
        // sign 10, verify 20, new-key 30, keys 60, protect 70 µs
        let f = floor("SM-DP+", SMDP_PER_DOWNLOAD, &timings);
        let want = 4.0 * 10.0 + 4.0 * 20.0 + 2.0 * 30.0 + 60.0 + 70.0;
        assert!((f.ms_per_download - want / 1e3).abs() < 1e-9);
    }

    #[test]
    fn a_small_run_times_every_primitive_and_opens_what_it_protected() {
        let profile = crate::minimal_template().unwrap();
        let r = run(&CryptoOptions {
            iterations: ROUNDS,
            profile,
            profile_name: "minimal".into(),
        })
        .unwrap();
        assert_eq!(r.timings.len(), Primitive::ALL.len());
        assert!(
            r.timings
                .iter()
                .all(|t| t.us_per_op > 0.0 && t.ops == ROUNDS)
        );
        assert!(r.smdp.ms_per_download > 0.0 && r.device.ms_per_download > 0.0);
        assert!(r.both_sides_ceiling_per_core < r.smdp_ceiling_per_core);
    }

    #[test]
    fn fewer_iterations_than_rounds_are_refused() {
        let err = run(&CryptoOptions {
            iterations: ROUNDS - 1,
            profile: vec![0x30, 0],
            profile_name: "x".into(),
        })
        .err()
        .unwrap();
        assert!(matches!(err, CryptoError::TooFewIterations), "{err}");
        assert!(err.to_string().contains("--iterations"), "{err}");
    }
}
