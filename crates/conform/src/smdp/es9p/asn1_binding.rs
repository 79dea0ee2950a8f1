//! The ES9+ ASN.1 binding (SGP.22 6.6; SGP.23's `…ASN1…` sequences): the same functions as
//! DER in `RemoteProfileProvisioningRequest`/`Response` (tags `BF39`…, in `A2`/`A3`
//! wrappers) POSTed to `/gsma/rsp2/asn1` as `application/x-gsma-rsp-asn1`; a refusal is the
//! function's own error value. An SM-DP+ that does not serve this binding (HTTP 404 or
//! 405 there) makes these cases not applicable.

use proto::der::Asn1;
use proto::ids::TransactionId;
use proto::json::ResponseHeader;
use proto::json::http::{ADMIN_PROTOCOL_SGP22, ASN1_PATH, CONTENT_TYPE_ASN1, X_ADMIN_PROTOCOL};
use proto::sgp22::{
    EUICCInfo1, InitiateAuthenticationError, InitiateAuthenticationRequest,
    InitiateAuthenticationResponse, RemoteProfileProvisioningRequest,
    RemoteProfileProvisioningResponse,
};

use super::case;
use crate::Stop;
use crate::smdp::{Answer, Case, Ctx, flow};

const GROUP: &str = "ES9+ ASN.1 binding";

pub(crate) const CASES: &[Case] = &[
    case! {
        group: GROUP,
        title: "#01 InitiateAuthentication nominal",
        test_case: Some("TC_SM_DP_ES9_InitiateAuthenticationASN1_01_Nominal"),
        clause: "SGP.22 6.6, 5.6.1",
        checks: "initiateAuthenticationRequest over the ASN.1 binding gets initiateAuthenticationOk, which the eUICC accepts (ES10b.AuthenticateServer)",
        run: initiate_nominal,
    },
    case! {
        group: GROUP,
        title: "#02 InitiateAuthentication invalid server address",
        test_case: None,
        clause: "SGP.22 6.6, 5.6.1",
        checks: "an smdpAddress that is not the SM-DP+'s gets initiateAuthenticationError invalidDpAddress(1)",
        run: initiate_invalid_address,
    },
];

/// InitiateAuthentication over the ASN.1 binding; its answer decoded, or not-applicable
/// when the binding is not served.
async fn initiate(
    ctx: &mut Ctx,
    hello: &flow::Hello,
    smdp_address: &str,
) -> Result<InitiateAuthenticationResponse, Stop> {
    let info1 = EUICCInfo1::from_der(&hello.euicc_info1)
        .map_err(|e| Stop::fail(format!("the eUICC's EUICCInfo1: {e}")))?;
    let request = RemoteProfileProvisioningRequest::InitiateAuthenticationRequest(
        InitiateAuthenticationRequest {
            euicc_challenge: hello.challenge,
            smdp_address: smdp_address.to_string(),
            euicc_info1: info1,
        },
    );
    let answer = post(ctx, request.to_der()).await?;
    if answer.status == 404 || answer.status == 405 {
        return Err(Stop::NotApplicable(format!(
            "the SM-DP+ does not serve the ASN.1 binding ({})",
            answer.describe()
        )));
    }
    if answer.status != 200 {
        return Err(Stop::fail(format!(
            "initiateAuthentication (ASN.1): expected HTTP 200, got {}",
            answer.describe()
        )));
    }
    match RemoteProfileProvisioningResponse::from_der(&answer.body) {
        Ok(RemoteProfileProvisioningResponse::InitiateAuthenticationResponse(r)) => Ok(r),
        Ok(other) => Err(Stop::fail(format!(
            "initiateAuthentication (ASN.1): another response: {other:?}"
        ))),
        Err(e) => Err(Stop::fail(format!(
            "initiateAuthentication (ASN.1): the answer does not decode: {e}"
        ))),
    }
}

async fn post(ctx: &mut Ctx, body: Vec<u8>) -> Result<Answer, Stop> {
    let shared = ctx.shared.clone();
    let headers = [
        ("content-type", CONTENT_TYPE_ASN1),
        (X_ADMIN_PROTOCOL, ADMIN_PROTOCOL_SGP22),
        ("user-agent", proto::json::http::USER_AGENT_LPAD),
    ];
    shared
        .wire
        .post_bare(
            &mut ctx.ev,
            &shared.options.address,
            ASN1_PATH,
            &headers,
            body,
        )
        .await
}

async fn initiate_nominal(ctx: &mut Ctx) -> Result<(), Stop> {
    let hello = flow::hello(ctx)?;
    let address = ctx.smdp_address().to_string();
    let ok = match initiate(ctx, &hello, &address).await? {
        InitiateAuthenticationResponse::InitiateAuthenticationOk(ok) => ok,
        InitiateAuthenticationResponse::InitiateAuthenticationError(e) => {
            return Err(Stop::fail(format!(
                "initiateAuthentication (ASN.1): expected initiateAuthenticationOk, got {e:?}"
            )));
        }
    };
    // the JSON binding's form of the same answer, for the LPA's and the eUICC's checks
    let init = proto::json::es9p::InitiateAuthenticationResponse {
        header: ResponseHeader::success(),
        transaction_id: TransactionId::new(&ok.transaction_id)
            .map_err(|e| Stop::fail(format!("transactionId: {e}")))?,
        server_signed1: ok.server_signed1.raw().to_vec(),
        server_signature1: ok.server_signature1.clone(),
        euicc_ci_pkid_to_be_used: ok.euicc_ci_pkid_to_be_used.clone(),
        server_certificate: ok.server_certificate.to_der(),
    };
    let session = flow::Session { init, hello };
    flow::authenticate_server(ctx, &session, None)?;
    Ok(())
}

async fn initiate_invalid_address(ctx: &mut Ctx) -> Result<(), Stop> {
    let hello = flow::hello(ctx)?;
    match initiate(ctx, &hello, "unknown.conform.invalid").await? {
        InitiateAuthenticationResponse::InitiateAuthenticationError(
            InitiateAuthenticationError::InvalidDpAddress,
        ) => Ok(()),
        other => Err(Stop::fail(format!(
            "initiateAuthentication (ASN.1): expected initiateAuthenticationError invalidDpAddress(1), got {other:?}"
        ))),
    }
}
