//! A ProfileDownloadTriggerRequest from the eIM (SGP.32 v1.2 2.11.1, 3.2): the IPA
//! downloads the profile and returns a ProfileDownloadTriggerResult with the
//! ProfileInstallationResult, or a profileDownloadError with the answer that stopped it.
//!
//! With `indirectProfileDownload` in the eIM's configuration the download goes through the
//! eIM (ESipa InitiateAuthentication, AuthenticateClient, GetBoundProfilePackage, 5.14.1–
//! 5.14.3, 6.3.2), which relays to the SM-DP+ over ES9+'. Otherwise the IPA talks to the
//! SM-DP+ itself (ES9+, SGP.22 3.1.3) with the device LPA's download ([`lpa`]).
//!
//! The target comes from `profileDownloadData`: an activation code (SGP.22 4.1), the
//! eUICC's default SM-DP+ address (`contactDefaultSmdp`, or no data), or the first event an
//! SM-DS holds for the eUICC (`contactSmds`: event retrieval, SGP.22 3.6.3, over ES11 with
//! the device LPA's [`Lpa::discover`], at the SM-DS the trigger names or at the eUICC's root
//! SM-DS), downloaded from the SM-DP+ it names with its EventID as Matching ID. The IPA
//! asks the SM-DS itself, also when the download then goes through the eIM. No target —
//! a bad activation code, no default SM-DP+, no event — is `profileDownloadError
//! undefinedError`.
//!
//! A failure after the eUICC opened a session cancels it (ES10b.CancelSession, and
//! ESipa.CancelSession when indirect) so the SM-DP+ can release the order.

use proto::der::Asn1;
use proto::ids::{ActivationCode, MatchingId, SmdpAddress};
use proto::sgp22::{
    AuthenticateServerRequest, BoundProfilePackage, CancelSessionReason, CancelSessionRequest,
    CtxParams1, CtxParamsForCommonAuthentication, EUICCInfo1, EuiccConfiguredAddressesRequest,
    EuiccConfiguredAddressesResponse, GetEuiccChallengeRequest, GetEuiccChallengeResponse,
    GetEuiccInfo1Request, PrepareDownloadRequest, ProfileInstallationResult,
};
use proto::sgp32::{
    AuthenticateClientOkDPEsipa, AuthenticateClientRequestEsipa, AuthenticateClientResponseEsipa,
    CancelSessionRequestEsipa, EimPackageResult, EsipaMessageFromEimToIpa,
    EsipaMessageFromIpaToEim, GetBoundProfilePackageRequestEsipa,
    GetBoundProfilePackageResponseEsipa, InitiateAuthenticationOkEsipa,
    InitiateAuthenticationRequestEsipa, InitiateAuthenticationResponseEsipa, ProfileDownloadData,
    ProfileDownloadError, ProfileDownloadErrorReason, ProfileDownloadTriggerRequest,
    ProfileDownloadTriggerResult, ProfileDownloadTriggerResultData,
    SGP32AuthenticateServerResponse, SGP32CancelSessionResponse, SGP32PrepareDownloadResponse,
};

use super::agent::Ipa;
use super::card::{IpaCard, PirRecorder, call, raw};
use super::error::IpaError;
use super::report::{DownloadOutcome, PollOutcome};
use euicc_sim::apdu::Card;
use lpa::{DownloadRequest, DownloadTarget, Lpa, LpaError, lbpp_pieces};

/// Where to download from.
pub(super) struct Target {
    pub smdp_address: String,
    pub matching_id: Option<String>,
}

/// Why a download stopped: the answer to report in `errorResponse`, if any.
pub(super) struct Stopped {
    pub error_response: Option<Vec<u8>>,
    /// The session to cancel (transactionId), once the eUICC has one.
    pub cancel: Option<Vec<u8>>,
}

impl Stopped {
    pub(super) fn with(answer: &impl Asn1) -> Stopped {
        Stopped {
            error_response: Some(answer.to_der()),
            cancel: None,
        }
    }

    pub(super) fn plain() -> Stopped {
        Stopped {
            error_response: None,
            cancel: None,
        }
    }

    fn cancelling(mut self, tid: &[u8]) -> Stopped {
        self.cancel = Some(tid.to_vec());
        self
    }
}

/// Why the indirect download ended before an installation result: a refusal to report, or
/// a failure of the IPA itself.
enum Halt {
    Stopped(Stopped),
    Failed(IpaError),
}

impl From<Stopped> for Halt {
    fn from(stopped: Stopped) -> Halt {
        Halt::Stopped(stopped)
    }
}

