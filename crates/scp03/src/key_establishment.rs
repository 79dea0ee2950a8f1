//! The off-card side of the ISD-P key establishment (SGP.02 4.1.3.2 / 5.x ES8
//! EstablishISDPKeySet; GP Card Specification Amendment E, Scenario #3 with mutual
//! authentication; ECKA of GP Amendment A 3.x and BSI TR-03111).
//!
//! ```text
//! eSK.DP.ECKA, ePK.DP.ECKA  one-time key pair of the SM-DP (the caller draws eSK)
//! ShS        = x-coordinate of eSK.DP.ECKA × PK.ECASD.ECKA                 (ECKA-DH)
//! SharedInfo = key usage | key type 88 | key length 10 | [DR] | [L | host id]
//! key data   = X9.63-KDF-SHA256(ShS, SharedInfo) = receipt key (16) | key 1 (16) | …
//! receipt    = AES-CMAC(receipt key, A6 CRT TLV | [85 L DR])
//! ```
//! The SharedInfo layout, the receipt input and whether the ISD-P gets one SCP03 base key
//! (one implementation) or three are those of the lab's SGP.02 map 5.3 and of the M2M card
//! in `euicc-sim` (`m2m/key_derivation.rs`), which this mirrors for the ISD-P: \[unconfirmed\]
//! against GP Amendments A and E.

use p256::elliptic_curve::point::AffineCoordinates;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::channel::constant_time_eq;
use crate::crypto::{AesKey, cmac};
use crate::{Scp03Error, scp03t::tlv};

/// Key type AES (GPCS Table 11-16).
const KEY_TYPE_AES: u8 = 0x88;
/// Key length of the derived keys: 16 octets.
const KEY_LENGTH: u8 = 0x10;
/// Scenario parameter bit: the card makes a derivation random DR.
pub const SCENARIO_DR: u8 = 0x02;
/// Scenario parameter bit: the host id enters SharedInfo.
pub const SCENARIO_HOST_ID: u8 = 0x04;

/// The control reference template `A6` the SM-DP sends in the second STORE DATA.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Crt {
    /// The scenario parameter (second octet of `90 02 03 xx`).
    pub scenario: u8,
    /// `95` key usage qualifier.
    pub key_usage: u8,
    /// `82` key identifier.
    pub key_id: u8,
    /// `83` key version number of the new SCP03 key set.
    pub kvn: u8,
    /// `91` initial sequence counter, when sent.
    pub initial_counter: Option<Vec<u8>>,
    /// `84` host id, when sent.
    pub host_id: Option<Vec<u8>>,
}

impl Crt {
    /// The `A6` TLV: `90 02 03 scenario | 95 01 usage | 80 01 88 | 81 01 10 | 82 01 id
    /// | 83 01 KVN | [91 L counter] | [84 L host id]`.
    pub fn encode(&self) -> Result<Vec<u8>, Scp03Error> {
        let mut v = [0x90, 0x02, 0x03, self.scenario, 0x95, 0x01, self.key_usage].to_vec();
        v.extend([0x80, 0x01, KEY_TYPE_AES, 0x81, 0x01, KEY_LENGTH]);
        v.extend([0x82, 0x01, self.key_id, 0x83, 0x01, self.kvn]);
        if let Some(c) = &self.initial_counter {
            v.extend(tlv::encode(0x91, c)?);
        }
        if let Some(h) = &self.host_id {
            v.extend(tlv::encode(0x84, h)?);
        }
        tlv::encode(0xA6, &v)
    }

    /// SharedInfo for the KDF.
    pub fn shared_info(&self, dr: Option<&[u8]>) -> Result<Vec<u8>, Scp03Error> {
        let mut info = vec![self.key_usage, KEY_TYPE_AES, KEY_LENGTH];
        if let (true, Some(dr)) = (self.scenario & SCENARIO_DR != 0, dr) {
            info.extend_from_slice(dr);
        }
        if let (true, Some(host)) = (self.scenario & SCENARIO_HOST_ID != 0, &self.host_id) {
            let len = u8::try_from(host.len()).map_err(|_| Scp03Error::TooLong(host.len(), 255))?;
            info.push(len);
            info.extend_from_slice(host);
        }
        Ok(info)
    }
}

