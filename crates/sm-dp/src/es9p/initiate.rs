//! ES9+.InitiateAuthentication (SGP.22 5.6.1): check the address, the eUICC's SVN and CI
//! keys, open a session and sign serverSigned1 with SK.DPauth.ECDSA. The session is
//! committed before the answer is built; until AuthenticateClient it lives only
//! `unauthenticated_session_ttl`, so a flood of unauthenticated calls keeps the database
//! bounded.

use proto::der::Preserved;
use proto::sgp22::{Certificate, EUICCInfo1, InitiateAuthenticationOkEs9, ServerSigned1};

use super::{Es9Error, Work, crypto};
use crate::context::{Context, Ctx};
use crate::credentials::CiCredentials;
use crate::store::{duration_ms, now_ms, random_bytes, sessions};

/// SGP.22 v2 eUICCs report SVN 2.x.y.
const SUPPORTED_SVN_MAJOR: u8 = 2;

/// Chooses the CI of the session (SGP.22 5.6.1, 3.1.2): one whose key the eUICC lists in
/// euiccCiPKIdListForVerification (it verifies CERT.DPauth.ECDSA and CERT.DPpb.ECDSA with
/// it) and in euiccCiPKIdListForSigning (its CERT.EUICC.ECDSA chain ends there, so the
/// eUICC signs with the credentials of that CI and curve), under which this SM-DP+ holds
/// DPauth and DPpb; among several, the SM-DP+'s own order (NIST P-256 first). None that
/// this SM-DP+ trusts in euiccCiPKIdListForSigning: ciPKNotSupported (8.8.2/3.1); trusted
/// ones but none with DPauth/DPpb the eUICC can verify: SmdpCertificateUnavailable
/// (answered as ciPKNotSupported as well).
fn choose_ci<'a>(ctx: &'a Context, info1: &EUICCInfo1) -> Result<&'a CiCredentials, Es9Error> {
    certs::auth::choose_ci(info1, &ctx.creds.cis, &ctx.creds.signing, |s| &s.ci).map_err(
        |e| match e {
            certs::auth::CiChoiceError::NotSupported => Es9Error::CiPkNotSupported,
            certs::auth::CiChoiceError::NoCredential => Es9Error::SmdpCertificateUnavailable,
        },
    )
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
    let ci = choose_ci(ctx, info1)?.ci.clone();
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
    let chosen = ci.clone();
    let signature = crypto(Work::Fixed, move || {
        signer
            .creds
            .signing_for(&chosen)
            .ok_or_else(|| Es9Error::Internal("the chosen CI has no DPauth".into()))?
            .dp_auth_key
            .sign(&to_sign)
            .map_err(|e| Es9Error::Internal(format!("signing serverSigned1: {e}")))
    })
    .await?;
    let dp_auth_cert = ctx
        .creds
        .signing_for(&ci)
        .map(|s| s.dp_auth_cert.clone())
        .unwrap_or_default();

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
        server_certificate: Certificate(proto::der::RawSequence(dp_auth_cert)),
    })
}
