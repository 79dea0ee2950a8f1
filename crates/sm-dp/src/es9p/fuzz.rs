//! Entry points for the coverage-guided fuzz targets in `fuzz/` (not an API): what the ES9+
//! endpoints make of a request body before anything is looked up, with the endpoints' own
//! decoding and refusal helpers. The session and the database are not reached.

use proto::der::Asn1;
use proto::json::es9p::{self as j, Es9Function};
use proto::sgp22::{
    AuthenticateServerResponse, CancelSessionResponse, EUICCInfo1, PendingNotification,
    PrepareDownloadResponse, RemoteProfileProvisioningRequest as Req,
};

use super::Es9Error;
use super::asn1::{Function, error_response, pending_raw};
use super::json::{decode, der, failed};

/// A DER value taken from a request: its name, the octets received and the re-encoding of
/// the decoded value.
pub type Member = (&'static str, Vec<u8>, Vec<u8>);

fn member<T: Asn1>(name: &'static str, received: &[u8]) -> Result<Member, Es9Error> {
    let value: T = der(name, received)?;
    Ok((name, received.to_vec(), value.to_der()))
}

/// The JSON binding (SGP.22 6.5): the DER members of the request of `f`, or the `Failed`
/// answer the endpoint sends.
pub fn json_body(f: Es9Function, body: &[u8]) -> Result<Vec<Member>, Vec<u8>> {
    json_members(f, body).map_err(|e| failed(&e))
}

fn json_members(f: Es9Function, body: &[u8]) -> Result<Vec<Member>, Es9Error> {
    Ok(vec![match f {
        Es9Function::InitiateAuthentication => {
            let req: j::InitiateAuthenticationRequest = decode(body)?;
            member::<EUICCInfo1>("euiccInfo1", &req.euicc_info1)?
        }
        Es9Function::AuthenticateClient => {
            let req: j::AuthenticateClientRequest = decode(body)?;
            member::<AuthenticateServerResponse>(
                "authenticateServerResponse",
                &req.authenticate_server_response,
            )?
        }
        Es9Function::GetBoundProfilePackage => {
            let req: j::GetBoundProfilePackageRequest = decode(body)?;
            member::<PrepareDownloadResponse>(
                "prepareDownloadResponse",
                &req.prepare_download_response,
            )?
        }
        Es9Function::HandleNotification => {
            let req: j::HandleNotificationRequest = decode(body)?;
            member::<PendingNotification>("pendingNotification", &req.pending_notification)?
        }
        Es9Function::CancelSession => {
            let req: j::CancelSessionRequest = decode(body)?;
            member::<CancelSessionResponse>("cancelSessionResponse", &req.cancel_session_response)?
        }
    }])
}

/// The ASN.1 binding (SGP.22 6.6): the request and, for HandleNotification, the
/// PendingNotification octets the signature check uses; or the answer the endpoint sends,
/// empty for HTTP 400 without a body.
pub fn asn1_body(body: &[u8]) -> Result<Vec<Member>, Vec<u8>> {
    let refusal = |why: String| {
        Function::sniff(body)
            .and_then(|f| error_response(f, &Es9Error::Malformed(why)))
            .map(|resp| resp.to_der())
            .unwrap_or_default()
    };
    let req = Req::from_der(body).map_err(|e| refusal(e.to_string()))?;
    let mut members = vec![(
        "RemoteProfileProvisioningRequest",
        body.to_vec(),
        req.to_der(),
    )];
    match &req {
        Req::HandleNotification(r) => {
            if let Some(raw) = pending_raw(body) {
                members.push(("pendingNotification", raw, r.pending_notification.to_der()));
            }
        }
        Req::Unknown(_) => return Err(Vec::new()),
        _ => {}
    }
    Ok(members)
}
