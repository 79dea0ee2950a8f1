//! ES10b.GetEUICCChallenge and ES10b.AuthenticateServer (SGP.22 5.7.7, 5.7.13): the eUICC
//! authenticates the RSP server and signs the server's challenge; each failed check gives
//! its AuthenticateErrorCode.

use crate::common;

use common::*;
use proto::crypto::{PublicKey, Signature};
use proto::der::{Asn1, Preserved, RawSequence};
use proto::sgp22::{
    AuthenticateErrorCode, AuthenticateServerRequest, AuthenticateServerResponse, Certificate,
    CtxParams1, EUICCInfo2, ServerSigned1,
};

fn refused(euicc: &mut euicc_sim::Euicc, req: &AuthenticateServerRequest) -> AuthenticateErrorCode {
    match AuthenticateServerResponse::from_der(&es10(euicc, req)).unwrap() {
        AuthenticateServerResponse::AuthenticateResponseError(e) => {
            assert_eq!(
                e.transaction_id, req.server_signed1.transaction_id,
                "the error names the transaction"
            );
            e.authenticate_error_code
        }
        ok => panic!("accepted: {ok:?}"),
    }
}

/// Re-signs a modified serverSigned1 with the SM-DP+'s DPauth key.
fn resign(smdp: &Smdp, req: &mut AuthenticateServerRequest, edit: impl FnOnce(&mut ServerSigned1)) {
    let mut signed = req.server_signed1.value().clone();
    edit(&mut signed);
    req.server_signed1 = Preserved::new(signed);
    req.server_signature1 = smdp
        .auth_key
        .sign(req.server_signed1.raw())
        .unwrap()
        .as_raw()
        .to_vec();
}

#[test]
fn sgp22_5_7_13_authenticate_server_signs_the_server_challenge_and_echoes_the_session() {
    let mut euicc = euicc();
    let smdp = Smdp::new();
    let tid = fresh_tid();
    let c = challenge(&mut euicc);
    let req = smdp.authenticate_server_request(c, &tid);
    let ok = match AuthenticateServerResponse::from_der(&es10(&mut euicc, &req)).unwrap() {
        AuthenticateServerResponse::AuthenticateResponseOk(ok) => ok,
        e => panic!("{e:?}"),
    };
    let signed = ok.euicc_signed1.value();
    assert_eq!(signed.transaction_id, tid);
    assert_eq!(signed.server_address, smdp.address);
    assert_eq!(signed.server_challenge, [0x5C; 16]);
    assert_eq!(signed.ctx_params1, req.ctx_params1);
    // euiccSignature1 verifies with the key of the certificate sent along, over the octets
    // of euiccSigned1 as received.
    let key = PublicKey::from_certificate_der(ok.euicc_certificate.as_bytes()).unwrap();
    key.verify(
        ok.euicc_signed1.raw(),
        &Signature::from_raw(&ok.euicc_signature1).unwrap(),
    )
    .expect("euiccSignature1");
    // The SM-DP+ can verify the chain of the certificates returned (SGP.22 5.6.3).
    let cis = [pki().ci_anchor().unwrap()];
    let v = certs::verify_euicc_chain(
        &cis,
        ok.eum_certificate.as_bytes(),
        ok.euicc_certificate.as_bytes(),
        None,
    )
    .unwrap();
    assert_eq!(v.eid, euicc.eid());
    // EUICCInfo2 inside is the one GetEUICCInfo returns.
    let info2 =
        EUICCInfo2::from_der(&es10(&mut euicc, &proto::sgp22::GetEuiccInfo2Request {})).unwrap();
    assert_eq!(signed.euicc_info2, info2);
}

#[test]
fn sgp22_5_7_7_every_challenge_is_fresh() {
    let mut euicc = euicc();
    let a = challenge(&mut euicc);
    let b = challenge(&mut euicc);
    assert_ne!(a, b);
    assert_ne!(a, [0; 16]);
}

#[test]
fn sgp22_5_7_13_no_challenge_is_no_session_context() {
    let mut euicc = euicc();
    let smdp = Smdp::new();
    let req = smdp.authenticate_server_request([1; 16], &fresh_tid());
    assert_eq!(
        refused(&mut euicc, &req),
        AuthenticateErrorCode::NoSessionContext
    );
}

#[test]
fn sgp22_5_7_13_wrong_challenge_is_euicc_challenge_mismatch() {
    let mut euicc = euicc();
    let smdp = Smdp::new();
    let c = challenge(&mut euicc);
    let mut other = c;
    other[0] ^= 1;
    let req = smdp.authenticate_server_request(other, &fresh_tid());
    assert_eq!(
        refused(&mut euicc, &req),
        AuthenticateErrorCode::EuiccChallengeMismatch
    );
    // The challenge is used up: the right one no longer works either.
    let req = smdp.authenticate_server_request(c, &fresh_tid());
    assert_eq!(
        refused(&mut euicc, &req),
        AuthenticateErrorCode::NoSessionContext
    );
}

#[test]
fn sgp22_5_7_13_replayed_authentication_is_refused() {
    let mut euicc = euicc();
    let smdp = Smdp::new();
    let c = challenge(&mut euicc);
    let req = smdp.authenticate_server_request(c, &fresh_tid());
    let first = es10(&mut euicc, &req);
    assert!(matches!(
        AuthenticateServerResponse::from_der(&first).unwrap(),
        AuthenticateServerResponse::AuthenticateResponseOk(_)
    ));
    // Same request again, and again after a new challenge.
    assert_eq!(
        refused(&mut euicc, &req),
        AuthenticateErrorCode::NoSessionContext
    );
    challenge(&mut euicc);
    assert_eq!(
        refused(&mut euicc, &req),
        AuthenticateErrorCode::EuiccChallengeMismatch
    );
}

