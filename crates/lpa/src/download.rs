//! Profile download (SGP.22 3.1.3 with the common mutual authentication of 3.1.2):
//!
//! ```text
//! ES10b.GetEUICCInfo(1), ES10b.GetEUICCChallenge
//! ES9+.InitiateAuthentication        check transactionId, serverAddress, euiccChallenge
//! ES10b.AuthenticateServer           ctxParams1: matchingId, deviceInfo (TAC, IMEI)
//! ES9+.AuthenticateClient            check transactionId; ccRequiredFlag
//! ES10b.PrepareDownload              hashCc = SHA256(SHA256(CC) | transactionId) if asked
//! ES9+.GetBoundProfilePackage        check transactionId
//! ES10b.LoadBoundProfilePackage      in the LPA's pieces -> ProfileInstallationResult
//! ES9+.HandleNotification            the PIR; 204 -> ES10b.RemoveNotificationFromList
//! ```
//!
//! Once the eUICC holds a session (after AuthenticateServer), any failure ends it on both
//! sides: ES10b.CancelSession with a reason that fits, and the signed result to the SM-DP+
//! with ES9+.CancelSession (5.6.5, 5.7.14). Reasons: `postponed` when no confirmation code
//! is at hand or the SM-DP+ refused a step (it has judged already and counts retries, so a
//! wrong confirmation code does not end the order); `timeout` when the SM-DP+ did not
//! answer; `loadBppExecutionError` when the package could not be loaded;
//! `undefinedReason` when the eUICC refused or the SM-DP+'s answer is unusable.

use proto::crypto::hash_cc;
use proto::der::{Asn1, Preserved};
use proto::ids::{ActivationCode, MatchingId, SmdpAddress};
use proto::json::EmptyResponse;
use proto::json::es9p::{
    AuthenticateClientRequest, AuthenticateClientResponse, CancelSessionRequest, Es9Function,
    GetBoundProfilePackageRequest, GetBoundProfilePackageResponse,
};
use proto::sgp22::{
    CancelSessionReason, CancelSessionResponse, Certificate, FinalResult, PrepareDownloadRequest,
    PrepareDownloadResponse, ProfileInstallationResult, SmdpSigned2, StoreMetadataRequest,
};

use super::agent::{DownloadStep, Lpa, announce, no_trust};
use super::authenticate::{
    Session, answer_error, authenticate_server, initiate_authentication, signature_value,
};
use super::bpp_pieces::lbpp_pieces;
use super::card_channel::CardChannel;
use super::error::{LpaError, code_name};
use super::es10x::Es10Client;
use super::notifications::deliver;
use super::report::{DownloadReport, NotificationReport, iccid_digits};
use crate::quirks::rewrite_authenticate_server_response;

/// Which SM-DP+ to download from and with what Matching ID.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DownloadTarget {
    /// An Activation Code (SGP.22 4.1).
    ActivationCode(ActivationCode),
    /// An SM-DP+ address and, optionally, a Matching ID.
    Smdp {
        address: SmdpAddress,
        matching_id: Option<MatchingId>,
    },
    /// The eUICC's default SM-DP+ address (ES10a.GetEuiccConfiguredAddresses, SGP.22 3.1.3.2).
    DefaultSmdp { matching_id: Option<MatchingId> },
}

/// A download to run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DownloadRequest {
    pub target: DownloadTarget,
    /// The Confirmation Code the end user was given, if any.
    pub confirmation_code: Option<String>,
}

impl DownloadRequest {
    /// A download by Activation Code text (`LPA:1$host$matchingId...`).
    pub fn activation_code(code: &str) -> Result<DownloadRequest, LpaError> {
        let ac = ActivationCode::parse(code)
            .map_err(|e| LpaError::Setup(format!("activation code {code:?}: {e}")))?;
        Ok(DownloadRequest {
            target: DownloadTarget::ActivationCode(ac),
            confirmation_code: None,
        })
    }

    /// The same with a Confirmation Code.
    pub fn with_confirmation_code(mut self, code: impl Into<String>) -> DownloadRequest {
        self.confirmation_code = Some(code.into());
        self
    }
}

/// A failure after the eUICC has a session: the error, and the reason to cancel with.
struct Failure {
    error: LpaError,
    cancel: CancelSessionReason,
}

impl Failure {
    fn new(error: LpaError) -> Failure {
        let cancel = match &error {
            LpaError::Connection { .. } => CancelSessionReason::Timeout,
            // the SM-DP+ has judged already (and counts retries itself): the LPA adds no
            // verdict of its own, the end user may try again
            LpaError::ConfirmationCodeRequired | LpaError::ServerRefused { .. } => {
                CancelSessionReason::Postponed
            }
            _ => CancelSessionReason::UndefinedReason,
        };
        Failure { error, cancel }
    }

