//! The download functions of the ISD-R (SGP.22 5.7.5–5.7.7, 5.7.13, 5.7.14) on top of the
//! session state machine, and the commit of an installation: the profile, its
//! ProfileInstallationResult and the sequence number go into the state file in one write.

use proto::der::Asn1;
use proto::saip::{EUICCResponse, PEStatus, PEStatusCode};
use proto::sgp22::{
    AuthenticateServerRequest, AuthenticateServerResponse, BppCommandId, CancelSessionRequest,
    DownloadErrorCode, ErrorReason, ErrorResult, FinalResult, GetEuiccChallengeRequest,
    GetEuiccChallengeResponse, PrepareDownloadRequest, PrepareDownloadResponse,
    PrepareDownloadResponseError, SuccessResult,
};
use ring::rand::{SecureRandom, SystemRandom};

use super::{is_immediate_candidate, sign_pir};
use crate::es10_error::Es10Error;
use crate::euicc::Euicc;
use crate::session::{
    ChallengeIssued, Info2, InstallDraft, InstallFailure, LoadOutcome, Loading, Session,
    authenticate_server, cancel_session, prepare_download,
};
use crate::state::{NotificationOperation, StoredNotification};

/// Room for what a Bound Profile Package adds to the profile: segment headers, MACs and
/// padding, metadata with an icon, InitialiseSecureChannel.
const BPP_OVERHEAD: usize = 64 * 1024;

/// `EUICCResponse` of a package installed without remarks: one `ok` PEStatus (the compact
/// success result `30 07 A0 05 30 03 80 01 00`).
fn sima_success() -> Vec<u8> {
    EUICCResponse {
        pe_status: vec![PEStatus {
            status: PEStatusCode::Ok,
            identification: None,
            additional_information: None,
            offset: None,
        }],
        profile_installation_aborted: None,
        status_message: None,
    }
    .to_der()
}

impl Euicc {
    /// ES10b.GetEUICCChallenge (SGP.22 5.7.7): a fresh challenge starts a new session.
    pub(crate) fn get_euicc_challenge(
        &mut self,
        _req: GetEuiccChallengeRequest,
    ) -> Result<Vec<u8>, Es10Error> {
        let mut challenge = [0u8; 16];
        SystemRandom::new()
            .fill(&mut challenge)
            .map_err(|_| Es10Error::Internal("random generator"))?;
        self.session = Session::ChallengeIssued(ChallengeIssued { challenge });
        Ok(GetEuiccChallengeResponse {
            euicc_challenge: challenge,
        }
        .to_der())
    }

    /// ES10b.AuthenticateServer (SGP.22 5.7.13).
    pub(crate) fn authenticate_server(&mut self, req: &AuthenticateServerRequest) -> Vec<u8> {
        let challenge = match self.session.take() {
            Session::ChallengeIssued(c) => Some(c),
            _ => None,
        };
        let info2 = if self.is_iot() {
            Info2::Sgp32(Box::new(self.euicc_info2_iot()))
        } else {
            Info2::Sgp22(Box::new(self.euicc_info2()))
        };
        match authenticate_server(challenge, req, &self.creds, info2) {
            Ok((next, response)) => {
                self.session = Session::Authenticated(next);
                response
            }
            Err(error) => AuthenticateServerResponse::AuthenticateResponseError(error).to_der(),
        }
    }

    /// ES10b.PrepareDownload (SGP.22 5.7.5). The one-time key is stored before it is handed
    /// out, so that a retried download of a package bound to it still installs after a
    /// restart.
    pub(crate) fn prepare_download(&mut self, req: &PrepareDownloadRequest) -> Vec<u8> {
        let auth = match self.session.take() {
            Session::Authenticated(a) => Some(a),
            _ => None,
        };
        let (prepared, response) =
            match prepare_download(auth, req, &self.creds, self.state.pending_otk.as_ref()) {
                Ok(ok) => ok,
                Err(error) => {
                    return PrepareDownloadResponse::DownloadResponseError(error).to_der();
                }
            };
        let key = prepared.stored_key();
        if self.state.pending_otk.as_ref() != Some(&key) {
            let mut next = self.state.clone();
            next.pending_otk = Some(key);
            if self.commit(next).is_err() {
                return PrepareDownloadResponse::DownloadResponseError(
                    PrepareDownloadResponseError {
                        transaction_id: req.smdp_signed2.transaction_id.clone(),
                        download_error_code: DownloadErrorCode::UndefinedError,
                    },
                )
                .to_der();
            }
        }
        self.session = Session::Prepared(prepared);
        response.to_der()
    }

