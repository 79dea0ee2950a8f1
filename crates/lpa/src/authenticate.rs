//! The common mutual authentication of the LPA with an RSP server (SGP.22 3.1.2; 3.0.1 in
//! later versions), shared by the profile download with an SM-DP+ (ES9+, 3.1.3) and the
//! event retrieval with an SM-DS (ES11, 3.6.3):
//!
//! ```text
//! ES10b.GetEUICCInfo(1), ES10b.GetEUICCChallenge
//! InitiateAuthentication             check transactionId, serverAddress, euiccChallenge
//! ES10b.AuthenticateServer           ctxParams1: matchingId (if any), deviceInfo
//! ```
//!
//! ES9+ and ES11 share the JSON paths and bodies of InitiateAuthentication, so one client
//! ([`Es9Client`]) reaches either server.

use proto::der::{Asn1, Preserved, Tag, Tlv};
use proto::ids::{MatchingId, SmdpAddress, TransactionId};
use proto::json::es9p::{
    Es9Function, InitiateAuthenticationRequest, InitiateAuthenticationResponse,
};
use proto::sgp22::{
    AuthenticateServerRequest, AuthenticateServerResponse, Certificate, CtxParams1,
    CtxParamsForCommonAuthentication, ServerSigned1,
};

use super::agent::{DownloadStep, StepHook, announce};
use super::card_channel::CardChannel;
use super::device::DeviceOptions;
use super::error::{LpaError, code_name};
use super::es9p::Es9Client;
use super::es10x::Es10Client;

/// The r‖s of a signature sent as the whole `5F37` TLV (as SM-DP+s do) or bare.
pub fn signature_value(
    function: &'static str,
    member: &str,
    bytes: &[u8],
) -> Result<Vec<u8>, LpaError> {
    if bytes.starts_with(&[0x5F, 0x37]) {
        return Tlv::parse_single(bytes)
            .map(|t| t.value().to_vec())
            .map_err(|e| LpaError::ServerAnswer {
                function,
                detail: format!("{member}: {e}"),
            });
    }
    Ok(bytes.to_vec())
}

/// A SubjectKeyIdentifier sent as its DER (`04 14 ...`) or bare.
fn key_identifier(bytes: &[u8]) -> Vec<u8> {
    match Tlv::parse_single(bytes) {
        Ok(t) if t.tag == Tag::OCTET_STRING => t.value().to_vec(),
        _ => bytes.to_vec(),
    }
}

pub(super) fn answer_error(function: &'static str, detail: impl Into<String>) -> LpaError {
    LpaError::ServerAnswer {
        function,
        detail: detail.into(),
    }
}

/// Checks the InitiateAuthentication answer against what was asked (SGP.22 5.6.1, 3.1.2)
/// and builds the AuthenticateServer request.
pub fn authenticate_server_request(
    init: &InitiateAuthenticationResponse,
    address: &SmdpAddress,
    challenge: &[u8; 16],
    matching_id: Option<&MatchingId>,
    device: &DeviceOptions,
) -> Result<AuthenticateServerRequest, LpaError> {
    const F: &str = "initiateAuthentication";
    let signed = Preserved::<ServerSigned1>::from_der(&init.server_signed1)
        .map_err(|e| answer_error(F, format!("serverSigned1: {e}")))?;
    if signed.transaction_id != init.transaction_id.as_bytes() {
        return Err(answer_error(
            F,
            format!(
                "serverSigned1 carries transactionId {} but the answer {}",
                hex::encode_upper(&signed.transaction_id),
                init.transaction_id
            ),
        ));
    }
    if !address.matches(&signed.server_address) {
        return Err(answer_error(
            F,
            format!(
                "serverSigned1 names serverAddress {:?}, not the SM-DP+ asked, {:?}",
                signed.server_address,
                address.as_str()
            ),
        ));
    }
    if &signed.euicc_challenge != challenge {
        return Err(answer_error(
            F,
            "serverSigned1 does not carry the eUICC's challenge",
        ));
    }
    let server_certificate = Certificate::from_der(&init.server_certificate)
        .map_err(|e| answer_error(F, format!("serverCertificate: {e}")))?;
    Ok(AuthenticateServerRequest {
        server_signed1: signed,
        server_signature1: signature_value(F, "serverSignature1", &init.server_signature1)?,
        euicc_ci_pkid_to_be_used: key_identifier(&init.euicc_ci_pkid_to_be_used),
        server_certificate,
        ctx_params1: CtxParams1::CtxParamsForCommonAuthentication(
            CtxParamsForCommonAuthentication {
                matching_id: matching_id.map(|m| m.as_str().to_string()),
                device_info: device.device_info(),
            },
        ),
    })
}

/// The session being run, once the SM-DP+ gave a transaction ID.
pub(super) struct Session<'a> {
    pub(super) es9: &'a Es9Client,
    pub(super) hook: &'a Option<StepHook>,
    pub(super) address: SmdpAddress,
    pub(super) transaction_id: TransactionId,
}

impl Session<'_> {
    pub(super) fn tid(&self) -> &[u8] {
        self.transaction_id.as_bytes()
    }

    pub(super) fn check_tid(
        &self,
        function: &'static str,
        found: &[u8],
        what: &str,
    ) -> Result<(), LpaError> {
        if found == self.tid() {
            Ok(())
        } else {
            Err(answer_error(
                function,
                format!(
                    "{what} {} is not the session's transactionId {}",
                    hex::encode_upper(found),
                    self.transaction_id
                ),
            ))
        }
    }
}

