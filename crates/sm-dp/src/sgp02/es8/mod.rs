//! ES8, the SGP.02 SM-DP's download into an ISD-P (SGP.02 3.1.2, 4.1.3), as a sans-I/O engine:
//! [`Download::step`] gives the bytes of the next ES3.SendData (to the ISD-P), the SM-DP
//! sends them through the SM-SR, and [`Download::answer`] takes the eUICC's answer the
//! SM-SR relayed (`EuiccResponseData`). The steps:
//!
//! ```text
//! 1 EstablishISDPKeySet block 0 (3A01 CERT.DP.ECDSA)      script  -> RC
//! 2 EstablishISDPKeySet block 1 (3A02 CRT, ePK, signature) script  -> DR, receipt: checked
//! 3 SCP03t 84 INITIALIZE UPDATE                            TLV     -> card cryptogram: checked
//! 4 SCP03t 85 EXTERNAL AUTHENTICATE (C-MAC, C-DEC, R-MAC, R-ENC)  -> R-MAC: checked
//! 5 SCP03t 86 one segment of the package (≤ 1,024 octets) × n      -> R-MAC: checked
//! ```
//!
//! Steps 1–2 are TS 102 226 expanded command scripts (their answers response scripts);
//! steps 3–5 are the SCP03t TLVs themselves (SGP.02 4.1.3.3), sent to the same ISD-P.
//! CERT.ECASD.ECKA is verified under the EUM's key before anything is sent. After the last
//! segment the SM-DP calls ES3.ProfileDownloadCompleted (SGP.02 3.1.3).

mod error;
mod key_agreement;

pub use error::{
    DownloadError, ECASD_VERIFICATION_FAILED, EUICC_EXECUTION_ERROR, EUICC_VERIFICATION_FAILED,
};

use certs::gp::GpCertificate;
use ota::script::{CommandScript, ResponseScript, ResponseTlv, ScriptForm};
use proto::crypto::{PrivateKey, PublicKey, SigningKey};
use scp03::host::{HostHandshake, HostSession};
use scp03::scp03t::segment::MAX_SEGMENT_LEN;
use scp03::security::SecurityLevel;
use scp03::session_keys::StaticKeys;

use key_agreement::KeyAgreement;

/// What one download needs.
pub struct DownloadPlan {
    /// The ISD-P the SM-SR created (ES3.CreateISDP), every SendData's `sd-aid`.
    pub isd_p_aid: Vec<u8>,
    /// CERT.ECASD.ECKA from the EIS (GP Amendment E `7F21`).
    pub ecasd_certificate: Vec<u8>,
    /// PK.EUM.ECDSA of the EUMs CERT.ECASD.ECKA may chain to.
    pub eum_keys: Vec<PublicKey>,
    /// CERT.DP.ECDSA (GP Amendment E `7F21`, type SM-DP, signed by the CI).
    pub dp_certificate: Vec<u8>,
    /// SK.DP.ECDSA.
    pub dp_key: PrivateKey,
    /// The KVN of the ISD-P's SCP03 key set, `30`–`3F` (SGP.02 2.2.5.1).
    pub kvn: u8,
    /// The profile package (SIMalliance Interoperable Profile, DER PEs).
    pub package: Vec<u8>,
    /// Octets of the package per `86` segment, 1 to 1,024.
    pub segment_len: usize,
}

impl std::fmt::Debug for DownloadPlan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // SK.DP.ECDSA is never printed.
        f.debug_struct("DownloadPlan")
            .field("isd_p_aid", &hex::encode_upper(&self.isd_p_aid))
            .field("kvn", &self.kvn)
            .field("package_len", &self.package.len())
            .finish_non_exhaustive()
    }
}

/// What to do next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Send ES3.SendData with these bytes to the security domain `sd_aid`, then feed its
    /// `EuiccResponseData` to [`Download::answer`].
    SendData {
        /// The ISD-P's AID.
        sd_aid: Vec<u8>,
        /// The command script or SCP03t TLVs.
        data: Vec<u8>,
    },
    /// The package is in the ISD-P: call ES3.ProfileDownloadCompleted.
    Done,
}

/// Where the download stands; each state knows the answer it waits for.
enum State {
    /// Block 0 sent: the random challenge comes.
    Certificate,
    /// Block 1 sent for this challenge: DR and receipt come.
    Keys([u8; 16]),
    /// INITIALIZE UPDATE sent: the card's challenge and cryptogram come.
    InitializeUpdate(HostHandshake),
    /// EXTERNAL AUTHENTICATE sent: its R-MAC comes.
    ExternalAuthenticate(Box<HostSession>),
    /// Segment `n` sent: its R-MAC comes.
    Segment(Box<HostSession>, usize),
    /// The last segment was answered.
    Done,
    /// A step failed: the download is over.
    Failed,
}

/// One download, step by step (see the module).
pub struct Download {
    plan: DownloadPlan,
    ecasd: PublicKey,
    agreement: KeyAgreement,
    state: State,
    /// The current step's data, made once (a sealed SCP03t command advances the session).
    pending: Option<Vec<u8>>,
}