    /// ES10b.CancelSession (SGP.22 5.7.14).
    pub(crate) fn cancel_session(&mut self, req: &CancelSessionRequest) -> Vec<u8> {
        cancel_session(&mut self.session, req, &self.creds).to_der()
    }

    /// ES10b.LoadBoundProfilePackage (SGP.22 5.7.6): one piece of the BPP. Empty until the
    /// end or the first failure, then the ProfileInstallationResult.
    pub(crate) fn load_bound_profile_package(
        &mut self,
        piece: &[u8],
    ) -> Result<Vec<u8>, Es10Error> {
        let mut loading = match self.session.take() {
            Session::Prepared(p) => {
                let eid = proto::ids::Eid::parse_lenient(&self.state.eid)
                    .map_err(|_| Es10Error::Internal("EID of the state"))?;
                let max_len = usize::try_from(self.state.free_memory())
                    .unwrap_or(usize::MAX)
                    .saturating_mul(2)
                    .saturating_add(BPP_OVERHEAD);
                Box::new(Loading::new(*p, eid.to_bcd(), max_len))
            }
            Session::Loading(l) => l,
            _ => return Err(Es10Error::NoSession),
        };
        match loading.feed(piece, &self.state) {
            LoadOutcome::Pending => {
                self.session = Session::Loading(loading);
                Ok(Vec::new())
            }
            LoadOutcome::Installed(draft) => self.commit_installation(*draft),
            LoadOutcome::Failed(failure) => self.commit_failure(*failure),
        }
    }

    /// Installs a checked profile: ISD-P AID, sequence number, signed result, one write.
    fn commit_installation(&mut self, draft: InstallDraft) -> Result<Vec<u8>, Es10Error> {
        let mut next = self.state.clone();
        let Some(aid) = next.allocate_isdp_aid() else {
            return self.commit_failure(InstallFailure {
                pir: draft.pir,
                command: BppCommandId::LoadProfileElements,
                reason: ErrorReason::InstallFailedDueToInsufficientMemoryForProfile,
                iccid: Some(draft.iccid),
                sima_response: None,
            });
        };
        let seq_number = next.take_seq_number();
        let result = FinalResult::SuccessResult(SuccessResult {
            aid: aid.clone(),
            sima_response: sima_success(),
        });
        let pir = sign_pir(
            &self.creds,
            &draft.pir,
            seq_number,
            Some(draft.iccid),
            result,
        )
        .map_err(|_| Es10Error::Internal("signing"))?;
        let mut profile = draft.profile;
        profile.isdp_aid = aid;
        // SGP.32 v1.2 5.9.15: a profile from the default SM-DP+ may be enabled at once.
        if is_immediate_candidate(
            &next,
            &draft.pir.notification_address,
            &draft.pir.smdp_oid.to_string(),
        ) {
            next.iot.immediate_enable_candidate = Some(profile.iccid.clone());
        }
        next.notifications.push(StoredNotification {
            seq_number,
            operation: NotificationOperation::Install,
            address: draft.pir.notification_address.clone(),
            iccid: Some(profile.iccid.clone()),
            signed: pir.clone(),
        });
        next.profiles.push(profile);
        next.pending_otk = None;
        match self.commit(next) {
            Ok(()) => Ok(pir),
            Err(e) => {
                tracing::warn!(error = %e, "state file not written; installation abandoned");
                self.commit_failure(InstallFailure {
                    pir: draft.pir,
                    command: BppCommandId::LoadProfileElements,
                    reason: ErrorReason::InstallFailedDueToUnknownError,
                    iccid: Some(draft.iccid),
                    sima_response: None,
                })
            }
        }
    }

    /// Records a failed installation: nothing of the profile, only its signed result.
    fn commit_failure(&mut self, f: InstallFailure) -> Result<Vec<u8>, Es10Error> {
        let mut next = self.state.clone();
        let seq_number = next.take_seq_number();
        let result = FinalResult::ErrorResult(ErrorResult {
            bpp_command_id: f.command,
            error_reason: f.reason,
            sima_response: f.sima_response,
        });
        let pir = sign_pir(&self.creds, &f.pir, seq_number, f.iccid, result)
            .map_err(|_| Es10Error::Internal("signing"))?;
        next.notifications.push(StoredNotification {
            seq_number,
            operation: NotificationOperation::Install,
            address: f.pir.notification_address.clone(),
            iccid: f.iccid.and_then(|i| {
                proto::ids::Iccid::from_swapped_bcd(&i.0)
                    .ok()
                    .map(|i| i.as_str().to_string())
            }),
            signed: pir.clone(),
        });
        if let Err(e) = self.commit(next) {
            // The result still goes to the LPA; it is only not kept for a later retrieval.
            tracing::warn!(error = %e, "state file not written; installation result not kept");
        }
        Ok(pir)
    }
}
