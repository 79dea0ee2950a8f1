//! A device: the software eUICC (euicc-sim) answering ES10b, and the LPA's ES11 calls over
//! both bindings.

use euicc_sim::Es10Processor;
use proto::der::Asn1;
use proto::sgp22::{
    AuthenticateClientRequest, AuthenticateClientResponseEs11, AuthenticateServerRequest,
    AuthenticateServerResponse, CtxParams1, CtxParamsForCommonAuthentication, EUICCInfo1,
    GetEuiccChallengeRequest, GetEuiccChallengeResponse, GetEuiccInfo1Request,
    InitiateAuthenticationOkEs9, InitiateAuthenticationRequest, InitiateAuthenticationResponse,
    RemoteProfileProvisioningRequest as Req, RemoteProfileProvisioningResponse as Resp,
};

use super::{Client, pki};

pub(crate) struct Device {
    pub euicc: euicc_sim::Euicc,
}

impl Device {
    pub(crate) fn new() -> Device {
        let creds = euicc_sim::Credentials::from_pki(pki()).unwrap();
        Device {
            euicc: euicc_sim::Euicc::in_memory(creds, euicc_sim::EuiccOptions::default()).unwrap(),
        }
    }

    fn es10<R: Asn1>(&mut self, request: &impl Asn1) -> R {
        let out = self
            .euicc
            .try_process_es10(&request.to_der())
            .expect("ES10 answer");
        R::from_der(&out).expect("ES10 answer decodes")
    }

    /// ES10b.GetEUICCChallenge and GetEUICCInfo1.
    pub(crate) fn challenge_and_info1(&mut self) -> ([u8; 16], EUICCInfo1) {
        let c: GetEuiccChallengeResponse = self.es10(&GetEuiccChallengeRequest {});
        let info1: EUICCInfo1 = self.es10(&GetEuiccInfo1Request {});
        (c.euicc_challenge, info1)
    }

    /// ES10b.AuthenticateServer with what InitiateAuthentication answered (no Matching ID:
    /// event retrieval, SGP.22 3.6).
    pub(crate) fn authenticate_server(
        &mut self,
        ok: &InitiateAuthenticationOkEs9,
    ) -> AuthenticateServerResponse {
        self.es10(&AuthenticateServerRequest {
            server_signed1: ok.server_signed1.clone(),
            server_signature1: ok.server_signature1.clone(),
            euicc_ci_pkid_to_be_used: ok.euicc_ci_pkid_to_be_used.clone(),
            server_certificate: ok.server_certificate.clone(),
            ctx_params1: CtxParams1::CtxParamsForCommonAuthentication(
                CtxParamsForCommonAuthentication {
                    matching_id: None,
                    device_info: Default::default(),
                },
            ),
        })
    }
}

/// ES11.InitiateAuthentication over the ASN.1 binding.
pub(crate) async fn initiate(
    lpa: &Client,
    device: &mut Device,
    address: &str,
) -> InitiateAuthenticationResponse {
    let (challenge, info1) = device.challenge_and_info1();
    let req = Req::InitiateAuthenticationRequest(InitiateAuthenticationRequest {
        euicc_challenge: challenge,
        smdp_address: address.into(),
        euicc_info1: info1,
    });
    let (status, body) = lpa.asn1(req.to_der()).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    match Resp::from_der(&body).unwrap() {
        Resp::InitiateAuthenticationResponse(r) => r,
        other => panic!("not an InitiateAuthenticationResponse: {other:?}"),
    }
}

/// ES11.AuthenticateClient over the ASN.1 binding.
pub(crate) async fn authenticate(
    lpa: &Client,
    transaction_id: &[u8],
    response: AuthenticateServerResponse,
) -> AuthenticateClientResponseEs11 {
    let req = Req::AuthenticateClientRequest(AuthenticateClientRequest {
        transaction_id: transaction_id.to_vec(),
        authenticate_server_response: response,
    });
    let (status, body) = lpa.asn1(req.to_der()).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    match Resp::from_der(&body).unwrap() {
        Resp::AuthenticateClientResponseEs11(r) => r,
        other => panic!("not an AuthenticateClientResponseEs11: {other:?}"),
    }
}

/// The whole event retrieval of one device over the ASN.1 binding.
pub(crate) async fn discover(lpa: &Client, device: &mut Device) -> AuthenticateClientResponseEs11 {
    let InitiateAuthenticationResponse::InitiateAuthenticationOk(ok) =
        initiate(lpa, device, "smds.rsp-lab.test").await
    else {
        panic!("InitiateAuthentication refused");
    };
    let asr = device.authenticate_server(&ok);
    authenticate(lpa, &ok.transaction_id, asr).await
}
