//! What an M2M eUICC is given when it is made (SGP.02 v4.2 2.2.1, 5.1 EIS): the ECASD's key
//! agreement key with its certificate from the EUM, the ISD-R's first SCP80 and SCP81 key
//! sets, and the SM-SR's address.

use std::path::Path;

use certs::gp::{GpCertError, GpCertificateBody, KEY_USAGE_KEY_AGREEMENT};
use proto::crypto::{EckaKeyPair, KeyError, PrivateKey, SigningKey};
use ring::rand::{SecureRandom, SystemRandom};

use super::aid::ISD_R_TAR;
use crate::credentials::Credentials;
use crate::euicc::{Euicc, EuiccError};
use crate::state::m2m::{EcasdRecord, IsdrRecord, M2mState, Scp80KeySet, Scp81KeySet};
use crate::state::options::EuiccOptions;

/// KIc / KID low nibble for AES (TS 102 225 5.1.2: b2b1 `10`, b4b3 `00`: CBC for KIc,
/// CMAC for KID); SGP.02 2.4.3 mandates AES for SCP80.
pub const SCP80_AES: u8 = 0x02;
/// Default number of failed notification attempts after which a switch is rolled back.
pub const DEFAULT_CONNECTIVITY_ATTEMPTS: u32 = 3;

/// Why the M2M keys could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum M2mSetupError {
    /// A key could not be generated or used.
    #[error("key: {0}")]
    Key(#[from] KeyError),
    /// CERT.ECASD.ECKA could not be signed.
    #[error("CERT.ECASD.ECKA: {0}")]
    Certificate(#[from] GpCertError),
    /// The random generator failed.
    #[error("random generator failure")]
    Random,
    /// The EID is not 32 digits.
    #[error("EID {0:?} is not 32 digits")]
    Eid(String),
}

/// The M2M part of a new eUICC.
#[derive(Clone, Debug)]
pub struct M2mSetup {
    /// SK.ECASD.ECKA.
    pub ecasd_key: PrivateKey,
    /// CERT.ECASD.ECKA (`7F21`), signed by the EUM.
    pub ecasd_certificate: Vec<u8>,
    /// The ISD-R's SCP80 key sets.
    pub scp80: Vec<Scp80KeySet>,
    /// The ISD-R's SCP81 key sets.
    pub scp81: Vec<Scp81KeySet>,
    /// The SM-SR's SMS address (TS 102 223 8.1 Address value), if known at manufacture.
    pub smsr_address: Option<Vec<u8>>,
    /// Failed notification attempts before a roll-back.
    pub connectivity_attempts: u32,
}

fn random<const N: usize>() -> Result<[u8; N], M2mSetupError> {
    let mut out = [0u8; N];
    SystemRandom::new()
        .fill(&mut out)
        .map_err(|_| M2mSetupError::Random)?;
    Ok(out)
}

impl M2mSetup {
    /// Fresh keys for the eUICC `eid`: an ECASD key pair on the EUM's curve with
    /// CERT.ECASD.ECKA signed by `eum` (CA identifier: the EUM key's identifier), one AES
    /// SCP80 key set (KVN `01`, KIc/KID/DEK, counter 0) and one SCP81 PSK (KVN `40`, key
    /// `01`).
    pub fn generate(eid: &str, eum: &PrivateKey) -> Result<M2mSetup, M2mSetupError> {
        let eid_bytes = hex::decode(eid)
            .ok()
            .filter(|b| b.len() == 16 && eid.bytes().all(|c| c.is_ascii_digit()))
            .ok_or_else(|| M2mSetupError::Eid(eid.to_string()))?;
        let ecasd = EckaKeyPair::generate_on(eum.curve())?;
        let signer = SigningKey::new(eum.clone())?;
        let ca_identifier = certs::key_identifier(signer.public_key().as_uncompressed_point());
        let certificate = GpCertificateBody {
            serial_number: random::<8>()?.to_vec(),
            ca_identifier: ca_identifier.to_vec(),
            subject_identifier: eid_bytes,
            key_usage: KEY_USAGE_KEY_AGREEMENT.to_vec(),
            effective_date: None,
            expiration_date: vec![0x20, 0x99, 0x12, 0x31],
            discretionary_data: None,
            certificate_type: None,
            authority_key_identifier: Some(ca_identifier.to_vec()),
            public_key: *ecasd.public_key(),
        }
        .sign(&signer)?;
        Ok(M2mSetup {
            ecasd_key: ecasd.private_key().clone(),
            ecasd_certificate: certificate.to_bytes(),
            scp80: vec![Scp80KeySet {
                kvn: 0x01,
                kic_algorithm: SCP80_AES,
                kic: random::<16>()?.to_vec(),
                kid_algorithm: SCP80_AES,
                kid: random::<16>()?.to_vec(),
                dek: Some(random::<16>()?.to_vec()),
                counter: 0,
            }],
            scp81: vec![Scp81KeySet {
                kvn: 0x40,
                key_id: 0x01,
                psk: random::<16>()?.to_vec(),
            }],
            smsr_address: None,
            connectivity_attempts: DEFAULT_CONNECTIVITY_ATTEMPTS,
        })
    }

    fn into_state(self) -> Result<M2mState, EuiccError> {
        let pem = self
            .ecasd_key
            .to_sec1_pem()
            .map_err(|e| EuiccError::CardType(e.to_string()))?;
        Ok(M2mState {
            isd_r: IsdrRecord {
                tar: ISD_R_TAR.to_vec(),
                scp80: self.scp80,
                scp81: self.scp81,
                smsr_address: self.smsr_address,
            },
            ecasd: EcasdRecord {
                private_key: pem.to_string(),
                certificate: self.ecasd_certificate,
            },
            isdps: Vec::new(),
            notifications: Vec::new(),
            next_notification_seq: 1,
            pending_switch: None,
            connectivity_attempts: self.connectivity_attempts,
            declared: false,
        })
    }
}

impl Euicc {
    /// A new M2M eUICC with no ISD-P, its state written to `path` (which must not exist).
    /// `options.iot` must be off; `options.m2m` is set.
    pub fn create_m2m(
        path: &Path,
        credentials: Credentials,
        options: EuiccOptions,
        setup: M2mSetup,
    ) -> Result<Euicc, EuiccError> {
        let state = Euicc::m2m_state(&credentials, options, setup)?;
        Euicc::create_with_state(Some(path), credentials, state)
    }

    /// A new M2M eUICC kept in memory only.
    pub fn in_memory_m2m(
        credentials: Credentials,
        options: EuiccOptions,
        setup: M2mSetup,
    ) -> Result<Euicc, EuiccError> {
        let state = Euicc::m2m_state(&credentials, options, setup)?;
        Euicc::create_with_state(None, credentials, state)
    }

    fn m2m_state(
        credentials: &Credentials,
        mut options: EuiccOptions,
        setup: M2mSetup,
    ) -> Result<crate::state::EuiccState, EuiccError> {
        if options.iot {
            return Err(EuiccError::CardType(
                "an eUICC is either IoT (SGP.32) or M2M (SGP.02)".into(),
            ));
        }
        options.m2m = false;
        let mut state = Euicc::new_state(credentials, options)?;
        state.options.m2m = true;
        state.m2m = Some(setup.into_state()?);
        Ok(state)
    }
}