impl From<IpaError> for Halt {
    fn from(e: IpaError) -> Halt {
        Halt::Failed(e)
    }
}

impl<C: IpaCard> Ipa<C> {
    pub(super) async fn run_download(
        &mut self,
        t: &ProfileDownloadTriggerRequest,
    ) -> Result<PollOutcome, IpaError> {
        let indirect = self.eim.indirect_profile_download;
        let outcome = match self.target(t).await? {
            Some(target) if indirect => self.download_indirect(t, &target).await?,
            Some(target) => self.download_direct(&target).await?,
            None => Err(Stopped::plain()),
        };
        let (data, installed_iccid) = match outcome {
            Ok(pir) => {
                let iccid = pir
                    .profile_installation_result_data
                    .notification_metadata
                    .iccid
                    .as_ref()
                    .and_then(|i| proto::ids::Iccid::from_swapped_bcd(&i.0).ok())
                    .map(|i| i.as_str().to_string())
                    .filter(|_| {
                        matches!(
                            pir.profile_installation_result_data.final_result,
                            proto::sgp22::FinalResult::SuccessResult(_)
                        )
                    });
                (
                    ProfileDownloadTriggerResultData::ProfileInstallationResult(pir),
                    iccid,
                )
            }
            Err(stopped) => {
                if let Some(tid) = &stopped.cancel {
                    self.cancel(tid, indirect).await;
                }
                (
                    ProfileDownloadTriggerResultData::ProfileDownloadError(ProfileDownloadError {
                        profile_download_error_reason: ProfileDownloadErrorReason::UndefinedError,
                        error_response: stopped.error_response,
                    }),
                    None,
                )
            }
        };
        let result = ProfileDownloadTriggerResult {
            eim_transaction_id: t.eim_transaction_id.clone(),
            profile_download_trigger_result_data: data,
        };
        let delivery = self
            .deliver(
                EimPackageResult::ProfileDownloadTriggerResult(result.clone()),
                Vec::new(),
            )
            .await?;
        Ok(PollOutcome::Download(Box::new(DownloadOutcome {
            result,
            installed_iccid,
            indirect,
            delivery,
        })))
    }

    /// The SM-DP+ and Matching ID of the trigger; `None` when the trigger names none the
    /// IPA can use.
    async fn target(
        &mut self,
        t: &ProfileDownloadTriggerRequest,
    ) -> Result<Option<Target>, IpaError> {
        match &t.profile_download_data {
            Some(ProfileDownloadData::ActivationCode(text)) => match ActivationCode::parse(text) {
                Ok(ac) => Ok(Some(Target {
                    smdp_address: ac.smdp_address.as_str().to_string(),
                    matching_id: ac.matching_id.as_ref().map(|m| m.as_str().to_string()),
                })),
                Err(e) => {
                    tracing::warn!(eid = %self.eid, error = %e, "activation code refused");
                    Ok(None)
                }
            },
            Some(ProfileDownloadData::ContactSmds(c)) => {
                Ok(self.discovered_target(c.smds_address.as_deref()).await)
            }
            Some(ProfileDownloadData::ContactDefaultSmdp(_)) | None => {
                let a: EuiccConfiguredAddressesResponse = call(
                    &mut self.card,
                    "ES10a.GetEuiccConfiguredAddresses",
                    &EuiccConfiguredAddressesRequest {},
                )?;
                Ok(a.default_dp_address.map(|smdp_address| Target {
                    smdp_address,
                    matching_id: None,
                }))
            }
        }
    }

    /// The first event `smds` (the eUICC's root SM-DS when `None`) holds for the eUICC
    /// (SGP.22 3.6.3); `None`, logged, when there is none or the SM-DS cannot be asked.
    async fn discovered_target(&mut self, smds: Option<&str>) -> Option<Target> {
        let eid = self.eid.clone();
        let smds = match smds.map(SmdpAddress::parse).transpose() {
            Ok(a) => a,
            Err(e) => {
                tracing::warn!(%eid, error = %e, "contactSmds: SM-DS address refused");
                return None;
            }
        };
        let mut options = self.options.lpa.clone();
        options.process_notifications = false;
        let recorder = PirRecorder::new(&mut self.card);
        let mut lpa = match Lpa::open(Card::new(recorder), options) {
            Ok(lpa) => lpa,
            Err(e) => {
                tracing::warn!(%eid, error = %e, "LPA not available");
                return None;
            }
        };
        match lpa.discover(smds.as_ref()).await {
            Ok(report) => {
                let first = report.events.into_iter().next();
                if first.is_none() {
                    tracing::info!(%eid, smds = %report.smds_address, "contactSmds: no event");
                }
                first.map(|e| Target {
                    smdp_address: e.rsp_server_address,
                    matching_id: Some(e.event_id),
                })
            }
            Err(e) => {
                tracing::info!(%eid, error = %e, "contactSmds: event retrieval failed");
                None
            }
        }
    }

