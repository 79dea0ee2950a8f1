//! ES10b.GetEUICCChallenge and ES10b.AuthenticateServer (SGP.22 5.7.7, 5.7.13): the eUICC
//! checks the RSP server and answers with its own signature over the server's challenge.

use certs::verify::ChainError;
use certs::{CertRole, VerifiedServer, verify_cert};
use proto::crypto::Signature;
use proto::der::{Asn1, Oid, Preserved, RawSequence};
use proto::ids::SmdpAddress;
use proto::sgp22::{
    AuthenticateErrorCode, AuthenticateResponseError, AuthenticateResponseOk,
    AuthenticateServerRequest, AuthenticateServerResponse, Certificate, EUICCInfo2, EuiccSigned1,
};
use proto::sgp32::{
    SGP32AuthenticateResponseOk, SGP32AuthenticateServerResponse, SGP32EUICCInfo2,
    SGP32EuiccSigned1,
};

use crate::credentials::{Credentials, EuiccChain};

/// A challenge was handed out by GetEUICCChallenge (SGP.22 5.7.7).
pub(crate) struct ChallengeIssued {
    pub challenge: [u8; 16],
}

/// The RSP server proved itself (SGP.22 5.7.13); what the rest of the session needs.
pub(crate) struct ServerAuthenticated {
    pub transaction_id: Vec<u8>,
    /// `serverAddress` of serverSigned1: where the installation result goes.
    pub server_address: String,
    /// The OID of CERT.DPauth.ECDSA (or DSauth): `smdpOid` of CancelSession.
    pub server_oid: Oid,
    /// Our euiccSignature1, which smdpSignature2 covers (SGP.22 5.7.5).
    pub euicc_signature1: Vec<u8>,
    /// `euiccCiPKIdToBeUsed`: the CI whose chain the eUICC signs the session with.
    pub ci: Vec<u8>,
}

/// TransactionId ::= OCTET STRING (SIZE(1..16)).
pub(crate) fn valid_transaction_id(id: &[u8]) -> bool {
    (1..=16).contains(&id.len())
}

fn refuse(tid: &[u8], code: AuthenticateErrorCode) -> AuthenticateResponseError {
    AuthenticateResponseError {
        transaction_id: tid.to_vec(),
        authenticate_error_code: code,
    }
}

/// The certificate-check failure as an AuthenticateErrorCode. A certificate of another role
/// (its policy OID is neither `id-rspRole-dp-auth` nor `id-rspRole-ds-auth`) is `invalidOid`.
fn certificate_error(e: &ChainError) -> AuthenticateErrorCode {
    match e {
        ChainError::UnknownCi { .. } => AuthenticateErrorCode::CiPkUnknown,
        ChainError::UnsupportedCurve { .. } => AuthenticateErrorCode::UnsupportedCurve,
        ChainError::WrongRole { .. } => AuthenticateErrorCode::InvalidOid,
        _ => AuthenticateErrorCode::InvalidCertificate,
    }
}

/// CERT.DPauth.ECDSA of an SM-DP+ or CERT.DSauth.ECDSA of an SM-DS: both authenticate
/// through ES10b.AuthenticateServer. The OID (registeredID) is required in both.
fn verify_server_certificate(
    creds: &Credentials,
    der: &[u8],
) -> Result<(VerifiedServer, Oid), ChainError> {
    let verified = match verify_cert(creds.trusted_cis(), der, CertRole::DpAuth, None) {
        Err(ChainError::WrongRole { .. }) => {
            verify_cert(creds.trusted_cis(), der, CertRole::DsAuth, None)?
        }
        other => other?,
    };
    let missing = || ChainError::MissingSmdpOid {
        cert: verified.role,
    };
    let oid = verified
        .smdp_oid
        .as_deref()
        .ok_or_else(missing)?
        .parse::<Oid>()
        .map_err(|_| missing())?;
    Ok((verified, oid))
}

/// The EUICCInfo2 that euiccSigned1 carries: SGP.22's, or an IoT eUICC's (SGP.32 v1.2
/// 5.9.2, `SGP32-EuiccSigned1`).
pub(crate) enum Info2 {
    Sgp22(Box<EUICCInfo2>),
    Sgp32(Box<SGP32EUICCInfo2>),
}

