//! ES10b.PrepareDownload (SGP.22 5.7.5): the eUICC checks the SM-DP+'s signature over the
//! session and its own euiccSignature1, then hands out a one-time key otPK.EUICC.ECKA for
//! binding the profile, signed together with the SM-DP+'s signature.

use certs::verify::ChainError;
use certs::{CertRole, verify_dp_cert};
use proto::crypto::{Curve, EckaKeyPair, PrivateKey, PublicKey, Signature};
use proto::der::{Oid, Preserved, Tag, write_tlv};
use proto::sgp22::{
    DownloadErrorCode, EUICCSigned2, PrepareDownloadRequest, PrepareDownloadResponse,
    PrepareDownloadResponseError, PrepareDownloadResponseOk,
};

use super::authenticate::ServerAuthenticated;
use crate::credentials::Credentials;
use crate::state::OneTimeKey;

/// The download is prepared: the SM-DP+ holds otPK.EUICC.ECKA and will bind the profile.
pub(crate) struct DownloadPrepared {
    pub auth: ServerAuthenticated,
    /// PK.DPpb.ECDSA: verifies smdpSign of InitialiseSecureChannel.
    pub dp_pb: PublicKey,
    /// The SM-DP+ OID of CERT.DPpb.ECDSA: `smdpOid` of the installation result.
    pub smdp_oid: Oid,
    /// otSK/otPK.EUICC.ECKA.
    pub otk: EckaKeyPair,
}

fn refuse(tid: &[u8], code: DownloadErrorCode) -> PrepareDownloadResponseError {
    PrepareDownloadResponseError {
        transaction_id: tid.to_vec(),
        download_error_code: code,
    }
}

/// `tag ‖ L ‖ value` of a signature as signed data carries it (`5F37 40 …`).
pub(crate) fn signature_tlv(signature: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(signature.len() + 3);
    write_tlv(Tag::application(55, false), signature, &mut out);
    out
}

/// The one-time key to use, on `curve` (that of CERT.DPpb.ECDSA, SGP.22 3.1.3): the stored
/// one when the SM-DP+ names it in `bppEuiccOtpk` (a retry with an already bound package),
/// else a fresh one.
fn one_time_key(
    curve: Curve,
    requested: Option<&[u8]>,
    pending: Option<&OneTimeKey>,
) -> Result<EckaKeyPair, DownloadErrorCode> {
    if let (Some(requested), Some(pending)) = (requested, pending) {
        if requested == pending.public.as_slice() {
            if let Ok(key) = PrivateKey::from_scalar_on(curve, &pending.private) {
                if key.public_key().as_uncompressed_point()[..] == pending.public[..] {
                    return Ok(EckaKeyPair::from_private_key(key));
                }
            }
        }
    }
    EckaKeyPair::generate_on(curve).map_err(|_| DownloadErrorCode::UndefinedError)
}

/// ES10b.PrepareDownload. `auth` is the session if the server was authenticated; `pending`
/// the stored one-time key. Returns the new state with the response, or the refusal (the
/// session ends).
pub(crate) fn prepare_download(
    auth: Option<ServerAuthenticated>,
    req: &PrepareDownloadRequest,
    creds: &Credentials,
    pending: Option<&OneTimeKey>,
) -> Result<(Box<DownloadPrepared>, PrepareDownloadResponse), PrepareDownloadResponseError> {
    let signed = req.smdp_signed2.value();
    let tid = &signed.transaction_id;
    let Some(auth) = auth else {
        return Err(refuse(tid, DownloadErrorCode::NoSessionContext));
    };
    let dp_pb = verify_dp_cert(
        creds.trusted_cis(),
        req.smdp_certificate.as_bytes(),
        CertRole::DpPb,
        None,
    )
    .map_err(|e| {
        let code = match e {
            ChainError::UnsupportedCurve { .. } => DownloadErrorCode::UnsupportedCurve,
            _ => DownloadErrorCode::InvalidCertificate,
        };
        refuse(tid, code)
    })?;
    // One SM-DP+ authenticates and binds: CERT.DPpb.ECDSA carries the OID of
    // CERT.DPauth.ECDSA (SGP.22 4.5.2.1.0.4/5).
    let smdp_oid = dp_pb
        .smdp_oid
        .as_deref()
        .and_then(|o| o.parse::<Oid>().ok())
        .filter(|o| *o == auth.server_oid)
        .ok_or_else(|| refuse(tid, DownloadErrorCode::InvalidCertificate))?;
    if tid != &auth.transaction_id {
        return Err(refuse(tid, DownloadErrorCode::InvalidTransactionId));
    }
    let key = dp_pb.public_key;
    let mut covered = req.smdp_signed2.raw().to_vec();
    covered.extend(signature_tlv(&auth.euicc_signature1));
    Signature::from_raw(&req.smdp_signature2)
        .and_then(|sig| key.verify(&covered, &sig))
        .map_err(|_| refuse(tid, DownloadErrorCode::InvalidSignature))?;

    let otk = one_time_key(key.curve(), signed.bpp_euicc_otpk.as_deref(), pending)
        .map_err(|c| refuse(tid, c))?;
    let euicc_signed2 = Preserved::new(EUICCSigned2 {
        transaction_id: tid.clone(),
        euicc_otpk: otk.public_key().as_uncompressed_point().to_vec(),
        hash_cc: req.hash_cc,
    });
    let mut covered = euicc_signed2.raw().to_vec();
    covered.extend(signature_tlv(&req.smdp_signature2));
    let euicc_signature2 = creds
        .chain_or_default(&auth.ci)
        .sign(&covered)
        .map_err(|_| refuse(tid, DownloadErrorCode::UndefinedError))?;
    let response = PrepareDownloadResponse::DownloadResponseOk(PrepareDownloadResponseOk {
        euicc_signed2,
        euicc_signature2,
    });
    Ok((
        Box::new(DownloadPrepared {
            auth,
            dp_pb: key,
            smdp_oid,
            otk,
        }),
        response,
    ))
}

impl DownloadPrepared {
    /// The one-time key to keep in the state file.
    pub(crate) fn stored_key(&self) -> OneTimeKey {
        OneTimeKey {
            public: self.otk.public_key().as_uncompressed_point().to_vec(),
            private: self.otk.private_key().to_scalar().to_vec(),
        }
    }
}
