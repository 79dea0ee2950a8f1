//! ES9+.InitiateAuthentication (SGP.22 5.6.1): check the address, the eUICC's SVN and CI
//! keys, open a session and sign serverSigned1 with SK.DPauth.ECDSA.

use proto::der::Preserved;
use proto::sgp22::{Certificate, EUICCInfo1, InitiateAuthenticationOkEs9, ServerSigned1};

use super::Es9Error;
use crate::context::Context;
use crate::store::{Session, SessionStep, duration_ms, now_ms, random_bytes, sessions};

/// SGP.22 v2 eUICCs report SVN 2.x.y.
const SUPPORTED_SVN_MAJOR: u8 = 2;

/// Chooses the CI of the session (SGP.22 5.6.1): one of the eUICC's
/// euiccCiPKIdListForSigning that this SM-DP+ trusts, which issued CERT.DPauth.ECDSA and
/// CERT.DPpb.ECDSA, and which the eUICC can verify (euiccCiPKIdListForVerification).
fn choose_ci(ctx: &Context, info1: &EUICCInfo1) -> Result<Vec<u8>, Es9Error> {
    let trusted: Vec<&Vec<u8>> = info1
        .euicc_ci_pkid_list_for_signing
        .iter()
        .filter(|p| ctx.creds.ci(p).is_some())
        .collect();
    if trusted.is_empty() {
        return Err(Es9Error::CiPkNotSupported);
    }
    trusted
        .into_iter()
        .find(|p| {
            **p == ctx.creds.dp_auth_ci
                && **p == ctx.creds.dp_pb_ci
                && info1.euicc_ci_pkid_list_for_verification.contains(p)
        })
        .cloned()
        .ok_or(Es9Error::SmdpCertificateUnavailable)
}

/// Runs InitiateAuthentication; the session is committed before the answer is built.
pub(crate) async fn initiate_authentication(
    ctx: &Context,
    euicc_challenge: [u8; 16],
    smdp_address: &str,
    info1: &EUICCInfo1,
    info1_der: &[u8],
) -> Result<InitiateAuthenticationOkEs9, Es9Error> {
    if !smdp_address.eq_ignore_ascii_case(&ctx.address) {
        return Err(Es9Error::SmdpAddressRefused(smdp_address.to_string()));
    }
    if info1.svn[0] != SUPPORTED_SVN_MAJOR {
        let v = info1.svn;
        return Err(Es9Error::SvnUnsupported(format!(
            "{}.{}.{}",
            v[0], v[1], v[2]
        )));
    }
    let ci = choose_ci(ctx, info1)?;
    let transaction_id = random_bytes::<16>()?.to_vec();
    let server_challenge = random_bytes::<16>()?;
    let signed = Preserved::new(ServerSigned1 {
        transaction_id: transaction_id.clone(),
        euicc_challenge,
        server_address: smdp_address.to_string(),
        server_challenge,
    });
    let signature = ctx
        .creds
        .dp_auth_key
        .sign(signed.raw())
        .map_err(|e| Es9Error::Internal(format!("signing serverSigned1: {e}")))?;

    let mut tx = ctx.store.begin().await?;
    sessions::create(
        &mut tx,
        &Session {
            transaction_id: transaction_id.clone(),
            step: SessionStep::Initiated,
            server_address: smdp_address.to_string(),
            euicc_challenge: euicc_challenge.to_vec(),
            server_challenge: server_challenge.to_vec(),
            euicc_info1: info1_der.to_vec(),
            ci_pkid: ci.clone(),
            eid: None,
            euicc_cert: None,
            eum_cert: None,
            euicc_info2: None,
            order_id: None,
            profile_metadata: None,
            smdp_signed2: None,
            smdp_signature2: None,
            euicc_otpk: None,
            expires_at: now_ms() + duration_ms(ctx.policy.session_ttl),
        },
    )
    .await?;
    tx.commit().await.map_err(crate::store::StoreError::from)?;
    tracing::info!(transaction_id = %hex::encode(&transaction_id), "ES9+ session initiated");

    Ok(InitiateAuthenticationOkEs9 {
        transaction_id,
        server_signed1: signed,
        server_signature1: signature.as_raw().to_vec(),
        euicc_ci_pkid_to_be_used: ci,
        server_certificate: Certificate(proto::der::RawSequence(ctx.creds.dp_auth_cert.clone())),
    })
}