impl Download {
    /// A download of `plan`, once CERT.ECASD.ECKA verifies under one of its EUM keys and
    /// the plan's fields are in range.
    pub fn new(plan: DownloadPlan) -> Result<Download, DownloadError> {
        if !(0x30..=0x3F).contains(&plan.kvn) {
            return Err(DownloadError::Plan("KVN outside 30-3F"));
        }
        if plan.segment_len == 0 || plan.segment_len > MAX_SEGMENT_LEN {
            return Err(DownloadError::Plan("segment length outside 1-1024"));
        }
        if plan.package.is_empty() {
            return Err(DownloadError::Plan("empty package"));
        }
        GpCertificate::decode(&plan.dp_certificate)
            .map_err(|_| DownloadError::Plan("CERT.DP.ECDSA does not decode"))?;
        let cert = GpCertificate::decode(&plan.ecasd_certificate)
            .map_err(|e| DownloadError::Ecasd(e.to_string()))?;
        if !plan.eum_keys.iter().any(|k| cert.verify(k).is_ok()) {
            return Err(DownloadError::Ecasd("not signed by a known EUM".into()));
        }
        Ok(Download {
            agreement: KeyAgreement::new(plan.kvn)?,
            ecasd: cert.body.public_key,
            plan,
            state: State::Certificate,
            pending: None,
        })
    }

    /// The segments of the package.
    pub fn segment_count(&self) -> usize {
        self.plan.package.len().div_ceil(self.plan.segment_len)
    }

    /// The next step: the same one again until [`Download::answer`] took its answer.
    pub fn step(&mut self) -> Result<Step, DownloadError> {
        if let Some(data) = &self.pending {
            return Ok(self.send(data.clone()));
        }
        let data = match &mut self.state {
            State::Certificate => {
                script(KeyAgreement::certificate_block(&self.plan.dp_certificate))?
            }
            State::Keys(rc) => {
                let sk = SigningKey::new(self.plan.dp_key.clone())
                    .map_err(|e| DownloadError::Key(e.to_string()))?;
                script(self.agreement.keys_block(&sk, rc)?)?
            }
            State::InitializeUpdate(hs) => scp03::scp03t::host::initialize_update(hs, 0x01)?,
            State::Segment(session, n) => {
                let from = *n * self.plan.segment_len;
                let to = (from + self.plan.segment_len).min(self.plan.package.len());
                session.seal_segment(&self.plan.package[from..to])?
            }
            State::Done => return Ok(Step::Done),
            State::ExternalAuthenticate(_) | State::Failed => {
                return Err(DownloadError::OutOfStep);
            }
        };
        self.pending = Some(data.clone());
        Ok(self.send(data))
    }

    /// Takes the eUICC's answer to the step [`Download::step`] gave. An error ends the
    /// download (the SM-DP deletes the ISD-P, SGP.02 3.1.2).
    pub fn answer(&mut self, euicc_response: &[u8]) -> Result<(), DownloadError> {
        if self.pending.take().is_none() {
            return Err(DownloadError::OutOfStep);
        }
        let state = std::mem::replace(&mut self.state, State::Failed);
        self.state = self.advance(state, euicc_response)?;
        Ok(())
    }

    fn advance(&mut self, state: State, answer: &[u8]) -> Result<State, DownloadError> {
        Ok(match state {
            State::Certificate => State::Keys(KeyAgreement::challenge(&r_apdu(answer)?)?),
            State::Keys(_) => {
                let base = self.agreement.finish(&self.ecasd, &r_apdu(answer)?)?;
                let challenge =
                    storage::random_bytes::<8>().map_err(|e| DownloadError::Key(e.to_string()))?;
                let keys = StaticKeys::single(base);
                State::InitializeUpdate(HostHandshake::new(keys, self.plan.kvn, &challenge)?)
            }
            State::InitializeUpdate(hs) => {
                let auth = scp03::scp03t::host::receive_initialize_update(hs, answer)?;
                let (command, session) =
                    scp03::scp03t::host::external_authenticate(auth, SecurityLevel::FULL)?;
                // Sealed now: the handshake's keys live in the session from here on.
                self.pending = Some(command);
                State::ExternalAuthenticate(Box::new(session))
            }
            State::ExternalAuthenticate(mut session) => {
                session.receive_external_authenticate(answer)?;
                State::Segment(session, 0)
            }
            State::Segment(mut session, n) => {
                session.open_segment_response(answer)?;
                if n + 1 == self.segment_count() {
                    State::Done
                } else {
                    State::Segment(session, n + 1)
                }
            }
            State::Done | State::Failed => return Err(DownloadError::OutOfStep),
        })
    }

    fn send(&self, data: Vec<u8>) -> Step {
        Step::SendData {
            sd_aid: self.plan.isd_p_aid.clone(),
            data,
        }
    }
}
/// One C-APDU as a definite-length expanded command script (TS 102 226 5.2.1).
fn script(apdu: Vec<u8>) -> Result<Vec<u8>, DownloadError> {
    CommandScript::of_apdus(ScriptForm::Definite, [apdu])
        .encode()
        .map_err(|e| DownloadError::Answer(e.to_string()))
}

/// The last R-APDU of a response script: data, or the refusal's status word.
fn r_apdu(answer: &[u8]) -> Result<Vec<u8>, DownloadError> {
    let items = ResponseScript::parse(answer)
        .map_err(|e| DownloadError::Answer(e.to_string()))?
        .items;
    match items.last() {
        Some(ResponseTlv::RApdu(r)) if r.len() >= 2 => {
            let (data, sw) = r.split_at(r.len() - 2);
            match u16::from_be_bytes([sw[0], sw[1]]) {
                0x9000 => Ok(data.to_vec()),
                sw => Err(DownloadError::Refused(sw)),
            }
        }
        _ => Err(DownloadError::Answer(
            "no R-APDU in the response script".into(),
        )),
    }
}