/// ES10b.AuthenticateServer. `challenge` is the session's if a challenge was issued and not
/// used yet. Returns the new state with the response (DER), or the refusal (the session
/// ends).
pub(crate) fn authenticate_server(
    challenge: Option<ChallengeIssued>,
    req: &AuthenticateServerRequest,
    creds: &Credentials,
    euicc_info2: Info2,
) -> Result<(ServerAuthenticated, Vec<u8>), AuthenticateResponseError> {
    let signed = req.server_signed1.value();
    let tid = &signed.transaction_id;
    let Some(challenge) = challenge else {
        return Err(refuse(tid, AuthenticateErrorCode::NoSessionContext));
    };
    if !valid_transaction_id(tid) || SmdpAddress::parse(&signed.server_address).is_err() {
        return Err(refuse(tid, AuthenticateErrorCode::UndefinedError));
    }
    // The CI the eUICC is asked to sign with must be the one of one of its own chains; the
    // eUICC answers with that chain (and so on that curve).
    let Some(chain) = creds.chain(&req.euicc_ci_pkid_to_be_used) else {
        return Err(refuse(tid, AuthenticateErrorCode::CiPkUnknown));
    };
    let (server, server_oid) = verify_server_certificate(creds, req.server_certificate.as_bytes())
        .map_err(|e| refuse(tid, certificate_error(&e)))?;
    Signature::from_raw(&req.server_signature1)
        .and_then(|sig| server.public_key.verify(req.server_signed1.raw(), &sig))
        .map_err(|_| refuse(tid, AuthenticateErrorCode::InvalidSignature))?;
    if signed.euicc_challenge != challenge.challenge {
        return Err(refuse(tid, AuthenticateErrorCode::EuiccChallengeMismatch));
    }

    let (euicc_signature1, response) = signed_response(req, chain, euicc_info2)?;
    Ok((
        ServerAuthenticated {
            transaction_id: tid.clone(),
            server_address: signed.server_address.clone(),
            server_oid,
            euicc_signature1,
            ci: req.euicc_ci_pkid_to_be_used.clone(),
        },
        response,
    ))
}

/// euiccSigned1 with the eUICC's EUICCInfo2 (SGP.22's, or SGP.32 v1.2 5.9.2's), signed with
/// `chain`, and the AuthenticateResponseOk that carries it (SGP.22 5.7.13): the signature
/// (euiccSignature1) and the response's DER.
fn signed_response(
    req: &AuthenticateServerRequest,
    chain: &EuiccChain,
    euicc_info2: Info2,
) -> Result<(Vec<u8>, Vec<u8>), AuthenticateResponseError> {
    let signed = req.server_signed1.value();
    let tid = &signed.transaction_id;
    let sign = |raw: &[u8]| {
        chain
            .sign(raw)
            .map_err(|_| refuse(tid, AuthenticateErrorCode::UndefinedError))
    };
    let euicc_certificate = Certificate(RawSequence(chain.euicc_certificate().to_vec()));
    let eum_certificate = Certificate(RawSequence(chain.eum_certificate().to_vec()));
    let answer = match euicc_info2 {
        Info2::Sgp22(euicc_info2) => {
            let euicc_signed1 = Preserved::new(EuiccSigned1 {
                transaction_id: tid.clone(),
                server_address: signed.server_address.clone(),
                server_challenge: signed.server_challenge,
                euicc_info2: *euicc_info2,
                ctx_params1: req.ctx_params1.clone(),
            });
            let euicc_signature1 = sign(euicc_signed1.raw())?;
            let response =
                AuthenticateServerResponse::AuthenticateResponseOk(AuthenticateResponseOk {
                    euicc_signed1,
                    euicc_signature1: euicc_signature1.clone(),
                    euicc_certificate,
                    eum_certificate,
                });
            (euicc_signature1, response.to_der())
        }
        Info2::Sgp32(euicc_info2) => {
            let euicc_signed1 = Preserved::new(SGP32EuiccSigned1 {
                transaction_id: tid.clone(),
                server_address: signed.server_address.clone(),
                server_challenge: signed.server_challenge,
                euicc_info2: *euicc_info2,
                ctx_params1: req.ctx_params1.clone(),
            });
            let euicc_signature1 = sign(euicc_signed1.raw())?;
            let response = SGP32AuthenticateServerResponse::AuthenticateResponseOk(
                SGP32AuthenticateResponseOk {
                    euicc_signed1,
                    euicc_signature1: euicc_signature1.clone(),
                    euicc_certificate,
                    eum_certificate,
                },
            );
            (euicc_signature1, response.to_der())
        }
    };
    Ok(answer)
}