    /// The download through the eIM (SGP.32 v1.2 3.2.3).
    async fn download_indirect(
        &mut self,
        t: &ProfileDownloadTriggerRequest,
        target: &Target,
    ) -> Result<Result<ProfileInstallationResult, Stopped>, IpaError> {
        match self.indirect_steps(t, target).await {
            Ok(pir) => Ok(Ok(pir)),
            Err(Halt::Stopped(stopped)) => Ok(Err(stopped)),
            Err(Halt::Failed(e)) => Err(e),
        }
    }

    /// The steps of the indirect download in order; the first refusal stops it.
    async fn indirect_steps(
        &mut self,
        t: &ProfileDownloadTriggerRequest,
        target: &Target,
    ) -> Result<ProfileInstallationResult, Halt> {
        let ok = self.initiate_authentication(t, target).await?;
        let tid = ok
            .transaction_id
            .clone()
            .unwrap_or_else(|| ok.server_signed1.transaction_id.clone());
        let authenticate_server_response = self.authenticate_server(ok, target, &tid)?;
        let dp = self
            .authenticate_client(&tid, authenticate_server_response)
            .await?;
        let prepare_download_response = self.prepare_download(dp, &tid)?;
        let bpp = self
            .get_bound_profile_package(&tid, prepare_download_response)
            .await?;
        Ok(self.load_bpp(&bpp.to_der(), &tid)?)
    }

    /// ESipa.InitiateAuthentication (SGP.32 v1.2 5.14.1) with EUICCInfo1 and the eUICC's
    /// challenge (ES10b.GetEUICCInfo, ES10b.GetEUICCChallenge).
    async fn initiate_authentication(
        &mut self,
        t: &ProfileDownloadTriggerRequest,
        target: &Target,
    ) -> Result<InitiateAuthenticationOkEsipa, Halt> {
        // SGP.22 v2.5 3.0.1, which SGP.32 v1.2 3.2.3.2 runs: euiccInfo1 first (step 1), then
        // the challenge (steps 2-4), the order osmo-ttcn3-hacks IPAd_Tests expects
        // (f_proc_cmn_mtl_auth: BF20 before BF2E).
        let info1: EUICCInfo1 = call(
            &mut self.card,
            "ES10b.GetEUICCInfo",
            &GetEuiccInfo1Request {},
        )?;
        let challenge: GetEuiccChallengeResponse = call(
            &mut self.card,
            "ES10b.GetEUICCChallenge",
            &GetEuiccChallengeRequest {},
        )?;
        let init = self
            .esipa(
                EsipaMessageFromIpaToEim::InitiateAuthenticationRequestEsipa(
                    InitiateAuthenticationRequestEsipa {
                        euicc_challenge: challenge.euicc_challenge,
                        smdp_address: Some(target.smdp_address.clone()),
                        euicc_info1: Some(info1),
                        eim_transaction_id: t.eim_transaction_id.clone(),
                    },
                ),
            )
            .await?;
        match init {
            Some(EsipaMessageFromEimToIpa::InitiateAuthenticationResponseEsipa(r)) => match r {
                InitiateAuthenticationResponseEsipa::InitiateAuthenticationOkEsipa(ok) => Ok(ok),
                InitiateAuthenticationResponseEsipa::InitiateAuthenticationErrorEsipa(e) => {
                    Err(Stopped::with(&e).into())
                }
            },
            other => Err(unexpected("initiateAuthentication", other).into()),
        }
    }

    /// ES10b.AuthenticateServer (SGP.22 5.7.13) with what the SM-DP+ signed; ctxParams1 is
    /// the eIM's, or built here from the Matching ID and the device's information.
    fn authenticate_server(
        &mut self,
        ok: InitiateAuthenticationOkEsipa,
        target: &Target,
        tid: &[u8],
    ) -> Result<SGP32AuthenticateServerResponse, Halt> {
        let ctx_params1 = ok.ctx_params1.clone().unwrap_or_else(|| {
            CtxParams1::CtxParamsForCommonAuthentication(CtxParamsForCommonAuthentication {
                matching_id: ok.matching_id.clone().or(target.matching_id.clone()),
                device_info: self.options.device_info(),
            })
        });
        let auth = AuthenticateServerRequest {
            server_signed1: ok.server_signed1,
            server_signature1: ok.server_signature1,
            euicc_ci_pkid_to_be_used: ok.euicc_ci_pk_identifier_to_be_used,
            server_certificate: ok.server_certificate,
            ctx_params1,
        };
        let function = "ES10b.AuthenticateServer";
        let der = raw(&mut self.card, function, &auth.to_der())?;
        let response = SGP32AuthenticateServerResponse::from_der(&der)
            .map_err(|source| IpaError::CardAnswer { function, source })?;
        if let SGP32AuthenticateServerResponse::AuthenticateResponseError(e) = &response {
            return Err(Stopped::with(e).cancelling(tid).into());
        }
        Ok(response)
    }