#[test]
fn sgp22_5_7_13_bad_server_signature1_is_invalid_signature() {
    let mut euicc = euicc();
    let smdp = Smdp::new();
    let c = challenge(&mut euicc);
    let mut req = smdp.authenticate_server_request(c, &fresh_tid());
    req.server_signature1[10] ^= 0x40;
    assert_eq!(
        refused(&mut euicc, &req),
        AuthenticateErrorCode::InvalidSignature
    );

    // Signed content changed after signing (another server challenge).
    let c = challenge(&mut euicc);
    let req = smdp.authenticate_server_request(c, &fresh_tid());
    let mut tampered = req.clone();
    let mut signed = req.server_signed1.value().clone();
    signed.server_challenge = [0; 16];
    tampered.server_signed1 = Preserved::new(signed);
    assert_eq!(
        refused(&mut euicc, &tampered),
        AuthenticateErrorCode::InvalidSignature
    );

    // Not 64 octets.
    let c = challenge(&mut euicc);
    let mut req = smdp.authenticate_server_request(c, &fresh_tid());
    req.server_signature1.truncate(63);
    assert_eq!(
        refused(&mut euicc, &req),
        AuthenticateErrorCode::InvalidSignature
    );
}

#[test]
fn sgp22_5_7_13_server_certificate_of_an_unknown_ci_is_ci_pk_unknown() {
    let mut euicc = euicc();
    let smdp = Smdp::from_pki(foreign_pki());
    let c = challenge(&mut euicc);
    let mut req = smdp.authenticate_server_request(c, &fresh_tid());
    // The eUICC is asked to sign with its own CI; the server certificate is of another CI.
    req.euicc_ci_pkid_to_be_used = Smdp::new().ci_ski;
    assert_eq!(
        refused(&mut euicc, &req),
        AuthenticateErrorCode::CiPkUnknown
    );
}

#[test]
fn sgp22_5_7_13_euicc_ci_pkid_to_be_used_not_ours_is_ci_pk_unknown() {
    let mut euicc = euicc();
    let smdp = Smdp::new();
    let c = challenge(&mut euicc);
    let mut req = smdp.authenticate_server_request(c, &fresh_tid());
    req.euicc_ci_pkid_to_be_used = vec![0xAB; 20];
    assert_eq!(
        refused(&mut euicc, &req),
        AuthenticateErrorCode::CiPkUnknown
    );
}

#[test]
fn sgp22_5_7_13_dp_pb_certificate_as_server_certificate_is_invalid_oid() {
    let mut euicc = euicc();
    let smdp = Smdp::new();
    let c = challenge(&mut euicc);
    let mut req = smdp.authenticate_server_request(c, &fresh_tid());
    // CERT.DPpb.ECDSA has the role id-rspRole-dp-pb, not dp-auth / ds-auth.
    req.server_certificate = Certificate(RawSequence(smdp.pb_cert.clone()));
    assert_eq!(refused(&mut euicc, &req), AuthenticateErrorCode::InvalidOid);
}

#[test]
fn sgp22_5_7_13_broken_server_certificate_is_invalid_certificate() {
    let mut euicc = euicc();
    let smdp = Smdp::new();
    let c = challenge(&mut euicc);
    let mut req = smdp.authenticate_server_request(c, &fresh_tid());
    let mut cert = smdp.auth_cert.clone();
    let n = cert.len();
    cert[n - 5] ^= 0x01; // inside the CI's signature
    req.server_certificate = Certificate(RawSequence(cert));
    assert_eq!(
        refused(&mut euicc, &req),
        AuthenticateErrorCode::InvalidCertificate
    );
}

#[test]
fn sgp22_5_7_13_malformed_server_address_is_refused() {
    let mut euicc = euicc();
    let smdp = Smdp::new();
    let c = challenge(&mut euicc);
    let mut req = smdp.authenticate_server_request(c, &fresh_tid());
    resign(&smdp, &mut req, |s| {
        s.server_address = "smdp..example/../x".into()
    });
    assert_eq!(
        refused(&mut euicc, &req),
        AuthenticateErrorCode::UndefinedError
    );
}

#[test]
fn sgp22_5_7_13_server_address_is_signed_back_and_used_for_the_installation_result() {
    let mut euicc = euicc();
    let smdp = Smdp {
        address: "other-smdp.rsp-lab.test".into(),
        ..Smdp::new()
    };
    let pir = download(
        &mut euicc,
        &smdp,
        &metadata("8949449999999990023"),
        &profile("8949449999999990023"),
    );
    let data = pir.profile_installation_result_data.value();
    assert_eq!(
        data.notification_metadata.notification_address,
        "other-smdp.rsp-lab.test"
    );
}

#[test]
fn sgp22_5_7_13_unknown_ctx_params_are_echoed() {
    let mut euicc = euicc();
    let smdp = Smdp::new();
    let c = challenge(&mut euicc);
    let mut req = smdp.authenticate_server_request(c, &fresh_tid());
    req.ctx_params1 = CtxParams1::Unknown(proto::der::RawTlv(vec![0xA5, 0x02, 0x80, 0x00]));
    match AuthenticateServerResponse::from_der(&es10(&mut euicc, &req)).unwrap() {
        AuthenticateServerResponse::AuthenticateResponseOk(ok) => {
            assert_eq!(ok.euicc_signed1.ctx_params1, req.ctx_params1)
        }
        e => panic!("{e:?}"),
    }
}
