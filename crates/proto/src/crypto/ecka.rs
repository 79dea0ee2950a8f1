//! One-time key agreement of a profile download (SGP.22 v2.5 §3.1.3 and Annex G; ECKA-DH
//! of BSI TR-03111 §4.3.1) on either curve set: both one-time keys are on the curve of the
//! session's certificates (CERT.DPpb.ECDSA and CERT.EUICC.ECDSA).
//!
//! In ES10b.PrepareDownload the eUICC generates otSK/otPK.EUICC.ECKA and returns otPK in
//! `euiccSigned2`; it must keep otSK until ES10b.LoadBoundProfilePackage, possibly across a
//! restart, so [`EckaKeyPair`] exposes its [`PrivateKey`] for storage. The SM-DP+ generates
//! otSK/otPK.DP.ECKA when it binds the package and needs its private key only for that one
//! agreement: [`agree_with_new_key`] does both in one step (on `ring` for NIST P-256; the
//! eUICC's agreement with its stored key runs on aws-lc, which takes a stored scalar). The
//! shared secret ShS is the x-coordinate of the product point, 32 octets.

use ring::agreement::{self, ECDH_P256, EphemeralPrivateKey, UnparsedPublicKey};
use zeroize::Zeroizing;

use super::private_key::Secret;
use super::public_key::Point;
use super::{Curve, KeyError, PrivateKey, PublicKey};

/// Length of the shared secret (the x-coordinate).
pub const SHARED_SECRET_LEN: usize = 32;

/// The ECKA shared secret ShS, wiped from memory on drop.
#[derive(Clone, PartialEq, Eq)]
pub struct SharedSecret(Zeroizing<[u8; SHARED_SECRET_LEN]>);

impl std::fmt::Debug for SharedSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SharedSecret(..)")
    }
}

impl SharedSecret {
    /// From 32 known octets (tests, vectors).
    pub fn from_bytes(bytes: [u8; SHARED_SECRET_LEN]) -> Self {
        SharedSecret(Zeroizing::new(bytes))
    }

    /// The x-coordinate, 32 octets big-endian.
    pub fn as_bytes(&self) -> &[u8; SHARED_SECRET_LEN] {
        &self.0
    }
}

/// A one-time ECKA key pair whose private key can be stored (the eUICC's otSK.EUICC.ECKA).
#[derive(Clone, Debug)]
pub struct EckaKeyPair {
    private: PrivateKey,
    public: PublicKey,
}

impl EckaKeyPair {
    /// A fresh NIST P-256 key pair.
    pub fn generate() -> Result<Self, KeyError> {
        Self::generate_on(Curve::NistP256)
    }

    /// A fresh key pair on `curve` (the curve of CERT.DPpb.ECDSA, SGP.22 §3.1.3).
    pub fn generate_on(curve: Curve) -> Result<Self, KeyError> {
        Ok(Self::from_private_key(PrivateKey::generate_on(curve)?))
    }

    /// The pair of a stored private key.
    pub fn from_private_key(private: PrivateKey) -> Self {
        let public = private.public_key();
        EckaKeyPair { private, public }
    }

    /// otPK, for `euiccOtpk`/`smdpOtpk` (`5F49`) as [`PublicKey::as_uncompressed_point`].
    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    /// otSK, to persist with [`PrivateKey::to_scalar`] or a PEM export.
    pub fn private_key(&self) -> &PrivateKey {
        &self.private
    }

    /// ShS = x-coordinate of otSK · `peer`; `peer` must be on the same curve
    /// ([`KeyError::UnsupportedCurve`] otherwise).
    pub fn agree(&self, peer: &PublicKey) -> Result<SharedSecret, KeyError> {
        let mut out = Zeroizing::new([0u8; SHARED_SECRET_LEN]);
        match (self.private.secret(), peer.point()) {
            (Secret::Nist(_), Point::Nist(_)) => {
                agree_stored_p256(&self.private, peer, &mut out)?;
            }
            (Secret::Brainpool(secret), Point::Brainpool(point)) => {
                use bp256::elliptic_curve::sec1::ToSec1Point;
                let product = bp256::r1::ProjectivePoint::from(*point.as_affine())
                    * *secret.to_nonzero_scalar();
                let product = super::public_key::BrainpoolPublicKey::from_affine(
                    bp256::elliptic_curve::group::Curve::to_affine(&product),
                )
                .map_err(|_| KeyError::InvalidPoint("key agreement gave the identity"))?;
                let encoded = product.to_sec1_point(false);
                out.copy_from_slice(&encoded.as_bytes()[1..1 + SHARED_SECRET_LEN]);
            }
            _ => {
                return Err(KeyError::UnsupportedCurve(format!(
                    "{} peer key for a {} one-time key",
                    peer.curve(),
                    self.private.curve()
                )));
            }
        }
        Ok(SharedSecret(out))
    }
}

/// ECKA-DH of a stored NIST P-256 scalar with `peer` on aws-lc: `ring`, whose P-256 the
/// rest of the crate uses, agrees only with a key it generated itself and never exports,
/// and `p256` takes about four times as long (BENCHMARKING.md).
fn agree_stored_p256(
    private: &PrivateKey,
    peer: &PublicKey,
    out: &mut [u8; SHARED_SECRET_LEN],
) -> Result<(), KeyError> {
    use aws_lc_rs::agreement as lc;
    let scalar = private.to_scalar();
    let key = lc::PrivateKey::from_private_key(&lc::ECDH_P256, &scalar[..])
        .map_err(|_| KeyError::InvalidScalar)?;
    let peer = lc::UnparsedPublicKey::new(&lc::ECDH_P256, peer.as_uncompressed_point());
    lc::agree(
        &key,
        peer,
        KeyError::InvalidPoint("rejected by key agreement"),
        |x| {
            out.copy_from_slice(x);
            Ok(())
        },
    )
}

/// Generates a one-time key pair on `peer`'s curve, agrees with `peer` at once and forgets
/// the private key: returns our one-time public key and ShS (the SM-DP+'s otPK.DP.ECKA and
/// ShS).
pub fn agree_with_new_key(peer: &PublicKey) -> Result<(PublicKey, SharedSecret), KeyError> {
    if peer.curve() != Curve::NistP256 {
        let ours = EckaKeyPair::generate_on(peer.curve())?;
        let secret = ours.agree(peer)?;
        return Ok((ours.public, secret));
    }
    let private =
        EphemeralPrivateKey::generate(&ECDH_P256, &super::rng()).map_err(|_| KeyError::Random)?;
    let ours = private.compute_public_key().map_err(|_| KeyError::Random)?;
    let ours = PublicKey::from_uncompressed_point(ours.as_ref())?;
    let peer = UnparsedPublicKey::new(&ECDH_P256, peer.as_uncompressed_point());
    let secret = agreement::agree_ephemeral(private, &peer, |x| {
        let mut out = [0u8; SHARED_SECRET_LEN];
        out.copy_from_slice(x);
        SharedSecret(Zeroizing::new(out))
    })
    .map_err(|_| KeyError::InvalidPoint("rejected by key agreement"))?;
    Ok((ours, secret))
}
