//! ES10b.PrepareDownload and ES10b.CancelSession (SGP.22 5.7.5, 5.7.14): the eUICC checks
//! CERT.DPpb.ECDSA, the transaction and smdpSignature2 (over smdpSigned2 and its own
//! euiccSignature1), then signs a one-time key.

use crate::common;

use common::*;
use proto::crypto::{PublicKey, Signature};
use proto::der::{Asn1, Preserved, RawSequence};
use proto::sgp22::{
    CancelSessionReason, CancelSessionRequest, CancelSessionResponse, CancelSessionResponseError,
    Certificate, DownloadErrorCode, PrepareDownloadRequest, PrepareDownloadResponse,
};

fn refused(euicc: &mut euicc_sim::Euicc, req: &PrepareDownloadRequest) -> DownloadErrorCode {
    match PrepareDownloadResponse::from_der(&es10(euicc, req)).unwrap() {
        PrepareDownloadResponse::DownloadResponseError(e) => {
            assert_eq!(e.transaction_id, req.smdp_signed2.transaction_id);
            e.download_error_code
        }
        ok => panic!("accepted: {ok:?}"),
    }
}

#[test]
fn sgp22_5_7_5_prepare_download_signs_a_one_time_key_over_smdp_signature2() {
    let mut euicc = euicc();
    let smdp = Smdp::new();
    let tid = fresh_tid();
    let auth = authenticate(&mut euicc, &smdp, &tid);
    let mut req = smdp.prepare_download_request(&auth, &tid);
    req.hash_cc = Some([0x33; 32]);
    let ok = match PrepareDownloadResponse::from_der(&es10(&mut euicc, &req)).unwrap() {
        PrepareDownloadResponse::DownloadResponseOk(ok) => ok,
        e => panic!("{e:?}"),
    };
    let signed = ok.euicc_signed2.value();
    assert_eq!(signed.transaction_id, tid);
    assert_eq!(signed.hash_cc, Some([0x33; 32]), "hashCc is signed back");
    PublicKey::from_uncompressed_point(&signed.euicc_otpk).expect("otPK.EUICC.ECKA on P-256");
    // euiccSignature2 covers euiccSigned2 ‖ 5F37 40 smdpSignature2.
    let mut covered = ok.euicc_signed2.raw().to_vec();
    covered.extend([0x5F, 0x37, 0x40]);
    covered.extend(&req.smdp_signature2);
    euicc_key(&euicc)
        .verify(
            &covered,
            &Signature::from_raw(&ok.euicc_signature2).unwrap(),
        )
        .expect("euiccSignature2");
    // The one-time key is stored for a retry.
    assert_eq!(
        euicc.state().pending_otk.as_ref().map(|k| k.public.clone()),
        Some(signed.euicc_otpk.clone())
    );
}

#[test]
fn sgp22_5_7_5_without_authentication_is_no_session_context() {
    let mut euicc = euicc();
    let smdp = Smdp::new();
    let tid = fresh_tid();
    let auth = authenticate(&mut euicc, &smdp, &tid);
    let req = smdp.prepare_download_request(&auth, &tid);
    // A new challenge ends the authenticated session.
    challenge(&mut euicc);
    assert_eq!(
        refused(&mut euicc, &req),
        DownloadErrorCode::NoSessionContext
    );
}

#[test]
fn sgp22_5_7_5_replayed_prepare_download_is_refused() {
    let mut euicc = euicc();
    let smdp = Smdp::new();
    let tid = fresh_tid();
    let auth = authenticate(&mut euicc, &smdp, &tid);
    let req = smdp.prepare_download_request(&auth, &tid);
    assert!(matches!(
        PrepareDownloadResponse::from_der(&es10(&mut euicc, &req)).unwrap(),
        PrepareDownloadResponse::DownloadResponseOk(_)
    ));
    // In the same session: the download is already prepared.
    assert_eq!(
        refused(&mut euicc, &req),
        DownloadErrorCode::NoSessionContext
    );
    // In a later session: another transaction.
    let tid2 = fresh_tid();
    authenticate(&mut euicc, &smdp, &tid2);
    assert_eq!(
        refused(&mut euicc, &req),
        DownloadErrorCode::InvalidTransactionId
    );
}

#[test]
fn sgp22_5_7_5_transaction_id_mismatch_is_invalid_transaction_id() {
    let mut euicc = euicc();
    let smdp = Smdp::new();
    let tid = fresh_tid();
    let auth = authenticate(&mut euicc, &smdp, &tid);
    // Correctly signed, but for another transaction.
    let req = smdp.prepare_download_request(&auth, &fresh_tid());
    assert_eq!(
        refused(&mut euicc, &req),
        DownloadErrorCode::InvalidTransactionId
    );
}

#[test]
fn sgp22_5_7_5_bad_smdp_signature2_is_invalid_signature() {
    let smdp = Smdp::new();
    // Flipped bit.
    let mut euicc = euicc();
    let tid = fresh_tid();
    let auth = authenticate(&mut euicc, &smdp, &tid);
    let mut req = smdp.prepare_download_request(&auth, &tid);
    req.smdp_signature2[5] ^= 0x02;
    assert_eq!(
        refused(&mut euicc, &req),
        DownloadErrorCode::InvalidSignature
    );
    // Signed over another euiccSignature1 (from an earlier session).
    let tid = fresh_tid();
    let old = authenticate(&mut euicc, &smdp, &tid);
    authenticate(&mut euicc, &smdp, &tid);
    let req = smdp.prepare_download_request(&old, &tid);
    assert_eq!(
        refused(&mut euicc, &req),
        DownloadErrorCode::InvalidSignature
    );
    // Signed with DPauth instead of DPpb.
    let tid = fresh_tid();
    let auth = authenticate(&mut euicc, &smdp, &tid);
    let mut req = smdp.prepare_download_request(&auth, &tid);
    let mut covered = req.smdp_signed2.raw().to_vec();
    covered.extend([0x5F, 0x37, 0x40]);
    covered.extend(&auth.euicc_signature1);
    req.smdp_signature2 = smdp.auth_key.sign(&covered).unwrap().as_raw().to_vec();
    assert_eq!(
        refused(&mut euicc, &req),
        DownloadErrorCode::InvalidSignature
    );
}

