//! One eUICC: persistent state, credentials parsed once, and the volatile download session.
//! Changes to the state are made on a copy, written to the state file, and only then become
//! the eUICC's state, so memory and file never disagree.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use certs::CiAnchor;
use proto::crypto::PrivateKey;

use crate::credentials::{Credentials, CredentialsError};
use crate::es10_error::Es10Error;
use crate::session::Session;
use crate::state::options::EuiccOptions;
use crate::state::{ChainRecord, CredentialsRecord, EuiccState, IotState, STATE_FORMAT};
use crate::{Es10Processor, store};

/// Why an eUICC could not be created or opened.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EuiccError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{path}: not an eUICC state file: {source}")]
    Format {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error("{path}: state format {found:?}, this version reads {STATE_FORMAT:?}")]
    Version { path: PathBuf, found: String },
    #[error("credentials: {0}")]
    Credentials(#[from] CredentialsError),
    #[error("the state is for EID {state} but the credentials are for EID {credentials}")]
    EidMismatch { state: String, credentials: String },
    #[error("eIM configuration {eim_id:?}: {reason}")]
    EimConfig { eim_id: String, reason: String },
    /// The card type asked for cannot be made this way (an M2M eUICC needs
    /// [`Euicc::create_m2m`], and is not an IoT eUICC).
    #[error("card type: {0}")]
    CardType(String),
}

/// The IoT state of a new eUICC: the configured eIMs, checked (SGP.32 v1.2 5.9.4 rules:
/// unique eimId, a usable key, a counter in range); association tokens handed out later
/// continue after the largest configured one.
fn initial_iot_state(options: &EuiccOptions) -> Result<IotState, EuiccError> {
    let refuse = |eim_id: &str, reason: &str| EuiccError::EimConfig {
        eim_id: eim_id.to_string(),
        reason: reason.to_string(),
    };
    if !options.eims.is_empty() && !options.iot {
        return Err(refuse(&options.eims[0].eim_id, "eIMs need an IoT eUICC"));
    }
    for (i, eim) in options.eims.iter().enumerate() {
        if eim.eim_id.is_empty() || eim.eim_id.chars().count() > 128 {
            return Err(refuse(&eim.eim_id, "eimId must have 1 to 128 characters"));
        }
        if options.eims[..i].iter().any(|e| e.eim_id == eim.eim_id) {
            return Err(refuse(&eim.eim_id, "configured twice"));
        }
        match &eim.eim_key {
            None => return Err(refuse(&eim.eim_id, "no eIM public key or certificate")),
            Some(key) => {
                if let Err(e) = key.public_key() {
                    return Err(refuse(&eim.eim_id, &e.to_string()));
                }
            }
        }
        if !(0..=crate::state::MAX_COUNTER_VALUE).contains(&eim.counter_value) {
            return Err(refuse(&eim.eim_id, "counterValue out of range"));
        }
    }
    Ok(IotState {
        eims: options.eims.clone(),
        last_association_token: options
            .eims
            .iter()
            .filter_map(|e| e.association_token)
            .max()
            .unwrap_or(0)
            .max(0),
        ..IotState::default()
    })
}

/// What the device should do after a profile state change (SGP.22 5.7.16, 5.7.17): with
/// `refresh_flag` set the eUICC would issue a REFRESH proactive command (ETSI TS 102 223,
/// eUICC Profile State Change); without it the device resets the eUICC itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefreshRequest {
    pub refresh_flag: bool,
    /// ICCID of the profile enabled after the change, if any.
    pub enabled_iccid: Option<String>,
}

/// A software eUICC.
pub struct Euicc {
    pub(crate) path: Option<PathBuf>,
    pub(crate) state: EuiccState,
    pub(crate) creds: Credentials,
    pub(crate) session: Session,
    pub(crate) refresh: Option<RefreshRequest>,
    /// The volatile part of an M2M eUICC's ISD-R (empty otherwise).
    pub(crate) m2m_session: crate::m2m::session::M2mSession,
}

impl std::fmt::Debug for Euicc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Euicc")
            .field("eid", &self.state.eid)
            .field("path", &self.path)
            .field("profiles", &self.state.profiles.len())
            .finish_non_exhaustive()
    }
}

