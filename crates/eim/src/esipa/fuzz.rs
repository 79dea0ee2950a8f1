//! Entry points for the coverage-guided fuzz targets in `fuzz/` (not an API): what the
//! ESipa endpoints make of a request body before anything is looked up, with the endpoints'
//! own decoding and refusal helpers. No session, relay or database is reached.

use proto::der::Asn1;
use proto::json::StatusCode;
use proto::json::esipa::{self as j, EsipaFunction, EsipaNotification};
use proto::sgp22::EUICCInfo1;
use proto::sgp32::{
    EimPackageResult, EsipaMessageFromIpaToEim as In, GetEimPackageRequest,
    ProvideEimPackageResult, SGP32AuthenticateServerResponse, SGP32CancelSessionResponse,
    SGP32PendingNotification, SGP32PrepareDownloadResponse,
};

use super::asn1::{Function, error_response};
use super::generation::Generation;
use super::json::{Refusal, decode, der, failed, get_eim_package_request};

/// A DER value taken from (or built from) a request: its name, the octets and the
/// re-encoding of those octets decoded.
pub type Member = (&'static str, Vec<u8>, Vec<u8>);

fn member<T: Asn1>(name: &'static str, received: &[u8]) -> Result<Member, Refusal> {
    let value: T = der(name, received)?;
    Ok((name, received.to_vec(), value.to_der()))
}

/// The JSON binding (SGP.32 6.4): the DER members of the request of `f`, or the answer the
/// endpoint sends (a `Failed` header; for GetEimPackage without a usable `eidValue`, the
/// executed answer with `eimPackageError`).
pub fn json_body(f: EsipaFunction, body: &[u8]) -> Result<Vec<Member>, Vec<u8>> {
    if f == EsipaFunction::GetEimPackage {
        let (typed, _) = get_eim_package_request(body, Generation::V1_2)
            .map_err(|answer| answer.unwrap_or_else(failed))?;
        let built = typed.to_der();
        let again = GetEimPackageRequest::from_der(&built)
            .map(|v| v.to_der())
            .unwrap_or_default();
        return Ok(vec![("GetEimPackageRequest", built, again)]);
    }
    json_members(f, body).map_err(failed)
}

fn json_members(f: EsipaFunction, body: &[u8]) -> Result<Vec<Member>, Refusal> {
    Ok(match f {
        EsipaFunction::ProvideEimPackageResult => {
            let req: j::ProvideEimPackageResultRequest = decode(body)?;
            vec![member::<EimPackageResult>(
                "eimPackageResult",
                &req.eim_package_result,
            )?]
        }
        EsipaFunction::HandleNotification => {
            let req: j::HandleNotificationRequest = decode(body)?;
            vec![match &req.notification {
                EsipaNotification::PendingNotification(b) => {
                    member::<SGP32PendingNotification>("pendingNotification", b)?
                }
                EsipaNotification::ProvideEimPackageResult(b) => {
                    member::<ProvideEimPackageResult>("provideEimPackageResult", b)?
                }
            }]
        }
        EsipaFunction::InitiateAuthentication => {
            let req: j::InitiateAuthenticationRequest = decode(body)?;
            match req.euicc_info1.as_deref() {
                Some(b) => vec![member::<EUICCInfo1>("euiccInfo1", b)?],
                None => Vec::new(),
            }
        }
        EsipaFunction::AuthenticateClient => {
            let req: j::AuthenticateClientRequest = decode(body)?;
            vec![member::<SGP32AuthenticateServerResponse>(
                "authenticateServerResponse",
                &req.authenticate_server_response,
            )?]
        }
        EsipaFunction::GetBoundProfilePackage => {
            let req: j::GetBoundProfilePackageRequest = decode(body)?;
            vec![member::<SGP32PrepareDownloadResponse>(
                "prepareDownloadResponse",
                &req.prepare_download_response,
            )?]
        }
        EsipaFunction::CancelSession => {
            let req: j::CancelSessionRequest = decode(body)?;
            vec![member::<SGP32CancelSessionResponse>(
                "cancelSessionResponse",
                &req.cancel_session_response,
            )?]
        }
        // GetEimPackage is answered by `json_body` itself.
        EsipaFunction::GetEimPackage | EsipaFunction::TransferEimPackage => {
            return Err(Refusal::new(
                StatusCode::PROTOCOL_FORMAT_INVALID,
                "transferEimPackage is called by the eIM, not served by it",
            ));
        }
    })
}

/// The ASN.1 binding (SGP.32 6.1.1, 6.3): the message, or the answer the endpoint sends,
/// empty for HTTP 400 without a body.
pub fn asn1_body(body: &[u8]) -> Result<Vec<Member>, Vec<u8>> {
    let refusal = || {
        Function::sniff(body)
            .and_then(|f| error_response(f, body))
            .map(|msg| msg.to_der())
            .unwrap_or_default()
    };
    let msg = In::from_der(body).map_err(|_| refusal())?;
    if matches!(msg, In::TransferEimPackageResponse(_) | In::Unknown(_)) {
        return Err(refusal());
    }
    Ok(vec![(
        "EsipaMessageFromIpaToEim",
        body.to_vec(),
        msg.to_der(),
    )])
}