/// ShS: the x-coordinate of `ephemeral_secret` (32 octets, big-endian) times the ECASD's
/// NIST P-256 public key (`04 | X | Y`, from CERT.ECASD.ECKA's `7F49`/`B0`).
pub fn shared_secret(
    ephemeral_secret: &[u8],
    ecasd_public: &[u8],
) -> Result<Zeroizing<[u8; 32]>, Scp03Error> {
    let secret = p256::SecretKey::from_slice(ephemeral_secret)
        .map_err(|_| Scp03Error::Malformed("ephemeral secret key"))?;
    let public = p256::PublicKey::from_sec1_bytes(ecasd_public)
        .map_err(|_| Scp03Error::Malformed("ECASD public key"))?;
    let point = (public.to_projective() * *secret.to_nonzero_scalar()).to_affine();
    let mut out = Zeroizing::new([0u8; 32]);
    out.copy_from_slice(&point.x());
    Ok(out)
}

/// The public key `04 | X | Y` of `ephemeral_secret` (ePK.DP.ECKA for the `7F49` template).
pub fn public_key(ephemeral_secret: &[u8]) -> Result<Vec<u8>, Scp03Error> {
    let secret = p256::SecretKey::from_slice(ephemeral_secret)
        .map_err(|_| Scp03Error::Malformed("ephemeral secret key"))?;
    Ok(secret.public_key().to_sec1_bytes().to_vec())
}

/// ANSI X9.63 KDF with SHA-256 (BSI TR-03111 4.3.3): `SHA-256(Z | counter32 | SharedInfo)`
/// blocks, the counter from 1.
pub fn x963_sha256(z: &[u8], shared_info: &[u8], len: usize) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(len + 32));
    let mut counter: u32 = 1;
    while out.len() < len {
        let mut h = Sha256::new();
        h.update(z);
        h.update(counter.to_be_bytes());
        h.update(shared_info);
        out.extend_from_slice(&h.finalize());
        counter = counter.wrapping_add(1);
    }
    out.truncate(len);
    out
}

/// The receipt key and `keys` AES-128 keys from ShS.
pub fn derive_keys(
    shs: &[u8],
    shared_info: &[u8],
    keys: usize,
) -> Result<(AesKey, Vec<AesKey>), Scp03Error> {
    let data = x963_sha256(shs, shared_info, 16 * (keys + 1));
    let mut blocks = data.chunks_exact(16).map(AesKey::new);
    let receipt_key = blocks.next().ok_or(Scp03Error::Malformed("key data"))??;
    Ok((receipt_key, blocks.collect::<Result<_, _>>()?))
}

/// The receipt the card returns: `AES-CMAC(receipt key, A6 TLV | [85 L DR])`.
pub fn receipt(
    receipt_key: &AesKey,
    crt_tlv: &[u8],
    dr: Option<&[u8]>,
) -> Result<[u8; 16], Scp03Error> {
    let dr_tlv = dr
        .map(|d| tlv::encode(0x85, d))
        .transpose()?
        .unwrap_or_default();
    Ok(cmac(receipt_key, &[crt_tlv, &dr_tlv]))
}

/// Checks the card's receipt (the `86` of the STORE DATA response).
pub fn verify_receipt(
    receipt_key: &AesKey,
    crt_tlv: &[u8],
    dr: Option<&[u8]>,
    received: &[u8],
) -> Result<(), Scp03Error> {
    if constant_time_eq(&receipt(receipt_key, crt_tlv, dr)?, received) {
        Ok(())
    } else {
        Err(Scp03Error::Mac)
    }
}