/// ES10b.GetEUICCInfo(1), ES10b.GetEUICCChallenge and ES9+.InitiateAuthentication: the
/// session the SM-DP+ opened, and the AuthenticateServer request once its answer checks out
/// (SGP.22 5.6.1, 3.1.2).
pub(super) async fn initiate_authentication<'a, C: CardChannel>(
    es10: &mut Es10Client<C>,
    es9: &'a Es9Client,
    hook: &'a Option<StepHook>,
    address: SmdpAddress,
    matching_id: Option<&MatchingId>,
    device: &DeviceOptions,
) -> Result<(Session<'a>, AuthenticateServerRequest), LpaError> {
    // SGP.22 v2.5 3.0.1: euiccInfo1 first (step 1), then the challenge (steps 2-4), the
    // order osmo-ttcn3-hacks IPAd_Tests (f_proc_cmn_mtl_auth) expects of an IPA too; nothing
    // else reaches the eUICC between the challenge and InitiateAuthentication.
    let info1 = es10.get_euicc_info1()?;
    let challenge = es10.get_euicc_challenge()?;
    announce(hook, DownloadStep::InitiateAuthentication).await;
    let init: InitiateAuthenticationResponse = es9
        .call(
            address.as_str(),
            Es9Function::InitiateAuthentication,
            &InitiateAuthenticationRequest {
                header: None,
                euicc_challenge: challenge.to_vec(),
                euicc_info1: info1.raw,
                smdp_address: address.clone(),
            },
        )
        .await?;
    let auth_request =
        authenticate_server_request(&init, &address, &challenge, matching_id, device)?;
    let session = Session {
        es9,
        hook,
        address,
        transaction_id: init.transaction_id.clone(),
    };
    tracing::info!(transaction_id = %session.transaction_id, "ES9+ session");
    Ok((session, auth_request))
}

/// ES10b.AuthenticateServer (SGP.22 5.7.13): the eUICC's signed answer, or its refusal.
pub(super) async fn authenticate_server<C: CardChannel>(
    es10: &mut Es10Client<C>,
    hook: &Option<StepHook>,
    request: &AuthenticateServerRequest,
) -> Result<Vec<u8>, LpaError> {
    announce(hook, DownloadStep::AuthenticateServer).await;
    let authenticated = es10.authenticate_server(request)?;
    match &authenticated.value {
        AuthenticateServerResponse::AuthenticateResponseOk(_) => Ok(authenticated.raw),
        AuthenticateServerResponse::AuthenticateResponseError(e) => {
            let code = e.authenticate_error_code;
            Err(LpaError::EuiccRefused {
                function: "ES10b.AuthenticateServer",
                code: code_name(&code, code.asn1_value()),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sgp22_6_5_2_signature_taken_from_its_5f37_tlv_or_bare() {
        let mut tlv = vec![0x5F, 0x37, 0x40];
        tlv.extend([7u8; 64]);
        assert_eq!(signature_value("f", "s", &tlv).unwrap(), vec![7u8; 64]);
        assert_eq!(
            signature_value("f", "s", &[7u8; 64]).unwrap(),
            vec![7u8; 64]
        );
        assert!(signature_value("f", "s", &[0x5F, 0x37, 0x41, 0]).is_err());
    }

    fn init(tid: &[u8], address: &str, challenge: [u8; 16]) -> InitiateAuthenticationResponse {
        let signed = ServerSigned1 {
            transaction_id: tid.to_vec(),
            euicc_challenge: challenge,
            server_address: address.into(),
            server_challenge: [3; 16],
        };
        InitiateAuthenticationResponse {
            header: proto::json::ResponseHeader::success(),
            transaction_id: TransactionId::new(&[1, 2, 3, 4]).unwrap(),
            server_signed1: signed.to_der(),
            server_signature1: vec![0; 64],
            euicc_ci_pkid_to_be_used: vec![0; 20],
            server_certificate: Vec::new(),
        }
    }

    fn check(init: &InitiateAuthenticationResponse) -> Result<AuthenticateServerRequest, LpaError> {
        let address = SmdpAddress::parse("smdp.example").unwrap();
        authenticate_server_request(init, &address, &[7; 16], None, &DeviceOptions::default())
    }

    /// The refusal, which is the LPA's own verdict on the InitiateAuthentication answer
    /// (before ES10b.AuthenticateServer, so the eUICC holds no session to cancel).
    fn detail(r: Result<AuthenticateServerRequest, LpaError>) -> String {
        match r {
            Err(LpaError::ServerAnswer { function, detail }) => {
                assert_eq!(function, "initiateAuthentication");
                detail
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn sgp22_5_6_1_server_signed1_must_name_the_address_asked() {
        let d = detail(check(&init(&[1, 2, 3, 4], "evil.example", [7; 16])));
        assert!(d.contains("serverAddress \"evil.example\""), "{d}");
        // the comparison is case-insensitive (SGP.22 5.6.1); the next check is reached
        let d = detail(check(&init(&[1, 2, 3, 4], "SMDP.Example", [7; 16])));
        assert!(d.contains("serverCertificate"), "{d}");
    }

    #[test]
    fn sgp22_5_6_1_server_signed1_must_carry_the_session_and_the_challenge() {
        let d = detail(check(&init(&[9, 9], "smdp.example", [7; 16])));
        assert!(d.contains("transactionId 0909"), "{d}");
        let d = detail(check(&init(&[1, 2, 3, 4], "smdp.example", [8; 16])));
        assert!(d.contains("challenge"), "{d}");
    }

    #[test]
    fn sgp22_6_5_2_key_identifier_taken_from_its_der_or_bare() {
        let mut der = vec![0x04, 0x14];
        der.extend([9u8; 20]);
        assert_eq!(key_identifier(&der), vec![9u8; 20]);
        assert_eq!(key_identifier(&[9u8; 20]), vec![9u8; 20]);
    }
}