fn record(creds: &Credentials, options: &EuiccOptions) -> Result<CredentialsRecord, EuiccError> {
    let cis: Vec<Arc<[u8]>> = creds
        .trusted_cis()
        .iter()
        .map(CiAnchor::der_shared)
        .collect();
    if let (true, Some(dir)) = (options.credentials_by_reference, creds.origin()) {
        return Ok(CredentialsRecord::Directory {
            path: dir.to_path_buf(),
            additional_ci_certificates: cis,
        });
    }
    let pem = creds
        .private_key()
        .to_sec1_pem()
        .map_err(CredentialsError::Key)?;
    let mut additional_chains = Vec::new();
    for chain in &creds.chains()[1..] {
        let (euicc_certificate, eum_certificate) = chain.certificates_shared();
        additional_chains.push(ChainRecord {
            euicc_certificate,
            eum_certificate,
            euicc_private_key: chain
                .private_key()
                .to_sec1_pem()
                .map_err(CredentialsError::Key)?
                .to_string(),
        });
    }
    let (euicc_certificate, eum_certificate) = creds.chains()[0].certificates_shared();
    Ok(CredentialsRecord::Inline {
        euicc_certificate,
        eum_certificate,
        euicc_private_key: pem.to_string(),
        ci_certificates: cis,
        additional_chains,
    })
}

fn load_credentials(record: &CredentialsRecord) -> Result<Credentials, CredentialsError> {
    match record {
        CredentialsRecord::Inline {
            euicc_certificate,
            eum_certificate,
            euicc_private_key,
            ci_certificates,
            additional_chains,
        } => {
            let mut creds = Credentials::with_anchors(
                euicc_certificate.to_vec(),
                eum_certificate.clone(),
                PrivateKey::from_pem(euicc_private_key)?,
                Credentials::anchors(ci_certificates)?,
            )?;
            for chain in additional_chains {
                creds.add_chain(
                    chain.euicc_certificate.to_vec(),
                    chain.eum_certificate.to_vec(),
                    PrivateKey::from_pem(&chain.euicc_private_key)?,
                )?;
            }
            Ok(creds)
        }
        CredentialsRecord::Directory {
            path,
            additional_ci_certificates,
        } => {
            let mut creds = Credentials::load_dir(path)?;
            for ci in additional_ci_certificates {
                creds.trust_ci(ci)?;
            }
            Ok(creds)
        }
    }
}

impl Euicc {
    pub(crate) fn new_state(
        creds: &Credentials,
        options: EuiccOptions,
    ) -> Result<EuiccState, EuiccError> {
        if options.m2m {
            return Err(EuiccError::CardType(
                "an M2M eUICC is made with Euicc::create_m2m".into(),
            ));
        }
        Ok(EuiccState {
            format: STATE_FORMAT.into(),
            eid: creds.eid().as_str().into(),
            credentials: record(creds, &options)?,
            default_dp_address: options.default_dp_address.clone(),
            profiles: Vec::new(),
            notifications: Vec::new(),
            next_seq_number: 1,
            pending_otk: None,
            test_profile_return: None,
            iot: initial_iot_state(&options)?,
            m2m: None,
            options,
        })
    }

    /// A new eUICC with no profile, its state written to `path` (which must not exist).
    pub fn create(
        path: &Path,
        credentials: Credentials,
        options: EuiccOptions,
    ) -> Result<Euicc, EuiccError> {
        let state = Euicc::new_state(&credentials, options)?;
        Euicc::create_with_state(Some(path), credentials, state)
    }

    /// A new eUICC kept in memory only (tests, short-lived fleets).
    pub fn in_memory(credentials: Credentials, options: EuiccOptions) -> Result<Euicc, EuiccError> {
        let state = Euicc::new_state(&credentials, options)?;
        Euicc::create_with_state(None, credentials, state)
    }

    /// An eUICC with a new state, written to `path` (which must not exist) when given.
    pub(crate) fn create_with_state(
        path: Option<&Path>,
        credentials: Credentials,
        state: EuiccState,
    ) -> Result<Euicc, EuiccError> {
        if let Some(path) = path {
            serialize(&state)
                .and_then(|bytes| store::create_new(path, &bytes))
                .map_err(|source| EuiccError::Io {
                    path: path.to_path_buf(),
                    source,
                })?;
        }
        Ok(Euicc {
            path: path.map(Path::to_path_buf),
            state,
            creds: credentials,
            session: Session::Idle,
            refresh: None,
            m2m_session: Default::default(),
        })
    }

