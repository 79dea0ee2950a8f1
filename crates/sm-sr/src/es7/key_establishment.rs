//! SM-SR2's side of EstablishISDRKeySet (SGP.02 4.1.1.7; procedure 3.8 steps relayed by
//! SM-SR1 over ES7 5.7.2 AuthenticateSMSR and 5.7.3 CreateAdditionalKeySet).
//!
//! ```text
//! A6 L { 90 02 03 <scenario> | 95 01 10 | 96 01 00 | 80 01 88 | 81 01 10
//!        | 83 01 <KVN> | 91 05 <initial counter> | [84 L <host id>] }
//! signature  = ECDSA(SK.SR.ECDSA, A6 TLV | 7F49 TLV | 00 85 10 <RC>)     (raw r‖s, 5F37)
//! ShS        = x of ECDH(eSK.SR.ECKA, PK.ECASD.ECKA)
//! SharedInfo = 10 | 88 | 10 | [DR] | [L | host id]
//! key data   = X9.63-KDF-SHA256(ShS, SharedInfo), 64 octets = receipt key | KIc | KID | DEK
//! receipt    = AES-CMAC(receipt key, A6 TLV | [85 10 DR])
//! ```
//!
//! The layout is the one the lab's eUICC checks (`euicc-sim`'s `establish_keyset`), from the
//! lab's SGP.02 map 3, 5.3 (one implementation; the SharedInfo and receipt inputs are
//! marked there to be checked against GP Amendment A/E). The receipt is compared before
//! any key is returned: a receipt that verifies is the commit point of the SM-SR change
//! (SGP.02 3.8: from then on SM-SR2 manages the eUICC).

use aes::Aes128;
use aes::cipher::KeyInit;
use certs::gp::{public_key_template, tlv};
use cmac::{Cmac, Mac};
use proto::crypto::kdf::x963_kdf_sha256;
use proto::crypto::{Curve, EckaKeyPair, KeyError, PublicKey, SignatureError, SigningKey};
use zeroize::Zeroizing;

/// Key usage qualifier `10`: the three SCP80 keys (SGP.02 4.1.1.7, map 3).
const KEY_USAGE_SCP80: u8 = 0x10;
/// Key type AES.
const KEY_TYPE_AES: u8 = 0x88;
/// Key length 16 octets.
const KEY_LENGTH_128: u8 = 0x10;
/// Scenario parameter bit: the card makes a derivation random.
pub const SCENARIO_DR: u8 = 0x02;
/// Scenario parameter bit: the host id enters SharedInfo.
pub const SCENARIO_HOST_ID: u8 = 0x04;
/// Bound on the host id (one length octet in SharedInfo).
const MAX_HOST_ID: usize = 16;

/// Why the key establishment failed on SM-SR2's side.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KeyEstablishmentError {
    /// A request field outside what the ISD-R takes (KVN `01`–`0F`, counter up to 5
    /// octets, host id up to 16 octets).
    #[error("key set request field {0} out of range")]
    Request(&'static str),
    /// The ephemeral key could not be made, or the ECASD key is not on its curve.
    #[error("key agreement: {0}")]
    Key(#[from] KeyError),
    /// SK.SR.ECDSA could not sign.
    #[error("signature: {0}")]
    Signature(#[from] SignatureError),
    /// The scenario asks for a derivation random and the card sent none (or the reverse).
    #[error("derivation random expected {expected}, got {got}")]
    DerivationRandom {
        /// Whether one was expected.
        expected: bool,
        /// Whether one came.
        got: bool,
    },
    /// The card's receipt does not match the derived receipt key (SGP.02 3.8: the change
    /// fails, SM-SR1 keeps the eUICC).
    #[error("the eUICC's receipt does not verify")]
    Receipt,
}

/// What CreateAdditionalKeySet asks for (SGP.02 5.7.3 KeyVersionNumber,
/// InitialSequenceCounter, ScenarioParameter, HostID).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeySetRequest {
    /// The KVN of the new SCP80 key set (`01`–`0F`).
    pub kvn: u8,
    /// Its initial counter (at most 5 octets).
    pub initial_counter: u64,
    /// Scenario parameter ([`SCENARIO_DR`], [`SCENARIO_HOST_ID`]).
    pub scenario: u8,
    /// Host id, when the scenario names one.
    pub host_id: Option<Vec<u8>>,
}

impl KeySetRequest {
    /// Checks the ranges the ISD-R takes.
    pub fn check(&self) -> Result<(), KeyEstablishmentError> {
        if !(0x01..=0x0F).contains(&self.kvn) {
            return Err(KeyEstablishmentError::Request("KeyVersionNumber"));
        }
        if self.initial_counter >= 1 << 40 {
            return Err(KeyEstablishmentError::Request("InitialSequenceCounter"));
        }
        if self.host_id.as_ref().is_some_and(|h| h.len() > MAX_HOST_ID) {
            return Err(KeyEstablishmentError::Request("HostID"));
        }
        Ok(())
    }

    /// The `A6` control reference template, as SM-SR1 puts it into `3A02` and as the
    /// receipt covers it.
    pub fn crt_tlv(&self) -> Vec<u8> {
        let counter = self.initial_counter.to_be_bytes();
        let mut inner = Vec::new();
        tlv::push(&mut inner, 0x90, &[0x03, self.scenario]);
        tlv::push(&mut inner, 0x95, &[KEY_USAGE_SCP80]);
        tlv::push(&mut inner, 0x96, &[0x00]);
        tlv::push(&mut inner, 0x80, &[KEY_TYPE_AES]);
        tlv::push(&mut inner, 0x81, &[KEY_LENGTH_128]);
        tlv::push(&mut inner, 0x83, &[self.kvn]);
        tlv::push(&mut inner, 0x91, &counter[3..]);
        if let Some(host) = &self.host_id {
            tlv::push(&mut inner, 0x84, host);
        }
        let mut out = Vec::new();
        tlv::push(&mut out, 0xA6, &inner);
        out
    }

    fn shared_info(&self, dr: Option<&[u8]>) -> Vec<u8> {
        let mut info = vec![KEY_USAGE_SCP80, KEY_TYPE_AES, KEY_LENGTH_128];
        info.extend_from_slice(dr.unwrap_or_default());
        if let (true, Some(host)) = (self.scenario & SCENARIO_HOST_ID != 0, &self.host_id) {
            info.push(host.len().min(MAX_HOST_ID) as u8);
            info.extend_from_slice(host);
        }
        info
    }
}

/// The ISD-R SCP80 key set SM-SR2 now holds.
#[derive(Clone, PartialEq, Eq)]
pub struct NewIsdrKeySet {
    /// Its KVN.
    pub kvn: u8,
    /// Its initial counter.
    pub initial_counter: u64,
    /// KIc (AES-128).
    pub kic: Zeroizing<[u8; 16]>,
    /// KID (AES-128).
    pub kid: Zeroizing<[u8; 16]>,
    /// DEK (AES-128).
    pub dek: Zeroizing<[u8; 16]>,
}

impl std::fmt::Debug for NewIsdrKeySet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Keys are never printed.
        f.debug_struct("NewIsdrKeySet")
            .field("kvn", &self.kvn)
            .field("initial_counter", &self.initial_counter)
            .finish_non_exhaustive()
    }
}

