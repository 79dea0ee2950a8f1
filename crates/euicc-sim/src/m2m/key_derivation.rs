//! The key derivation of EstablishISDRKeySet (SGP.02 v4.2 4.1.1.7; GP Card Specification
//! Amendment E, Scenario #3 with mutual authentication, as GP Amendment A 3.x defines the
//! ECKA key agreement): the control reference template, the shared secret, the ANSI X9.63
//! KDF and the receipt.
//!
//! ```text
//! A6 L { 90 02 03 <scenario parameter> | 95 01 <key usage> | [96 01 <key access>]
//!        | 80 01 88 (AES) | 81 01 10 (16 octets) | [82 01 <key id>] | 83 01 <KVN>
//!        | 91 L <initial counter> | [84 L <host id>] }
//! ShS        = x-coordinate of ECDH(SK.ECASD.ECKA, ePK.SR.ECKA)          (BSI TR-03111 ECKA-DH)
//! SharedInfo = key usage | key type | key length | [DR] | [L | host id]
//! key data   = X9.63-KDF-SHA256(ShS, SharedInfo), 64 octets
//!            = receipt key | KIc | KID | DEK
//! receipt    = AES-CMAC(receipt key, A6 TLV | [85 L DR])
//! ```
//!
//! Scenario parameter bits: `02` a derivation random DR is made by the card and enters
//! SharedInfo; `04` the host id enters SharedInfo. Key type and length other than AES-128,
//! a KVN outside the range of the key set made (SCP80 `01`–`0F`, SCP03 `30`–`3F`), or a counter over 5 octets are `6A80`. The GP
//! text was not at hand: the SharedInfo layout and the receipt input are those of the lab's
//! SGP.02 map (5.3, from one SM-SR implementation), to be checked against GP Amd A/E.

use aes::Aes128;
use aes::cipher::KeyInit;
use certs::gp::tlv;
use cmac::{Cmac, Mac};
use proto::crypto::kdf::x963_kdf_sha256;

use super::error::IsdrError;

/// Scenario parameter bit: a derivation random is made.
const SCENARIO_DR: u8 = 0x02;
/// Scenario parameter bit: the host id enters SharedInfo.
const SCENARIO_HOST_ID: u8 = 0x04;
/// Key type AES (GP Card Specification Table B-x, `88`).
const KEY_TYPE_AES: u8 = 0x88;
/// Key length 16 octets.
const KEY_LENGTH_128: u8 = 0x10;

/// The fields of the control reference template that decide the keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Crt {
    /// Scenario parameter (second octet of `90`).
    pub(super) scenario: u8,
    /// `95` key usage qualifier.
    pub(super) key_usage: u8,
    /// `83` the KVN of the new SCP80 key set.
    pub(super) kvn: u8,
    /// `91` the initial counter of the new key set.
    pub(super) initial_counter: u64,
    /// `84` host id.
    pub(super) host_id: Option<Vec<u8>>,
}

/// The new key set and the receipt key.
pub(super) struct DerivedKeys {
    pub(super) receipt_key: [u8; 16],
    pub(super) kic: [u8; 16],
    pub(super) kid: [u8; 16],
    pub(super) dek: [u8; 16],
}

fn one_octet(value: Option<&[u8]>) -> Result<u8, IsdrError> {
    match value {
        Some([b]) => Ok(*b),
        _ => Err(IsdrError::IncorrectData),
    }
}

/// Reads the value of an `A6` template.
pub(super) fn parse_crt(
    value: &[u8],
    kvns: std::ops::RangeInclusive<u8>,
) -> Result<Crt, IsdrError> {
    let fields = tlv::read_all(value)?;
    let scenario = match tlv::find(&fields, 0x90) {
        Some([0x03, parameter]) => *parameter,
        _ => return Err(IsdrError::IncorrectData),
    };
    if one_octet(tlv::find(&fields, 0x80))? != KEY_TYPE_AES
        || one_octet(tlv::find(&fields, 0x81))? != KEY_LENGTH_128
    {
        return Err(IsdrError::IncorrectData);
    }
    let kvn = one_octet(tlv::find(&fields, 0x83))?;
    if !kvns.contains(&kvn) {
        return Err(IsdrError::IncorrectData);
    }
    let initial_counter = match tlv::find(&fields, 0x91) {
        Some(c) if c.len() <= 5 => c.iter().fold(0u64, |n, b| n << 8 | u64::from(*b)),
        Some(_) => return Err(IsdrError::IncorrectData),
        None => 0,
    };
    Ok(Crt {
        scenario,
        key_usage: one_octet(tlv::find(&fields, 0x95))?,
        kvn,
        initial_counter,
        host_id: tlv::find(&fields, 0x84).map(<[u8]>::to_vec),
    })
}

impl Crt {
    /// Whether the card makes a derivation random.
    pub(super) fn wants_dr(&self) -> bool {
        self.scenario & SCENARIO_DR != 0
    }

    fn shared_info(&self, dr: Option<&[u8]>) -> Vec<u8> {
        let mut info = vec![self.key_usage, KEY_TYPE_AES, KEY_LENGTH_128];
        if let Some(dr) = dr {
            info.extend_from_slice(dr);
        }
        if let (true, Some(host)) = (self.scenario & SCENARIO_HOST_ID != 0, &self.host_id) {
            info.push(host.len() as u8);
            info.extend_from_slice(host);
        }
        info
    }

    /// The keys from the shared secret.
    pub(super) fn derive(&self, shared_secret: &[u8], dr: Option<&[u8]>) -> DerivedKeys {
        let mut data = [0u8; 64];
        x963_kdf_sha256(shared_secret, &self.shared_info(dr), &mut data);
        let part = |i: usize| {
            let mut k = [0u8; 16];
            k.copy_from_slice(&data[16 * i..16 * (i + 1)]);
            k
        };
        DerivedKeys {
            receipt_key: part(0),
            kic: part(1),
            kid: part(2),
            dek: part(3),
        }
    }
}

/// The receipt over the received `A6` template and the DR object.
pub(super) fn receipt(receipt_key: &[u8; 16], crt_tlv: &[u8], dr: Option<&[u8]>) -> [u8; 16] {
    let mut mac = <Cmac<Aes128> as KeyInit>::new(receipt_key.into());
    mac.update(crt_tlv);
    if let Some(dr) = dr {
        let mut dr_tlv = Vec::new();
        tlv::push(&mut dr_tlv, 0x85, dr);
        mac.update(&dr_tlv);
    }
    mac.finalize().into_bytes().into()
}