    fn loading(error: LpaError) -> Failure {
        Failure {
            error,
            cancel: CancelSessionReason::LoadBppExecutionError,
        }
    }
}

impl From<LpaError> for Failure {
    fn from(error: LpaError) -> Failure {
        Failure::new(error)
    }
}

impl Session<'_> {
    /// Ends the session on the eUICC and, with its signed answer, at the SM-DP+.
    async fn cancel<C: CardChannel>(&self, es10: &mut Es10Client<C>, reason: CancelSessionReason) {
        announce(self.hook, DownloadStep::CancelSession).await;
        let response = match es10.cancel_session(self.tid(), reason) {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(error = %e, "ES10b.CancelSession failed");
                return;
            }
        };
        if let CancelSessionResponse::CancelSessionResponseError(e) = response.value {
            tracing::info!(
                code = %code_name(&e, e.asn1_value()),
                "ES10b.CancelSession refused: the eUICC has no session to cancel"
            );
            return;
        }
        let request = CancelSessionRequest {
            header: None,
            transaction_id: self.transaction_id.clone(),
            cancel_session_response: response.raw,
        };
        match self
            .es9
            .call::<_, EmptyResponse>(self.address.as_str(), Es9Function::CancelSession, &request)
            .await
        {
            Ok(_) => tracing::info!(reason = ?reason, "session cancelled at the SM-DP+"),
            Err(e) => tracing::warn!(error = %e, "ES9+.CancelSession failed"),
        }
    }
}

/// What the SM-DP+ told about the profile in AuthenticateClient.
struct Offered {
    metadata: StoreMetadataRequest,
}

async fn authenticate_and_prepare<C: CardChannel>(
    es10: &mut Es10Client<C>,
    s: &Session<'_>,
    authenticate_server_response: Vec<u8>,
    confirmation_code: Option<&str>,
) -> Result<(Offered, Vec<u8>), Failure> {
    const F: &str = "authenticateClient";
    announce(s.hook, DownloadStep::AuthenticateClient).await;
    let authenticate_server_response =
        rewrite_authenticate_server_response(s.es9.quirks(), &authenticate_server_response)
            .map_err(|e| Failure::new(LpaError::Setup(format!("quirks: {e}"))))?;
    let client: AuthenticateClientResponse = s
        .es9
        .call(
            s.address.as_str(),
            Es9Function::AuthenticateClient,
            &AuthenticateClientRequest {
                header: None,
                transaction_id: s.transaction_id.clone(),
                authenticate_server_response,
            },
        )
        .await?;
    s.check_tid(
        F,
        client.transaction_id.as_bytes(),
        "the answer's transactionId",
    )?;
    let smdp_signed2 = Preserved::<SmdpSigned2>::from_der(&client.smdp_signed2)
        .map_err(|e| answer_error(F, format!("smdpSigned2: {e}")))?;
    s.check_tid(
        F,
        &smdp_signed2.transaction_id,
        "smdpSigned2's transactionId",
    )?;
    let metadata = offered_metadata(&client.profile_metadata)
        .map_err(|e| answer_error(F, format!("profileMetadata: {e}")))?;
    tracing::info!(
        iccid = %iccid_digits(&metadata.iccid),
        provider = %metadata.service_provider_name,
        name = %metadata.profile_name,
        cc_required = smdp_signed2.cc_required_flag,
        "profile offered"
    );
    let hash_cc = match (smdp_signed2.cc_required_flag, confirmation_code) {
        (false, _) => None,
        (true, Some(cc)) => Some(hash_cc(cc.as_bytes(), s.tid())),
        (true, None) => return Err(Failure::new(LpaError::ConfirmationCodeRequired)),
    };
    let request = PrepareDownloadRequest {
        smdp_signed2,
        smdp_signature2: signature_value(F, "smdpSignature2", &client.smdp_signature2)?,
        hash_cc,
        smdp_certificate: Certificate::from_der(&client.smdp_certificate)
            .map_err(|e| answer_error(F, format!("smdpCertificate: {e}")))?,
    };
    announce(s.hook, DownloadStep::PrepareDownload).await;
    let prepared = es10.prepare_download(&request)?;
    match &prepared.value {
        PrepareDownloadResponse::DownloadResponseOk(ok) => {
            if ok.euicc_signed2.transaction_id != s.tid() {
                return Err(Failure::new(LpaError::CardAnswer {
                    function: "ES10b.PrepareDownload",
                    detail: "euiccSigned2 is for another transaction".into(),
                }));
            }
        }
        PrepareDownloadResponse::DownloadResponseError(e) => {
            let code = e.download_error_code;
            return Err(Failure::new(LpaError::EuiccRefused {
                function: "ES10b.PrepareDownload",
                code: code_name(&code, code.asn1_value()),
            }));
        }
    }
    Ok((Offered { metadata }, prepared.raw))
}

