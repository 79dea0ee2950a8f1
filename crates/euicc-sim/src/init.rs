//! What `rsp-lab euicc --state FILE init|info` does, as library functions: credentials from
//! a lab PKI directory (issuing an eUICC certificate for a new EID when the PKI holds the
//! EUM key) or from an SGP.26-layout credentials directory, and a serializable summary of an
//! eUICC.
//!
//! ```no_run
//! # use std::path::Path;
//! use euicc_sim::{Euicc, EuiccOptions, credentials_from_pki_dir};
//! let creds = credentials_from_pki_dir(Path::new("pki"), None)?;
//! let euicc = Euicc::create(Path::new("euicc.json"), creds, EuiccOptions::default())?;
//! println!("{}", serde_json::to_string_pretty(&euicc.info()).unwrap());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::path::{Path, PathBuf};

use certs::{CertIssuer, CertRole, GenerateError, Pki, PkiError};
use ring::rand::{SecureRandom, SystemRandom};
use serde::Serialize;

use crate::credentials::{Credentials, CredentialsError};
use crate::euicc::Euicc;
use crate::m2m::M2mSetup;
use crate::state::{CredentialsRecord, NotificationOperation, ProfileClassValue, ProfileStatus};

/// Why credentials could not be set up.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InitError {
    #[error(transparent)]
    Pki(#[from] PkiError),
    #[error("issuing CERT.EUICC.ECDSA: {0}")]
    Generate(#[from] GenerateError),
    #[error(transparent)]
    Credentials(#[from] CredentialsError),
    #[error("the credentials are for EID {found}, not {requested}")]
    EidMismatch { requested: String, found: String },
    #[error("{dir}: no eUICC credential for the requested EID and no EUM private key to issue one")]
    NoEuiccCredential { dir: PathBuf },
    #[error("random generator failure")]
    Random,
    /// The keys of an M2M eUICC could not be made.
    #[error("M2M eUICC: {0}")]
    M2m(#[from] crate::m2m::M2mSetupError),
}

/// A random EID under the EUM's first permitted prefix.
fn random_eid(issuer: &CertIssuer) -> Result<String, InitError> {
    let prefix = issuer
        .permitted_eid_prefixes()
        .first()
        .cloned()
        .unwrap_or_default();
    let room = 30usize.saturating_sub(prefix.len()).min(18);
    let mut bytes = [0u8; 8];
    SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| InitError::Random)?;
    let serial = u64::from_be_bytes(bytes) % 10u64.pow(room as u32);
    Ok(certs::eid::eid_from_prefix(&prefix, serial).map_err(GenerateError::from)?)
}

/// Credentials from a lab PKI directory (`rsp-lab pki` output, SGP.26 layout).
///
/// Without `eid`, the PKI's eUICC credential is used if it has one; otherwise an eUICC
/// certificate is issued for a random EID under the EUM's prefix. With `eid`, the PKI's
/// eUICC credential is used if it is for that EID; otherwise one is issued for it, which
/// needs the EUM private key.
pub fn credentials_from_pki_dir(dir: &Path, eid: Option<&str>) -> Result<Credentials, InitError> {
    let pki = Pki::load_dir(dir)?;
    let existing = pki
        .get(CertRole::Euicc)
        .filter(|c| c.key.is_some())
        .map(|_| Credentials::from_pki(&pki))
        .transpose()?;
    if let Some(creds) = existing {
        if eid.is_none_or(|e| e == creds.eid().as_str()) {
            return Ok(creds);
        }
    }
    // One eUICC certificate per curve whose EUM key the PKI has, all for one EID.
    let eums: Vec<&certs::Credential> = pki
        .curves(CertRole::Eum)
        .into_iter()
        .filter_map(|c| pki.get_on(CertRole::Eum, c))
        .filter(|e| e.key.is_some())
        .collect();
    let Some(first) = eums.first() else {
        pki.require(CertRole::Eum)?;
        return Err(InitError::NoEuiccCredential {
            dir: dir.to_path_buf(),
        });
    };
    let cis: Vec<Vec<u8>> = pki
        .curves(CertRole::Ci)
        .into_iter()
        .filter_map(|c| pki.get_on(CertRole::Ci, c).map(|ci| ci.cert_der.clone()))
        .collect();
    let eid = match eid {
        Some(e) => e.to_string(),
        None => random_eid(&CertIssuer::new(first)?)?,
    };
    let mut creds: Option<Credentials> = None;
    for eum in eums {
        let issued = CertIssuer::new(eum)?.issue_euicc(&eid)?;
        let key = issued.credential.key()?.clone();
        let cert = issued.credential.cert_der.clone();
        match creds.as_mut() {
            None => creds = Some(Credentials::new(cert, eum.cert_der.clone(), key, &cis)?),
            Some(c) => c.add_chain(cert, eum.cert_der.clone(), key)?,
        }
    }
    creds.ok_or(InitError::NoEuiccCredential {
        dir: dir.to_path_buf(),
    })
}

/// The keys of an M2M eUICC for `eid` from a lab PKI directory: CERT.ECASD.ECKA is signed
/// with the EUM key, which the PKI must hold (on the curve of its first EUM).
pub fn m2m_setup_from_pki_dir(dir: &Path, eid: &str) -> Result<M2mSetup, InitError> {
    let pki = Pki::load_dir(dir)?;
    let eum = pki
        .curves(CertRole::Eum)
        .into_iter()
        .find_map(|c| pki.get_on(CertRole::Eum, c).and_then(|e| e.key.as_ref()))
        .ok_or_else(|| InitError::NoEuiccCredential {
            dir: dir.to_path_buf(),
        })?;
    Ok(M2mSetup::generate(eid, eum)?)
}

/// Credentials from an SGP.26-layout directory (`eUICC/CERT_EUICC_ECDSA_NIST.der`,
/// `eUICC/SK_EUICC_ECDSA_NIST.pem`, `EUM/CERT_EUM_ECDSA_NIST.der`,
/// `CertificateIssuer/CERT_CI_ECDSA_NIST.der`); `eid`, when given, must be the certificate's.
pub fn credentials_from_dir(dir: &Path, eid: Option<&str>) -> Result<Credentials, InitError> {
    let creds = Credentials::load_dir(dir)?;
    match eid {
        Some(e) if e != creds.eid().as_str() => Err(InitError::EidMismatch {
            requested: e.to_string(),
            found: creds.eid().as_str().to_string(),
        }),
        _ => Ok(creds),
    }
}

/// A summary of an eUICC for people and scripts (`rsp-lab euicc info`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EuiccInfo {
    pub eid: String,
    pub state_file: Option<PathBuf>,
    /// SGP.22 version, `2.5.0`.
    pub svn: String,
    /// `inline`, or the credentials directory.
    pub credentials: String,
    /// SKIs (hex) of the trusted CIs (`euiccCiPKIdListForVerification`).
    pub ci_pkids_for_verification: Vec<String>,
    /// SKI (hex) of the CI of the eUICC's own chain (`euiccCiPKIdListForSigning`).
    pub ci_pkids_for_signing: Vec<String>,
    pub default_dp_address: Option<String>,
    pub root_ds_address: String,
    pub memory_capacity: u64,
    pub free_memory: u64,
    pub profiles: Vec<ProfileSummary>,
    pub pending_notifications: Vec<NotificationSummary>,
    pub next_seq_number: i64,
}

/// One installed profile in [`EuiccInfo`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProfileSummary {
    pub iccid: String,
    /// ISD-P AID, hex.
    pub isdp_aid: String,
    pub state: ProfileStatus,
    pub profile_class: ProfileClassValue,
    pub service_provider_name: String,
    pub profile_name: String,
    pub nickname: Option<String>,
    pub imsi: Option<String>,
    pub smdp_address: String,
    pub size: u64,
}