    /// ESipa.AuthenticateClient (SGP.32 v1.2 5.14.2): the SM-DP+'s smdpSigned2 and
    /// certificate; an answer meant for an SM-DS ends the download.
    async fn authenticate_client(
        &mut self,
        tid: &[u8],
        authenticate_server_response: SGP32AuthenticateServerResponse,
    ) -> Result<AuthenticateClientOkDPEsipa, Halt> {
        let client = self
            .esipa(EsipaMessageFromIpaToEim::AuthenticateClientRequestEsipa(
                AuthenticateClientRequestEsipa {
                    transaction_id: tid.to_vec(),
                    authenticate_server_response,
                },
            ))
            .await?;
        match client {
            Some(EsipaMessageFromEimToIpa::AuthenticateClientResponseEsipa(r)) => match r {
                AuthenticateClientResponseEsipa::AuthenticateClientOkDpEsipa(dp) => Ok(dp),
                AuthenticateClientResponseEsipa::AuthenticateClientErrorEsipa(e) => {
                    Err(Stopped::with(&e).cancelling(tid).into())
                }
                AuthenticateClientResponseEsipa::AuthenticateClientOkDsEsipa(_) => {
                    Err(Stopped::plain().cancelling(tid).into())
                }
            },
            other => Err(unexpected("authenticateClient", other).into()),
        }
    }

    /// ES10b.PrepareDownload (SGP.22 5.7.5) with the SM-DP+'s signed data.
    fn prepare_download(
        &mut self,
        dp: AuthenticateClientOkDPEsipa,
        tid: &[u8],
    ) -> Result<SGP32PrepareDownloadResponse, Halt> {
        let prepare = PrepareDownloadRequest {
            smdp_signed2: dp.smdp_signed2,
            smdp_signature2: dp.smdp_signature2,
            hash_cc: dp.hash_cc,
            smdp_certificate: dp.smdp_certificate,
        };
        let function = "ES10b.PrepareDownload";
        let der = raw(&mut self.card, function, &prepare.to_der())?;
        let response = SGP32PrepareDownloadResponse::from_der(&der)
            .map_err(|source| IpaError::CardAnswer { function, source })?;
        if let SGP32PrepareDownloadResponse::DownloadResponseError(e) = &response {
            return Err(Stopped::with(e).cancelling(tid).into());
        }
        Ok(response)
    }

    /// ESipa.GetBoundProfilePackage (SGP.32 v1.2 5.14.3): the Bound Profile Package.
    async fn get_bound_profile_package(
        &mut self,
        tid: &[u8],
        prepare_download_response: SGP32PrepareDownloadResponse,
    ) -> Result<BoundProfilePackage, Halt> {
        let bpp = self
            .esipa(
                EsipaMessageFromIpaToEim::GetBoundProfilePackageRequestEsipa(
                    GetBoundProfilePackageRequestEsipa {
                        transaction_id: tid.to_vec(),
                        prepare_download_response,
                    },
                ),
            )
            .await?;
        match bpp {
            Some(EsipaMessageFromEimToIpa::GetBoundProfilePackageResponseEsipa(r)) => match r {
                GetBoundProfilePackageResponseEsipa::GetBoundProfilePackageOkEsipa(ok) => {
                    Ok(ok.bound_profile_package)
                }
                GetBoundProfilePackageResponseEsipa::GetBoundProfilePackageErrorEsipa(e) => {
                    Err(Stopped::with(&e).cancelling(tid).into())
                }
            },
            other => Err(unexpected("getBoundProfilePackage", other).into()),
        }
    }