    /// Opens the eUICC whose state is in `path`; the credentials are checked again.
    pub fn open(path: &Path) -> Result<Euicc, EuiccError> {
        let text = std::fs::read(path).map_err(|source| EuiccError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let state: EuiccState =
            serde_json::from_slice(&text).map_err(|source| EuiccError::Format {
                path: path.to_path_buf(),
                source,
            })?;
        if state.format != STATE_FORMAT {
            return Err(EuiccError::Version {
                path: path.to_path_buf(),
                found: state.format,
            });
        }
        let creds = load_credentials(&state.credentials)?;
        if creds.eid().as_str() != state.eid {
            return Err(EuiccError::EidMismatch {
                state: state.eid,
                credentials: creds.eid().as_str().into(),
            });
        }
        Ok(Euicc {
            path: Some(path.to_path_buf()),
            state,
            creds,
            session: Session::Idle,
            refresh: None,
            m2m_session: Default::default(),
        })
    }

    /// The EID (32 digits).
    pub fn eid(&self) -> &str {
        &self.state.eid
    }

    /// The state as stored.
    pub fn state(&self) -> &EuiccState {
        &self.state
    }

    /// The credentials.
    pub fn credentials(&self) -> &Credentials {
        &self.creds
    }

    /// The state file, if the eUICC is persisted.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The last profile state change the device has not acted on yet.
    pub fn take_refresh(&mut self) -> Option<RefreshRequest> {
        self.refresh.take()
    }

    /// Makes `next` the state: written to the state file first, then kept in memory. On a
    /// write failure nothing changes.
    pub(crate) fn commit(&mut self, next: EuiccState) -> io::Result<()> {
        if let Some(path) = &self.path {
            store::write_atomic(path, &serialize(&next)?)?;
        }
        self.state = next;
        Ok(())
    }
}

fn serialize(state: &EuiccState) -> io::Result<Vec<u8>> {
    let mut text = serde_json::to_vec_pretty(state).map_err(io::Error::other)?;
    text.push(b'\n');
    Ok(text)
}

impl Es10Processor for Euicc {
    fn process_es10(&mut self, request: &[u8]) -> Vec<u8> {
        self.try_process_es10(request).unwrap_or_default()
    }

    fn try_process_es10(&mut self, request: &[u8]) -> Result<Vec<u8>, Es10Error> {
        self.dispatch(request)
    }

    fn reset(&mut self) {
        self.session = Session::Idle;
        self.m2m_session = Default::default();
    }

    fn process_envelope(&mut self, data: &[u8]) -> Option<crate::m2m::EnvelopeAnswer> {
        self.is_m2m().then(|| self.process_m2m_envelope(data))
    }

    fn next_proactive(&mut self, terminal_profile: &[u8]) -> Option<Vec<u8>> {
        self.next_bip_command(terminal_profile)
            .or_else(|| self.next_notification_command(terminal_profile))
    }

    fn proactive_result(&mut self, details: [u8; 3], result: u8) {
        self.notification_result(details, result);
    }

    fn holds_refresh(&self) -> bool {
        self.m2m_session.bip.is_some()
    }

    fn proactive_response(&mut self, details: [u8; 3], result: u8, data: &[u8]) {
        if !self.bip_response(details, result, data) {
            self.notification_result(details, result);
        }
    }

    fn terminal_session(&mut self) {
        self.m2m_session.new_terminal_session();
    }

    fn enabled_profile(&self) -> Option<crate::uicc::ProfileSource<'_>> {
        let p = self.state.enabled_profile()?;
        Some(crate::uicc::ProfileSource {
            iccid: &p.iccid,
            package: p.package.as_deref()?,
            saved: p.uicc.as_ref(),
        })
    }

    fn process_m2m_isdr(
        &mut self,
        cmd: &crate::apdu::CommandApdu<'_>,
    ) -> Option<crate::apdu::ResponseApdu> {
        self.is_m2m().then(|| self.process_isdr_command(cmd))
    }

    fn m2m_isdp_tar(&self, aid: &[u8]) -> Option<[u8; 3]> {
        Euicc::m2m_isdp_tar(self, aid)
    }

    fn process_m2m_isdp(
        &mut self,
        channel: u8,
        tar: [u8; 3],
        apdu: &[u8],
    ) -> Option<crate::apdu::ResponseApdu> {
        self.is_m2m()
            .then(|| self.process_m2m_isdp_apdu(channel, tar, apdu))
    }

    fn save_profile_state(
        &mut self,
        iccid: &str,
        state: &crate::uicc::SavedState,
    ) -> io::Result<()> {
        let mut next = self.state.clone();
        let Some(p) = next.profiles.iter_mut().find(|p| p.iccid == iccid) else {
            return Err(io::Error::other(format!("no profile {iccid}")));
        };
        if p.uicc.as_ref() == Some(state) {
            return Ok(());
        }
        p.uicc = Some(state.clone());
        self.commit(next)
    }
}

#[cfg(test)]
mod tests {
    /// A fleet spreads eUICCs over threads and tasks.
    #[test]
    fn euicc_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<super::Euicc>();
    }
}