/// One pending notification in [`EuiccInfo`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NotificationSummary {
    pub seq_number: i64,
    pub operation: NotificationOperation,
    pub address: String,
    pub iccid: Option<String>,
}

impl Euicc {
    /// The summary of this eUICC.
    pub fn info(&self) -> EuiccInfo {
        let s = &self.state;
        let hex_list = |l: Vec<Vec<u8>>| l.iter().map(hex::encode_upper).collect();
        EuiccInfo {
            eid: s.eid.clone(),
            state_file: self.path.clone(),
            svn: crate::SGP22_VERSION.map(|v| v.to_string()).join("."),
            credentials: match &s.credentials {
                CredentialsRecord::Inline { .. } => "inline".into(),
                CredentialsRecord::Directory { path, .. } => path.display().to_string(),
            },
            ci_pkids_for_verification: hex_list(self.creds.ci_pkids_for_verification()),
            ci_pkids_for_signing: hex_list(self.creds.ci_pkids_for_signing()),
            default_dp_address: s.default_dp_address.clone(),
            root_ds_address: s.options.root_ds_address.clone(),
            memory_capacity: s.options.memory_capacity,
            free_memory: s.free_memory(),
            profiles: s
                .profiles
                .iter()
                .map(|p| ProfileSummary {
                    iccid: p.iccid.clone(),
                    isdp_aid: hex::encode_upper(&p.isdp_aid),
                    state: p.state,
                    profile_class: p.profile_class,
                    service_provider_name: p.service_provider_name.clone(),
                    profile_name: p.profile_name.clone(),
                    nickname: p.nickname.clone(),
                    imsi: p.imsi.clone(),
                    smdp_address: p.smdp_address.clone(),
                    size: p.size,
                })
                .collect(),
            pending_notifications: s
                .notifications
                .iter()
                .map(|n| NotificationSummary {
                    seq_number: n.seq_number,
                    operation: n.operation,
                    address: n.address.clone(),
                    iccid: n.iccid.clone(),
                })
                .collect(),
            next_seq_number: s.next_seq_number,
        }
    }
}
