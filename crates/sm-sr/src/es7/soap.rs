//! ES7 over the SGP.02 web-service binding (SGP.02 5.7): each request read and checked by
//! the binding, the calling SM-SR named by its certificate and `wsa:From`
//! ([`super::listener`]), run to its end and answered in the HTTP response
//! ([`super::peers`]): HandoverEUICC as SM-SR2 ([`super::target`]), AuthenticateSMSR and
//! CreateAdditionalKeySet as SM-SR1 ([`super::source`]).

use soap::bodies::BaseResponse;
use soap::es7::{
    AUTHENTICATE_SMSR, AuthenticateSmsrResponse, CREATE_ADDITIONAL_KEY_SET,
    CreateAdditionalKeySetRequest, CreateAdditionalKeySetResponse, Es7Request, HANDOVER_EUICC,
};
use soap::http::{Answer, check_requester, receive};
use soap::message::Hex;
use soap::status::ResponseHeader;

use super::{ChangeError, KeySetRequest, source, target};
use crate::es4::SoapRequest;
use crate::es4::soap::{refusal, response_id};
use crate::server::SmSrCore;

impl SmSrCore {
    /// Serves one ES7 request; `r.requester` is the commonName of the caller's CERT.SR.TLS.
    pub async fn es7_soap(&self, r: SoapRequest<'_>) -> Answer {
        let id = response_id();
        let received =
            match receive::<Es7Request>(r.body, r.content_type, r.soap_action, r.endpoint, &id) {
                Ok(received) => received,
                Err(answer) => return answer,
            };
        let known = |from: &str| {
            self.es7()
                .is_ok_and(|es7| es7.peer_named(r.requester, from).is_some())
        };
        let from = match check_requester(&received.envelope, known) {
            Ok(from) => from.to_string(),
            Err(refusal) => {
                let op = received.message.operation().0;
                let env = refusal.to_envelope(Some(&received.envelope), Some(op), &id);
                return Answer::with_status(refusal.http_status(env.version), &env);
            }
        };
        let a = &received.envelope.addressing;
        match received.message {
            Es7Request::HandoverEuicc(q) => {
                let header = match target::handover_euicc(self, &from, &q.eis).await {
                    Ok(false) => ResponseHeader::success(),
                    Ok(true) => ResponseHeader::warning(
                        crate::status::EUICC_EXECUTION_ERROR,
                        "FinaliseISDRhandover not confirmed",
                    ),
                    Err(e) => failed(&e),
                };
                Answer::envelope(&HANDOVER_EUICC.response(a, &id, &BaseResponse::new(header)))
            }
            Es7Request::AuthenticateSmsr(q) => {
                let cert = &q.smsr_certificate.0;
                let msg = match source::authenticate_smsr(self, &from, q.eid.as_str(), cert).await {
                    Ok(rc) => AuthenticateSmsrResponse {
                        header: ResponseHeader::success(),
                        random_challenge: Some(Hex(rc)),
                    },
                    Err(e) => AuthenticateSmsrResponse {
                        header: failed(&e),
                        random_challenge: None,
                    },
                };
                Answer::envelope(&AUTHENTICATE_SMSR.response(a, &id, &msg))
            }
            Es7Request::CreateAdditionalKeySet(q) => {
                let msg = match create_key_set(self, &from, &q).await {
                    Ok((dr, receipt)) => CreateAdditionalKeySetResponse {
                        header: ResponseHeader::success(),
                        derivation_random: dr.map(Hex),
                        receipt: Some(Hex(receipt)),
                    },
                    Err(e) => CreateAdditionalKeySetResponse {
                        header: failed(&e),
                        derivation_random: None,
                        receipt: None,
                    },
                };
                Answer::envelope(&CREATE_ADDITIONAL_KEY_SET.response(a, &id, &msg))
            }
        }
    }
}

/// CreateAdditionalKeySet's fields as the `3A02` block: the control reference template
/// rebuilt from KeyVersionNumber, InitialSequenceCounter, ScenarioParameter and HostID,
/// the ephemeral key as its `7F49` template, the signature as given.
async fn create_key_set(
    core: &SmSrCore,
    from: &str,
    q: &CreateAdditionalKeySetRequest,
) -> Result<(Option<Vec<u8>>, Vec<u8>), ChangeError> {
    let request = KeySetRequest {
        kvn: q.key_version_number,
        initial_counter: u64::from(q.initial_sequence_counter),
        scenario: q.scenario_parameter,
        host_id: q.host_id.as_ref().map(|h| h.0.clone()),
    };
    request.check()?;
    let epk = &q.ephemeral_public_key.0;
    match certs::gp::tlv::read(epk) {
        Ok((t, rest)) if t.tag == 0x7F49 && rest.is_empty() => {}
        _ => return Err(ChangeError::Invalid("EphemeralPublicKey")),
    }
    let crt = request.crt_tlv();
    let parts = (&crt[..], &epk[..], &q.signature.0[..]);
    source::create_additional_key_set(core, from, q.eid.as_str(), parts).await
}

fn failed(e: &ChangeError) -> ResponseHeader {
    tracing::info!(error = %e, "ES7 function refused");
    ResponseHeader::failed(refusal(e), e.to_string())
}
