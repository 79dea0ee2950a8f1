//! EstablishISDPKeySet, the SM-DP's side (SGP.02 4.1.3.1; GP Amendment E, Scenario #3 with
//! mutual authentication and a derivation random), sent to the ISD-P as two STORE DATA
//! blocks of an expanded command script (TS 102 226):
//!
//! ```text
//! 80 E2 09 00 Lc | 3A01 L CERT.DP.ECDSA                      -> 85 10 RC
//! 80 E2 89 01 Lc | 3A02 L A6 CRT | 7F49 ePK.DP.ECKA | 5F37 σ  -> 85 10 DR | 86 10 receipt
//! σ = ECDSA(SK.DP.ECDSA, A6 TLV | 7F49 TLV | 00 85 10 RC), raw r‖s
//! ShS = x of ECDH(eSK.DP.ECKA, PK.ECASD.ECKA); key data = X9.63-KDF-SHA256(ShS, SharedInfo)
//!     = receipt key | SCP03 key (one 16-octet base key for ENC, MAC and DEK)
//! ```
//!
//! The CRT asks for key usage `5C`, key `01` of KVN `30`–`3F` with the initial counter 0, and
//! scenario `0A` (DR, certificate verification first), the layout the lab's map gives from
//! one SM-DP implementation and the lab's M2M eUICC takes (SGP.02 leaves some to GP
//! Amendment E: marked unconfirmed there).

use certs::gp::{public_key_template, tlv};
use proto::crypto::{PrivateKey, PublicKey, SigningKey};
use scp03::AesKey;
use scp03::key_establishment::{self as ke, Crt, SCENARIO_DR};
use zeroize::Zeroizing;

use super::DownloadError;

/// Scenario parameter: certificate verification first (`08`) and a derivation random.
const SCENARIO: u8 = 0x08 | SCENARIO_DR;
/// Key usage qualifier of the ISD-P's SCP03 key (C-MAC, R-MAC, C-DEC, R-ENC).
const KEY_USAGE: u8 = 0x5C;

/// One key agreement: the CRT and the SM-DP's ephemeral key.
pub(super) struct KeyAgreement {
    crt: Crt,
    ephemeral: Zeroizing<[u8; 32]>,
}

impl KeyAgreement {
    /// A fresh ephemeral key for KVN `kvn`.
    pub(super) fn new(kvn: u8) -> Result<KeyAgreement, DownloadError> {
        let ephemeral = PrivateKey::generate_on(proto::crypto::Curve::NistP256)
            .map_err(|e| DownloadError::Key(e.to_string()))?;
        let scalar = ephemeral.to_scalar();
        Ok(KeyAgreement {
            crt: Crt {
                scenario: SCENARIO,
                key_usage: KEY_USAGE,
                key_id: 0x01,
                kvn,
                initial_counter: Some(vec![0x00, 0x00, 0x00]),
                host_id: None,
            },
            ephemeral: scalar,
        })
    }

    /// Block 0: `3A01` with CERT.DP.ECDSA.
    pub(super) fn certificate_block(certificate: &[u8]) -> Vec<u8> {
        store_data(0x09, 0x00, 0x3A01, certificate)
    }

    /// The random challenge of block 0's answer (`85 10 RC`).
    pub(super) fn challenge(data: &[u8]) -> Result<[u8; 16], DownloadError> {
        match tlv::read(data) {
            Ok((t, rest)) if t.tag == 0x85 && rest.is_empty() => t
                .value
                .try_into()
                .map_err(|_| DownloadError::Answer("RC of 16 octets expected".into())),
            _ => Err(DownloadError::Answer("85 RC expected".into())),
        }
    }

    /// Block 1 (last): `3A02` with the CRT, ePK.DP.ECKA and the signature over `rc`.
    pub(super) fn keys_block(
        &self,
        sk_dp: &SigningKey,
        rc: &[u8; 16],
    ) -> Result<Vec<u8>, DownloadError> {
        let crt = self.crt.encode()?;
        let epk = PrivateKey::from_scalar(&self.ephemeral[..])
            .map_err(|e| DownloadError::Key(e.to_string()))?
            .public_key();
        let epk_tlv = public_key_template(&epk);
        let mut signed = [crt.as_slice(), &epk_tlv, &[0x00, 0x85, 0x10]].concat();
        signed.extend(rc);
        let signature = sk_dp
            .sign(&signed)
            .map_err(|e| DownloadError::Key(e.to_string()))?;
        let mut value = [crt, epk_tlv].concat();
        tlv::push(&mut value, 0x5F37, signature.as_raw());
        Ok(store_data(0x89, 0x01, 0x3A02, &value))
    }

    /// The ISD-P's SCP03 base key, once block 1's answer (`85 DR | 86 receipt`) verifies
    /// with the key agreed with `ecasd`.
    pub(super) fn finish(&self, ecasd: &PublicKey, data: &[u8]) -> Result<AesKey, DownloadError> {
        let tlvs = tlv::read_all(data).map_err(|e| DownloadError::Answer(e.to_string()))?;
        let dr = tlv::find(&tlvs, 0x85).ok_or(DownloadError::Answer("no DR".into()))?;
        let receipt = tlv::find(&tlvs, 0x86).ok_or(DownloadError::Answer("no receipt".into()))?;
        let shs = ke::shared_secret(&self.ephemeral[..], ecasd.as_uncompressed_point())?;
        let info = self.crt.shared_info(Some(dr))?;
        let (receipt_key, mut keys) = ke::derive_keys(&shs[..], &info, 1)?;
        let crt = self.crt.encode()?;
        ke::verify_receipt(&receipt_key, &crt, Some(dr), receipt)
            .map_err(|_| DownloadError::Receipt)?;
        keys.pop().ok_or(DownloadError::Answer("no key".into()))
    }
}

/// A STORE DATA of one DGI (GP Card Specification 11.11; one-octet DGI length below 255).
fn store_data(p1: u8, p2: u8, dgi: u16, value: &[u8]) -> Vec<u8> {
    let mut data = dgi.to_be_bytes().to_vec();
    if value.len() < 0xFF {
        data.push(value.len() as u8);
    } else {
        data.push(0xFF);
        data.extend((value.len().min(0xFFFF) as u16).to_be_bytes());
    }
    data.extend_from_slice(value);
    let mut apdu = vec![0x80, 0xE2, p1, p2, data.len().min(0xFF) as u8];
    apdu.extend(data);
    apdu
}