/// SM-SR2's ephemeral key agreement for one key set.
pub struct Sr2KeyAgreement {
    request: KeySetRequest,
    ephemeral: EckaKeyPair,
}

impl Sr2KeyAgreement {
    /// A fresh ephemeral key pair on the ECASD's curve for `request`.
    pub fn new(request: KeySetRequest, curve: Curve) -> Result<Self, KeyEstablishmentError> {
        request.check()?;
        Ok(Sr2KeyAgreement {
            request,
            ephemeral: EckaKeyPair::generate_on(curve)?,
        })
    }

    /// The request.
    pub fn request(&self) -> &KeySetRequest {
        &self.request
    }

    /// `7F49` ePK.SR.ECKA (CreateAdditionalKeySet EphemeralPublicKey).
    pub fn ephemeral_public_key_tlv(&self) -> Vec<u8> {
        public_key_template(self.ephemeral.public_key())
    }

    /// The signature of SK.SR.ECDSA over `A6 | 7F49 | 00 85 10 RC`, raw `r‖s`
    /// (CreateAdditionalKeySet Signature), for the card's random challenge `rc`.
    pub fn sign(
        &self,
        sk_sr: &SigningKey,
        rc: &[u8; 16],
    ) -> Result<Vec<u8>, KeyEstablishmentError> {
        let mut signed = self.request.crt_tlv();
        signed.extend(self.ephemeral_public_key_tlv());
        signed.extend([0x00, 0x85, 0x10]);
        signed.extend(rc);
        Ok(sk_sr.sign(&signed)?.as_raw().to_vec())
    }

    /// The new key set, once the card's `receipt` (and `dr` when the scenario asks for one)
    /// verifies with the key agreed with PK.ECASD.ECKA.
    pub fn finish(
        &self,
        ecasd: &PublicKey,
        dr: Option<&[u8]>,
        receipt: &[u8],
    ) -> Result<NewIsdrKeySet, KeyEstablishmentError> {
        let expected = self.request.scenario & SCENARIO_DR != 0;
        if expected != dr.is_some() {
            return Err(KeyEstablishmentError::DerivationRandom {
                expected,
                got: dr.is_some(),
            });
        }
        let shared = self.ephemeral.agree(ecasd)?;
        let mut data = Zeroizing::new([0u8; 64]);
        x963_kdf_sha256(
            shared.as_bytes(),
            &self.request.shared_info(dr),
            &mut data[..],
        );
        let part = |i: usize| {
            let mut k = Zeroizing::new([0u8; 16]);
            k.copy_from_slice(&data[16 * i..16 * (i + 1)]);
            k
        };
        let receipt_key: [u8; 16] = *part(0);
        let mut mac = <Cmac<Aes128> as KeyInit>::new(&receipt_key.into());
        mac.update(&self.request.crt_tlv());
        if let Some(dr) = dr {
            let mut dr_tlv = Vec::new();
            tlv::push(&mut dr_tlv, 0x85, dr);
            mac.update(&dr_tlv);
        }
        // verify_slice compares in constant time.
        mac.verify_slice(receipt)
            .map_err(|_| KeyEstablishmentError::Receipt)?;
        Ok(NewIsdrKeySet {
            kvn: self.request.kvn,
            initial_counter: self.request.initial_counter,
            kic: part(1),
            kid: part(2),
            dek: part(3),
        })
    }
}

#[cfg(test)]
mod tests;