    /// ES10b.LoadBoundProfilePackage piece by piece; the ProfileInstallationResult.
    pub(super) fn load_bpp(
        &mut self,
        bpp: &[u8],
        tid: &[u8],
    ) -> Result<ProfileInstallationResult, Stopped> {
        let function = "ES10b.LoadBoundProfilePackage";
        let pieces = lbpp_pieces(bpp).map_err(|e| {
            tracing::warn!(eid = %self.eid, error = %e, "Bound Profile Package refused");
            Stopped::plain().cancelling(tid)
        })?;
        for piece in pieces {
            let answer = match raw(&mut self.card, function, &piece) {
                Ok(a) => a,
                Err(e) => {
                    tracing::warn!(eid = %self.eid, error = %e, "BPP piece refused");
                    return Err(Stopped::plain().cancelling(tid));
                }
            };
            if !answer.is_empty() {
                // The installation result ends the loading, success or not.
                return ProfileInstallationResult::from_der(&answer).map_err(|_| Stopped::plain());
            }
        }
        Err(Stopped::plain().cancelling(tid))
    }

    /// The download with the SM-DP+ itself (ES9+, SGP.22 3.1.3), by the device LPA. The
    /// installation result goes to the SM-DP+ as the LPA delivers it, and to the eIM in the
    /// trigger result; the LPA cancels a failed session itself. A run that lost the
    /// SM-DP+'s answer is repeated ([`super::IpaOptions::download_attempts`]): the LPA
    /// cancelled with reason `timeout`, the order is still open, and a Bound Profile Package
    /// already bound is bound again to the same one-time key (SGP.22 5.6.2, 5.7.5).
    async fn download_direct(
        &mut self,
        target: &Target,
    ) -> Result<Result<ProfileInstallationResult, Stopped>, IpaError> {
        let address = SmdpAddress::parse(&target.smdp_address)
            .map_err(|e| IpaError::Setup(format!("SM-DP+ address: {e}")))?;
        let matching_id = match &target.matching_id {
            Some(m) => Some(
                MatchingId::parse(m).map_err(|e| IpaError::Setup(format!("Matching ID: {e}")))?,
            ),
            None => None,
        };
        let request = DownloadRequest {
            target: DownloadTarget::Smdp {
                address,
                matching_id,
            },
            confirmation_code: None,
        };
        let eid = self.eid.clone();
        let mut options = self.options.lpa.clone();
        options.process_notifications = false;
        let runs = self.options.download_attempts.max(1);
        for run in 1..=runs {
            let recorder = PirRecorder::new(&mut self.card);
            let mut lpa = match Lpa::open(Card::new(recorder), options.clone()) {
                Ok(lpa) => lpa,
                Err(e) => {
                    tracing::warn!(%eid, error = %e, "LPA not available");
                    return Ok(Err(Stopped::plain()));
                }
            };
            let outcome = lpa.download(&request).await;
            let pir = lpa
                .close()
                .into_processor()
                .into_pir()
                .and_then(|der| ProfileInstallationResult::from_der(&der).ok());
            if let Some(pir) = pir {
                // Installed (or refused by the eUICC): the result is what counts, even if
                // the answer to its notification was lost.
                return Ok(Ok(pir));
            }
            match outcome {
                Err(e @ LpaError::Connection { .. }) if run < runs => {
                    tracing::info!(%eid, error = %e, run, "direct download interrupted; again");
                }
                Err(e) => {
                    tracing::info!(%eid, error = %e, "direct download failed");
                    break;
                }
                Ok(_) => break,
            }
        }
        Ok(Err(Stopped::plain()))
    }

    /// Cancels the eUICC's session, and the eIM's when the download went through it.
    async fn cancel(&mut self, tid: &[u8], indirect: bool) {
        let function = "ES10b.CancelSession";
        let request = CancelSessionRequest {
            transaction_id: tid.to_vec(),
            reason: CancelSessionReason::UndefinedReason,
        };
        let answer = match raw(&mut self.card, function, &request.to_der()) {
            Ok(a) => a,
            Err(e) => {
                tracing::warn!(eid = %self.eid, error = %e, "session not cancelled");
                return;
            }
        };
        if !indirect {
            return;
        }
        let Ok(cancel_session_response) = SGP32CancelSessionResponse::from_der(&answer) else {
            return;
        };
        let message =
            EsipaMessageFromIpaToEim::CancelSessionRequestEsipa(CancelSessionRequestEsipa {
                transaction_id: tid.to_vec(),
                cancel_session_response,
            });
        if let Err(e) = self.esipa(message).await {
            tracing::warn!(eid = %self.eid, error = %e, "ESipa.CancelSession failed");
        }
    }
}

fn unexpected(function: &'static str, got: Option<EsipaMessageFromEimToIpa>) -> IpaError {
    IpaError::EimAnswer {
        function,
        detail: format!("unexpected answer {got:?}"),
    }
}
