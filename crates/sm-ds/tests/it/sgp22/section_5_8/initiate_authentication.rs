//! SGP.22 5.8.1 ES11.InitiateAuthentication: signed with CERT.DSauth.ECDSA.

use proto::sgp22::{InitiateAuthenticationError, InitiateAuthenticationResponse};
use serde_json::json;

use crate::support::device::{Device, initiate};
use crate::support::{Lab, is, pki};

/// serverSigned1 names this SM-DS and is signed by its CERT.DSauth.ECDSA, which chains to
/// the CI the eUICC uses (the eUICC's AuthenticateServer accepts it: see
/// authenticate_client).
#[tokio::test]
async fn sgp22_5_8_1_server_signed1_is_signed_with_dsauth() {
    let lab = Lab::start().await;
    let mut device = Device::new();
    let InitiateAuthenticationResponse::InitiateAuthenticationOk(ok) =
        initiate(&lab.lpa(), &mut device, "SMDS.rsp-lab.test").await
    else {
        panic!("refused");
    };
    assert_eq!(ok.server_signed1.server_address, "SMDS.rsp-lab.test");
    let cis = pki().ci_anchors().unwrap();
    let v = certs::verify_cert(
        &cis,
        ok.server_certificate.as_bytes(),
        certs::CertRole::DsAuth,
        None,
    )
    .unwrap();
    let sig = proto::crypto::Signature::from_raw(&ok.server_signature1).unwrap();
    v.public_key.verify(ok.server_signed1.raw(), &sig).unwrap();
    lab.smds.shutdown().await;
}

/// Another SM-DS's address is refused: invalidDpAddress in the ASN.1 binding, "8.9.1 SM-DS
/// Address / 3.8 Refused" in JSON.
#[tokio::test]
async fn sgp22_5_8_1_another_address_is_refused() {
    let lab = Lab::start().await;
    let mut device = Device::new();
    let r = initiate(&lab.lpa(), &mut device, "other-smds.test").await;
    assert_eq!(
        r,
        InitiateAuthenticationResponse::InitiateAuthenticationError(
            InitiateAuthenticationError::InvalidDpAddress
        )
    );
    let (challenge, info1) = device.challenge_and_info1();
    let b64 = |b: &[u8]| {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(b)
    };
    let v = lab
        .lpa()
        .json(
            "/gsma/rsp2/es9plus/initiateAuthentication",
            json!({
                "euiccChallenge": b64(&challenge),
                "euiccInfo1": b64(&proto::der::Asn1::to_der(&info1)),
                "smdpAddress": "other-smds.test",
            }),
        )
        .await;
    assert!(is(&v, "8.9.1", "3.8"), "{v}");
    lab.smds.shutdown().await;
}
