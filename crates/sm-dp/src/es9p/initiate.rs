//! ES9+.InitiateAuthentication (SGP.22 5.6.1): check the address, the eUICC's SVN and CI
//! keys, open a session and sign serverSigned1 with SK.DPauth.ECDSA. The session is
//! committed before the answer is built; until AuthenticateClient it lives only
//! `unauthenticated_session_ttl`, so a flood of unauthenticated calls keeps the database
//! bounded.

use proto::der::Preserved;
use proto::sgp22::{Certificate, EUICCInfo1, InitiateAuthenticationOkEs9, ServerSigned1};

use super::{Es9Error, off_runtime};
use crate::context::{Context, Ctx};
use crate::store::{duration_ms, now_ms, random_bytes, sessions};

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

/// Runs InitiateAuthentication.
pub(crate) async fn initiate_authentication(
    ctx: &Ctx,
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
    let session = sessions::Initiated {
        transaction_id: random_bytes::<16>()?.to_vec(),
        server_address: smdp_address.to_string(),
        euicc_challenge: euicc_challenge.to_vec(),
        server_challenge: random_bytes::<16>()?.to_vec(),
        euicc_info1: info1_der.to_vec(),
        ci_pkid: ci.clone(),
        expires_at: now_ms() + duration_ms(ctx.policy.unauthenticated_session_ttl),
    };
    let signed = Preserved::new(ServerSigned1 {
        transaction_id: session.transaction_id.clone(),
        euicc_challenge,
        server_address: smdp_address.to_string(),
        server_challenge: session.server_challenge[..]
            .try_into()
            .map_err(|_| Es9Error::Internal("server challenge length".into()))?,
    });
    let signer = ctx.clone();
    let to_sign = signed.raw().to_vec();
    let signature = off_runtime(move || {
        signer
            .creds
            .dp_auth_key
            .sign(&to_sign)
            .map_err(|e| Es9Error::Internal(format!("signing serverSigned1: {e}")))
    })
    .await?;

    let transaction_id = session.transaction_id.clone();
    ctx.store
        .write(move |tx| sessions::create(tx, &session))
        .await?;
    tracing::debug!(transaction_id = %hex::encode(&transaction_id), "ES9+ session initiated");

    Ok(InitiateAuthenticationOkEs9 {
        transaction_id,
        server_signed1: signed,
        server_signature1: signature.as_raw().to_vec(),
        euicc_ci_pkid_to_be_used: ci,
        server_certificate: Certificate(proto::der::RawSequence(ctx.creds.dp_auth_cert.clone())),
    })
}