/// The profile metadata of AuthenticateClient's answer (SGP.22 5.6.3 `profileMetadata`), as
/// the LPA reads it: to show the end user what is offered (3.1.3). No signature covers it
/// and the LPA passes it on to nothing: the eUICC receives its own copy inside the Bound
/// Profile Package (StoreMetadata, 2.5.4, 5.5.3), relayed as received. So the LPA takes
/// exactly what the eUICC takes there (one constant for both, `session::load`): DER, but a
/// DEFAULT component may carry its default value (X.690 8.1; DER leaves it out, 11.5), as
/// osmo-smdpp sends `profileClass`. What is signed in the same answer (`smdpSigned2`) stays
/// strict.
fn offered_metadata(der: &[u8]) -> Result<StoreMetadataRequest, proto::der::DecodeError> {
    StoreMetadataRequest::from_der_with(der, euicc_sim::STORE_METADATA_LENIENCY)
}

/// GetBoundProfilePackage and LoadBoundProfilePackage; the ProfileInstallationResult's
/// octets.
async fn fetch_and_load<C: CardChannel>(
    es10: &mut Es10Client<C>,
    s: &Session<'_>,
    prepare_download_response: Vec<u8>,
) -> Result<Vec<u8>, Failure> {
    const F: &str = "getBoundProfilePackage";
    announce(s.hook, DownloadStep::GetBoundProfilePackage).await;
    let got: GetBoundProfilePackageResponse = s
        .es9
        .call(
            s.address.as_str(),
            Es9Function::GetBoundProfilePackage,
            &GetBoundProfilePackageRequest {
                header: None,
                transaction_id: s.transaction_id.clone(),
                prepare_download_response,
            },
        )
        .await?;
    s.check_tid(
        F,
        got.transaction_id.as_bytes(),
        "the answer's transactionId",
    )?;
    let pieces = lbpp_pieces(&got.bound_profile_package)
        .map_err(|e| Failure::loading(answer_error(F, format!("boundProfilePackage: {e}"))))?;
    announce(s.hook, DownloadStep::LoadBoundProfilePackage).await;
    let count = pieces.len();
    for (i, piece) in pieces.iter().enumerate() {
        let answer = es10
            .load_bound_profile_package_piece(piece)
            .map_err(Failure::loading)?;
        if !answer.is_empty() {
            if i + 1 < count {
                tracing::info!(
                    piece = i,
                    of = count,
                    "the eUICC ended the installation early"
                );
            }
            return Ok(answer);
        }
    }
    Err(Failure::loading(LpaError::CardAnswer {
        function: "ES10b.LoadBoundProfilePackage",
        detail: "no ProfileInstallationResult after the last piece".into(),
    }))
}

impl<C: CardChannel> Lpa<C> {
    /// The SM-DP+ address, Matching ID and whether the Activation Code announces a
    /// Confirmation Code.
    fn resolve_target(
        &mut self,
        target: &DownloadTarget,
    ) -> Result<(SmdpAddress, Option<MatchingId>, bool), LpaError> {
        Ok(match target {
            DownloadTarget::ActivationCode(ac) => (
                ac.smdp_address.clone(),
                ac.matching_id.clone(),
                ac.confirmation_code_required,
            ),
            DownloadTarget::Smdp {
                address,
                matching_id,
            } => (address.clone(), matching_id.clone(), false),
            DownloadTarget::DefaultSmdp { matching_id } => {
                let configured = self.es10.get_configured_addresses()?;
                let address = configured
                    .default_dp_address
                    .filter(|a| !a.is_empty())
                    .ok_or(LpaError::NoSmdpAddress)?;
                let address = SmdpAddress::parse(&address).map_err(|e| LpaError::CardAnswer {
                    function: "ES10a.GetEuiccConfiguredAddresses",
                    detail: format!("defaultDpAddress {address:?}: {e}"),
                })?;
                (address, matching_id.clone(), false)
            }
        })
    }

