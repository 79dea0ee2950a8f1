//! ES11.InitiateAuthentication (SGP.22 5.8.1): the address must be this SM-DS's, the eUICC a
//! v2 one with a CI in common; the SM-DS opens a session and signs serverSigned1 with
//! SK.DSauth.ECDSA of that CI. The session is committed before the answer is built and
//! lives `Policy::session_ttl`, so a flood of unauthenticated calls stays bounded.

use proto::der::{Preserved, RawSequence};
use proto::sgp22::{Certificate, EUICCInfo1, InitiateAuthenticationOkEs9, ServerSigned1};

use super::Es11Error;
use crate::context::Ctx;
use crate::store::{duration_ms, now_ms, random_bytes, sessions};

/// SGP.22 v2 eUICCs report SVN 2.x.y.
const SUPPORTED_SVN_MAJOR: u8 = 2;

/// Runs InitiateAuthentication for the eUICC's challenge and EUICCInfo1.
pub(crate) async fn initiate_authentication(
    ctx: &Ctx,
    euicc_challenge: [u8; 16],
    address: &str,
    info1: &EUICCInfo1,
) -> Result<InitiateAuthenticationOkEs9, Es11Error> {
    if !address.eq_ignore_ascii_case(&ctx.address) {
        return Err(Es11Error::AddressRefused(address.to_string()));
    }
    if info1.svn[0] != SUPPORTED_SVN_MAJOR {
        let [a, b, c] = info1.svn;
        return Err(Es11Error::SvnUnsupported(format!("{a}.{b}.{c}")));
    }
    let auth =
        certs::auth::choose_ci(info1, &ctx.creds.cis, &ctx.creds.auth, |a| &a.ci).map_err(|e| {
            match e {
                certs::auth::CiChoiceError::NotSupported => Es11Error::CiPkNotSupported,
                certs::auth::CiChoiceError::NoCredential => Es11Error::CertificateUnavailable,
            }
        })?;
    let transaction_id = random_bytes::<16>()?.to_vec();
    let server_challenge = random_bytes::<16>()?;
    let signed1 = Preserved::new(ServerSigned1 {
        transaction_id: transaction_id.clone(),
        euicc_challenge,
        server_address: address.to_string(),
        server_challenge,
    });
    // One ECDSA signature of fixed size: on the worker, as the TLS handshake's own.
    let signature = auth
        .key
        .sign(signed1.raw())
        .map_err(|e| Es11Error::Internal(format!("signing serverSigned1: {e}")))?;
    let session = sessions::Session {
        transaction_id: transaction_id.clone(),
        server_address: address.to_string(),
        server_challenge: server_challenge.to_vec(),
        ci_pkid: auth.ci.clone(),
        expires_at: now_ms() + duration_ms(ctx.policy.session_ttl),
    };
    ctx.store
        .write(move |tx| sessions::create(tx, &session))
        .await?;
    Ok(InitiateAuthenticationOkEs9 {
        transaction_id,
        server_signed1: signed1,
        server_signature1: signature.as_raw().to_vec(),
        euicc_ci_pkid_to_be_used: auth.ci.clone(),
        server_certificate: Certificate(RawSequence(auth.cert.clone())),
    })
}