#[test]
fn sgp22_5_7_5_dp_pb_chain_and_role_are_checked() {
    let smdp = Smdp::new();
    // DPauth in place of DPpb: wrong role.
    let mut euicc = euicc();
    let tid = fresh_tid();
    let auth = authenticate(&mut euicc, &smdp, &tid);
    let mut req = smdp.prepare_download_request(&auth, &tid);
    req.smdp_certificate = Certificate(RawSequence(smdp.auth_cert.clone()));
    assert_eq!(
        refused(&mut euicc, &req),
        DownloadErrorCode::InvalidCertificate
    );
    // DPpb of another CI (signature by that SM-DP+'s key).
    let foreign = Smdp::from_pki(foreign_pki());
    let tid = fresh_tid();
    let auth = authenticate(&mut euicc, &smdp, &tid);
    let req = foreign.prepare_download_request(&auth, &tid);
    assert_eq!(
        refused(&mut euicc, &req),
        DownloadErrorCode::InvalidCertificate
    );
}

#[test]
fn sgp22_5_7_14_cancel_session_signs_the_reason_and_ends_the_session() {
    let mut euicc = euicc();
    let smdp = Smdp::new();
    let tid = fresh_tid();
    let auth = authenticate(&mut euicc, &smdp, &tid);
    let cancel = CancelSessionRequest {
        transaction_id: tid.clone(),
        reason: CancelSessionReason::EndUserRejection,
    };
    let ok = match CancelSessionResponse::from_der(&es10(&mut euicc, &cancel)).unwrap() {
        CancelSessionResponse::CancelSessionResponseOk(ok) => ok,
        e => panic!("{e:?}"),
    };
    let signed = ok.euicc_cancel_session_signed.value();
    assert_eq!(signed.transaction_id, tid);
    assert_eq!(signed.reason, CancelSessionReason::EndUserRejection);
    assert_eq!(
        signed.smdp_oid.to_string(),
        "2.999.10",
        "OID of CERT.DPauth.ECDSA"
    );
    euicc_key(&euicc)
        .verify(
            ok.euicc_cancel_session_signed.raw(),
            &Signature::from_raw(&ok.euicc_cancel_session_signature).unwrap(),
        )
        .unwrap();
    // The session is over: PrepareDownload finds none, a second cancel neither.
    let req = smdp.prepare_download_request(&auth, &tid);
    assert_eq!(
        refused(&mut euicc, &req),
        DownloadErrorCode::NoSessionContext
    );
    assert_eq!(
        CancelSessionResponse::from_der(&es10(&mut euicc, &cancel)).unwrap(),
        CancelSessionResponse::CancelSessionResponseError(
            CancelSessionResponseError::InvalidTransactionId
        )
    );
}

#[test]
fn sgp22_5_7_14_cancel_session_of_another_transaction_is_refused() {
    let mut euicc = euicc();
    let smdp = Smdp::new();
    let tid = fresh_tid();
    let p = prepare(&mut euicc, &smdp, &tid);
    let cancel = CancelSessionRequest {
        transaction_id: fresh_tid(),
        reason: CancelSessionReason::Timeout,
    };
    assert_eq!(
        CancelSessionResponse::from_der(&es10(&mut euicc, &cancel)).unwrap(),
        CancelSessionResponse::CancelSessionResponseError(
            CancelSessionResponseError::InvalidTransactionId
        )
    );
    // The session survives a wrong cancel: the download still installs.
    let iccid = "8949449999999990031";
    let bpp = smdp.bind(
        &euicc,
        &p.ok,
        &p.smdp_signature2,
        &tid,
        &metadata(iccid),
        &profile(iccid),
    );
    let r = load(&mut euicc, &lpa_pieces(&bpp.to_der()));
    assert!(r.starts_with(&[0xBF, 0x37]));
    assert_eq!(euicc.state().profiles.len(), 1);
}

#[test]
fn sgp22_5_7_5_bpp_euicc_otpk_reuses_the_stored_one_time_key() {
    let mut euicc = euicc();
    let smdp = Smdp::new();
    let tid = fresh_tid();
    let first = prepare(&mut euicc, &smdp, &tid);
    let otpk = first.ok.euicc_signed2.euicc_otpk.clone();
    // A new session asks for the key the package was bound to.
    let tid = fresh_tid();
    let auth = authenticate(&mut euicc, &smdp, &tid);
    let mut req = smdp.prepare_download_request(&auth, &tid);
    let mut signed = req.smdp_signed2.value().clone();
    signed.bpp_euicc_otpk = Some(otpk.clone());
    req.smdp_signed2 = Preserved::new(signed);
    let mut covered = req.smdp_signed2.raw().to_vec();
    covered.extend([0x5F, 0x37, 0x40]);
    covered.extend(&auth.euicc_signature1);
    req.smdp_signature2 = smdp.pb_key.sign(&covered).unwrap().as_raw().to_vec();
    match PrepareDownloadResponse::from_der(&es10(&mut euicc, &req)).unwrap() {
        PrepareDownloadResponse::DownloadResponseOk(ok) => {
            assert_eq!(ok.euicc_signed2.euicc_otpk, otpk)
        }
        e => panic!("{e:?}"),
    }
}