    /// Downloads and installs a profile, delivers the installation result, then (when
    /// configured) every other pending notification.
    pub async fn download(
        &mut self,
        request: &DownloadRequest,
    ) -> Result<DownloadReport, LpaError> {
        let (address, matching_id, cc_flag) = self.resolve_target(&request.target)?;
        if cc_flag && request.confirmation_code.is_none() {
            return Err(LpaError::ConfirmationCodeRequired);
        }
        let es9 = self.es9.as_ref().ok_or_else(no_trust)?;
        let es10 = &mut self.es10;
        let (session, auth_request) = initiate_authentication(
            es10,
            es9,
            &self.hook,
            address,
            matching_id.as_ref(),
            &self.options.device,
        )
        .await?;
        let authenticate_server_response =
            authenticate_server(es10, session.hook, &auth_request).await?;
        let outcome = authenticate_and_load(
            es10,
            &session,
            authenticate_server_response,
            request.confirmation_code.as_deref(),
        )
        .await;
        let (offered, pir_raw) = match outcome {
            Ok(v) => v,
            Err(failure) => {
                session.cancel(es10, failure.cancel).await;
                let error = failure.error;
                // a failed installation may have left notifications (SGP.22 3.5)
                let _ = self.notifications_after_operation().await;
                return Err(error);
            }
        };
        let (delivered, result) = installation_result(es10, &session, &offered, &pir_raw).await?;
        let mut notifications: Vec<NotificationReport> = vec![delivered];
        notifications.extend(self.notifications_after_operation().await);
        result.map(|mut report| {
            report.notifications = notifications;
            report
        })
    }
}

/// The session's steps that a failure cancels: AuthenticateClient and PrepareDownload,
/// then GetBoundProfilePackage and LoadBoundProfilePackage. What the SM-DP+ offered and
/// the ProfileInstallationResult's octets.
async fn authenticate_and_load<C: CardChannel>(
    es10: &mut Es10Client<C>,
    s: &Session<'_>,
    authenticate_server_response: Vec<u8>,
    confirmation_code: Option<&str>,
) -> Result<(Offered, Vec<u8>), Failure> {
    let (offered, prepared) =
        authenticate_and_prepare(es10, s, authenticate_server_response, confirmation_code).await?;
    let pir = fetch_and_load(es10, s, prepared).await?;
    Ok((offered, pir))
}

/// The ProfileInstallationResult delivered to the SM-DP+ (ES9+.HandleNotification), and
/// the download's report from it: the installed profile, or the eUICC's error.
async fn installation_result<C: CardChannel>(
    es10: &mut Es10Client<C>,
    session: &Session<'_>,
    offered: &Offered,
    pir_raw: &[u8],
) -> Result<(NotificationReport, Result<DownloadReport, LpaError>), LpaError> {
    let pir = ProfileInstallationResult::from_der(pir_raw).map_err(|e| LpaError::CardAnswer {
        function: "ES10b.LoadBoundProfilePackage",
        detail: format!("ProfileInstallationResult: {e}"),
    })?;
    let data = pir.profile_installation_result_data.value();
    let delivered = deliver(
        es10,
        session.es9,
        session.hook,
        &data.notification_metadata,
        pir_raw,
    )
    .await?;
    let iccid = data
        .notification_metadata
        .iccid
        .as_ref()
        .or(Some(&offered.metadata.iccid))
        .map(iccid_digits);
    let result = match &data.final_result {
        FinalResult::SuccessResult(ok) => Ok(DownloadReport {
            smdp_address: session.address.as_str().to_string(),
            transaction_id: session.transaction_id.to_hex(),
            iccid: iccid.clone(),
            isdp_aid: hex::encode_upper(&ok.aid),
            service_provider_name: Some(offered.metadata.service_provider_name.clone()),
            profile_name: Some(offered.metadata.profile_name.clone()),
            notifications: Vec::new(),
        }),
        FinalResult::ErrorResult(e) => Err(LpaError::InstallFailed {
            iccid,
            bpp_command_id: code_name(&e.bpp_command_id, e.bpp_command_id.asn1_value()),
            error_reason: code_name(&e.error_reason, e.error_reason.asn1_value()),
        }),
    };
    Ok((delivered, result))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// osmo-smdpp's metadata: profileClass `operational` spelled out (`95 01 02`).
    fn spelled_out_metadata() -> Vec<u8> {
        let mut m =
            StoreMetadataRequest::new(proto::sgp22::Iccid([0x98; 10]), "OsmocomSPN", "TS48v1_A")
                .to_der();
        // BF25 len ... + 95 01 02 at the end of the contents (tag order: after 94, before B6)
        m.extend([0x95, 0x01, 0x02]);
        m[2] += 3;
        m
    }

    #[test]
    fn sgp22_5_6_3_offered_metadata_with_an_encoded_default_is_shown() {
        let der = spelled_out_metadata();
        assert!(
            StoreMetadataRequest::from_der(&der).is_err(),
            "strict DER refuses it"
        );
        let m = offered_metadata(&der).unwrap();
        assert_eq!(m.profile_name, "TS48v1_A");
        assert_eq!(m.profile_class, proto::sgp22::ProfileClass::Operational);
        // what is not BER at all is still refused, with where
        let mut bad = der.clone();
        bad[2] += 1;
        assert!(offered_metadata(&bad).is_err());
    }
}
